// Two studies of the same configurations on "two machines".
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ecopt/report/compare.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

CompareSide side(storage::Storage& storage, const std::string& label) {
  const auto record = *storage.find_study("fashion-cnn");
  return {label, record, storage.trials(record.id)};
}

TEST(Compare, MatchesConfigurationsAndCorrelatesTheirEnergy) {
  ecopt::testing::TempDir dir;
  auto laptop = storage::open_sqlite_storage(dir.file("laptop.db"));
  auto server = storage::open_sqlite_storage(dir.file("server.db"));
  testing::make_fixture_study(*laptop);
  testing::FixtureOptions other;
  other.machine_factor = 1.6;
  other.noise_seed = 99;
  testing::make_fixture_study(*server, other);
  const Comparison c = compare_studies(side(*laptop, "laptop"), side(*server, "server"));
  // The same sampler seed gives the same configurations; failed trials do not match.
  const auto trials = laptop->trials(laptop->find_study("fashion-cnn")->id);
  std::size_t complete = 0;
  for (const study::Trial& t : trials) complete += t.state == study::TrialState::complete;
  ASSERT_EQ(c.matches.size(), complete);
  for (std::size_t i = 1; i < c.matches.size(); ++i)
    EXPECT_LE(c.matches[i - 1].energy_a, c.matches[i].energy_a);
  EXPECT_EQ(c.matches[0].trials_a, c.matches[0].trials_b);
  ASSERT_TRUE(c.spearman && c.kendall_tau_b && c.median_energy_ratio);
  EXPECT_GT(*c.spearman, 0.95);
  EXPECT_GT(*c.kendall_tau_b, 0.85);
  EXPECT_NEAR(*c.median_energy_ratio, 1.6, 0.1);
  EXPECT_FALSE(c.a.front.empty());
  EXPECT_FALSE(c.b.front.empty());

  const std::string html = comparison_html(c);
  EXPECT_NE(html.find("Both frontiers"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(comparison_json(c));
  EXPECT_EQ(j["matches"].size(), c.matches.size());
  EXPECT_EQ(j["spearman"].get<double>(), *c.spearman);
  EXPECT_NE(comparison_markdown(c).find("configurations completed in both studies"),
            std::string::npos);
}

TEST(Compare, SaysSoWhenNothingMatches) {
  ecopt::testing::TempDir dir;
  auto a = storage::open_sqlite_storage(dir.file("a.db"));
  testing::make_fixture_study(*a);
  CompareSide empty = side(*a, "a");
  empty.trials.clear();
  const Comparison c = compare_studies(side(*a, "a"), empty);
  EXPECT_TRUE(c.matches.empty());
  EXPECT_FALSE(c.spearman);
  EXPECT_NE(c.sentences[0].find("No configuration"), std::string::npos);
}

}  // namespace
}  // namespace ecopt::report
