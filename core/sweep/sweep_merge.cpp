#include "core/sweep/sweep_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>

#include "core/common/error.h"
#include "core/report/csv_report.h"
#include "core/sweep/sweep_shard.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

int shard_index_of(const std::string& path, const SweepPlan& plan) {
  static const std::regex name(R"(shard-([0-9]+)\.csv)");
  std::smatch m;
  const std::string file = fs::path(path).filename().string();
  if (!std::regex_match(file, m, name))
    throw Error(path, "is not named shard-NNNN.csv", "pass the shard CSVs a sweep wrote (DIR/shards/)");
  const int index = std::stoi(m[1]);
  if (size_t(index) >= plan.shards.size())
    throw Error(path, fmt::format("shard {} does not exist in this sweep ({} shards)", index, plan.shards.size()),
                "pass the manifest folder of the sweep that wrote it");
  return index;
}

bool is_prefix(const std::vector<CsvRow>& a, const std::vector<CsvRow>& b) {
  return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

MergeReport merge_shards(const SweepPlan& plan, const std::vector<std::string>& csv_paths) {
  std::vector<std::string> paths = csv_paths;
  if (paths.empty()) {
    const fs::path dir = fs::path(plan.dir) / "shards";
    if (fs::is_directory(dir))
      for (const auto& e : fs::directory_iterator(dir)) {
        const std::string f = e.path().filename().string();
        if (f.rfind("shard-", 0) == 0 && e.path().extension() == ".csv") paths.push_back(e.path().string());
      }
    std::sort(paths.begin(), paths.end());
  }

  MergeReport rep;
  std::map<int, std::vector<CsvRow>> shard_rows;
  std::map<int, std::string> shard_file;
  for (const std::string& p : paths) {
    const int index = shard_index_of(p, plan);
    std::vector<CsvRow> rows = read_shard_rows(plan, plan.shards[size_t(index)], p);
    const auto seen = shard_file.find(index);
    if (seen == shard_file.end()) {
      shard_file[index] = p;
      shard_rows[index] = std::move(rows);
      continue;
    }
    std::vector<CsvRow>& kept = shard_rows[index];
    // A longer copy of the same measurements (a later, resumed run) wins;
    // two copies that disagree cannot both be right.
    if (is_prefix(kept, rows) || is_prefix(rows, kept)) {
      const bool longer = rows.size() > kept.size();
      rep.duplicates.push_back(fmt::format("shard {} is in {} ({} rows) and {} ({} rows); kept {}", index, seen->second,
                                           kept.size(), p, rows.size(), longer ? p : seen->second));
      if (longer) {
        kept = std::move(rows);
        seen->second = p;
      }
    } else {
      throw Error(p, fmt::format("shard {} is also in {} with different rows", index, seen->second),
                  "keep the copy you trust and pass only that one");
    }
  }

  std::vector<std::optional<CsvRow>> grid(plan.rows());
  for (const SweepShard& sh : plan.shards) {
    const auto it = shard_rows.find(sh.index);
    const size_t have = it == shard_rows.end() ? 0 : it->second.size();
    if (have < sh.items.size()) {
      rep.missing_shards.push_back(sh.index);
      rep.missing.push_back(fmt::format("shard {} ({} on {}): {}", sh.index, plan.groups[size_t(sh.group)],
                                        plan.mcu_names[size_t(sh.profile)],
                                        it == shard_rows.end() ? "no CSV" : fmt::format("{} of {} rows", have, sh.items.size())));
    }
    for (size_t k = 0; k < have; ++k) grid[plan.row_index(sh.items[k], sh.profile)] = it->second[k];
  }
  for (size_t i = 0; i < grid.size(); ++i)
    if (grid[i]) {
      rep.rows.push_back(std::move(*grid[i]));
      rep.row_index.push_back(i);
    }
  return rep;
}

std::string merged_csv(const MergeReport& report) {
  std::string out = csv_line(csv_columns());
  for (const CsvRow& r : report.rows) out += csv_line(r);
  return out;
}

std::string merged_grid_csv(const SweepPlan& plan, const MergeReport& report) {
  std::string out = csv_line({"row", "shard", "model", "variant", "mcu", "option", "path"});
  const size_t n_profiles = plan.profiles.size();
  for (size_t r = 0; r < report.rows.size(); ++r) {
    const size_t item = report.row_index[r] / n_profiles, profile = report.row_index[r] % n_profiles;
    const SweepItem& it = plan.items[item];
    const auto group = size_t(std::find(plan.groups.begin(), plan.groups.end(), it.model.model) - plan.groups.begin());
    out += csv_line({std::to_string(r + 1), std::to_string(group * n_profiles + profile), it.model.model, it.variant,
                     plan.mcu_names[profile], it.option, it.model.path});
  }
  return out;
}

}  // namespace tinysim::report
