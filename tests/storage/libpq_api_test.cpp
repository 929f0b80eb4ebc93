// libpq is loaded with dlopen only when a postgresql:// URL is opened; a missing library is
// a clear error naming the package to install.
#include <gtest/gtest.h>

#include "../../src/storage/libpq_api.hpp"

namespace ecopt::storage::detail {
namespace {

TEST(Libpq, AMissingLibraryNamesThePackageToInstall) {
  LibpqApi api;
  const auto error = load_libpq("libecopt-test-no-such-libpq.so.5", api);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("libpq5"), std::string::npos) << *error;
  EXPECT_NE(error->find("libecopt-test-no-such-libpq.so.5"), std::string::npos) << *error;
  EXPECT_NE(error->find("sqlite://"), std::string::npos) << *error;
  EXPECT_EQ(api.connectdb_params, nullptr);
}

TEST(Libpq, TheInstalledLibraryGivesEveryFunction) {
  LibpqApi api;
  const auto error = load_libpq("libpq.so.5", api);
  ASSERT_FALSE(error.has_value()) << *error;
  EXPECT_NE(api.connectdb_params, nullptr);
  EXPECT_NE(api.getlength, nullptr);
  EXPECT_EQ(&libpq(), &libpq());  // loaded once
  EXPECT_NE(libpq().status, nullptr);
}

}  // namespace
}  // namespace ecopt::storage::detail
