// Storage URLs keep their passwords secret in every shape a user may write them
// (docs/security.md): redact_url masks them, and opening a storage that fails says why
// without quoting them, whatever libpq makes of the URL. No server is needed: every URL
// points at a port where nothing listens, or does not parse.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecopt/storage/storage.hpp"
#include "url_shapes.hpp"

namespace ecopt::storage {
namespace {

std::string open_error(const std::string& url) {
  try {
    (void)open_storage(url);
  } catch (const StorageError& e) {
    return e.what();
  }
  return "(opened)";
}

TEST(StorageUrlSecrets, RedactionMasksThePasswordInEveryShape) {
  for (const std::string& url : testing::secret_url_shapes()) {
    const std::string redacted = redact_url(url);
    EXPECT_FALSE(testing::reveals_secret(redacted)) << url << " -> " << redacted;
    EXPECT_NE(redacted.find("***"), std::string::npos) << url << " -> " << redacted;
  }
}

TEST(StorageUrlSecrets, RedactionKeepsWhatIsNotAPassword) {
  EXPECT_EQ(redact_url("postgresql://ana:pw@db.example:5432/ecopt"),
            "postgresql://ana:***@db.example:5432/ecopt");
  EXPECT_EQ(redact_url("postgresql://ana:a/b?c@db/ecopt?sslmode=require"),
            "postgresql://ana:***@db/ecopt?sslmode=require");
  EXPECT_EQ(redact_url("postgresql:/ana:pw@db/ecopt"), "postgresql:/ana:***@db/ecopt");
  EXPECT_EQ(redact_url("postgresql://ana@db/ecopt?sslmode=require&password=pw"),
            "postgresql://ana@db/ecopt?sslmode=require&password=***");
  EXPECT_EQ(redact_url("postgresql://db:5432/ecopt"), "postgresql://db:5432/ecopt");
  EXPECT_EQ(redact_url("sqlite:///dir:x@y/study.db"), "sqlite:///dir:x@y/study.db");
}

TEST(StorageUrlSecrets, FailingToOpenNeverQuotesThePassword) {
  for (const std::string& url : testing::secret_url_shapes()) {
    const std::string message = open_error(url);
    EXPECT_FALSE(testing::reveals_secret(message)) << url << " -> " << message;
    EXPECT_NE(message, "(opened)") << url;
  }
}

TEST(StorageUrlSecrets, MessagesOfLibpqLoseTheUrlAndEveryFormOfThePassword) {
  const std::string url = "postgresql://u:Sekr%31t@[::1:1/db";
  EXPECT_EQ(redact_secrets("bad URI \"" + url + "\"; Sekr1t; Sekr%31t", url),
            "bad URI \"postgresql://u:***@[::1:1/db\"; ***; ***");
}

TEST(StorageUrlSecrets, ASecretThatOccursInItsMaskIsReplacedOnce) {
  // Found by tests/fuzz/storage_url_fuzz.cpp: each of the password's forms was replaced
  // over the text the previous ones had written, so a password "*" (in its mask "***")
  // tripled the stars once per form: 3^10 for five password items, a hang for twenty.
  std::string url = "postgresql://u@h/db?password=*";
  for (int i = 0; i < 4; ++i) url += "&password=*";
  EXPECT_EQ(redact_secrets("a*b", url), "a***b");
  EXPECT_EQ(redact_secrets("x a** y", "postgresql://u:a**@h/db"), "x *** y");
}

TEST(StorageUrlSecrets, AFirstConnectionThatFailsIsReportedAtOnceWithLibpqsReason) {
  // Nothing listens on port 1: without ecopt_retry_s this is not retried (a minute of
  // retrying helps a restarting server, not a mistyped URL).
  const std::string message = open_error("postgresql://ana:pw@127.0.0.1:1/ecopt");
  EXPECT_NE(message.find("cannot connect"), std::string::npos) << message;
  EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
  EXPECT_EQ(message.find("lost the connection"), std::string::npos) << message;
  EXPECT_NE(message.find("ecopt_retry_s"), std::string::npos) << message;
}

TEST(StorageUrlSecrets, ABadPercentEscapeInThePasswordSaysHowToWriteIt) {
  const std::string message = open_error("postgresql://ana:50%off@127.0.0.1:1/ecopt");
  EXPECT_NE(message.find("write a literal '%' as %25"), std::string::npos) << message;
  EXPECT_EQ(message.find("50%off"), std::string::npos) << message;
}

}  // namespace
}  // namespace ecopt::storage
