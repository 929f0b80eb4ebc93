// report.md, the energy card and compare.md show names and values a study provides
// (study, trial, metric and parameter names, failure reasons, host facts) as literal text:
// no raw HTML, no link, no code span, no extra table cell and no new line or heading, as
// the HTML report escapes them. The hostile names are put into the analyses the writers
// print, so each writer is checked on the same strings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecopt/report/card.hpp"
#include "ecopt/report/compare.hpp"
#include "ecopt/report/markdown_writer.hpp"
#include "ecopt/report/study_report.hpp"
#include "fixture_study.hpp"

namespace ecopt::report {
namespace {

const std::string kScript = "<script>alert(1)</script>";
const std::string kPipe = "a|b";
const std::string kCode = "`rm -rf`";
const std::string kLink = "[click](javascript:alert(1))";
const std::string kHeading = "x\n# injected heading";
const std::string kEmphasis = "_em_ *strong* per_sample";  // intraword _ is no emphasis

/// One string with every hostile shape; `tag` tells the places apart.
std::string hostile(const std::string& tag) {
  return tag + " " + kScript + " " + kPipe + " " + kCode + " " + kLink + " " + kHeading + " " +
         kEmphasis;
}

/// A table row's cells: the line split at its '|' that no backslash escapes.
std::size_t unescaped_pipes(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
  return n;
}

/// What must hold for Markdown that shows `hostile(tag)` somewhere, for every tag given.
void expect_literal(const std::string& md, const std::vector<std::string>& tags) {
  EXPECT_EQ(md.find("<script"), std::string::npos) << md;
  EXPECT_EQ(md.find("[click]("), std::string::npos) << md;  // a link
  EXPECT_EQ(md.find("\n# injected"), std::string::npos) << md;
  for (std::size_t i = md.find('`'); i != std::string::npos; i = md.find('`', i + 1)) {
    EXPECT_TRUE(i > 0 && md[i - 1] == '\\') << "a code span at " << i << ":\n" << md;
  }
  // Each table keeps its header's number of cells.
  std::size_t header_pipes = 0;
  std::size_t start = 0;
  for (std::size_t end; start < md.size(); start = end + 1) {
    end = md.find('\n', start);
    if (end == std::string::npos) end = md.size();
    const std::string line = md.substr(start, end - start);
    if (line.empty() || line[0] != '|') {
      header_pipes = 0;
      continue;
    }
    if (header_pipes == 0) header_pipes = unescaped_pipes(line);
    EXPECT_EQ(unescaped_pipes(line), header_pipes) << line;
  }
  // The text itself is all there, escaped, in each place.
  for (const std::string& tag : tags) {
    const std::string escaped = tag +
                                " &lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\`rm -rf\\` "
                                "\\[click\\](javascript:alert(1)) x \\# injected heading "
                                "\\_em\\_ \\*strong\\* per_sample";
    EXPECT_NE(md.find(escaped), std::string::npos) << tag << " is not shown literally:\n" << md;
  }
}

class MarkdownText : public ::testing::Test {
 protected:
  const testing::FixtureStudy study_;
  const storage::StudyRecord& record_ = study_.record;
  const std::vector<study::Trial>& trials_ = study_.trials;
};

TEST_F(MarkdownText, TheReportShowsHostileNamesLiterally) {
  StudyReport r = build_study_report(record_, trials_, "sqlite:///s.db");
  r.study_name = hostile("study");
  r.description = hostile("description");
  r.objectives[0].name = hostile("objective");
  for (FrontierTrial& t : r.frontier.trials) {
    if (t.kind == PointKind::pareto) t.params.push_back(hostile("param"));
  }
  // Its last line is shown: one line of hostile shapes (expect_literal checks the script,
  // the code span and the table's cells).
  r.frontier.unfinished.push_back(
      {99, "FAIL", hostile("reason"), "line 1\n" + kScript + " " + kPipe + " " + kCode + "\n"});
  ASSERT_FALSE(r.importance.empty());
  r.importance[0].objective = hostile("importance");
  r.cost.sentences.push_back(hostile("sentence"));
  r.measurement.attributes.push_back({hostile("attribute"), hostile("value"), "study attribute"});
  expect_literal(report_markdown(r), {"study", "description", "objective", "param", "reason",
                                      "importance", "sentence", "attribute", "value"});
}

TEST_F(MarkdownText, TheCardShowsHostileNamesLiterally) {
  energy::CarbonSettings carbon{56.0, 1.1, "test"};
  EnergyCard card = build_card(record_, trials_, 1, carbon, "9.9.9", 1.8e9);
  card.study_name = hostile("study");
  card.task = hostile("task");
  card.params.push_back(hostile("param"));
  card.metrics.push_back({hostile("metric"), 1.0, "", std::nullopt});
  card.hardware.push_back({hostile("fact"), hostile("value"), "study attribute"});
  expect_literal(card_markdown(card), {"study", "task", "param", "metric", "fact", "value"});
}

TEST_F(MarkdownText, TheComparisonShowsHostileNamesLiterally) {
  Comparison c = compare_studies({hostile("label"), record_, trials_}, {"b", record_, trials_});
  ASSERT_FALSE(c.matches.empty());
  c.matches[0].params.push_back(hostile("param"));
  c.sentences.push_back(hostile("sentence"));
  c.b.energy_name = hostile("energy");
  expect_literal(comparison_markdown(c), {"label", "param", "sentence", "energy"});
}

}  // namespace
}  // namespace ecopt::report
