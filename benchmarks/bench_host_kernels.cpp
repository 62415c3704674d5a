// Host reference kernel throughput: int8 and float CONV_2D, DEPTHWISE_CONV_2D
// and FULLY_CONNECTED on KWS-sized layers, and whole-model host inference of
// the MLPerf Tiny KWS model (int8 and float) when ../shared is present.
// Counter "MAC/s" = multiply-accumulates per second.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <random>

#include "core/ops/interpreter.h"
#include "core/host/kernels.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"

using namespace tinysim;

namespace {

struct Layer {
  Model model;
  int64_t macs = 0;
};

template <class T>
std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> b(n * sizeof(T));
  if constexpr (std::is_same_v<T, float>) {
    std::uniform_real_distribution<float> d(-1.f, 1.f);
    for (size_t i = 0; i < n; ++i) {
      const float v = d(rng);
      std::memcpy(&b[i * 4], &v, 4);
    }
  } else {
    std::uniform_int_distribution<int> d(-128, 127);
    for (auto& x : b) x = static_cast<uint8_t>(d(rng));
  }
  return b;
}

Tensor make_tensor(DType type, std::vector<int32_t> shape, float scale, std::vector<float> channel_scales = {}) {
  Tensor t;
  t.type = type;
  t.shape = std::move(shape);
  if (type != DType::Float32) {
    t.quant.scale = channel_scales.empty() ? std::vector<float>{scale} : channel_scales;
    t.quant.zero_point.assign(t.quant.scale.size(), 0);
  }
  return t;
}

// One weighted op (conv, depthwise or fc) with random constant weights.
Layer weighted_layer(OpType type, DType dt, std::vector<int32_t> in_shape, std::vector<int32_t> w_shape,
                     std::vector<int32_t> out_shape, int stride, int64_t macs) {
  Layer l;
  Model& m = l.model;
  m.source = "bench";
  const int32_t channels = type == OpType::DepthwiseConv2D ? w_shape[3] : w_shape[0];
  const DType bias_type = dt == DType::Float32 ? DType::Float32 : DType::Int32;
  m.tensors.push_back(make_tensor(dt, in_shape, 0.05f));
  Tensor w = make_tensor(dt, w_shape, 0.f, std::vector<float>(static_cast<size_t>(channels), 0.01f));
  if (dt == DType::Float32) w.data = random_bytes<float>(static_cast<size_t>(w.num_elements()), 1);
  else w.data = random_bytes<int8_t>(static_cast<size_t>(w.num_elements()), 1);
  w.quant.quantized_dimension = type == OpType::DepthwiseConv2D ? 3 : 0;
  m.tensors.push_back(w);
  Tensor b = make_tensor(bias_type, {channels}, 0.0005f);
  b.data.assign(static_cast<size_t>(channels) * 4, 0);
  m.tensors.push_back(b);
  m.tensors.push_back(make_tensor(dt, out_shape, 0.1f));
  Operator op;
  op.type = type;
  op.inputs = {0, 1, 2};
  op.outputs = {3};
  op.options.padding = Padding::Same;
  op.options.stride_w = op.options.stride_h = stride;
  op.options.activation = Activation::Relu;
  m.ops.push_back(op);
  m.inputs = {0};
  m.outputs = {3};
  l.macs = macs;
  return l;
}

void run_layer(benchmark::State& state, const Layer& l) {
  HostInterpreter interp(l.model);
  const Tensor& in = interp.input_tensor(0);
  const auto bytes = in.type == DType::Float32 ? random_bytes<float>(static_cast<size_t>(in.num_elements()), 2)
                                               : random_bytes<int8_t>(static_cast<size_t>(in.num_elements()), 2);
  interp.set_input(0, bytes.data(), bytes.size());
  for (auto _ : state) {
    interp.invoke();
    benchmark::DoNotOptimize(interp.output_bytes(0).data());
  }
  state.counters["MAC/s"] = benchmark::Counter(static_cast<double>(l.macs) * static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
  state.counters["MACs"] = static_cast<double>(l.macs);
}

// KWS DS-CNN shapes: 25x5x64 feature maps.
Layer conv_layer(DType dt) {
  return weighted_layer(OpType::Conv2D, dt, {1, 25, 5, 64}, {64, 1, 1, 64}, {1, 25, 5, 64}, 1, 25 * 5 * 64 * 64);
}
Layer depthwise_layer(DType dt) {
  return weighted_layer(OpType::DepthwiseConv2D, dt, {1, 25, 5, 64}, {1, 3, 3, 64}, {1, 25, 5, 64}, 1,
                        25 * 5 * 64 * 9);
}
Layer fc_layer(DType dt) {
  return weighted_layer(OpType::FullyConnected, dt, {1, 640}, {128, 640}, {1, 128}, 1, 640 * 128);
}

void BM_Conv2D_Int8(benchmark::State& s) { run_layer(s, conv_layer(DType::Int8)); }
void BM_Conv2D_Float(benchmark::State& s) { run_layer(s, conv_layer(DType::Float32)); }
void BM_DepthwiseConv2D_Int8(benchmark::State& s) { run_layer(s, depthwise_layer(DType::Int8)); }
void BM_DepthwiseConv2D_Float(benchmark::State& s) { run_layer(s, depthwise_layer(DType::Float32)); }
void BM_FullyConnected_Int8(benchmark::State& s) { run_layer(s, fc_layer(DType::Int8)); }
void BM_FullyConnected_Float(benchmark::State& s) { run_layer(s, fc_layer(DType::Float32)); }

BENCHMARK(BM_Conv2D_Int8);
BENCHMARK(BM_Conv2D_Float);
BENCHMARK(BM_DepthwiseConv2D_Int8);
BENCHMARK(BM_DepthwiseConv2D_Float);
BENCHMARK(BM_FullyConnected_Int8);
BENCHMARK(BM_FullyConnected_Float);

// The registry's MAC rule (the same figure `inspect` prints).
int64_t model_macs(const HostInterpreter& interp) { return model_stats(interp.model()).total_macs; }

void BM_Model(benchmark::State& state, const std::string& file) {
  const auto path = std::filesystem::path(TINYSIM_SHARED_DIR) / "third_party_models" / file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("needs " + path.string()).c_str());
    return;
  }
  Model m = load_tflite(path.string()).take();
  HostInterpreter interp(m);
  const Tensor& in = interp.input_tensor(0);
  const auto bytes = in.type == DType::Float32 ? random_bytes<float>(static_cast<size_t>(in.num_elements()), 3)
                                               : random_bytes<int8_t>(static_cast<size_t>(in.num_elements()), 3);
  interp.set_input(0, bytes.data(), bytes.size());
  const int64_t macs = model_macs(interp);
  for (auto _ : state) {
    interp.invoke();
    benchmark::DoNotOptimize(interp.output_bytes(0).data());
  }
  state.counters["MAC/s"] =
      benchmark::Counter(static_cast<double>(macs) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["MACs"] = static_cast<double>(macs);
}

BENCHMARK_CAPTURE(BM_Model, kws_int8, std::string("mlperf_tiny_kws_ref_int8.tflite"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, kws_float, std::string("mlperf_tiny_kws_ref_float32.tflite"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, vww_int8, std::string("mlperf_tiny_vww_96_int8.tflite"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, ad_int8, std::string("mlperf_tiny_ad01_int8.tflite"))->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
