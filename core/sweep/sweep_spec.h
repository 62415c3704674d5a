// What a sweep covers, as the user writes it (SPEC.json, documented in
// README.md "Sweeps"): models x variants x MCU profiles x options that derive
// new variants from each use case's float model (calibration settings of the
// int8 PTQ, pruning sparsities). grid expansion (sweep_grid.h) turns it into
// the ordered list of bench items and shards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tinysim::report {

// One int8 post-training quantization of the float model (tinysim quantize).
struct CalibrationPoint {
  std::string method = "minmax";  // minmax | percentile
  double percentile = 99.99;
  size_t samples = 200;           // calibration samples (0 = the whole calib split)
  bool per_channel_fc = false;
};

// Fine-tuning settings shared by every sparsity point (tinysim prune --int8).
struct PruneSettings {
  int epochs = 2;
  int batch_size = 32;
  double lr = 5e-4;
  int frequency = 20;
  uint64_t seed = 1;
  size_t train_samples = 0;  // 0 = the whole train split
  size_t calib_samples = 200;
};

struct SweepSpec {
  std::string path;                  // the spec file (for messages)
  std::vector<std::string> models;   // .tflite files or folders, absolute
  bool samples = false;              // every sample model, as `bench --samples`
  std::string data;                  // data set override, as `bench --data`
  std::vector<std::string> variants; // keep only these variants of the files (empty: all)
  std::vector<std::string> profiles; // built-in names or JSON paths (absolute)
  int latency_samples = 3;
  int jobs = 1;                      // host threads per shard; 0: SLURM_CPUS_PER_TASK, else all
  std::vector<CalibrationPoint> calibration;
  std::vector<double> sparsity;
  PruneSettings prune;
};

// Reads SPEC.json; relative paths are taken from the spec's folder. Throws
// tinysim::Error naming the file and the field on anything malformed.
SweepSpec load_sweep_spec(const std::string& path);
SweepSpec parse_sweep_spec(const std::string& text, const std::string& path);

// Canonical JSON of a spec (every field, defaults filled in): what the
// manifest stores and compares on a re-submit.
std::string sweep_spec_json(const SweepSpec& spec);

}  // namespace tinysim::report
