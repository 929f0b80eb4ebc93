// `ecopt report`, `ecopt card`, `ecopt compare` and `ecopt export`: the interpretable
// frontier (docs/report.md). Thin: options in, library calls, files out.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "ecopt/energy/carbon.hpp"
#include "ecopt/report/card.hpp"
#include "ecopt/report/compare.hpp"
#include "ecopt/report/export.hpp"
#include "ecopt/report/study_report.hpp"
#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/version.hpp"
#include "option_checks.hpp"
#include "output.hpp"
#include "storage_option.hpp"

namespace ecopt::cli {
namespace {

struct CarbonOptions {
  std::string region = "WORLD";
  std::optional<double> grid_intensity;
  double pue = 1.0;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--region", region,
                    "Grid region for carbon: ISO alpha-3 code (FRA, USA ...) or WORLD, EU ... "
                    "(default WORLD)");
    cmd->add_option("--grid-intensity", grid_intensity, "Override the grid intensity, gCO2e/kWh")
        ->check(positive_number("the grid intensity"));
    cmd->add_option("--pue", pue, "Data-centre PUE factor (default 1.0)")->check(pue_number());
  }
  [[nodiscard]] energy::CarbonSettings settings() const {
    return energy::carbon_settings(region, grid_intensity, pue);
  }
};

struct ReportOptions {
  std::string study;
  std::string storage;
  std::string output_dir = ".";
  std::optional<std::int64_t> baseline_trial;
  std::optional<std::int64_t> chosen_trial;
  std::int64_t trial = -1;
  std::uint64_t seed = 0;
  std::string format;
  std::string output_file;
  CarbonOptions carbon;
  // compare
  std::string side_a;
  std::string side_b;
  std::string storage_a;
  std::string storage_b;
  std::string study_a;
  std::string study_b;
};

void add_study_and_storage(CLI::App* cmd, ReportOptions& options) {
  cli::add_study_and_storage(cmd, options.study, options.storage);
}

struct LoadedStudy {
  std::string url;
  storage::StudyRecord record;
  std::vector<study::Trial> trials;
};

LoadedStudy load(const std::string& storage_flag, const std::string& name) {
  LoadedStudy loaded;
  loaded.url = resolve_storage(storage_flag, "", name);
  auto storage = storage::open_storage(loaded.url, storage::OpenMode::existing);
  const study::Study study = study::Study::open(*storage, name);
  loaded.record = study.record();
  loaded.trials = study.trials();
  return loaded;
}

int run_report(const ReportOptions& options) {
  const LoadedStudy loaded = load(options.storage, options.study);
  report::ReportOptions settings;
  settings.carbon = options.carbon.settings();
  settings.choice.baseline_trial = options.baseline_trial;
  settings.choice.chosen_trial = options.chosen_trial;
  settings.importance.seed = options.seed;
  const report::StudyReport r = report::build_study_report(
      loaded.record, loaded.trials, storage::redact_url(loaded.url), settings);
  for (const std::string& path : report::write_report_files(r, options.output_dir))
    std::printf("wrote %s\n", path.c_str());
  if (r.frontier.tradeoff) {
    for (const std::string& s : r.frontier.tradeoff->sentences) std::printf("  %s\n", s.c_str());
  }
  for (const std::string& s : r.cost.sentences) std::printf("  %s\n", s.c_str());
  return 0;
}

int run_card(const ReportOptions& options) {
  const LoadedStudy loaded = load(options.storage, options.study);
  const report::EnergyCard card =
      report::build_card(loaded.record, loaded.trials, options.trial, options.carbon.settings(),
                         std::string(kVersion));
  const std::filesystem::path dir = options.output_dir.empty() ? "." : options.output_dir;
  std::filesystem::create_directories(dir);
  const std::string stem = "card-" + std::to_string(options.trial);
  const std::string md = (dir / (stem + ".md")).string();
  const std::string json = (dir / (stem + ".json")).string();
  report::write_text_file(md, report::card_markdown(card));
  report::write_text_file(json, report::card_json(card));
  std::printf("wrote %s\nwrote %s\n", md.c_str(), json.c_str());
  return 0;
}

/// A compare side given as one word: a storage URL, an SQLite file (*.db), or a study name.
void parse_side(const std::string& word, std::string& storage, std::string& study) {
  if (word.empty()) return;
  if (word.find("://") != std::string::npos) {
    storage = word;
  } else if (word.size() > 3 && word.compare(word.size() - 3, 3, ".db") == 0) {
    storage = "sqlite:///" + word;
  } else {
    study = word;
  }
}

report::CompareSide load_side(const std::string& which, std::string storage_url, std::string name) {
  if (name.empty()) {
    if (storage_url.empty()) {
      throw std::invalid_argument("compare: side " + which +
                                  " names neither a study nor a storage; "
                                  "give A and B, or --study-" +
                                  which + " / --storage-" + which);
    }
    // A storage with one study needs no name.
    auto storage = storage::open_storage(storage_url, storage::OpenMode::existing);
    const std::vector<storage::StudyRecord> studies = storage->list_studies();
    if (studies.size() != 1) {
      std::string names;
      for (const auto& s : studies) names += (names.empty() ? "" : ", ") + s.config.name;
      throw std::invalid_argument("compare: " + storage::redact_url(storage_url) + " holds " +
                                  std::to_string(studies.size()) + " studies (" + names +
                                  "); name one with --study or --study-" + which);
    }
    name = studies.front().config.name;
  }
  const LoadedStudy loaded = load(storage_url, name);
  return {which + ": " + name + " @ " + storage::redact_url(loaded.url), loaded.record,
          loaded.trials};
}

int run_compare(const ReportOptions& options) {
  std::string storage_a = options.storage_a, storage_b = options.storage_b;
  std::string study_a = options.study_a, study_b = options.study_b;
  {
    std::string s, n;
    parse_side(options.side_a, s, n);
    if (storage_a.empty()) storage_a = s;
    if (study_a.empty()) study_a = n;
    s.clear();
    n.clear();
    parse_side(options.side_b, s, n);
    if (storage_b.empty()) storage_b = s;
    if (study_b.empty()) study_b = n;
  }
  if (study_a.empty()) study_a = options.study;
  if (study_b.empty()) study_b = options.study;
  const report::CompareSide a = load_side("a", storage_a, study_a);
  const report::CompareSide b = load_side("b", storage_b, study_b);
  const report::Comparison comparison = report::compare_studies(a, b);
  const std::filesystem::path dir = options.output_dir.empty() ? "." : options.output_dir;
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"compare.html", report::comparison_html(comparison)},
           {"compare.md", report::comparison_markdown(comparison)},
           {"compare.json", report::comparison_json(comparison)}}) {
    const std::string path = (dir / name).string();
    report::write_text_file(path, text);
    std::printf("wrote %s\n", path.c_str());
  }
  for (const std::string& s : comparison.sentences) std::printf("  %s\n", s.c_str());
  return 0;
}

int run_export(const ReportOptions& options) {
  const LoadedStudy loaded = load(options.storage, options.study);
  const report::ExportTable table = report::export_table(loaded.record.config, loaded.trials);
  const std::string text =
      options.format == "json" ? report::export_json(table) : report::export_csv(table);
  if (options.output_file.empty() || options.output_file == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    report::write_text_file(options.output_file, text);
  }
  return 0;
}

}  // namespace

void add_report_commands(CLI::App& app, Runner& run) {
  auto options = std::make_shared<ReportOptions>();

  CLI::App* rep = add_command(
      app, run, options, run_report, "report",
      "Write the study's report: report.html (self-contained, opens offline), report.md and "
      "report.json, with the frontier, trade-offs, hypervolume, parameter importance, energy "
      "proxies, tuning cost and measurement (docs/report.md).");
  add_study_and_storage(rep, *options);
  rep->add_option("-o,--output-dir", options->output_dir, "Directory for the files (default .)");
  rep->add_option("--baseline-trial", options->baseline_trial,
                  "Trial to compare the chosen model against (default: the study attribute "
                  "baseline_trial, the first enqueued trial, else the most accurate)");
  rep->add_option("--chosen-trial", options->chosen_trial,
                  "The model you would deploy (default: the knee of the front)");
  rep->add_option("--seed", options->seed, "Seed of the importance analysis (default 0)");
  options->carbon.add_to(rep);

  CLI::App* card = add_command(
      app, run, options, run_card, "card",
      "Write an energy card for one model: card-N.md and card-N.json (docs/report.md).");
  add_study_and_storage(card, *options);
  card->add_option("--trial", options->trial, "Trial number")->required();
  card->add_option("-o,--output-dir", options->output_dir, "Directory for the files (default .)");
  options->carbon.add_to(card);

  CLI::App* compare = add_command(
      app, run, options, run_compare, "compare",
      "Compare two studies (e.g. the same configurations on two machines): matching "
      "configurations' energy side by side, their rank correlation, both frontiers on one plot. "
      "Writes compare.html, compare.md and compare.json.");
  compare->add_option("a", options->side_a,
                      "Side a: a study name, a storage URL or an SQLite file (*.db)");
  compare->add_option("b", options->side_b, "Side b, as a");
  compare->add_option("--storage-a", options->storage_a, "Storage URL of side a");
  compare->add_option("--study-a", options->study_a, "Study of side a");
  compare->add_option("--storage-b", options->storage_b, "Storage URL of side b");
  compare->add_option("--study-b", options->study_b, "Study of side b");
  compare->add_option("--study", options->study,
                      "Study name for both sides (when A and B are storages)");
  compare->add_option("-o,--output-dir", options->output_dir,
                      "Directory for the files (default .)");

  CLI::App* exp = add_command(
      app, run, options, run_export, "export",
      "One row per trial with every parameter, metric and phase energy, as CSV or JSON.");
  add_study_and_storage(exp, *options);
  exp->add_option("--format", options->format, "csv or json")
      ->required()
      ->check(CLI::IsMember({"csv", "json"}));
  exp->add_option("-o,--output", options->output_file, "Output file (default: standard output)");
}

}  // namespace ecopt::cli
