// Grid expansion and sharding of a sweep. The items are bench items
// (model file x variant) in exactly the order `tinysim bench` would run the
// same files (order_models), each derived variant (a calibration point or a
// sparsity of a use case's float model) placed under the sweep folder. A
// shard is one use case on one profile: every variant of the use case, so
// the float parent is evaluated in the same process and agreement / RMSE /
// cosine come out as in a one-process bench. Rows are ordered item-major,
// profile-minor, again as `tinysim bench` emits them.
//
// The plan is saved as DIR/sweep.json (the manifest); shards, merge and a
// re-submit read it back, so every process works from the same grid.
#pragma once

#include <string>
#include <vector>

#include "core/report/model_discovery.h"
#include "core/sweep/sweep_spec.h"

namespace tinysim::report {

enum class Derivation { None, Calibrate, Prune };

struct SweepItem {
  BenchModel model;              // absolute path, use case, file-name variant (may be empty), data set
  std::string variant;           // as the bench names it (from the input type when the file name has none)
  Derivation derive = Derivation::None;
  int point = -1;                // index into spec.calibration or spec.sparsity
  std::string source;            // the float model a derived item is made from
  std::string option;            // "" for a file as given, else e.g. "calibration=percentile:99.9,samples=64"
};

struct SweepShard {
  int index = 0;
  int group = 0;                 // index into SweepPlan::groups
  int profile = 0;               // index into SweepPlan::profiles
  std::vector<int> items;        // indexes into SweepPlan::items, in bench order
};

struct SweepPlan {
  SweepSpec spec;
  std::string dir;                     // the sweep folder, absolute
  std::vector<SweepItem> items;        // bench order
  std::vector<std::string> groups;     // use cases in order
  std::vector<std::string> profiles;   // as given in the spec
  std::vector<std::string> mcu_names;  // the profiles' names (the CSV's mcu column)
  std::vector<SweepShard> shards;      // group-major, then profile
  size_t rows() const { return items.size() * profiles.size(); }
  // Position of (item, profile) in the merged CSV.
  size_t row_index(int item, int profile) const { return size_t(item) * profiles.size() + size_t(profile); }
};

// Expands the spec into items and shards (reads model files and profiles to
// check them; derives nothing). Throws tinysim::Error on bad input.
SweepPlan expand_grid(const SweepSpec& spec, const std::string& dir);

// DIR/sweep.json text, and reading it back (throws naming the file).
std::string manifest_text(const SweepPlan& plan);
SweepPlan load_manifest(const std::string& dir);
std::string manifest_path(const std::string& dir);

// Per-shard files under DIR.
std::string shard_csv_path(const std::string& dir, int shard);
std::string shard_status_path(const std::string& dir, int shard);
std::string shard_log_path(const std::string& dir, int shard);

}  // namespace tinysim::report
