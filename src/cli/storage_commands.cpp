// `ecopt storage copy --from URL --to URL`: move studies between storages, e.g. from a
// laptop's SQLite file to the cluster's PostgreSQL and back.
#include <cstdio>
#include <memory>

#include "command.hpp"
#include "ecopt/storage/copy.hpp"
#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::cli {
namespace {

struct CopyOptions {
  std::string from;
  std::string to;
  std::vector<std::string> studies;
};

int run_copy(const CopyOptions& options) {
  auto from = storage::open_storage(options.from, storage::OpenMode::existing);
  auto to = storage::open_storage(options.to);
  const auto copied = storage::copy_studies(*from, *to, options.studies);
  for (const storage::CopiedStudy& s : copied) {
    std::printf("copied study '%s' (%lld trials) from %s to %s\n", s.name.c_str(),
                static_cast<long long>(s.trials), from->url().c_str(), to->url().c_str());
  }
  if (copied.empty()) std::printf("%s has no studies; nothing copied\n", from->url().c_str());
  return 0;
}

}  // namespace

void add_storage_command(CLI::App& app, Runner& run) {
  CLI::App* storage = app.add_subcommand("storage", "Work with storages as a whole");
  storage->require_subcommand(1);
  const auto [copy, options] = add_command(
      *storage, run, run_copy, "copy",
      "Copy studies, with every trial as it is, between storages (SQLite <-> PostgreSQL). "
      "Refuses, before copying anything, a study that exists in the target.");
  copy->add_option("--from", options->from, "Source storage URL")->required();
  copy->add_option("--to", options->to, "Target storage URL (its schema is created if new)")
      ->required();
  copy->add_option("--study", options->studies, "Copy only this study (repeatable); default all");
}

}  // namespace ecopt::cli
