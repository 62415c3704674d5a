// Host kernel throughput: int8 and float CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED on KWS-sized layers (the GEMM kernels the interpreter runs
// and, side by side, the tap-walking *_reference loops they replaced),
// whole-model host inference of the MLPerf Tiny models when ../shared is
// present, whole-test-set host evaluation of the sample models on 2 threads
// (what `tinysim bench` runs for accuracy), and the machine's AVX2 int8 peak
// measured with a loop of independent multiply-adds (BM_Peak_*).
// Counter "MAC/s" = multiply-accumulates per second (per run, all threads).
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <benchmark/benchmark.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>

#include "core/data/dataset.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"
#include "core/host/simd.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/ops/interpreter.h"
#include "core/ops/op_registry.h"
#include "core/report/host_eval.h"

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

// The same layers through the tap-walking loops, called directly with the
// op's prepared data (what the interpreter ran before the GEMM kernels).
template <class Data, class Fn>
void run_reference(benchmark::State& state, const Layer& l, Fn fn) {
  const Data p = ops::prepare_as<Data>(l.model, 0);
  const auto in = random_bytes<int8_t>(static_cast<size_t>(l.model.tensors[0].num_elements()), 2);
  std::vector<int8_t> out(static_cast<size_t>(l.model.tensors[3].num_elements()));
  const auto* w = reinterpret_cast<const int8_t*>(l.model.tensors[1].data.data());
  const auto* b = reinterpret_cast<const int32_t*>(l.model.tensors[2].data.data());
  for (auto _ : state) {
    fn(p, reinterpret_cast<const int8_t*>(in.data()), w, b, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["MAC/s"] = benchmark::Counter(static_cast<double>(l.macs) * static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
void BM_Conv2D_Int8_Reference(benchmark::State& s) {
  run_reference<ConvData>(s, conv_layer(DType::Int8), kernels::conv2d_int8_reference);
}
void BM_DepthwiseConv2D_Int8_Reference(benchmark::State& s) {
  run_reference<ConvData>(s, depthwise_layer(DType::Int8), kernels::depthwise_conv2d_int8_reference);
}
void BM_FullyConnected_Int8_Reference(benchmark::State& s) {
  run_reference<FullyConnectedData>(s, fc_layer(DType::Int8), kernels::fully_connected_int8_reference);
}
// The GEMM kernels on their portable path (a CPU without AVX2).
void BM_Conv2D_Int8_Portable(benchmark::State& s) {
  kernels::force_gemm_isa(kernels::GemmIsa::Portable);
  run_layer(s, conv_layer(DType::Int8));
  kernels::reset_gemm_isa();
}

BENCHMARK(BM_Conv2D_Int8);
BENCHMARK(BM_Conv2D_Int8_Reference);
BENCHMARK(BM_Conv2D_Int8_Portable);
BENCHMARK(BM_DepthwiseConv2D_Int8_Reference);
BENCHMARK(BM_FullyConnected_Int8_Reference);
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
  state.counters["inferences/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_Model, kws_int8, std::string("mlperf_tiny_kws_ref_int8.tflite"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, kws_float, std::string("mlperf_tiny_kws_ref_float32.tflite"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, vww_int8, std::string("mlperf_tiny_vww_96_int8.tflite"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, ad_int8, std::string("mlperf_tiny_ad01_int8.tflite"))->Unit(benchmark::kMillisecond);

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Host accuracy evaluation of a sample model over its whole test split on 2
// threads, as `tinysim bench` runs it; MAC/s counts every sample's MACs.
void BM_HostEval(benchmark::State& state, const std::string& file, const std::string& dataset) {
  const auto path = std::filesystem::path(TINYSIM_SOURCE_DIR) / "sample_models" / file;
  auto data = load_dataset(dataset, "test");
  if (!data.ok()) {
    state.SkipWithError(("needs data set " + dataset).c_str());
    return;
  }
  Model m = load_tflite(path.string()).take();
  const Dataset d = data.take();
  const std::atomic<bool> cancel{false};
  const int64_t macs = model_stats(m).total_macs;
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    const report::HostEval e = report::evaluate_on_host(m, d, 2, cancel);
    benchmark::DoNotOptimize(e.correct);
  }
  const double total_macs = static_cast<double>(macs) * static_cast<double>(d.size()) * static_cast<double>(state.iterations());
  state.counters["MAC/s"] = benchmark::Counter(total_macs, benchmark::Counter::kIsRate);
  // On a shared machine the wall clock includes other processes' time
  // slices: the process CPU time of both workers, halved, is what the run
  // takes on 2 idle cores (the shards share nothing).
  const double cpu = process_cpu_seconds() - cpu0;
  state.counters["MAC/s_2idle"] = total_macs / (cpu / 2.0);
  state.counters["s_2idle"] = cpu / 2.0 / static_cast<double>(state.iterations());
  state.counters["samples"] = static_cast<double>(d.size());
  state.counters["inferences/s_2idle"] = static_cast<double>(d.size()) / (cpu / 2.0 / static_cast<double>(state.iterations()));
}

BENCHMARK_CAPTURE(BM_HostEval, fashion_mnist_int8, std::string("fashion_mnist/fashion_mnist_int8.tflite"),
                  std::string("fashion-mnist"))
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_HostEval, fashion_mnist_float, std::string("fashion_mnist/fashion_mnist_float.tflite"),
                  std::string("fashion-mnist"))
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_HostEval, kws_int8, std::string("kws/kws_int8.tflite"), std::string("kws"))
    ->Unit(benchmark::kMillisecond)->UseRealTime();

#ifdef TS_HAVE_X86
// AVX2 int8 peak of one core: 8 independent accumulators so only the
// multiply-add throughput limits. vpmaddubsw (u8 x s8 pairs to saturating
// s16, 32 MACs per instruction) is the nominal int8 peak; vpmaddwd (s16 x s16
// pairs to exact s32, 16 MACs) is the exact path the GEMM kernels use. The
// 2-core peak is twice the per-core figure (both cores idle).
template <bool kInt16>
TS_AVX2 void peak_loop(benchmark::State& state) {
  __m256i a = _mm256_set1_epi16(3), acc[8];
  for (auto& x : acc) x = _mm256_set1_epi16(1);
  constexpr int kIters = 4096;
  for (auto _ : state) {
    for (int i = 0; i < kIters; ++i)
      for (auto& x : acc) x = kInt16 ? _mm256_madd_epi16(x, a) : _mm256_maddubs_epi16(a, x);
    benchmark::DoNotOptimize(acc);
  }
  const double macs_per_op = kInt16 ? 16.0 : 32.0;
  state.counters["MAC/s"] = benchmark::Counter(macs_per_op * 8.0 * kIters * static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
void BM_Peak_Avx2_vpmaddubsw_1core(benchmark::State& s) { peak_loop<false>(s); }
void BM_Peak_Avx2_vpmaddwd_1core(benchmark::State& s) { peak_loop<true>(s); }
BENCHMARK(BM_Peak_Avx2_vpmaddubsw_1core);
BENCHMARK(BM_Peak_Avx2_vpmaddwd_1core);
#endif

}  // namespace

BENCHMARK_MAIN();
