#pragma once
// Workers on a Slurm cluster: one `ecopt worker` per task of a job array, all sharing
// one study through its storage (docs/cluster.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ecopt::runner {

struct SlurmArraySettings {
  std::string study;        ///< the study's name
  std::string storage_url;  ///< where it lives; every node must reach it
  std::string ecopt_path;   ///< the ecopt executable the tasks run (absolute)
  std::string workdir;      ///< the tasks' working directory (absolute)
  std::string log_dir;      ///< where each task's output goes, as %A_%a.out (absolute)
  int workers = 1;          ///< array tasks, one worker each
  std::string partition;    ///< empty: the cluster's default
  int gpus_per_worker = 0;  ///< --gres=gpu:N; trials see them through CUDA_VISIBLE_DEVICES
  std::string time_limit;   ///< sbatch --time, e.g. 2:00:00; empty: the partition's default
  std::vector<std::string> sbatch_args;  ///< more #SBATCH lines, as given
  std::vector<std::string> worker_args;  ///< more `ecopt worker` options, e.g. --trials 40
};

/// The sbatch script: #SBATCH lines for the array and one `ecopt worker` per task. The
/// workers read the storage URL from ECOPT_STORAGE, never from their argv; a URL with a
/// password is not written into the script at all (sbatch passes ECOPT_STORAGE on from
/// the submitting environment). Throws std::invalid_argument for a control character in
/// any value (a newline would start a new line of the script).
[[nodiscard]] std::string sbatch_script(const SlurmArraySettings& settings);

/// What a command printed and how it ended.
struct CommandOutput {
  int exit_status = 0;
  std::string out;
  std::string err;
};

/// Runs `argv` (no shell), with `extra_env` added to the environment, and waits for it.
/// Throws std::runtime_error when it cannot be started (not installed, say).
[[nodiscard]] CommandOutput run_command(const std::vector<std::string>& argv,
                                        const std::vector<std::string>& extra_env = {});

/// Submits `script_path` with `sbatch --parsable`, with ECOPT_STORAGE=storage_url in its
/// environment, and returns the job id. Throws std::runtime_error with sbatch's message.
[[nodiscard]] std::string sbatch_submit(const std::string& script_path,
                                        const std::string& storage_url);

/// One task of a job array as Slurm sees it.
struct SlurmTaskState {
  std::string task;    ///< the array index
  std::string state;   ///< PENDING, RUNNING, COMPLETED, FAILED, CANCELLED ...
  std::string detail;  ///< the node it runs on, or why it waits
};

/// The tasks of array job `job_id`: squeue for the live ones, scontrol for those that
/// ended recently. Empty when Slurm no longer knows the job. Throws std::runtime_error
/// when neither command works.
[[nodiscard]] std::vector<SlurmTaskState> slurm_array_state(const std::string& job_id);

}  // namespace ecopt::runner
