// The names of the study file's enumerations, each listed once.
#include "ecopt/study/config_enums.hpp"

namespace ecopt::study {
namespace {

constexpr EnumName<Goal> kGoals[] = {
    {Goal::minimize, "minimize"},       {Goal::maximize, "maximize"},
    {Goal::minimize, "minimise", true}, {Goal::maximize, "maximise", true},
    {Goal::minimize, "min", true},      {Goal::maximize, "max", true},
};
constexpr EnumName<OutputTransform> kTransforms[] = {
    {OutputTransform::automatic, "auto"},
    {OutputTransform::none, "none"},
    {OutputTransform::log, "log"},
};
constexpr EnumName<PassParams> kPassParams[] = {
    {PassParams::template_only, "template"},
    {PassParams::args, "args"},
};
constexpr EnumName<SamplerKind> kSamplers[] = {
    {SamplerKind::automatic, "auto"}, {SamplerKind::mobo, "mobo"},
    {SamplerKind::nsga2, "nsga2"},    {SamplerKind::sobol, "sobol"},
    {SamplerKind::random, "random"},
};
constexpr EnumName<Acquisition> kAcquisitions[] = {
    {Acquisition::automatic, "auto"},
    {Acquisition::ehvi, "ehvi"},
    {Acquisition::mc_ehvi, "mc-ehvi"},
    {Acquisition::parego, "parego"},
};
constexpr EnumName<AttributionScope> kScopes[] = {
    {AttributionScope::automatic, "auto"},
    {AttributionScope::system, "system"},
    {AttributionScope::process, "process"},
};

constexpr EnumName<PrunerKind> kPruners[] = {
    {PrunerKind::none, "none"},
    {PrunerKind::median, "median"},
    {PrunerKind::asha, "asha"},
    {PrunerKind::mo_asha, "mo-asha"},
};

constexpr EnumName<HardwareKnob> kHardwareKnobs[] = {
    {HardwareKnob::gpu_power_limit_w, "gpu_power_limit_w"},
    {HardwareKnob::cpu_max_freq_khz, "cpu_max_freq_khz"},
    {HardwareKnob::cpu_cores, "cpu_cores"},
};

}  // namespace

std::span<const EnumName<Goal>> enum_names(Goal) {
  return kGoals;
}
std::span<const EnumName<OutputTransform>> enum_names(OutputTransform) {
  return kTransforms;
}
std::span<const EnumName<PassParams>> enum_names(PassParams) {
  return kPassParams;
}
std::span<const EnumName<SamplerKind>> enum_names(SamplerKind) {
  return kSamplers;
}
std::span<const EnumName<Acquisition>> enum_names(Acquisition) {
  return kAcquisitions;
}
std::span<const EnumName<AttributionScope>> enum_names(AttributionScope) {
  return kScopes;
}
std::span<const EnumName<PrunerKind>> enum_names(PrunerKind) {
  return kPruners;
}
std::span<const EnumName<HardwareKnob>> enum_names(HardwareKnob) {
  return kHardwareKnobs;
}

}  // namespace ecopt::study
