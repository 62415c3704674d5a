// Child processes of a sweep: the shard workers of a local run and the Slurm
// client commands (sbatch, squeue). Arguments go to exec as a vector, never
// through a shell.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace tinysim::report {

// Starts argv[0] (looked up on PATH) with stdout and stderr appended to
// log_path. Throws tinysim::Error when it cannot start.
pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& log_path);

struct CommandOutput {
  int rc = -1;      // exit status; 127 when the program was not found
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs argv to completion and collects its output.
CommandOutput run_command(const std::vector<std::string>& argv);

// The running executable (/proc/self/exe), so workers run the same TinySim.
std::string self_executable();

}  // namespace tinysim::report
