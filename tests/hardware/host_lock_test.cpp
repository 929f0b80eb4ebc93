// The host lock shared by every user's ecopt (src/hardware/host_lock.cpp): the file's mode,
// another user's file, and the holder's pid as untrusted text.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../storage/temp_dir.hpp"
#include "ecopt/hardware/host_lock.hpp"

namespace ecopt::hardware {
namespace {

using ecopt::testing::TempDir;

std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(HostLock, ANewLockFileIsWritableByEveryUserWhateverTheUmask) {
  TempDir dir;
  const mode_t previous = ::umask(022);
  const LockAttempt attempt = HostLock::attempt(dir.file("hw.lock"));
  ::umask(previous);
  ASSERT_TRUE(attempt.lock) << attempt.reason;
  struct stat info {};
  ASSERT_EQ(::stat(dir.file("hw.lock").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0666u) << "another user's ecopt could not write its pid";
  EXPECT_EQ(contents(dir.file("hw.lock")), std::to_string(::getpid()) + "\n");
}

TEST(HostLock, AHoldersPidIsReadAsDigitsOnly) {
  TempDir dir;
  const std::string path = dir.file("hw.lock");
  // Another open file description of the same file: flock treats it as another holder.
  const int holder = ::open(path.c_str(), O_RDWR | O_CREAT, 0666);
  ASSERT_GE(holder, 0);
  ASSERT_EQ(::flock(holder, LOCK_EX), 0);
  const std::string written = "4242\x1b[2J; rm -rf /\n";  // any user may write the file
  ASSERT_EQ(::write(holder, written.data(), written.size()), static_cast<ssize_t>(written.size()));
  const LockAttempt attempt = HostLock::attempt(path);
  ::close(holder);
  EXPECT_FALSE(attempt.lock);
  EXPECT_EQ(attempt.refusal, LockRefusal::held);
  EXPECT_EQ(attempt.holder_pid, "4242");
  EXPECT_EQ(attempt.reason.find('\x1b'), std::string::npos) << attempt.reason;
}

// A lock file an earlier ecopt (or root) made 0644: another user may only read it. flock
// needs no write access, so that user still takes the lock, read-only, and writes nothing.
TEST(HostLock, AnotherUsersReadOnlyLockFileIsStillLocked) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root, to become another user in a child";
  TempDir dir;
  std::filesystem::permissions(dir.file(""), std::filesystem::perms(0755));
  const std::string path = dir.file("hw.lock");
  std::ofstream(path) << "1\n";
  std::filesystem::permissions(path, std::filesystem::perms(0644));
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // nobody, as a non-root user's ecopt
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    const LockAttempt attempt = HostLock::attempt(path);
    ::_exit(attempt.lock ? 0 : attempt.refusal == LockRefusal::cannot_open ? 1 : 2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: could not open it, 2: refused, 3: no setuid";
  EXPECT_EQ(contents(path), "1\n") << "a read-only holder writes nothing";
}

}  // namespace
}  // namespace ecopt::hardware
