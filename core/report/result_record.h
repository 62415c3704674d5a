// One measured result: a model variant on one MCU profile. The bench engine
// emits these one by one; CSV, JSON, the text table and the GUI are views of
// that stream. Absent values (no data set -> no accuracy) are std::nullopt and
// print as empty CSV fields / JSON null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tinysim::report {

struct LayerRecord {
  int layer = 0;          // op index in the model
  std::string op;         // "CONV_2D"
  int64_t macs = 0;
  uint64_t cycles = 0;
  uint64_t instructions = 0;
  uint64_t flash_stall_cycles = 0;       // cycles the core waited on flash in this op
  std::optional<double> cycles_per_mac;  // absent for ops without MACs
};

struct ResultRecord {
  // What was measured.
  std::string model;      // use case / model name: file name before the variant suffix
  std::string variant;    // "float", "int8", "qat_int8", ... (the suffix)
  std::string mcu;        // profile name
  std::string path;       // the .tflite file
  std::string dataset;    // data set spec used for accuracy (empty: none)
  std::string float_parent;  // variant the agreement figures compare against (empty: none)

  // Host kernels over the whole test set. Fractions in [0, 1].
  std::optional<double> accuracy;
  std::optional<double> agreement;  // same top-1 as the float parent
  std::optional<double> rmse;       // of dequantized outputs vs the float parent, all elements
  std::optional<double> cosine;     // mean per-sample cosine similarity vs the float parent
  uint64_t test_samples = 0;
  uint64_t correct = 0;
  std::vector<std::vector<uint64_t>> confusion;  // [true label][predicted], empty without data
  std::vector<std::string> class_names;

  // Emulated Cortex-M4 over `latency_samples` inputs; the median run supplies
  // instructions, energy and layers.
  int latency_samples = 0;
  double latency_ms = 0;
  uint64_t cycles = 0;  // median
  uint64_t cycles_min = 0, cycles_max = 0;
  uint64_t instructions = 0;
  std::optional<double> cycles_per_mac;  // absent when the model has no MACs
  int64_t macs = 0;
  int64_t params = 0;
  uint64_t ram_peak_bytes = 0, arena_bytes = 0, stack_bytes = 0, static_ram_bytes = 0;
  uint64_t flash_bytes = 0, weights_bytes = 0, code_bytes = 0;
  double energy_uj = 0;
  bool fits = true;
  int64_t overflow_bytes = 0;
  double sparsity = 0;
  bool bit_exact = true;   // the spot check passed (a failure is an error, never a row)

  // Provenance.
  std::string model_sha256;
  std::string tinysim_version;
  uint64_t profile_clock_hz = 0;
  std::string firmware_flags;

  std::vector<LayerRecord> layers;
};

// The variant suffixes TinySim understands, longest first, so that
// "kws_pruned_int8" splits as ("kws", "pruned_int8").
const std::vector<std::string>& known_variants();
// true for the float32 variants a quantized variant is compared against.
bool is_float_variant(const std::string& variant);
// Splits a file stem into (model, variant) at the last "_<known variant>"
// suffix. A stem without one is its own model with an empty variant (the
// bench then names the variant after the model's tensor type).
std::pair<std::string, std::string> split_model_variant(const std::string& stem);

}  // namespace tinysim::report
