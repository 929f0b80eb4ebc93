#pragma once
// Hardware knobs (docs/hardware.md): a GPU's power limit, a CPU frequency cap and a
// trial's cores, checked, applied around each trial and always restored.

#include "ecopt/hardware/cpufreq.hpp"
#include "ecopt/hardware/gpu_power.hpp"
#include "ecopt/hardware/hardware_session.hpp"
#include "ecopt/hardware/host_lock.hpp"
#include "ecopt/hardware/knob_status.hpp"
#include "ecopt/hardware/restore_journal.hpp"
