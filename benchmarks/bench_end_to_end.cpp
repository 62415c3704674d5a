// End-to-end `bench` time per model: host accuracy over the model's test set
// (both cores) plus 3 emulated runs with the bit-exactness check, on nrf52840,
// through the same core API the CLI calls. Models: the sample models (data
// sets from their recipes) if any, else the MLPerf Tiny int8 models from
// ../shared (no data set: emulator only).
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <benchmark/benchmark.h>

#include <filesystem>

#include "core/common/error.h"
#include "core/report/bench.h"

namespace {

namespace fs = std::filesystem;
using namespace tinysim::report;

std::vector<BenchModel> models_to_time() {
  try {
    return discover_models(find_sample_models_dir(), "");
  } catch (const tinysim::Error&) {
  }
  std::vector<std::string> paths;
  for (const char* f : {"mlperf_tiny_kws_ref_int8.tflite", "mlperf_tiny_vww_96_int8.tflite",
                        "mlperf_tiny_ad01_int8.tflite", "tflm_hello_world_int8.tflite"}) {
    const fs::path p = fs::path(TINYSIM_SHARED_DIR) / "third_party_models" / f;
    if (fs::exists(p)) paths.push_back(p.string());
  }
  return paths.empty() ? std::vector<BenchModel>{} : describe_models(paths, "");
}

void BM_BenchEndToEnd(benchmark::State& state, BenchModel model) {
  BenchRequest req;
  req.models = {model.path};
  req.dataset = model.dataset;
  req.profiles = {"nrf52840"};
  req.latency_samples = 3;
  std::atomic<bool> cancel{false};
  ResultRecord last;
  for (auto _ : state) {
    ProgressSink quiet;
    auto r = run_bench(req, quiet, cancel);
    if (!r.ok()) {
      state.SkipWithError(r.error().what());
      return;
    }
    last = r->records.at(0);
  }
  state.counters["test_samples"] = double(last.test_samples);
  state.counters["emulated_cycles"] = double(last.cycles);
  state.counters["macs"] = double(last.macs);
  if (last.accuracy) state.counters["accuracy"] = *last.accuracy;
}

int register_models() {
  for (const BenchModel& m : models_to_time())
    benchmark::RegisterBenchmark(("bench_end_to_end/" + m.model + "_" + m.variant).c_str(), BM_BenchEndToEnd, m)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->Repetitions(3)
        ->ReportAggregatesOnly(false)
        ->UseRealTime();
  return 0;
}
const int kRegistered = register_models();

}  // namespace

BENCHMARK_MAIN();
