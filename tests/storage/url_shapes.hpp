#pragma once
// Storage URLs carrying the password "Sekr1t" in every shape users write them, for the
// secrecy tests (url_secrets_test.cpp; tests/cli/storage_secrets_test.sh has the same list
// for the commands). Each points at 127.0.0.1:1, where nothing listens, or does not parse.

#include <string>
#include <vector>

namespace ecopt::storage::testing {

inline std::vector<std::string> secret_url_shapes() {
  return {
      "postgresql://ana:Sekr1t@127.0.0.1:1/db",
      "postgres://ana:Sekr1t@127.0.0.1:1/db",
      "postgresql://ana:Se/kr1t@127.0.0.1:1/db",
      "postgresql://ana:Se?kr1t@127.0.0.1:1/db",
      "postgresql://ana:Se@kr1t@127.0.0.1:1/db",
      "postgresql://ana:Se:kr1t@127.0.0.1:1/db",
      "postgresql://ana:Se/k?r@kr1t@127.0.0.1:1/db?sslmode=disable",
      "postgresql:/ana:Sekr1t@127.0.0.1:1/db",
      "postgresql:ana:Sekr1t@127.0.0.1:1/db",
      "postgresql://ana:Sekr1t@[::1:1/db",
      "postgresql://ana:Sekr1t%zz@127.0.0.1:1/db",
      "postgresql://ana:Sekr1t%00@127.0.0.1:1/db",
      "postgresql://ana:Sekr1t%@127.0.0.1:1/db",
      "postgresql://ana:Sekr%31t@127.0.0.1:1/db",
      "postgresql://ana:Se%2Fkr1t@127.0.0.1:1/db",
      "postgresql://ana@127.0.0.1:1/db?password=Sekr1t",
      "postgresql://ana@127.0.0.1:1/db?sslmode=disable&password=Sekr1t",
      "postgresql://ana@127.0.0.1:1/db?password=Sekr1t%zz",
      "postgresql://ana@127.0.0.1:1/db?password=Sekr1t%00&sslmode=disable",
      "postgresql://ana@127.0.0.1:1/db?pass%77ord=Sekr1t",
      "postgresql://ana:Sekr1t@127.0.0.1:1,127.0.0.1:2/db",
      "postgresql://ana:Sekr1t@/db?host=/nonexistent-ecopt-socket-dir",
      "postgresql://ana:Sekr1t@127.0.0.1:notaport/db",
      "postgresql://ana:Sekr1t@127.0.0.1:1/db?sslmode=bogus",
      "postgresql://ana:Sekr1t@127.0.0.1:1/db?ecopt_bogus=1",
      "postgresql://ana:Sekr1t@127.0.0.1:1/db?ecopt_retry_s=soon",
      "mysql://ana:Sekr1t@127.0.0.1:1/db",
      "ana:Sekr1t@127.0.0.1:1/db",
      "host=127.0.0.1 port=1 user=ana password=Sekr1t",
      "hostaddr=::1 port=1 user=ana password=Se@kr1t",
      "hostaddr=::1 port=1 user=ana password=@Sekr1t",
  };
}

/// Whether `text` shows any part of the password that a reader could use.
inline bool reveals_secret(const std::string& text) {
  return text.find("kr1t") != std::string::npos || text.find("kr%31") != std::string::npos;
}

}  // namespace ecopt::storage::testing
