// The sbatch script that `ecopt slurm submit` writes (docs/cluster.md): hostile values
// in any setting stay data, the script parses (bash -n), and running it hands the worker
// exactly the storage URL given, through ECOPT_STORAGE rather than its argv.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "../storage/temp_dir.hpp"
#include "ecopt/runner/shell_quote.hpp"
#include "ecopt/runner/slurm.hpp"

namespace ecopt::runner {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Settings whose ecopt is a stand-in that writes its ECOPT_STORAGE and argv to `seen`.
SlurmArraySettings settings(const testing::TempDir& dir) {
  const std::string fake = dir.file("fake-ecopt");
  std::ofstream(fake) << "#!/bin/bash\nprintf '%s\\n' \"$ECOPT_STORAGE\" \"$@\" > \""
                      << dir.file("seen") << "\"\n";
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  SlurmArraySettings s;
  s.study = "s";
  s.storage_url = "sqlite:///study.db";
  s.ecopt_path = fake;
  s.workdir = dir.file("");
  s.log_dir = dir.file("logs");
  return s;
}

/// Runs the script as a Slurm task would (its #SBATCH lines are comments to bash).
int run_script(const testing::TempDir& dir, const std::string& script, const std::string& env) {
  std::ofstream(dir.file("job.sbatch")) << script;
  const std::string command = "cd '" + dir.file("") + "' && env -u ECOPT_STORAGE " + env +
                              " bash job.sbatch > /dev/null 2>&1";
  return std::system(command.c_str());
}

TEST(ShellQuote, KeepsEveryCharacterAsData) {
  EXPECT_EQ(shell_quoted("x", "plain"), "'plain'");
  EXPECT_EQ(shell_quoted("x", "it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quoted("x", "$(id) `id` \"\\"), "'$(id) `id` \"\\'");
  EXPECT_THROW((void)shell_quoted("x", "a\nb"), std::invalid_argument);
  EXPECT_THROW((void)shell_quoted("x", std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW((void)shell_quoted("x", "\x1b]0;title\x07"), std::invalid_argument);
}

TEST(SbatchScript, HostileValuesStayData) {
  testing::TempDir dir;
  SlurmArraySettings s = settings(dir);
  s.storage_url = "sqlite:///a'b $(touch pwned1) `touch pwned2` \"q\" ${HOME}.db";
  s.study = "it's";
  s.worker_args = {"--trials", "$(touch pwned3)", "a'b"};
  const std::string script = sbatch_script(s);
  std::ofstream(dir.file("syntax.sbatch")) << script;
  EXPECT_EQ(std::system(("bash -n '" + dir.file("syntax.sbatch") + "'").c_str()), 0) << script;
  ASSERT_EQ(run_script(dir, script, ""), 0) << script;
  EXPECT_EQ(read_file(dir.file("seen")),
            s.storage_url + "\nworker\n--study\nit's\n--trials\n$(touch pwned3)\na'b\n");
  for (const char* pwned : {"pwned1", "pwned2", "pwned3"})
    EXPECT_FALSE(std::filesystem::exists(dir.file(pwned))) << pwned << "\n" << script;
}

TEST(SbatchScript, AnEcoptStorageFromTheEnvironmentWinsAsItIs) {
  testing::TempDir dir;
  const std::string script = sbatch_script(settings(dir));
  ASSERT_EQ(run_script(dir, script, "ECOPT_STORAGE=sqlite:///other.db"), 0) << script;
  EXPECT_EQ(read_file(dir.file("seen")).substr(0, 19), "sqlite:///other.db\n");
}

TEST(SbatchScript, APasswordIsNeitherInTheScriptNorInTheWorkersArgv) {
  testing::TempDir dir;
  SlurmArraySettings s = settings(dir);
  s.storage_url = "postgresql://ana:Sekr1t@db/ecopt";
  const std::string script = sbatch_script(s);
  EXPECT_EQ(script.find("Sekr1t"), std::string::npos) << script;
  EXPECT_EQ(script.find("--storage"), std::string::npos) << script;
  EXPECT_NE(run_script(dir, script, ""), 0) << "ran without ECOPT_STORAGE";
  ASSERT_EQ(run_script(dir, script, "'ECOPT_STORAGE=" + s.storage_url + "'"), 0) << script;
  EXPECT_EQ(read_file(dir.file("seen")), s.storage_url + "\nworker\n--study\ns\n");
}

TEST(SbatchScript, ANewlineCannotAddALine) {
  testing::TempDir dir;
  for (const auto& spoil : std::vector<void (*)(SlurmArraySettings&)>{
           [](SlurmArraySettings& s) { s.partition = "debug\n#SBATCH --uid=0"; },
           [](SlurmArraySettings& s) { s.sbatch_args = {"--mem=1G\ntouch pwned"}; },
           [](SlurmArraySettings& s) { s.time_limit = "1:00\r"; },
           [](SlurmArraySettings& s) { s.storage_url = "sqlite:///a\n.db"; },
           [](SlurmArraySettings& s) { s.worker_args = {"--trials\n5"}; }}) {
    SlurmArraySettings s = settings(dir);
    spoil(s);
    EXPECT_THROW((void)sbatch_script(s), std::invalid_argument);
  }
}

}  // namespace
}  // namespace ecopt::runner
