// TFLM's Signal ops from power spectrum to log-mel features: SignalFilterBank,
// SignalFilterBankSquareRoot, SignalFilterBankSpectralSubtraction (stateful:
// its noise estimate persists from one invocation to the next and resets to
// zero, as TFLM's persistent buffer), SignalPCAN and SignalFilterBankLog, as
// tflite-micro signal/micro/kernels/{filter_bank, filter_bank_square_root,
// filter_bank_spectral_subtraction, pcan, filter_bank_log}.cc define them.
// Arithmetic: ts_signal.h, shared with mcu_models/runtime/kernels/signal.c.
#include <cstring>
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/signal_common.h"

namespace tinysim::ops {
namespace {

// ---- SignalFilterBank: triangular mel channels over the energy bins ----

std::unique_ptr<OpData> prepare_filter_bank(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const FlexOptions o(ctx);
  const Tensor& in = signal_in(ctx, 0, DType::UInt32, 1, "input");
  const Tensor& out = signal_out(ctx, 0, DType::UInt64, 1, "output");
  signal_io(ctx, *p, KernelType::Int32);
  const char* roles[] = {"weights", "unweights", "channel frequency starts", "channel weight starts",
                         "channel widths"};
  for (size_t k = 0; k < 5; ++k) p->const_tensors[k] = signal_const(ctx, k + 1, DType::Int16, roles[k]);
  const int32_t channels = static_cast<int32_t>(o.get("num_channels", 1, 4096));
  if (out.num_elements() != channels) ctx.fail("output must have num_channels entries");
  const Model& m = ctx.model();
  auto table = [&](size_t k) -> const Tensor& { return m.tensors[static_cast<size_t>(p->const_tensors[k])]; };
  const Tensor &w = table(0), &uw = table(1), &fs = table(2), &ws = table(3), &wd = table(4);
  if (uw.num_elements() != w.num_elements()) ctx.fail("weights and unweights differ in length");
  if (fs.num_elements() != channels + 1 || ws.num_elements() != channels + 1 || wd.num_elements() != channels + 1)
    ctx.fail("channel tables must have num_channels + 1 entries");
  // Every table index in range, so neither kernel reads out of bounds.
  for (int32_t i = 0; i <= channels; ++i) {
    const int32_t f0 = fs.as<int16_t>()[i], w0 = ws.as<int16_t>()[i], n = wd.as<int16_t>()[i];
    if (f0 < 0 || w0 < 0 || n < 0 || f0 + n > in.num_elements() || w0 + n > w.num_elements())
      ctx.fail("channel " + std::to_string(i) + " reaches beyond the input or the weights");
  }
  p->params[0] = channels;
  return p;
}

void eval_filter_bank(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  std::vector<uint64_t> work(static_cast<size_t>(p.params[0]) + 1);
  const auto c = [&](size_t k) { return at<int16_t>(t, p.const_tensors[k]); };
  ts_signal_filter_bank(at<uint32_t>(t, p.input), p.params[0], c(0), c(1), c(2), c(3), c(4), work.data(),
                        at<uint64_t>(t, p.output));
}

void emit_filter_bank(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_op_signal r = signal_record(e, p, TS_OP_SIGNAL_FILTER_BANK);
  r.scratch_offset = e.scratch(ts_signal_filter_bank_get_buffer_size(p.params[0]));
  e.add_record(r);
}

Model example_filter_bank(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::UInt32, {12});
  const int w = b.constant<int16_t>(DType::Int16, {8}, {4096, 2048, 1024, 3000, 4000, 500, 100, 4095});
  const int uw = b.constant<int16_t>(DType::Int16, {8}, {0, 2048, 3072, 1096, 96, 3596, 3996, 1});
  const int fs = b.constant<int16_t>(DType::Int16, {4}, {1, 2, 5, 8});
  const int ws = b.constant<int16_t>(DType::Int16, {4}, {0, 1, 4, 6});
  const int wd = b.constant<int16_t>(DType::Int16, {4}, {1, 3, 2, 2});
  const int out = b.act(DType::UInt64, {3});
  signal_node(b.op(OpType::Custom, {in, w, uw, fs, ws, wd}, {out}), "SignalFilterBank",
              flex_map({{"num_channels", 3}}));
  return b.finish({in}, {out});
}

// ---- SignalFilterBankSquareRoot: sqrt64(x) >> scale bits ----

std::unique_ptr<OpData> prepare_sqrt(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const Tensor& in = signal_in(ctx, 0, DType::UInt64, 1, "input");
  signal_in(ctx, 1, DType::Int32, 0, "scale bits");
  const Tensor& out = signal_out(ctx, 0, DType::UInt32, 1, "output");
  if (in.num_elements() != out.num_elements()) ctx.fail("input and output sizes differ");
  signal_io(ctx, *p, KernelType::Int32);
  p->input2 = ctx.in_index(1);
  p->params[0] = static_cast<int32_t>(in.num_elements());
  return p;
}

void eval_sqrt(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_signal_filter_bank_sqrt(at<uint64_t>(t, p.input), p.params[0], *at<int32_t>(t, p.input2),
                             at<uint32_t>(t, p.output));
}

void emit_sqrt(PlanEmitter& e, const OpData& d) {
  e.add_record(signal_record(e, static_cast<const SignalData&>(d), TS_OP_SIGNAL_FILTER_BANK_SQRT));
}

Model example_sqrt(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::UInt64, {6});
  const int bits = b.constant<int32_t>(DType::Int32, {}, {3});
  const int out = b.act(DType::UInt32, {6});
  signal_node(b.op(OpType::Custom, {in, bits}, {out}), "SignalFilterBankSquareRoot", {});
  return b.finish({in}, {out});
}

// ---- SignalFilterBankSpectralSubtraction (stateful) ----

struct SubtractionData : SignalData {
  ts_spectral_subtraction_config config{};
};

std::unique_ptr<OpData> prepare_subtraction(PrepareContext& ctx) {
  auto p = std::make_unique<SubtractionData>();
  const FlexOptions o(ctx);
  const Tensor& in = signal_in(ctx, 0, DType::UInt32, 1, "input");
  const Tensor& out = signal_out(ctx, 0, DType::UInt32, 1, "output");
  const Tensor& noise = signal_out(ctx, 1, DType::UInt32, 1, "noise estimate");
  signal_io(ctx, *p, KernelType::Int32);
  p->output2 = ctx.op().outputs[1];
  ts_spectral_subtraction_config& c = p->config;
  c.num_channels = static_cast<int32_t>(o.get("num_channels", 1, 4096));
  if (in.num_elements() != c.num_channels || out.num_elements() != c.num_channels ||
      noise.num_elements() != c.num_channels)
    ctx.fail("input, output and noise estimate must have num_channels entries");
  const int64_t u32 = 0xFFFFFFFFll;
  c.smoothing = static_cast<uint32_t>(o.get("smoothing", 0, u32));
  c.one_minus_smoothing = static_cast<uint32_t>(o.get("one_minus_smoothing", 0, u32));
  c.alternate_smoothing = static_cast<uint32_t>(o.get("alternate_smoothing", 0, u32));
  c.alternate_one_minus_smoothing = static_cast<uint32_t>(o.get("alternate_one_minus_smoothing", 0, u32));
  c.smoothing_bits = static_cast<uint32_t>(o.get("smoothing_bits", 0, 31));
  c.spectral_subtraction_bits = static_cast<uint32_t>(o.get("spectral_subtraction_bits", 0, 63));
  c.min_signal_remaining = static_cast<uint32_t>(o.get("min_signal_remaining", 0, u32));
  c.clamping = o.get("clamping", 0, 1) != 0;
  p->params[0] = c.num_channels;
  return p;
}

uint32_t subtraction_state_bytes(const OpData& d) {
  return static_cast<uint32_t>(static_cast<const SubtractionData&>(d).config.num_channels) * 4u;
}

void eval_subtraction(const OpData& d, void* const* t, uint8_t* state) {
  const auto& p = static_cast<const SubtractionData&>(d);
  auto* noise = reinterpret_cast<uint32_t*>(state);
  ts_signal_spectral_subtraction(&p.config, at<uint32_t>(t, p.input), at<uint32_t>(t, p.output), noise);
  std::memcpy(at<uint32_t>(t, p.output2), noise, subtraction_state_bytes(d));
}

void emit_subtraction(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const SubtractionData&>(d);
  ts_op_signal r = signal_record(e, p, TS_OP_SIGNAL_SPECTRAL_SUBTRACTION);
  r.consts[0] = e.add_const(&p.config, sizeof p.config);
  r.state_offset = e.state(subtraction_state_bytes(d));
  e.add_record(r);
}

std::vector<uint8_t> subtraction_options(int64_t channels) {
  return flex_map({{"alternate_one_minus_smoothing", 15729},
                   {"alternate_smoothing", 655},
                   {"clamping", 0},
                   {"min_signal_remaining", 819},
                   {"num_channels", channels},
                   {"one_minus_smoothing", 15729},
                   {"smoothing", 655},
                   {"smoothing_bits", 10},
                   {"spectral_subtraction_bits", 14}});
}

Model example_subtraction(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::UInt32, {6});
  const int out = b.act(DType::UInt32, {6});
  const int noise = b.act(DType::UInt32, {6});
  signal_node(b.op(OpType::Custom, {in}, {out, noise}), "SignalFilterBankSpectralSubtraction",
              subtraction_options(6));
  return b.finish({in}, {out, noise});
}

// ---- SignalPCAN: per-channel automatic gain control ----

std::unique_ptr<OpData> prepare_pcan(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const FlexOptions o(ctx);
  const Tensor& in = signal_in(ctx, 0, DType::UInt32, 1, "input");
  const Tensor& noise = signal_in(ctx, 1, DType::UInt32, 1, "noise estimate");
  const Tensor& out = signal_out(ctx, 0, DType::UInt32, 1, "output");
  signal_io(ctx, *p, KernelType::Int32);
  p->input2 = ctx.in_index(1);
  p->const_tensors[0] = signal_const(ctx, 2, DType::Int16, "gain LUT");
  // WideDynamicFunction reads up to lut[4 * 32 - 6 + 2].
  if (ctx.model().tensors[static_cast<size_t>(p->const_tensors[0])].num_elements() < 125)
    ctx.fail("gain LUT must have at least 125 entries");
  if (in.num_elements() < 1 || noise.num_elements() != in.num_elements() || out.num_elements() != in.num_elements())
    ctx.fail("input, noise estimate and output sizes differ");
  p->params = {static_cast<int32_t>(o.get("snr_shift", 0, 63)), static_cast<int32_t>(in.num_elements())};
  return p;
}

void eval_pcan(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_signal_pcan(at<uint32_t>(t, p.input), at<uint32_t>(t, p.input2), at<int16_t>(t, p.const_tensors[0]), p.params[0],
                 p.params[1], at<uint32_t>(t, p.output));
}

void emit_pcan(PlanEmitter& e, const OpData& d) {
  e.add_record(signal_record(e, static_cast<const SignalData&>(d), TS_OP_SIGNAL_PCAN));
}

Model example_pcan(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::UInt32, {5});
  const int noise = b.act(DType::UInt32, {5});
  std::vector<int16_t> lut(125);
  for (size_t i = 0; i < lut.size(); ++i) lut[i] = static_cast<int16_t>((i * 2654435761u >> 7) % 8192);
  const int g = b.constant<int16_t>(DType::Int16, {125}, lut);
  const int out = b.act(DType::UInt32, {5});
  signal_node(b.op(OpType::Custom, {in, noise, g}, {out}), "SignalPCAN", flex_map({{"snr_shift", 6}}));
  return b.finish({in, noise}, {out});
}

// ---- SignalFilterBankLog: scaled natural log, saturated to int16 ----

std::unique_ptr<OpData> prepare_log(PrepareContext& ctx) {
  auto p = std::make_unique<SignalData>();
  const FlexOptions o(ctx);
  const Tensor& in = signal_in(ctx, 0, DType::UInt32, 1, "input");
  const Tensor& out = signal_out(ctx, 0, DType::Int16, 1, "output");
  if (in.num_elements() != out.num_elements()) ctx.fail("input and output sizes differ");
  signal_io(ctx, *p, KernelType::Int16);
  p->params = {static_cast<int32_t>(o.get("output_scale", 0, 0x7FFFFFFF)),
               static_cast<int32_t>(o.get("input_correction_bits", 0, 31)), static_cast<int32_t>(in.num_elements())};
  return p;
}

void eval_log(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SignalData&>(d);
  ts_signal_filter_bank_log(at<uint32_t>(t, p.input), p.params[2], p.params[0], static_cast<uint32_t>(p.params[1]),
                            at<int16_t>(t, p.output));
}

void emit_log(PlanEmitter& e, const OpData& d) {
  e.add_record(signal_record(e, static_cast<const SignalData&>(d), TS_OP_SIGNAL_FILTER_BANK_LOG));
}

Model example_log(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::UInt32, {8});
  const int out = b.act(DType::Int16, {8});
  signal_node(b.op(OpType::Custom, {in}, {out}), "SignalFilterBankLog",
              flex_map({{"input_correction_bits", 3}, {"output_scale", 1600}}));
  return b.finish({in}, {out});
}

OpDef subtraction_def() {
  OpDef d = signal_def("SignalFilterBankSpectralSubtraction", 1, 2, KernelType::Int32, "uint32 (keeps its noise estimate)",
                       {prepare_subtraction, nullptr, emit_subtraction, example_subtraction});
  d.state_bytes = subtraction_state_bytes;
  d.eval_state = eval_subtraction;
  return d;
}

TS_REGISTER_OP(signal_def("SignalFilterBank", 6, 1, KernelType::Int32, "uint32 -> uint64, int16 tables",
                          {prepare_filter_bank, eval_filter_bank, emit_filter_bank, example_filter_bank}));
TS_REGISTER_OP(signal_def("SignalFilterBankSquareRoot", 2, 1, KernelType::Int32, "uint64 -> uint32",
                          {prepare_sqrt, eval_sqrt, emit_sqrt, example_sqrt}));
TS_REGISTER_OP(subtraction_def());
TS_REGISTER_OP(signal_def("SignalPCAN", 3, 1, KernelType::Int32, "uint32, int16 gain LUT",
                          {prepare_pcan, eval_pcan, emit_pcan, example_pcan}));
TS_REGISTER_OP(signal_def("SignalFilterBankLog", 1, 1, KernelType::Int16, "uint32 -> int16",
                          {prepare_log, eval_log, emit_log, example_log}));

}  // namespace
}  // namespace tinysim::ops
