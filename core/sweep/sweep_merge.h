// Joins a sweep's shard CSVs into one CSV with the rows in the order a
// one-process `tinysim bench` of the same grid writes them (item-major,
// profile-minor; see sweep_grid.h), whatever order the shards finished in.
// Shards missing or cut short by a killed task are reported, as are shard
// files given twice.
#pragma once

#include <string>
#include <vector>

#include "core/report/csv.h"
#include "core/sweep/sweep_grid.h"

namespace tinysim::report {

struct MergeReport {
  std::vector<CsvRow> rows;          // grid order, without the header
  std::vector<size_t> row_index;     // each row's position in the full grid
  std::vector<std::string> missing;  // "shard 3 (har on nrf52840): 1 of 4 rows"
  std::vector<int> missing_shards;
  std::vector<std::string> duplicates;  // shard files given more than once
  bool complete() const { return missing.empty(); }
};

// csv_paths: shard CSVs named shard-NNNN.csv (the index is read from the
// name); empty means every DIR/shards/shard-*.csv. Throws tinysim::Error
// naming the file for a CSV that is not a shard of this sweep, and for two
// files of one shard that disagree.
MergeReport merge_shards(const SweepPlan& plan, const std::vector<std::string>& csv_paths);

// Header + rows: the columns of `tinysim bench --csv`.
std::string merged_csv(const MergeReport& report);
// Which grid point each merged row is: row, shard, model, variant, mcu, option, path.
std::string merged_grid_csv(const SweepPlan& plan, const MergeReport& report);

}  // namespace tinysim::report
