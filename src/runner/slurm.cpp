#include "ecopt/runner/slurm.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <stdexcept>

#include "ecopt/runner/shell_quote.hpp"
#include "ecopt/storage/storage.hpp"

extern char** environ;

namespace ecopt::runner {
namespace {

bool has_password(const std::string& url) {
  return storage::redact_url(url) != url;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) result.push_back(line);
  }
  return result;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

namespace {

/// Every value that goes into an #SBATCH line or a comment: one line each.
void require_one_line_values(const SlurmArraySettings& s) {
  require_printable("the study name", s.study);
  require_printable("the storage URL", s.storage_url);
  require_printable("the working directory", s.workdir);
  require_printable("the log directory", s.log_dir);
  require_printable("--partition", s.partition);
  require_printable("--time", s.time_limit);
  for (const std::string& arg : s.sbatch_args) require_printable("--sbatch-arg", arg);
}

std::string sbatch_header(const SlurmArraySettings& s) {
  std::string script = "#!/bin/bash\n";
  script += "# Written by `ecopt slurm submit` for study '" + s.study + "' (docs/cluster.md).\n";
  script +=
      "# One `ecopt worker` per array task; the workers share the study through its storage\n"
      "# and together spend its budget.\n";
  script += "#SBATCH --job-name=ecopt-" + s.study + "\n";
  script += "#SBATCH --array=0-" + std::to_string(std::max(1, s.workers) - 1) + "\n";
  script += "#SBATCH --ntasks=1\n";
  script += "#SBATCH --chdir=" + s.workdir + "\n";
  script += "#SBATCH --output=" + s.log_dir + "/%A_%a.out\n";
  script += "#SBATCH --export=ALL\n";
  if (!s.partition.empty()) script += "#SBATCH --partition=" + s.partition + "\n";
  if (s.gpus_per_worker > 0)
    script += "#SBATCH --gres=gpu:" + std::to_string(s.gpus_per_worker) + "\n";
  if (!s.time_limit.empty()) script += "#SBATCH --time=" + s.time_limit + "\n";
  for (const std::string& arg : s.sbatch_args) script += "#SBATCH " + arg + "\n";
  return script;
}

/// The workers read the storage from ECOPT_STORAGE, never from their argv (which `ps`
/// shows to every user of the node).
std::string storage_lines(const SlurmArraySettings& s) {
  if (has_password(s.storage_url)) {
    return "# The storage, " + storage::redact_url(s.storage_url) +
           ", comes from ECOPT_STORAGE in the\n"
           "# submitting environment (sbatch passes it on), so its password is not in this "
           "file.\n"
           ": \"${ECOPT_STORAGE:?is not set: submit with ecopt slurm submit, or export it}\"\n";
  }
  return "if [ -z \"${ECOPT_STORAGE:-}\" ]; then\n  export ECOPT_STORAGE=" +
         shell_quoted("the storage URL", s.storage_url) + "\nfi\n";
}

}  // namespace

std::string sbatch_script(const SlurmArraySettings& s) {
  require_one_line_values(s);
  std::string script = sbatch_header(s);
  script += "set -euo pipefail\n";
  script += storage_lines(s);
  if (s.gpus_per_worker > 0) {
    script +=
        "# Slurm sets CUDA_VISIBLE_DEVICES to this task's GPUs; trials inherit it and the NVML\n"
        "# meter measures only those.\n";
  }
  script +=
      "echo \"ecopt worker: task ${SLURM_ARRAY_TASK_ID:-?} of job ${SLURM_ARRAY_JOB_ID:-?} "
      "on $(hostname)\"\n";
  script += "exec " + shell_quoted("the ecopt path", s.ecopt_path) + " worker --study " +
            shell_quoted("the study name", s.study);
  for (const std::string& arg : s.worker_args) script += " " + shell_quoted("a worker option", arg);
  script += "\n";
  return script;
}

CommandOutput run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> env_strings(extra_env);
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> env;
  for (std::string& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  std::vector<std::string> args(argv);
  std::vector<char*> arg_pointers;
  for (std::string& a : args) arg_pointers.push_back(a.data());
  arg_pointers.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot run " + args[0] + ": " + std::strerror(spawned) +
                             (spawned == ENOENT ? " (is it installed and on PATH?)" : ""));
  }
  CommandOutput result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* targets[2] = {&result.out, &result.err};
  int open_count = 2;
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        targets[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string sbatch_submit(const std::string& script_path, const std::string& storage_url) {
  const CommandOutput output =
      run_command({"sbatch", "--parsable", script_path}, {"ECOPT_STORAGE=" + storage_url});
  if (output.exit_status != 0) {
    throw std::runtime_error("sbatch refused " + script_path + ": " + trimmed(output.err) +
                             " (exit status " + std::to_string(output.exit_status) + ")");
  }
  // --parsable prints "JOBID" or "JOBID;CLUSTER".
  const std::string job = trimmed(output.out).substr(0, trimmed(output.out).find(';'));
  if (job.empty() || job.find_first_not_of("0123456789") != std::string::npos) {
    throw std::runtime_error("sbatch printed no job id for " + script_path + ": '" +
                             trimmed(output.out) + "'");
  }
  return job;
}

std::vector<SlurmTaskState> slurm_array_state(const std::string& job_id) {
  std::map<std::string, SlurmTaskState> tasks;  // by array index
  // Live tasks, one a line (-r expands the pending range): index|state|node or reason.
  const CommandOutput queue = run_command({"squeue", "-h", "-r", "-j", job_id, "-o", "%K|%T|%R"});
  if (queue.exit_status == 0) {
    for (const std::string& line : lines(queue.out)) {
      std::stringstream fields(line);
      SlurmTaskState t;
      std::getline(fields, t.task, '|');
      std::getline(fields, t.state, '|');
      std::getline(fields, t.detail);
      tasks[t.task] = t;
    }
  }
  // Tasks that ended, while slurmctld still remembers them (MinJobAge, 5 min by default).
  const CommandOutput control = run_command({"scontrol", "-o", "show", "job", job_id});
  if (control.exit_status == 0) {
    for (const std::string& line : lines(control.out)) {
      std::map<std::string, std::string> fields;
      std::stringstream words(line);
      std::string word;
      while (words >> word) {
        const std::size_t equals = word.find('=');
        if (equals != std::string::npos) fields[word.substr(0, equals)] = word.substr(equals + 1);
      }
      const std::string task = fields["ArrayTaskId"];
      if (task.empty() || task.find_first_not_of("0123456789") != std::string::npos) continue;
      if (tasks.contains(task)) continue;
      const std::string node = fields["NodeList"];
      tasks[task] = {task, fields["JobState"],
                     node == "(null)" ? fields["Reason"] : node + " exit " + fields["ExitCode"]};
    }
  }
  if (queue.exit_status != 0 && control.exit_status != 0 && tasks.empty()) {
    const std::string why = trimmed(control.err.empty() ? queue.err : control.err);
    if (why.find("Invalid job id") == std::string::npos) {
      throw std::runtime_error("cannot ask Slurm about job " + job_id + ": " + why);
    }
  }
  std::vector<SlurmTaskState> result;
  for (auto& [index, t] : tasks) result.push_back(t);
  std::sort(result.begin(), result.end(), [](const SlurmTaskState& a, const SlurmTaskState& b) {
    return std::stoll(a.task) < std::stoll(b.task);
  });
  return result;
}

}  // namespace ecopt::runner
