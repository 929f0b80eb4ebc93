// The whole report from a study made through the public API: the sections' numbers, and
// the three writers carrying the same ones. (The browser check is report_cli_test.sh.)
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/report/html_writer.hpp"
#include "ecopt/report/json_writer.hpp"
#include "ecopt/report/markdown_writer.hpp"
#include "ecopt/report/study_report.hpp"
#include "ecopt/report/svg.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class StudyReportTest : public ::testing::Test {
 protected:
  StudyReport make(const testing::FixtureOptions& options = {}) {
    storage_ = storage::open_sqlite_storage(dir_.file(options.name + ".db"));
    testing::make_fixture_study(*storage_, options);
    record_ = *storage_->find_study(options.name);
    trials_ = storage_->trials(record_.id);
    ReportOptions settings;
    settings.carbon = energy::CarbonSettings{100.0, 1.0, "test grid"};
    settings.generated_unix_s = 1.8e9;
    return build_study_report(record_, trials_, "sqlite:///" + options.name + ".db", settings);
  }
  ecopt::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  storage::StudyRecord record_;
  std::vector<study::Trial> trials_;
};

TEST_F(StudyReportTest, HypervolumeRisesToTheHypervolumeOfAllFeasibleTrials) {
  const StudyReport r = make();
  const HypervolumeProgress& h = r.hypervolume;
  ASSERT_EQ(h.reference.size(), 2u);
  EXPECT_EQ(h.reference_from_study, (std::vector<bool>{false, false}));
  ASSERT_EQ(h.steps.size(), trials_.size());
  for (std::size_t i = 1; i < h.steps.size(); ++i)
    EXPECT_GE(h.steps[i].hypervolume, h.steps[i - 1].hypervolume);
  pareto::PointSet all;
  all.dimension = 2;
  for (const study::Trial& t : trials_)
    if (t.state == study::TrialState::complete) all.add(t.values);
  const std::vector<pareto::Direction> directions{pareto::Direction::maximize,
                                                  pareto::Direction::minimize};
  EXPECT_DOUBLE_EQ(h.final_hypervolume, pareto::hypervolume(all, h.reference, directions).value);
  EXPECT_GT(h.final_hypervolume, 0.0);
}

TEST_F(StudyReportTest, ProxiesSeeTheFlopsEnergyLawAndItsInversions) {
  const StudyReport r = make();
  const ProxyAnalysis& p = r.proxies;
  EXPECT_EQ(p.energy_name, "energy per inference (J/sample)");
  ASSERT_EQ(p.correlations.size(), 3u);
  EXPECT_EQ(p.correlations[1].proxy, "flops");
  EXPECT_GT(*p.correlations[1].spearman, 0.7);  // FLOPs mostly rank energy...
  EXPECT_LT(*p.correlations[1].spearman, 1.0);  // ...but 3x3 kernels break the order
  ASSERT_FALSE(p.inversions.empty());
  for (const Inversion& i : p.inversions) {
    EXPECT_GT(i.flops_ratio, 1.0);
    EXPECT_LT(i.energy_ratio, 1.0);
  }
  ASSERT_TRUE(p.energy_vs_flops);
  EXPECT_GT(p.energy_vs_flops->exponent, 0.6);
  EXPECT_LT(p.energy_vs_flops->exponent, 1.2);
  EXPECT_GT(p.energy_vs_flops->r_squared, 0.8);
}

TEST_F(StudyReportTest, MeasurementStatesMetersIdlePowerAndHardware) {
  const StudyReport r = make();
  const Measurement& m = r.measurement;
  ASSERT_EQ(m.meters.size(), 1u);
  EXPECT_EQ(m.meters[0].meter, "powercap+nvml");
  EXPECT_EQ(m.meters[0].phases, 3 * trials_.size());
  EXPECT_EQ(m.measured_phases, 3 * trials_.size());
  EXPECT_EQ(m.estimated_phases, 0u);
  ASSERT_TRUE(m.idle_power_w);
  EXPECT_NEAR(*m.idle_power_w, 12.0, 1e-6);  // the fixture subtracts 10 + 2 W
  ASSERT_TRUE(m.median_relative_uncertainty);
  const auto fact = [&](const std::string& name) {
    for (const Fact& f : m.hardware)
      if (f.name == name) return f.value;
    return std::string("missing");
  };
  EXPECT_EQ(fact("CPU cores"), "40");
  EXPECT_EQ(fact("GPUs"), "NVIDIA A100-SXM4-40GB");
  EXPECT_EQ(fact("GPUs metered"), "1");
  EXPECT_EQ(m.software[0].value, r.ecopt_version);
}

TEST_F(StudyReportTest, WritersCarryTheSameNumbers) {
  const StudyReport r = make();
  const std::string html = report_html(r);
  const std::string md = report_markdown(r);
  const nlohmann::json j = nlohmann::json::parse(report_json(r));

  // Self-contained: nothing loaded from elsewhere.
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<script src"), 0u);
  EXPECT_EQ(count(html, "<link"), 0u);
  EXPECT_EQ(count(html, "url("), 0u);
  EXPECT_EQ(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  // The body announces the plots and hover marks the self-check will look for.
  const std::size_t plots = count(html, "<svg ");
  EXPECT_GE(plots, 4u);
  EXPECT_NE(html.find("data-ecopt-plots=\"" + std::to_string(plots) + "\""), std::string::npos);

  // The knee and the sentences, in all three.
  ASSERT_TRUE(r.frontier.tradeoff && r.frontier.tradeoff->knee);
  const auto& t = *r.frontier.tradeoff;
  EXPECT_EQ(j["tradeoff"]["knee_trial"], t.steps[*t.knee].trial_number);
  EXPECT_EQ(j["tradeoff"]["steps"].size(), t.steps.size());
  for (const std::string& s : t.sentences) {
    EXPECT_NE(md.find(s), std::string::npos) << s;
    EXPECT_NE(html.find(svg::escape(s)), std::string::npos) << s;
  }
  for (const std::string& s : r.cost.sentences) {
    EXPECT_NE(md.find(s), std::string::npos) << s;
    EXPECT_NE(html.find(svg::escape(s)), std::string::npos) << s;
  }
  EXPECT_EQ(j["tuning_cost"]["break_even_inferences"].get<double>(), *r.cost.break_even_inferences);
  EXPECT_EQ(j["tuning_cost"]["energy_j"].get<double>(), r.cost.energy_j);
  // Every number of the trade-off table appears, identically formatted, in HTML and MD.
  // (Its rows are the lines of section 2 that start with a trial number.)
  const std::string section =
      md.substr(md.find("## 2. Trade-offs"), md.find("## 3.") - md.find("## 2. Trade-offs"));
  std::size_t rows = 0;
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 3 || line[0] != '|' || !std::isdigit(static_cast<unsigned char>(line[2])))
      continue;
    std::vector<std::string> cells;
    for (std::size_t at = 1; at < line.size();) {
      const std::size_t next = line.find(" |", at);
      if (next == std::string::npos) break;
      cells.push_back(line.substr(at + 1, next - at - 1));
      at = next + 2;
    }
    ASSERT_GE(cells.size(), 5u) << line;
    for (const std::size_t column : {1u, 2u, 3u, 4u}) {
      EXPECT_NE(html.find("<td class=\"num\">" + cells[column] + "</td>"), std::string::npos)
          << cells[column];
    }
    // Each cost, and each marginal cost after the first, is a range.
    EXPECT_NE(cells[2].find(" +- "), std::string::npos) << line;
    if (rows > 0) {
      EXPECT_NE(cells[4].find(" +- "), std::string::npos) << line;
    }
    ++rows;
  }
  EXPECT_EQ(rows, t.steps.size());
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const auto& step = j["tradeoff"]["steps"][i];
    EXPECT_EQ(step["cost_uncertainty"].get<double>(), *t.steps[i].cost_uncertainty);
    if (i > 0) {
      EXPECT_EQ(step["marginal_cost_per_point_uncertainty"].get<double>(),
                *t.steps[i].marginal_cost_uncertainty);
    }
  }
  // The break-even's range and the energy it used, in all three.
  ASSERT_TRUE(r.cost.break_even_range && r.cost.break_even_range->high);
  EXPECT_EQ(j["tuning_cost"]["energy_basis"], "net");
  EXPECT_EQ(j["tuning_cost"]["break_even_inferences_low"].get<double>(),
            r.cost.break_even_range->low);
  EXPECT_EQ(j["tuning_cost"]["break_even_inferences_high"].get<double>(),
            *r.cost.break_even_range->high);
  EXPECT_EQ(j["tuning_cost"]["saving_per_inference_uncertainty_j"].get<double>(),
            *r.cost.saving_per_inference_uncertainty_j);
  for (const std::string row : {"break-even", "saving per inference", "energy for the break-even",
                                "chosen: net energy per inference"}) {
    const std::size_t at = md.find("| " + row + " | ");
    ASSERT_NE(at, std::string::npos) << row;
    const std::size_t begin = at + row.size() + 5;
    const std::string value = md.substr(begin, md.find(" |", begin) - begin);
    EXPECT_NE(html.find("<td>" + svg::escape(row) + "</td><td>" + svg::escape(value) + "</td>"),
              std::string::npos)
        << row << ": " << value;
  }
  // Hypervolume reference stated in each.
  EXPECT_NE(md.find("Reference point: accuracy = "), std::string::npos);
  EXPECT_NE(html.find("Reference point: accuracy = "), std::string::npos);
  EXPECT_TRUE(j["hypervolume"]["reference"].contains("energy.inference.per_sample"));
  // Importance: one entry per objective, with the method stated.
  ASSERT_EQ(j["importance"].size(), 2u);
  EXPECT_TRUE(j["importance"][0]["available"].get<bool>());
  EXPECT_NE(md.find("Saltelli"), std::string::npos);
}

TEST_F(StudyReportTest, EscapesEverythingTheStudyProvides) {
  StudyReport r = make();
  r.description = "<script>alert(1)</script>";
  r.frontier.trials[0].params.push_back("name = <img src=x onerror=alert(1)>");
  r.frontier.unfinished.push_back(
      {99, "FAIL", "a \"quoted\" <reason> & more", "Traceback\n<b>stderr</b> & more\n"});
  const std::string html = report_html(r);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<reason>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a &quot;quoted&quot; &lt;reason&gt; &amp; more"), std::string::npos);
  EXPECT_EQ(html.find("<b>stderr"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;stderr&lt;/b&gt; &amp; more"), std::string::npos)
      << "the last line of the stderr tail, escaped";
}

TEST_F(StudyReportTest, ThreeObjectivesGetAScatterMatrixAndParallelCoordinates) {
  testing::FixtureOptions options;
  options.name = "three";
  options.three_objectives = true;
  const StudyReport r = make(options);
  const std::string html = report_html(r);
  EXPECT_NE(html.find("Pairwise scatter matrix of the objectives"), std::string::npos);
  EXPECT_NE(html.find("Parallel coordinates of the objectives"), std::string::npos);
  ASSERT_EQ(r.importance.size(), 3u);
  // The trade-off still pairs accuracy with energy.
  ASSERT_TRUE(r.frontier.tradeoff);
  EXPECT_EQ(r.frontier.tradeoff->cost_name, "energy.inference.per_sample");
}

TEST_F(StudyReportTest, WritesThreeFiles) {
  const StudyReport r = make();
  const auto paths = write_report_files(r, dir_.file("out/nested"));
  ASSERT_EQ(paths.size(), 3u);
  for (const std::string& p : paths) EXPECT_TRUE(std::filesystem::file_size(p) > 1000) << p;
  EXPECT_THROW((void)write_report_files(r, "/proc/ecopt-cannot-write-here"), std::runtime_error);
}

TEST(StudyReport, AnEmptyStudyStillReports) {
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("e.db"));
  testing::FixtureOptions options;
  const study::Study study = study::Study::create(
      *storage, study::parse_study_config(testing::fixture_yaml(options), "f.yaml"));
  const StudyReport r = build_study_report(study.record(), {}, "sqlite:///e.db");
  EXPECT_NE(report_html(r).find("No COMPLETE trial yet"), std::string::npos);
  EXPECT_NE(report_markdown(r).find("no feasible COMPLETE trial yet"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(report_json(r)).is_discarded());
}

}  // namespace
}  // namespace ecopt::report
