// TFLM's Signal ops from audio frame to power spectrum: SignalWindow,
// SignalFftAutoScale, SignalRfft (int16, kiss_fft FIXED_POINT 16) and
// SignalEnergy, as tflite-micro signal/micro/kernels/{window,
// fft_auto_scale_kernel, rfft, energy}.cc define them (options from the
// flexbuffer, TFLM's type checks). Arithmetic: ts_signal.h, shared with
// the Cortex-M4 kernels (mcu_models/runtime/kernels/signal.c).
#include <cmath>
#include <cstring>
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/signal_common.h"

namespace tinysim::ops {
namespace {

// ---- SignalWindow: input [.., N] * window [N] >> shift, saturated ----

std::unique_ptr<OpData> prepare_window(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const FlexOptions o(ctx);
  const Tensor& in = signal_in(ctx, 0, DType::Int16, -1, "input");
  const Tensor& w = signal_in(ctx, 1, DType::Int16, 1, "window");
  const Tensor& out = signal_out(ctx, 0, DType::Int16, static_cast<int>(in.shape.size()), "output");
  signal_io(ctx, *p, KernelType::Int16);
  p->input2 = ctx.in_index(1);
  const int64_t n = in.num_elements(), wn = w.num_elements();
  if (wn < 1 || n % wn != 0 || out.num_elements() != n)
    ctx.fail("input size must be a multiple of the window length and equal the output size");
  p->params = {static_cast<int32_t>(o.get("shift", 0, 31)), static_cast<int32_t>(wn), static_cast<int32_t>(n)};
  return p;
}

void eval_window(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_signal_window(at<int16_t>(t, p.input), at<int16_t>(t, p.input2), p.params[1], p.params[2], p.params[0],
                   at<int16_t>(t, p.output));
}

void emit_window(PlanEmitter& e, const OpData& d) {
  e.add_record(signal_record(e, static_cast<const SignalData&>(d), TS_OP_SIGNAL_WINDOW));
}

Model example_window(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::Int16, {2, 8});
  const int w = b.constant<int16_t>(DType::Int16, {8}, {0, 4096, 8192, 16384, 32767, 16384, 8192, 4096});
  const int out = b.act(DType::Int16, {2, 8});
  signal_node(b.op(OpType::Custom, {in, w}, {out}), "SignalWindow", flex_map({{"shift", 12}}));
  return b.finish({in}, {out});
}

// ---- SignalFftAutoScale: the largest power-of-two gain that keeps int16 ----

std::unique_ptr<OpData> prepare_auto_scale(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const Tensor& in = signal_in(ctx, 0, DType::Int16, 1, "input");
  const Tensor& out = signal_out(ctx, 0, DType::Int16, 1, "output");
  signal_out(ctx, 1, DType::Int32, 0, "scale bits");
  if (in.num_elements() != out.num_elements()) ctx.fail("input and output sizes differ");
  signal_io(ctx, *p, KernelType::Int16);
  p->output2 = ctx.op().outputs[1];
  p->params[0] = static_cast<int32_t>(out.num_elements());
  return p;
}

void eval_auto_scale(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  *at<int32_t>(t, p.output2) = ts_signal_fft_auto_scale(at<int16_t>(t, p.input), p.params[0], at<int16_t>(t, p.output));
}

void emit_auto_scale(PlanEmitter& e, const OpData& d) {
  e.add_record(signal_record(e, static_cast<const SignalData&>(d), TS_OP_SIGNAL_FFT_AUTO_SCALE));
}

Model example_auto_scale(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::Int16, {16});
  const int out = b.act(DType::Int16, {16});
  const int bits = b.act(DType::Int32, {});
  signal_node(b.op(OpType::Custom, {in}, {out, bits}), "SignalFftAutoScale", {});
  return b.finish({in}, {out, bits});
}

// ---- SignalRfft int16: kiss_fftr with FIXED_POINT 16 ----

constexpr int kMaxFactors = 32;

// kiss_fftr_alloc's tables for fft_len: kf_factor's (radix, rest) pairs of
// fft_len / 2, the complex twiddles exp(-2 pi i k / ncfft) and the real-FFT
// super twiddles exp(-i pi ((k + 1) / ncfft + 1/2)), each component
// floor(0.5 + 32767 * cos/sin) as kiss_fft's fixed-point kf_cexp.
// Table layout: int32 factors[32] | ts_cpx16 twiddles[ncfft] | super[ncfft / 2].
bool rfft_tables(int32_t fft_len, std::vector<uint8_t>& table) {
  const int32_t ncfft = fft_len / 2;
  std::vector<int32_t> factors(kMaxFactors, 0);
  int n = ncfft, p = 4, k = 0;
  const double floor_sqrt = std::floor(std::sqrt(static_cast<double>(n)));
  do {
    while (n % p) {
      p = p == 4 ? 2 : p == 2 ? 3 : p + 2;
      if (p > floor_sqrt) p = n;
    }
    if (p != 2 && p != 4) return false;  // radix 3, 5, generic: not built
    n /= p;
    if (k + 2 > kMaxFactors) return false;
    factors[static_cast<size_t>(k++)] = p;
    factors[static_cast<size_t>(k++)] = n;
  } while (n > 1);
  auto cexp = [](double phase) {
    return ts_cpx16{static_cast<int16_t>(std::floor(0.5 + 32767 * std::cos(phase))),
                    static_cast<int16_t>(std::floor(0.5 + 32767 * std::sin(phase)))};
  };
  std::vector<ts_cpx16> tw(static_cast<size_t>(ncfft)), super(static_cast<size_t>(ncfft / 2));
  const double pi = 3.141592653589793238462643383279502884197169399375105820974944;
  for (int32_t i = 0; i < ncfft; ++i) tw[static_cast<size_t>(i)] = cexp(-2 * pi * i / ncfft);
  for (int32_t i = 0; i < ncfft / 2; ++i)
    super[static_cast<size_t>(i)] = cexp(-3.14159265358979323846264338327 * (static_cast<double>(i + 1) / ncfft + .5));
  table.resize(kMaxFactors * 4 + (tw.size() + super.size()) * sizeof(ts_cpx16));
  std::memcpy(table.data(), factors.data(), kMaxFactors * 4);
  std::memcpy(table.data() + kMaxFactors * 4, tw.data(), tw.size() * sizeof(ts_cpx16));
  std::memcpy(table.data() + kMaxFactors * 4 + tw.size() * sizeof(ts_cpx16), super.data(), super.size() * sizeof(ts_cpx16));
  return true;
}

struct RfftTables {
  const int32_t* factors;
  const ts_cpx16 *twiddles, *super;
};
RfftTables rfft_views(const SignalData& p) {
  const uint8_t* b = p.table.data();
  const auto* tw = reinterpret_cast<const ts_cpx16*>(b + kMaxFactors * 4);
  return {reinterpret_cast<const int32_t*>(b), tw, tw + p.params[2] / 2};
}

std::unique_ptr<OpData> prepare_rfft(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const FlexOptions o(ctx);
  const int64_t type = o.get("T", 0, 127);
  if (type != 7)  // TensorType INT16
    ctx.fail("SignalRfft of TensorType " + std::to_string(type) + " is not supported (int16 is)",
             "TFLM's micro_speech front end uses the int16 RFFT");
  const Tensor& in = signal_in(ctx, 0, DType::Int16, -1, "input");
  const Tensor& out = signal_out(ctx, 0, DType::Int16, static_cast<int>(in.shape.size()), "output");
  signal_io(ctx, *p, KernelType::Int16);
  const int32_t fft_len = static_cast<int32_t>(o.get("fft_length", 4, 1 << 14));
  const int32_t in_len = in.shape.back();
  const int64_t rows = in.num_elements() / std::max(in_len, 1);
  if (in_len < 1 || in_len > fft_len) ctx.fail("input rows must be 1 to fft_length samples");
  if (out.shape.back() != 2 * (fft_len / 2 + 1) || out.num_elements() != rows * out.shape.back())
    ctx.fail("output rows must hold fft_length / 2 + 1 complex bins per input row");
  if (fft_len % 2 != 0 || !rfft_tables(fft_len, p->table))
    ctx.fail("fft_length " + std::to_string(fft_len) + " is not supported (powers of two are)",
             "use a power-of-two FFT length");
  p->params = {in_len, static_cast<int32_t>(rows), fft_len};
  return p;
}

void eval_rfft(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  const int32_t fft_len = p.params[2];
  std::vector<int16_t> work(static_cast<size_t>(fft_len));
  std::vector<ts_cpx16> tmp(static_cast<size_t>(fft_len / 2));
  const RfftTables v = rfft_views(p);
  ts_signal_rfft_s16(at<int16_t>(t, p.input), p.params[0], p.params[1], fft_len, v.factors, v.twiddles, v.super,
                     work.data(), tmp.data(), at<ts_cpx16>(t, p.output));
}

void emit_rfft(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_op_signal r = signal_record(e, p, TS_OP_SIGNAL_RFFT_S16);
  const int32_t ncfft = p.params[2] / 2;
  const uint8_t* b = p.table.data();
  r.consts[0] = e.add_const(b, kMaxFactors * 4);
  r.consts[1] = e.add_const(b + kMaxFactors * 4, static_cast<size_t>(ncfft) * sizeof(ts_cpx16));
  r.consts[2] = e.add_const(b + kMaxFactors * 4 + static_cast<size_t>(ncfft) * sizeof(ts_cpx16),
                            static_cast<size_t>(ncfft / 2) * sizeof(ts_cpx16));
  r.scratch_offset = e.scratch(ts_signal_rfft_s16_get_buffer_size(p.params[2]));
  e.add_record(r);
}

Model example_rfft(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::Int16, {2, 24});
  const int out = b.act(DType::Int16, {2, 34});
  signal_node(b.op(OpType::Custom, {in}, {out}), "SignalRfft", flex_map({{"T", 7}, {"fft_length", 32}}));
  return b.finish({in}, {out});
}

// ---- SignalEnergy: |X[k]|^2 for start <= k < end ----

std::unique_ptr<OpData> prepare_energy(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const FlexOptions o(ctx);
  const Tensor& in = signal_in(ctx, 0, DType::Int16, 1, "input");
  const Tensor& out = signal_out(ctx, 0, DType::UInt32, 1, "output");
  signal_io(ctx, *p, KernelType::Int32);
  const int64_t bins = std::min<int64_t>(in.num_elements() / 2, out.num_elements());
  const int64_t end = o.get("end_index", 0, bins), start = o.get("start_index", 0, end);
  p->params = {static_cast<int32_t>(start), static_cast<int32_t>(end)};
  return p;
}

void eval_energy(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_signal_energy(at<ts_cpx16>(t, p.input), p.params[0], p.params[1], at<uint32_t>(t, p.output));
}

void emit_energy(PlanEmitter& e, const OpData& d) {
  e.add_record(signal_record(e, static_cast<const SignalData&>(d), TS_OP_SIGNAL_ENERGY));
}

Model example_energy(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::Int16, {18});
  const int out = b.act(DType::UInt32, {9});
  // every bin, so the output has no entries the kernel leaves unwritten
  signal_node(b.op(OpType::Custom, {in}, {out}), "SignalEnergy", flex_map({{"end_index", 9}, {"start_index", 0}}));
  return b.finish({in}, {out});
}

TS_REGISTER_OP(signal_def("SignalWindow", 2, 1, KernelType::Int16, "int16 audio, int16 window",
                          {prepare_window, eval_window, emit_window, example_window}));
TS_REGISTER_OP(signal_def("SignalFftAutoScale", 1, 2, KernelType::Int16, "int16 -> int16, int32 scale bits",
                          {prepare_auto_scale, eval_auto_scale, emit_auto_scale, example_auto_scale}));
TS_REGISTER_OP(signal_def("SignalRfft", 1, 1, KernelType::Int16, "int16 (kiss_fft FIXED_POINT 16, power-of-two lengths)",
                          {prepare_rfft, eval_rfft, emit_rfft, example_rfft}));
TS_REGISTER_OP(signal_def("SignalEnergy", 1, 1, KernelType::Int32, "int16 complex -> uint32",
                          {prepare_energy, eval_energy, emit_energy, example_energy}));

}  // namespace
}  // namespace tinysim::ops
