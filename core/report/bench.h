// The bench engine: for every (model, variant, MCU profile) it measures
// accuracy on the whole test set with the host kernels (multithreaded),
// agreement with the float parent, and cycles / memory / energy from the
// emulated Cortex-M4 on a few samples, after checking that the emulator's
// outputs equal the host's on exactly those samples. One ResultRecord per
// item goes to the sink as soon as it is finished; the CLI's `bench` and the
// GUI both call this.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/report/model_discovery.h"
#include "core/report/result_record.h"
#include "core/report/result_stream.h"
#include "core/target/target_run.h"

namespace tinysim::report {

struct BenchRequest {
  std::vector<std::string> models;     // .tflite files
  bool samples = false;                // add every .tflite under samples_dir
  std::string samples_dir;             // empty: find_sample_models_dir()
  std::string dataset;                 // overrides the recipes' data sets for every model
  std::vector<std::string> profiles;   // built-in names or profile JSON paths; at least one
  int jobs = 0;                        // host threads; 0 = std::thread::hardware_concurrency()
  int latency_samples = 3;             // emulated runs per (model, profile)
  // Emulator settings (backend must be unicorn; require_fit is ignored: a
  // model that does not fit is still measured and marked fits = false).
  target::TargetOptions target;
};

struct BenchOutcome {
  std::vector<ResultRecord> records;  // as emitted
  bool cancelled = false;
  double wall_s = 0;
};

// The models a request covers, in the order they are benched.
Result<std::vector<BenchModel>> resolve_bench_models(const BenchRequest& request);

// Checks cancel between samples and between emulated runs: the item under
// way is dropped, finished records stay emitted, outcome.cancelled is true
// and sink.on_finish(true) is called. Errors (bad input, a bit-exactness
// mismatch naming model, profile, sample and first differing index) come back
// as the Result's error after sink.on_finish(false); records finished before
// stay emitted.
// Per-layer records of one emulated run (cycles per MAC where the op has MACs).
std::vector<LayerRecord> layer_records(const std::vector<target::TargetLayer>& layers);

Result<BenchOutcome> run_bench(const BenchRequest& request, ProgressSink& sink, const std::atomic<bool>& cancel);

}  // namespace tinysim::report
