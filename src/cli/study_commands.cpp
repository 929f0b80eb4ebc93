// `ecopt study create|list|show|delete|recover|set-attr|schema`.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>

#include "command.hpp"
#include "ecopt/energy/host_facts.hpp"
#include "ecopt/report/host_context.hpp"
#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "ecopt/study/units.hpp"
#include "output.hpp"
#include "storage_option.hpp"
#include "study_json.hpp"
#include "table.hpp"

namespace ecopt::cli {
namespace {

constexpr const char* kCommand = "study";

std::string local_time(double unix_s) {
  const std::time_t t = static_cast<std::time_t>(unix_s);
  char buffer[32];
  std::tm tm{};
  localtime_r(&t, &tm);
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
  return buffer;
}

struct StudyOptions {
  std::string file;
  std::string name;
  std::string storage;
  std::string format = "table";
  bool yes = false;
  std::string stale_after = "10min";
  bool requeue = false;
  std::string attr_key;
  std::string attr_value;
};

void add_storage_and_format(CLI::App* cmd, StudyOptions& options, bool with_format) {
  cmd->add_option("--storage", options.storage,
                  "Storage URL (sqlite:///path.db or postgresql://user@host/db); default: "
                  "$ECOPT_STORAGE, else sqlite:///NAME.db");
  if (with_format) {
    cmd->add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"table", "json"}));
  }
}

int run_create(const StudyOptions& options) {
  const study::StudyConfig config = study::load_study_file(options.file);
  const std::string url = resolve_storage(options.storage, config.storage, config.name);
  auto storage = storage::open_storage(url);
  (void)study::Study::create(*storage, config);
  std::printf("created study '%s' in %s\n", config.name.c_str(), storage->url().c_str());
  return 0;
}

int run_list(const StudyOptions& options) {
  const std::string url = resolve_storage(options.storage, "", "");
  if (url.empty()) {
    return error(
        kCommand,
        "which storage? give --storage URL (e.g. sqlite:///fashion-cnn.db) or set ECOPT_STORAGE");
  }
  auto storage = storage::open_storage(url, storage::OpenMode::existing);
  const auto studies = storage->list_studies();
  if (options.format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& record : studies) j.push_back(study_json(record, storage->trials(record.id)));
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  Table table{{"name", "objectives", "trials", "complete", "running", "failed", "updated"}, {}};
  for (const auto& record : studies) {
    const auto trials = storage->trials(record.id);
    std::size_t complete = 0, running = 0, failed = 0;
    for (const auto& t : trials) {
      complete += t.state == study::TrialState::complete;
      running += t.state == study::TrialState::running;
      failed += t.state == study::TrialState::fail;
    }
    std::string objectives;
    for (const auto& o : record.config.objectives) {
      objectives += (objectives.empty() ? "" : ", ") + o.name +
                    (o.goal == study::Goal::maximize ? " (max)" : " (min)");
    }
    table.rows.push_back({record.config.name, objectives, std::to_string(trials.size()),
                          std::to_string(complete), std::to_string(running), std::to_string(failed),
                          local_time(record.updated_unix_s)});
  }
  print_table(table);
  return 0;
}

/// The study's attributes, one a line: hosts' recorded facts summarised, the rest as JSON.
void print_attributes(const storage::StudyRecord& record) {
  if (record.user_attrs.empty()) return;
  std::printf("attributes\n");
  for (const auto& [key, json_text] : record.user_attrs) {
    std::string value = json_text;
    if (key.rfind(energy::kHostFactsKeyPrefix, 0) == 0) {
      try {
        value = report::host_summary(energy::host_facts_from_json(json_text));
      } catch (const std::invalid_argument&) {
        // Not facts ecopt wrote: shown as they are.
      }
    }
    std::printf("  %s = %s\n", key.c_str(), value.c_str());
  }
}

int run_show(const StudyOptions& options) {
  const std::string url = resolve_storage(options.storage, "", options.name);
  auto storage = storage::open_storage(url, storage::OpenMode::existing);
  const study::Study study = study::Study::open(*storage, options.name);
  const auto trials = study.trials();
  if (options.format == "json") {
    std::printf("%s\n", study_json(study.record(), trials).dump(2).c_str());
    return 0;
  }
  const study::StudyConfig& c = study.config();
  std::printf("study      %s\nstorage    %s\ncreated    %s\nupdated    %s\n", c.name.c_str(),
              storage::redact_url(url).c_str(), local_time(study.record().created_unix_s).c_str(),
              local_time(study.record().updated_unix_s).c_str());
  if (!c.description.empty()) std::printf("about      %s\n", c.description.c_str());
  std::printf("sampler    %s (seed %llu)\n", std::string(study::to_string(c.sampler.name)).c_str(),
              static_cast<unsigned long long>(c.sampler.seed));
  std::printf("objectives");
  for (const auto& o : c.objectives)
    std::printf("  %s (%s)", o.name.c_str(), o.goal == study::Goal::maximize ? "max" : "min");
  std::printf("\n");
  for (const auto& constraint : c.constraints)
    std::printf("constraint %s\n", constraint.to_string().c_str());
  std::size_t counts[5] = {};
  for (const auto& t : trials) counts[static_cast<int>(t.state)]++;
  std::printf("trials     %zu (complete %zu, running %zu, waiting %zu, pruned %zu, failed %zu)\n",
              trials.size(), counts[2], counts[1], counts[0], counts[3], counts[4]);
  print_attributes(study.record());
  std::printf("\nparameters\n");
  Table table{{"name", "type", "domain"}, {}};
  for (const auto& p : c.space.parameters()) {
    std::string type, domain;
    if (const auto* f = std::get_if<space::FloatDomain>(&p.domain)) {
      type = "float";
      domain = "[" + space::to_string(f->low) + ", " + space::to_string(f->high) + "]" +
               (f->log ? " log" : "");
    } else if (const auto* i = std::get_if<space::IntDomain>(&p.domain)) {
      type = "int";
      domain = "[" + std::to_string(i->low) + ", " + std::to_string(i->high) + "]" +
               (i->log ? " log" : "") + (i->step != 1 ? " step " + std::to_string(i->step) : "");
    } else if (const auto* k = std::get_if<space::CategoricalDomain>(&p.domain)) {
      type = "categorical";
      for (const auto& choice : k->choices)
        domain += (domain.empty() ? "" : ", ") + space::to_string(choice);
    } else {
      type = "fixed";
      domain = space::to_string(std::get<space::FixedDomain>(p.domain).value);
    }
    table.rows.push_back({p.name, type, domain});
  }
  print_table(table);
  return 0;
}

int run_delete(const StudyOptions& options) {
  const std::string url = resolve_storage(options.storage, "", options.name);
  if (!options.yes) {
    return error(kCommand, "deleting study '" + options.name + "' from " +
                               storage::redact_url(url) +
                               " removes all its trials; add --yes to confirm");
  }
  auto storage = storage::open_storage(url, storage::OpenMode::existing);
  if (!storage->delete_study(options.name))
    return error(kCommand, "no study named '" + options.name + "' in " + storage::redact_url(url));
  std::printf("deleted study '%s' from %s\n", options.name.c_str(),
              storage::redact_url(url).c_str());
  return 0;
}

int run_recover(const StudyOptions& options) {
  const std::string url = resolve_storage(options.storage, "", options.name);
  const double max_age_s = study::parse_duration_s(options.stale_after);
  auto storage = storage::open_storage(url, storage::OpenMode::existing);
  study::Study study = study::Study::open(*storage, options.name);
  const auto stale = study.recover_stale_trials(
      max_age_s, options.requeue ? storage::StaleAction::requeue : storage::StaleAction::fail);
  for (const auto& t : stale)
    std::printf("trial %lld: FAIL (%s)\n", static_cast<long long>(t.number), t.error.c_str());
  std::printf("%zu stale trial%s %s\n", stale.size(), stale.size() == 1 ? "" : "s",
              options.requeue ? "failed and re-queued" : "failed");
  return 0;
}

/// `set-attr KEY VALUE`: VALUE is stored as JSON when it parses as JSON, else as a string.
int run_set_attr(const StudyOptions& options) {
  const std::string& key = options.attr_key;
  if (key.empty() || key.find_first_of(" \t\n") != std::string::npos) {
    return error(kCommand, "set-attr: the key '" + key +
                               "' must be non-empty and without spaces, e.g. dataset or "
                               "torch_version");
  }
  if (key.rfind(energy::kHostFactsKeyPrefix, 0) == 0) {
    return error(kCommand, "set-attr: keys starting with '" +
                               std::string(energy::kHostFactsKeyPrefix) +
                               "' hold the host facts that ecopt tune and ecopt worker record; "
                               "choose another key");
  }
  const std::string url = resolve_storage(options.storage, "", options.name);
  auto storage = storage::open_storage(url, storage::OpenMode::existing);
  study::Study study = study::Study::open(*storage, options.name);
  const nlohmann::json parsed = nlohmann::json::parse(options.attr_value, nullptr, false);
  const bool is_json =
      !parsed.is_discarded() && !(parsed.is_number_float() && !std::isfinite(parsed.get<double>()));
  const std::string json_text = is_json ? parsed.dump() : nlohmann::json(options.attr_value).dump();
  study.set_user_attr(key, json_text);
  std::printf("study '%s': %s = %s\n", options.name.c_str(), key.c_str(), json_text.c_str());
  return 0;
}

}  // namespace

void add_study_command(CLI::App& app, Runner& run) {
  CLI::App* study_cmd = app.add_subcommand(
      "study", "Create, list, show and delete studies, and set their attributes.");
  study_cmd->require_subcommand(1);
  auto options = std::make_shared<StudyOptions>();

  CLI::App* create = add_command(*study_cmd, run, options, run_create, "create",
                                 "Create a study from a study file (docs/study-file.md).");
  create->add_option("file", options->file, "The study file (YAML)")->required();
  add_storage_and_format(create, *options, false);

  CLI::App* list =
      add_command(*study_cmd, run, options, run_list, "list", "List the studies in a storage.");
  add_storage_and_format(list, *options, true);

  CLI::App* show = add_command(*study_cmd, run, options, run_show, "show",
                               "Show a study's definition and progress.");
  show->add_option("name", options->name, "Study name")->required();
  add_storage_and_format(show, *options, true);

  CLI::App* remove = add_command(*study_cmd, run, options, run_delete, "delete",
                                 "Delete a study and all its trials.");
  remove->add_option("name", options->name, "Study name")->required();
  remove->add_flag("--yes", options->yes, "Confirm the deletion");
  add_storage_and_format(remove, *options, false);

  CLI::App* recover = add_command(*study_cmd, run, options, run_recover, "recover",
                                  "Fail RUNNING trials whose worker stopped sending "
                                  "heartbeats (and optionally re-queue them).");
  recover->add_option("name", options->name, "Study name")->required();
  recover->add_option("--stale-after", options->stale_after,
                      "Heartbeat age that counts as stale (default 10min)");
  recover->add_flag("--requeue", options->requeue, "Enqueue their parameters again as new trials");
  add_storage_and_format(recover, *options, false);

  CLI::App* set_attr = add_command(
      *study_cmd, run, options, run_set_attr, "set-attr",
      "Set a study attribute, shown by `study show` and the report (e.g. dataset, "
      "torch_version). VALUE is stored as JSON if it parses as JSON, else as a string.");
  set_attr->add_option("--study", options->name, "Study name")->required();
  set_attr->add_option("key", options->attr_key, "Attribute name")->required();
  set_attr->add_option("value", options->attr_value, "Its value: JSON, or any text")->required();
  add_storage_and_format(set_attr, *options, false);

  CLI::App* schema =
      study_cmd->add_subcommand("schema", "Print the study-file keys as a Markdown table.");
  schema->callback([&run] {
    run = [] {
      std::printf("%s", study::study_file_keys_markdown().c_str());
      return 0;
    };
  });
}

}  // namespace ecopt::cli
