// Where a run's files go: keyed so that no study's logs overwrite another's.
#include "ecopt/runner/run_layout.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "../storage/temp_dir.hpp"

namespace ecopt::runner {
namespace {

TEST(RunKey, SameStudySameKeyAndOtherStudiesOtherKeys) {
  const std::string key = run_key("sqlite:///a.db", 1, 1700000000.25);
  EXPECT_EQ(key.size(), 10u);
  EXPECT_EQ(key, run_key("sqlite:///a.db", 1, 1700000000.25));
  EXPECT_NE(key, run_key("sqlite:///b.db", 1, 1700000000.25));  // another storage
  EXPECT_NE(key, run_key("sqlite:///a.db", 2, 1700000000.25));  // recreated: a new id ...
  EXPECT_NE(key, run_key("sqlite:///a.db", 1, 1700000001.25));  // ... or a new creation time
}

TEST(RunKey, IgnoresThePassword) {
  EXPECT_EQ(run_key("postgresql://u:one@h/db", 3, 5.0), run_key("postgresql://u:two@h/db", 3, 5.0));
}

TEST(RunLayout, TrialFoldersAreUnderTheStudyAndItsKey) {
  const RunLayout layout("runs", "cnn", "0123456789");
  EXPECT_EQ(layout.root(), std::filesystem::path("runs/cnn/0123456789"));
  EXPECT_EQ(layout.trial_dir(7), std::filesystem::path("runs/cnn/0123456789/7"));
  EXPECT_EQ(layout.unrecorded_file(), std::filesystem::path("runs/cnn/unrecorded-results.jsonl"));
}

TEST(RunLayout, OfAStudyRecordUsesItsRunsDirAndKey) {
  storage::StudyRecord study;
  study.id = 4;
  study.created_unix_s = 12.5;
  study.config.name = "s";
  study.config.run.runs_dir = "out";
  const RunLayout layout = RunLayout::of(study, "sqlite:///x.db");
  EXPECT_EQ(layout.root(), std::filesystem::path("out/s") / run_key("sqlite:///x.db", 4, 12.5));
}

TEST(RunLayout, AnUnwritableRunsDirFailsUpFrontNamingItAndTheFix) {
  testing::TempDir dir;
  const std::string file = dir.file("not-a-folder");
  std::ofstream(file) << "x";
  const RunLayout layout(file, "s", "k");
  try {
    layout.ensure_writable();
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(layout.root().string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("run.runs_dir"), std::string::npos) << e.what();
  }
  const RunLayout good(dir.file("runs"), "s", "k");
  good.ensure_writable();
  EXPECT_TRUE(std::filesystem::is_directory(good.root()));
  EXPECT_TRUE(std::filesystem::is_empty(good.root()));  // the probe file is gone
}

}  // namespace
}  // namespace ecopt::runner
