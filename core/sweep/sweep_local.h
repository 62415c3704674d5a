// Runs a sweep's shards on this machine: each shard is a child process
// `tinysim sweep --dir DIR --run-shard I` (the very command a Slurm array
// task runs), at most `workers` at a time, its output appended to the
// shard's log.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "core/sweep/sweep_grid.h"

namespace tinysim::report {

struct LocalRunOutcome {
  std::vector<int> failed;  // shards whose process exited non-zero
  bool interrupted = false;
};

// stop: no new shards are started once it is set (running ones get the
// terminal's SIGINT themselves and stop at a safe point). on_done(shard, rc)
// is called as each process ends.
LocalRunOutcome run_shards_locally(const SweepPlan& plan, const std::vector<int>& shards, int workers,
                                   const std::string& exe, const std::atomic<bool>& stop,
                                   const std::function<void(int shard, int rc)>& on_done);

}  // namespace tinysim::report
