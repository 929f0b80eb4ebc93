#pragma once
// JSON encodings of trial fields, shared by the storage backends (internal).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/space/value.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::storage::detail {

[[nodiscard]] std::string params_to_json(const space::Params& params);
[[nodiscard]] space::Params params_from_json(const std::string& text);

/// Non-finite numbers are stored as null (JSON has no NaN) and read back as NaN.
[[nodiscard]] std::string numbers_to_json(const std::map<std::string, double>& numbers);
[[nodiscard]] std::map<std::string, double> numbers_from_json(const std::string& text);
[[nodiscard]] std::string values_to_json(const std::vector<double>& values);
[[nodiscard]] std::vector<double> values_from_json(const std::string& text);

/// user attributes: key -> JSON text of the value.
[[nodiscard]] std::string attrs_to_json(const std::map<std::string, std::string>& attrs);
[[nodiscard]] std::map<std::string, std::string> attrs_from_json(const std::string& text);

/// A phase's attribution and notes, in the one `details_json` column (an object with
/// "attribution" and "notes"; unknown members are ignored, so later ecopt versions can add
/// details without a schema change).
[[nodiscard]] std::string phase_details_to_json(const study::PhaseMeasurement& phase);
void phase_details_from_json(const std::string& text, study::PhaseMeasurement& phase);

/// The failure kind to store for a trial ending in `state`: none for COMPLETE (and for
/// unfinished trials); `kind` otherwise, or pruned/failed when the caller gave none.
[[nodiscard]] study::FailureKind failure_kind_to_store(study::TrialState state,
                                                       study::FailureKind kind);
/// A stored failure_kind column: unknown names (a newer ecopt's kinds) read as `failed`,
/// which counts towards budgets like any failure.
[[nodiscard]] study::FailureKind failure_kind_from_text(study::TrialState state,
                                                        std::string_view text);

/// `text` re-serialised compactly; throws StorageError when it is not valid JSON.
[[nodiscard]] std::string canonical_json(const std::string& text);

[[nodiscard]] double now_unix_s();

}  // namespace ecopt::storage::detail
