#pragma once
// The study file's enumerations and their names: each enum's names are listed once,
// here, and parsing, formatting, validation messages and docs/study-file.md all read
// that one list.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace ecopt::study {

enum class Goal { minimize, maximize };

/// How a model-based sampler sees an objective's values before standardising them.
enum class OutputTransform {
  automatic,  ///< log for minimised, strictly positive energy/time/power/carbon metrics
  none,
  log,  ///< needs every observed value > 0
};

/// How parameters reach the trial command (used by the runner).
enum class PassParams {
  template_only,  ///< only "{name}" placeholders in `command`
  args,           ///< also append --name=value for every parameter
};

/// `sampler.name`: which sampler chooses parameters (docs/optimizers.md).
enum class SamplerKind { automatic, mobo, nsga2, sobol, random };

/// `sampler.acquisition`: what MOBO maximises to choose the next trial.
enum class Acquisition { automatic, ehvi, mc_ehvi, parego };

/// `run.scope`: how a trial is charged energy; automatic picks by the number of jobs.
enum class AttributionScope { automatic, system, process };

/// `pruner.name`: which rule stops unpromising trials early (docs/pruning.md).
enum class PrunerKind { none, median, asha, mo_asha };

/// A `hardware:` entry: a machine setting searched or fixed like a parameter, applied
/// by the runner around each trial (docs/hardware.md). The name carries the unit.
enum class HardwareKnob {
  gpu_power_limit_w,  ///< NVML power limit of each GPU the trial can see, watts
  cpu_max_freq_khz,   ///< cpufreq scaling_max_freq of the trial's CPUs, kHz
  cpu_cores,          ///< how many CPUs the trial may run on (affinity, OMP_NUM_THREADS)
};

/// One name of an enum value. Aliases are accepted when parsing but never written or
/// listed.
template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
  bool alias = false;
};

[[nodiscard]] std::span<const EnumName<Goal>> enum_names(Goal);
[[nodiscard]] std::span<const EnumName<OutputTransform>> enum_names(OutputTransform);
[[nodiscard]] std::span<const EnumName<PassParams>> enum_names(PassParams);
[[nodiscard]] std::span<const EnumName<SamplerKind>> enum_names(SamplerKind);
[[nodiscard]] std::span<const EnumName<Acquisition>> enum_names(Acquisition);
[[nodiscard]] std::span<const EnumName<AttributionScope>> enum_names(AttributionScope);
[[nodiscard]] std::span<const EnumName<PrunerKind>> enum_names(PrunerKind);
[[nodiscard]] std::span<const EnumName<HardwareKnob>> enum_names(HardwareKnob);

template <typename Enum>
concept NamedEnum = std::is_enum_v<Enum> && requires(Enum e) {
  enum_names(e);
};

/// The canonical name, e.g. "mc-ehvi" for Acquisition::mc_ehvi.
template <NamedEnum Enum>
[[nodiscard]] std::string_view to_string(Enum value) {
  for (const EnumName<Enum>& entry : enum_names(Enum{}))
    if (entry.value == value && !entry.alias) return entry.name;
  return "?";
}

/// The value a name (or alias) stands for; nullopt for an unknown name.
template <NamedEnum Enum>
[[nodiscard]] std::optional<Enum> parse_enum(std::string_view name) {
  for (const EnumName<Enum>& entry : enum_names(Enum{}))
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

/// The canonical names joined by ", " for messages, e.g. "auto, ehvi, mc-ehvi, parego".
template <NamedEnum Enum>
[[nodiscard]] std::string enum_name_list() {
  std::string list;
  for (const EnumName<Enum>& entry : enum_names(Enum{})) {
    if (entry.alias) continue;
    if (!list.empty()) list += ", ";
    list += entry.name;
  }
  return list;
}

}  // namespace ecopt::study
