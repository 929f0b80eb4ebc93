// The hosts' recorded context (study attributes host.HOST, written by tune and worker) in
// the report's facts and the energy card.
#include "ecopt/report/host_context.hpp"

#include <gtest/gtest.h>

#include "ecopt/report/card.hpp"
#include "ecopt/report/markdown_writer.hpp"
#include "ecopt/report/study_report.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "energy/sample_host_facts.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

energy::HostFacts facts(const std::string& host, const std::string& cpu) {
  energy::HostFacts f = ecopt::testing::sample_host_facts(host, cpu);
  f.gpus.resize(1);
  f.architecture.clear();
  f.grid_source.clear();
  return f;
}

std::string value_of(const std::vector<Fact>& list, const std::string& name) {
  for (const Fact& f : list)
    if (f.name == name) return f.value;
  return "missing";
}

study::Trial trial_on(const std::string& host, std::int64_t number) {
  study::Trial t;
  t.number = number;
  t.host = host;
  return t;
}

TEST(HostContext, ReportShowsTheFactsOfTheTrialsHosts) {
  storage::StudyRecord record;
  record.user_attrs["host.a"] = energy::to_json_text(facts("a", "Xeon A"));
  record.user_attrs["host.b"] = energy::to_json_text(facts("b", "EPYC B"));
  record.user_attrs["host.idle"] = energy::to_json_text(facts("idle", "ran no trial"));
  record.user_attrs["host.odd"] = "[1, 2]";  // not facts: skipped
  record.user_attrs["dataset"] = "\"fashion-mnist\"";
  const Measurement m = analyse_measurement(record, {trial_on("a", 0), trial_on("b", 1)}, "9.9.9");
  EXPECT_EQ(value_of(m.hardware, "CPU model"), "a: Xeon A; b: EPYC B");
  EXPECT_EQ(value_of(m.hardware, "CPU cores"), "8 logical CPUs (4 physical cores, 1 socket)");
  EXPECT_EQ(value_of(m.hardware, "Memory (GB)"), "16");
  EXPECT_EQ(value_of(m.hardware, "GPUs"),
            "gpu-0 NVIDIA H200 (power limit 700 W); driver 550.54.15");
  EXPECT_EQ(value_of(m.hardware, "Operating system"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(value_of(m.hardware, "Kernel"), "Linux 6.1.0");
  EXPECT_EQ(value_of(m.software, "ecopt (running the trials)"), "1.2.3");
  EXPECT_EQ(value_of(m.context, "Meter at start"),
            "powercap+nvml: cpu-package-0, gpu-0 (measured)");
  EXPECT_EQ(value_of(m.context, "Grid intensity used"), "FRA: 56 gCO2e/kWh, PUE 1.1");
  EXPECT_EQ(value_of(m.attributes, "dataset"), "fashion-mnist");
  EXPECT_EQ(value_of(m.attributes, "host.a"), "missing");
}

TEST(HostContext, AnAttributeSetByHandWins) {
  storage::StudyRecord record;
  record.user_attrs["host.a"] = energy::to_json_text(facts("a", "Xeon A"));
  record.user_attrs["cpu_model"] = "\"Xeon as the user says\"";
  const Measurement m = analyse_measurement(record, {trial_on("a", 0)}, "9.9.9");
  EXPECT_EQ(value_of(m.hardware, "CPU model"), "Xeon as the user says");
  EXPECT_EQ(value_of(m.hardware, "CPU cores"), "8 logical CPUs (4 physical cores, 1 socket)");
}

TEST(HostContext, NothingRecordedIsUnknown) {
  const Measurement m = analyse_measurement({}, {trial_on("a", 0)}, "9.9.9");
  EXPECT_EQ(value_of(m.hardware, "CPU model"), "unknown");
  EXPECT_EQ(value_of(m.hardware, "Memory (GB)"), "unknown");
  EXPECT_TRUE(m.context.empty());
}

TEST(HostContext, SummaryForStudyShow) {
  EXPECT_EQ(host_summary(facts("a", "Xeon A")),
            "Xeon A, 8 logical CPUs (4 physical cores, 1 socket), 16 GB memory; GPUs: gpu-0 "
            "NVIDIA H200 (power limit 700 W); driver 550.54.15; Debian GNU/Linux 12 (bookworm); "
            "meter powercap+nvml: cpu-package-0, gpu-0 (measured); recorded by ecopt worker at "
            "2023-11-14T22:13:20Z");
  EXPECT_EQ(host_summary({}),
            "unknown, unknown, unknown memory; GPUs: unknown; unknown; meter unknown");
}

TEST(HostContext, CardAndMarkdownReportNameTheHostsCpu) {
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("s.db"));
  testing::FixtureOptions options;
  options.hardware_attrs = false;
  testing::make_fixture_study(*storage, options);
  const storage::StudyRecord created = *storage->find_study("fashion-cnn");
  const std::vector<study::Trial> trials = storage->trials(created.id);
  ASSERT_FALSE(trials.at(1).host.empty());
  storage->set_study_user_attr(created.id, energy::host_facts_key(trials[1].host),
                               energy::to_json_text(facts(trials[1].host, "Test CPU 9000")));
  const storage::StudyRecord record = *storage->find_study("fashion-cnn");
  const EnergyCard card = build_card(record, trials, 1, {56.0, 1.1, "test"}, "9.9.9");
  EXPECT_EQ(value_of(card.hardware, "CPU model"), "Test CPU 9000");
  EXPECT_NE(card_markdown(card).find("| Meter at start | powercap+nvml"), std::string::npos)
      << card_markdown(card);
  const std::string md = report_markdown(build_study_report(record, trials, "sqlite:///s.db"));
  EXPECT_NE(md.find("| CPU model | Test CPU 9000 |"), std::string::npos);
  EXPECT_NE(md.find("### Run context"), std::string::npos);
}

}  // namespace
}  // namespace ecopt::report
