#pragma once
// `sampler.warm_start`: the runner reads the earlier study from its storage and hands its
// trials to the study's sampler (data flows measure -> store -> optimise: optim never
// opens a storage). docs/optimizers.md, "Warm start".

#include <memory>

#include "ecopt/optim/warm_start.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::runner {

/// The earlier study `config.sampler.warm_start` names, read from its storage (`own` when
/// the key gives none); null without a warm start. Throws std::invalid_argument naming the
/// key, the storage and the fix when the storage cannot be opened, the study is not there,
/// it lacks one of `config`'s objectives, or none of its completed trials fits `config`'s
/// parameters.
[[nodiscard]] std::shared_ptr<const optim::WarmStart> read_warm_start(
    const study::StudyConfig& config, storage::Storage& own);

/// read_warm_start for `study`, given to its sampler (Study::set_warm_start).
void load_warm_start(study::Study& study);

}  // namespace ecopt::runner
