// One shard of a sweep: its use case's variants on one profile, run through
// the bench engine in this process. The shard's CSV (DIR/shards/shard-N.csv,
// the columns of `tinysim bench --csv`) is rewritten atomically after every
// row, and a status file beside it says how far it got, so a killed task
// leaves its finished rows readable; running the shard again measures only
// the rows it lacks.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/report/csv.h"
#include "core/report/result_stream.h"
#include "core/sweep/sweep_grid.h"

namespace tinysim::report {

// The rows of a shard CSV that belong to the shard, in item order: the first
// k items (a killed task leaves a prefix). A missing file is no rows. Throws
// tinysim::Error naming the file when it is not a bench CSV, or holds a row
// of another item or one measured on a different model file (sha256).
std::vector<CsvRow> read_shard_rows(const SweepPlan& plan, const SweepShard& shard, const std::string& csv_path);

struct ShardState {
  int shard = 0;
  size_t rows = 0, items = 0;
  bool complete() const { return rows == items; }
  std::string state;   // from the status file: running, done, failed, cancelled ("" if none)
  std::string detail;  // host / job / error / stage, for `sweep --status`
};
ShardState shard_state(const SweepPlan& plan, int shard);
// Shards whose CSV lacks rows, in index order.
std::vector<int> incomplete_shards(const SweepPlan& plan);

struct ShardOutcome {
  size_t rows_before = 0;  // kept from an earlier, interrupted run
  size_t rows_run = 0;     // measured now
  bool cancelled = false;
};

// Derives the models the shard needs, then benches the rows it lacks. notes
// (may be null) hears the bench's notes. Errors name the shard.
Result<ShardOutcome> run_shard(const SweepPlan& plan, int shard, const std::atomic<bool>& cancel,
                               ProgressSink* notes = nullptr);

}  // namespace tinysim::report
