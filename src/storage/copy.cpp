#include "ecopt/storage/copy.hpp"

namespace ecopt::storage {

std::vector<CopiedStudy> copy_studies(Storage& from, Storage& to,
                                      const std::vector<std::string>& names) {
  std::vector<StudyRecord> studies;
  if (names.empty()) {
    studies = from.list_studies();
  } else {
    for (const std::string& name : names) {
      std::optional<StudyRecord> record = from.find_study(name);
      if (!record) {
        std::string known;
        for (const StudyRecord& s : from.list_studies())
          known += (known.empty() ? "" : ", ") + s.config.name;
        throw StorageError("no study named '" + name + "' in " + from.url() +
                           (known.empty() ? " (it has none)" : " (it has: " + known + ")"));
      }
      studies.push_back(std::move(*record));
    }
  }
  for (const StudyRecord& s : studies) {
    if (to.find_study(s.config.name)) {
      throw StorageError("study '" + s.config.name + "' already exists in " + to.url() +
                         "; nothing was copied. Delete it there first (`ecopt study delete " +
                         s.config.name +
                         " --storage URL --yes`) or copy only other studies "
                         "with --study");
    }
  }
  std::vector<CopiedStudy> copied;
  for (const StudyRecord& s : studies) {
    const std::vector<study::Trial> trials = from.trials(s.id);
    (void)to.import_study(s, trials);
    copied.push_back({s.config.name, static_cast<std::int64_t>(trials.size())});
  }
  return copied;
}

}  // namespace ecopt::storage
