// A sweep as one Slurm job array: task I runs shard I with the same command
// as a local worker (`tinysim sweep --dir DIR --run-shard $SLURM_ARRAY_TASK_ID`),
// writes its own CSV under DIR/shards/ and its log under DIR/logs/. DIR and
// the tinysim executable must be on a file system every node sees. A
// re-submit lists only the shards still missing rows in --array.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/sweep/sweep_grid.h"

namespace tinysim::report {

struct SlurmOptions {
  std::vector<std::string> sbatch_args;  // passed through, e.g. --partition=short, --time=30
  int array_limit = 0;                   // at most this many tasks at once (%N); 0 = no limit
  std::string exe;                       // the tinysim the tasks run
};

// "0-3,5,9-10" (+ "%N"): the --array value for these shard indexes.
std::string slurm_array_spec(const std::vector<int>& shards, int limit);

// The batch script every array task runs (DIR/sweep.sbatch).
std::string slurm_batch_script(const SweepPlan& plan, const std::string& exe);

// The sbatch command line for these shards (the script last).
std::vector<std::string> sbatch_command(const SweepPlan& plan, const std::vector<int>& shards, const SlurmOptions& o);

// Writes DIR/sweep.sbatch and submits it; returns the job id. Throws
// tinysim::Error with sbatch's message when the submission fails.
std::string submit_to_slurm(const SweepPlan& plan, const std::vector<int>& shards, const SlurmOptions& o);

// Polls squeue until the job has left the queue (or stop is set: returns
// false). Throws when squeue keeps failing.
bool wait_for_slurm_job(const std::string& job_id, const std::atomic<bool>& stop, double poll_s = 1.0);

}  // namespace tinysim::report
