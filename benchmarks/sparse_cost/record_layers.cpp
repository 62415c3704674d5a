// Measures, per int8 CONV_2D / FULLY_CONNECTED layer, the emulated cycles of
// the dense and of the sparse kernel at several sparsities, on each profile,
// and prints them as CSV with the layer's geometry: the data the plan
// writer's sparse cost model (core/ops/sparse_cost.h) is fitted on
// (benchmarks/sparse_cost/fit.py) and checked against.
//   sparse_cost_record > benchmarks/sparse_cost/layers.csv
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "build_paths.h"
#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "tests/support/prune_int8.h"

using namespace tinysim;

namespace {

int64_t nonzeros(const Tensor& t) {
  int64_t n = 0;
  for (uint8_t b : t.data) n += b != 0;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> models;
  for (int i = 1; i < argc; ++i) models.push_back(argv[i]);
  if (models.empty()) {
    const std::string s = TINYSIM_SAMPLE_DIR, t = std::string(TINYSIM_SHARED_DIR) + "/third_party_models/";
    models = {s + "/kws/kws_int8.tflite", s + "/fashion_mnist/fashion_mnist_int8.tflite",
              s + "/har/har_int8.tflite", s + "/vibration/vibration_int8.tflite",
              t + "mlperf_tiny_kws_ref_int8.tflite", t + "mlperf_tiny_ad01_int8.tflite",
              t + "mlperf_tiny_vww_96_int8.tflite", t + "tflm_micro_speech_int8.tflite"};
  }
  const double fractions[] = {0.3, 0.5, 0.6, 0.7, 0.8, 0.9};
  std::printf("model,fraction,profile,op,kind,batches,pixels,cout,k,direct,nonzeros,dense_cycles,sparse_cycles,"
              "dense_stalls,sparse_stalls\n");
  for (const std::string& path : models) {
    if (!std::filesystem::exists(path)) {
      std::fprintf(stderr, "skipped (missing): %s\n", path.c_str());
      continue;
    }
    const Model base = load_tflite(path).take();
    for (const char* prof_name : {"nrf52840", "stm32l4r5"}) {
      const emu::McuProfile prof = emu::load_profile(prof_name).take();
      for (double f : fractions) {
        const Model m = test::pruned_int8(base, f);
        const auto inputs = target::model_inputs(m, {}, 7);
        target::TargetOptions dense, sparse;
        dense.require_fit = sparse.require_fit = false;
        dense.sparse_threshold = 0;       // always dense
        sparse.sparse_threshold = 1e-9;   // sparse wherever a weight is zero
        const target::TargetRun d = target::run_on_target(m, prof, inputs, dense).take();
        const target::TargetRun s = target::run_on_target(m, prof, inputs, sparse).take();
        for (size_t i = 0; i < m.ops.size(); ++i) {
          const Operator& op = m.ops[i];
          const bool fc = op.type == OpType::FullyConnected;
          if (op.type != OpType::Conv2D && !fc) continue;
          const Tensor& w = m.tensors[size_t(op.inputs[1])];
          if (w.type != DType::Int8 || !w.is_constant()) continue;
          const Tensor& in = m.tensors[size_t(op.inputs[0])];
          const Tensor& out = m.tensors[size_t(op.outputs[0])];
          const int cout = w.shape[0];
          const int64_t k = w.num_elements() / cout;
          int64_t batches = 1, pixels = 1;
          bool direct = false;
          if (fc) {
            batches = in.num_elements() / k;
          } else {
            batches = out.shape[0];
            pixels = int64_t(out.shape[1]) * out.shape[2];
            direct = w.shape[1] == 1 && w.shape[2] == 1 && in.shape[1] == out.shape[1] && in.shape[2] == out.shape[2];
          }
          const target::TargetLayer* dl = nullptr;
          const target::TargetLayer* sl = nullptr;
          for (const auto& l : d.layers) if (l.op_index == int(i)) dl = &l;
          for (const auto& l : s.layers) if (l.op_index == int(i)) sl = &l;
          if (!dl || !sl) continue;
          std::printf("%s,%.2f,%s,%zu,%s,%lld,%lld,%d,%lld,%d,%lld,%llu,%llu,%llu,%llu\n",
                      std::filesystem::path(path).filename().c_str(), f, prof_name, i, fc ? "fc" : "conv",
                      (long long)batches, (long long)pixels, cout, (long long)k, int(direct),
                      (long long)nonzeros(w), (unsigned long long)dl->cycles, (unsigned long long)sl->cycles,
                      (unsigned long long)dl->flash_stall_cycles, (unsigned long long)sl->flash_stall_cycles);
        }
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
