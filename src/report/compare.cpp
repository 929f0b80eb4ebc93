#include "ecopt/report/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "ecopt/report/objective_roles.hpp"
#include "ecopt/report/statistics.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/study/study.hpp"
#include "report/detail/charts.hpp"
#include "report/detail/format.hpp"
#include "report/detail/html_page.hpp"
#include "report/detail/json_values.hpp"
#include "report/detail/markdown.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;

/// How one side measures energy and quality, and each trial's numbers.
struct SideReader {
  const study::StudyConfig* config = nullptr;
  bool per_inference = false;
  std::optional<std::size_t> cost;
  std::optional<std::size_t> quality;

  explicit SideReader(const CompareSide& side) : config(&side.record.config) {
    const ObjectiveRoles roles = objective_roles(*config);
    cost = roles.cost;
    quality = roles.quality;
    for (const study::Trial& t : side.trials) {
      if (t.state == study::TrialState::complete && energy_per_inference_j(t, *config)) {
        per_inference = true;
        break;
      }
    }
  }
  [[nodiscard]] std::string energy_name() const {
    if (per_inference) return "energy per inference (J/sample)";
    return cost ? config->objectives[*cost].name : "";
  }
  [[nodiscard]] std::optional<double> energy(const study::Trial& t) const {
    if (t.state != study::TrialState::complete) return std::nullopt;
    if (per_inference) return energy_per_inference_j(t, *config);
    if (cost && *cost < t.values.size() && std::isfinite(t.values[*cost])) return t.values[*cost];
    return std::nullopt;
  }
  [[nodiscard]] std::optional<double> quality_of(const study::Trial& t) const {
    if (t.state != study::TrialState::complete || !quality || *quality >= t.values.size() ||
        !std::isfinite(t.values[*quality]))
      return std::nullopt;
    return t.values[*quality];
  }
  [[nodiscard]] bool quality_minimized() const {
    return quality && config->objectives[*quality].goal == study::Goal::minimize;
  }
};

SideSummary summarise(const CompareSide& side, const SideReader& reader) {
  SideSummary s;
  s.label = side.label;
  s.energy_name = reader.energy_name();
  s.quality_name = reader.quality ? side.record.config.objectives[*reader.quality].name : "";
  s.quality_minimized = reader.quality_minimized();
  for (const study::Trial& t : side.trials) {
    const auto e = reader.energy(t);
    const auto q = reader.quality_of(t);
    if (!e || !q || !study::is_feasible(t, side.record.config)) continue;
    s.points.push_back({t.number, *e, s.quality_minimized ? -*q : *q});
  }
  s.front = cost_quality_front(s.points);
  return s;
}

struct Group {
  std::vector<std::int64_t> trials;
  double energy_sum = 0.0;
  double quality_sum = 0.0;
  std::size_t quality_count = 0;
};

std::map<space::Params, Group> group_by_params(const CompareSide& side, const SideReader& reader) {
  std::map<space::Params, Group> groups;
  for (const study::Trial& t : side.trials) {
    const auto e = reader.energy(t);
    if (!e) continue;
    Group& g = groups[t.params];
    g.trials.push_back(t.number);
    g.energy_sum += *e;
    if (const auto q = reader.quality_of(t)) {
      g.quality_sum += *q;
      ++g.quality_count;
    }
  }
  return groups;
}

std::optional<double> mean_quality(const Group& g) {
  if (g.quality_count == 0) return std::nullopt;
  return g.quality_sum / static_cast<double>(g.quality_count);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string join_numbers(const std::vector<std::int64_t>& numbers) {
  std::string out;
  for (const std::int64_t n : numbers) out += (out.empty() ? "" : " ") + std::to_string(n);
  return out;
}

}  // namespace

Comparison compare_studies(const CompareSide& a, const CompareSide& b) {
  Comparison c;
  const SideReader reader_a(a), reader_b(b);
  c.a = summarise(a, reader_a);
  c.b = summarise(b, reader_b);
  const auto groups_a = group_by_params(a, reader_a);
  const auto groups_b = group_by_params(b, reader_b);
  for (const auto& [params, ga] : groups_a) {
    const auto it = groups_b.find(params);
    if (it == groups_b.end()) continue;
    const Group& gb = it->second;
    MatchedConfiguration m;
    m.params = parameter_strings(params);
    m.parameter_values = params;
    m.trials_a = ga.trials;
    m.trials_b = gb.trials;
    m.energy_a = ga.energy_sum / static_cast<double>(ga.trials.size());
    m.energy_b = gb.energy_sum / static_cast<double>(gb.trials.size());
    m.quality_a = mean_quality(ga);
    m.quality_b = mean_quality(gb);
    c.matches.push_back(std::move(m));
  }
  std::sort(c.matches.begin(), c.matches.end(),
            [](const MatchedConfiguration& x, const MatchedConfiguration& y) {
              if (x.energy_a != y.energy_a) return x.energy_a < y.energy_a;
              return x.trials_a < y.trials_a;
            });
  std::vector<double> ea, eb, ratios;
  for (const MatchedConfiguration& m : c.matches) {
    ea.push_back(m.energy_a);
    eb.push_back(m.energy_b);
    if (m.energy_a > 0.0) ratios.push_back(m.energy_b / m.energy_a);
  }
  c.spearman = spearman(ea, eb);
  c.kendall_tau_b = kendall_tau_b(ea, eb);
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    const std::size_t n = ratios.size();
    c.median_energy_ratio = n % 2 == 1 ? ratios[n / 2] : 0.5 * (ratios[n / 2 - 1] + ratios[n / 2]);
  }

  if (c.matches.empty()) {
    c.sentences.push_back(
        "No configuration (identical parameters) completed in both studies, so "
        "energies cannot be compared one to one; enqueue the same "
        "configurations in both (Study::enqueue) to compare machines.");
  } else {
    c.sentences.push_back(std::to_string(c.matches.size()) +
                          " configurations completed in both studies.");
    if (c.spearman && c.kendall_tau_b) {
      const double rho = *c.spearman;
      const std::string verdict = rho >= 0.8   ? "the ranking by energy carries over between them"
                                  : rho >= 0.5 ? "the ranking by energy carries over in part"
                                               : "the ranking by energy does not carry over";
      c.sentences.push_back(
          "Their energies rank alike with Spearman rho = " + format_number(rho, 3) +
          " and Kendall tau-b = " + format_number(*c.kendall_tau_b, 3) + ": " + verdict + ".");
    }
    if (c.median_energy_ratio) {
      c.sentences.push_back("Per configuration, " + c.b.label + " uses a median " +
                            detail::format_ratio(*c.median_energy_ratio) + " the energy of " +
                            c.a.label + ".");
    }
  }
  if (c.a.energy_name != c.b.energy_name) {
    c.sentences.push_back("Careful: the two studies measure energy differently (" +
                          c.a.energy_name + " against " + c.b.energy_name + ").");
  }
  return c;
}

std::string comparison_html(const Comparison& c) {
  using detail::html;
  std::string body = "<header><h1>ecopt compare</h1><p class=\"note\">" + html(c.a.label) + "<br>" +
                     html(c.b.label) + "</p></header>";
  body += "<ul class=\"sentences\">";
  for (const std::string& s : c.sentences) body += "<li>" + html(s) + "</li>";
  body += "</ul>";
  body += "<section id=\"frontiers\"><h2>Both frontiers</h2>";
  if (c.a.points.empty() && c.b.points.empty()) {
    body +=
        "<p class=\"note\">Neither study has feasible trials with both an energy and a "
        "quality objective to plot.</p>";
  } else {
    body += detail::two_fronts_plot(c);
  }
  body += "</section><section id=\"matches\"><h2>Matching configurations</h2>";
  std::vector<std::vector<std::string>> rows;
  for (const MatchedConfiguration& m : c.matches) {
    rows.push_back({html(join(m.params)), html(join_numbers(m.trials_a)),
                    html(join_numbers(m.trials_b)), html(format_number(m.energy_a)),
                    html(format_number(m.energy_b)),
                    html(m.energy_a > 0 ? detail::format_ratio(m.energy_b / m.energy_a) : "n/a"),
                    html(format_number(m.quality_a)), html(format_number(m.quality_b))});
  }
  body += detail::html_table({"parameters", "trials a", "trials b", "energy a", "energy b", "b / a",
                              "quality a", "quality b"},
                             rows, {false, false, false, true, true, true, true, true});
  body +=
      "<p class=\"method\">Configurations match when every parameter is identical; repeats "
      "are averaged. Energy: " +
      html(c.a.energy_name) + " (a), " + html(c.b.energy_name) +
      " (b). The rank correlations are Spearman's rho and Kendall's tau-b of energy a against "
      "energy b over the matching configurations.</p></section>";
  return detail::html_page("ecopt compare", body);
}

std::string comparison_markdown(const Comparison& c) {
  using detail::md_text;
  std::string out =
      "# ecopt compare\n\n- " + md_text(c.a.label) + "\n- " + md_text(c.b.label) + "\n\n";
  for (const std::string& s : c.sentences) out += "- " + md_text(s) + "\n";
  out += "\nBoth frontiers are plotted in compare.html.\n\n## Matching configurations\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const MatchedConfiguration& m : c.matches) {
    rows.push_back({join(m.params), join_numbers(m.trials_a), join_numbers(m.trials_b),
                    format_number(m.energy_a), format_number(m.energy_b),
                    m.energy_a > 0 ? detail::format_ratio(m.energy_b / m.energy_a) : "n/a",
                    format_number(m.quality_a), format_number(m.quality_b)});
  }
  out += detail::md_table({"parameters", "trials a", "trials b", "energy a", "energy b", "b / a",
                           "quality a", "quality b"},
                          rows, {false, false, false, true, true, true, true, true});
  for (const SideSummary* side : {&c.a, &c.b}) {
    out += "## Front of " + md_text(side->label) + "\n\n";
    std::vector<std::vector<std::string>> front;
    const double sign = side->quality_minimized ? -1.0 : 1.0;
    for (const CostQualityPoint& p : side->front)
      front.push_back(
          {std::to_string(p.trial_number), format_number(p.cost), format_number(sign * p.quality)});
    out += detail::md_table({"trial", side->energy_name, side->quality_name}, front,
                            {true, true, true});
  }
  return out;
}

std::string comparison_json(const Comparison& c) {
  using detail::Json;
  using detail::json_number;
  Json j = detail::json_document("ecopt-compare");
  const auto side_json = [](const SideSummary& s) {
    const double sign = s.quality_minimized ? -1.0 : 1.0;
    Json front = Json::array();
    for (const CostQualityPoint& p : s.front)
      front.push_back(Json{{"trial", p.trial_number},
                           {"energy", json_number(p.cost)},
                           {"quality", json_number(sign * p.quality)}});
    return Json{{"label", s.label},
                {"energy", s.energy_name},
                {"quality", s.quality_name},
                {"trials_plotted", s.points.size()},
                {"front", front}};
  };
  j["a"] = side_json(c.a);
  j["b"] = side_json(c.b);
  j["matches"] = Json::array();
  for (const MatchedConfiguration& m : c.matches) {
    j["matches"].push_back(Json{{"params", detail::json_params(m.parameter_values)},
                                {"trials_a", m.trials_a},
                                {"trials_b", m.trials_b},
                                {"energy_a", json_number(m.energy_a)},
                                {"energy_b", json_number(m.energy_b)},
                                {"quality_a", json_number(m.quality_a)},
                                {"quality_b", json_number(m.quality_b)}});
  }
  j["spearman"] = json_number(c.spearman);
  j["kendall_tau_b"] = json_number(c.kendall_tau_b);
  j["median_energy_ratio_b_over_a"] = json_number(c.median_energy_ratio);
  j["sentences"] = c.sentences;
  return j.dump(2) + "\n";
}

}  // namespace ecopt::report
