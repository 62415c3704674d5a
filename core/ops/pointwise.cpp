// One-input element-wise ops with a closed formula: LEAKY_RELU, HARD_SWISH,
// RELU_N1_TO_1, RELU_0_TO_1, ABS (float32 and int8) and NEG (float32; TFLM's
// NEG has no integer kernel). Integer arithmetic is TFLite's reference:
// LEAKY_RELU reference_ops::QuantizeLeakyRelu (two multipliers, TFLM
// leaky_relu_common.cc), HARD_SWISH reference_ops::HardSwish (16-bit fixed
// point, TFLite HardSwishPrepare), RELU_N1_TO_1 / RELU_0_TO_1 TFLite's
// QuantizedReluX (requantize, clamp), ABS TFLM elementwise.cc
// AbsEvalQuantized. Target: float in mcu_models/runtime/kernels/pointwise_f32.c;
// int8 as the 256-entry table (TS_OP_LUT_S8) filled by running the host
// kernel on every input, so the firmware's result is the host's.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/host/quantization_util.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct PointwiseData : OpData {
  float alpha = 0.f;                  // LEAKY_RELU
  float clamp_lo = 0.f, clamp_hi = 0.f;  // RELU_N1_TO_1 / RELU_0_TO_1 (float and int8 bounds below)
  int32_t input_zero_point = 0, output_zero_point = 0;
  int32_t multiplier = 0, shift = 0;              // identity (LEAKY_RELU), ReLU-X, ABS rescale
  int32_t alpha_multiplier = 0, alpha_shift = 0;  // LEAKY_RELU, negative inputs
  bool rescale = true;                            // ABS: input and output scales differ
  int32_t act_min = -128, act_max = 127;
  // HARD_SWISH (TFLite HardSwishParams).
  int16_t output_multiplier_q15 = 0, reluish_multiplier_q15 = 0;
  int output_exponent = 0, reluish_exponent = 0;
};

// ---- shared prepare: one input, one output of the same type and size ----

std::unique_ptr<PointwiseData> prepare_common(PrepareContext& ctx, bool allow_int8) {
  auto p = std::make_unique<PointwiseData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  ctx.common_io(*p, i, o);
  if (i.num_elements() != o.num_elements()) ctx.fail("input and output sizes differ");
  if (i.type == DType::Float32) {
    p->kernel = KernelType::Float32;
    return p;
  }
  if (i.type != DType::Int8 || !allow_int8) ctx.unsupported_types();
  p->kernel = KernelType::Int8;
  ctx.require_quantized(i);
  ctx.require_quantized(o);
  p->input_zero_point = ctx.zp_of(i);
  p->output_zero_point = ctx.zp_of(o);
  return p;
}

// Input scale / output scale in the form the op's TFLite source uses.
double scale_ratio(const PrepareContext& ctx, ScaleArithmetic form) {
  return real_multiplier(ctx.scale_of(ctx.in(0, "input")), 1.f, ctx.scale_of(ctx.out()), form);
}

// ---- LEAKY_RELU ----

void read_leaky_relu(OptionsReader& r) {
  if (const auto* o = r.as<tflite::LeakyReluOptions>(BO::LeakyReluOptions)) r.options().extra["alpha"] = o->alpha();
}

WrittenOptions write_leaky_relu(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const auto it = op.options.extra.find("alpha");
  const float alpha = it == op.options.extra.end() ? 0.f : static_cast<float>(it->second);
  return {BO::LeakyReluOptions, tflite::CreateLeakyReluOptions(b, alpha).Union()};
}

std::unique_ptr<OpData> prepare_leaky_relu(PrepareContext& ctx) {
  auto p = prepare_common(ctx, true);
  const auto it = ctx.options().extra.find("alpha");
  p->alpha = it == ctx.options().extra.end() ? 0.f : static_cast<float>(it->second);
  if (!std::isfinite(p->alpha)) ctx.fail("alpha is not a finite number");
  if (p->kernel == KernelType::Int8) {
    // TFLM CalculateOpDataLeakyRelu (leaky_relu_common.cc): static_cast<double>(input scale * alpha / output
    // scale) and static_cast<double>(input scale / output scale), the arithmetic in float.
    const float in_s = ctx.scale_of(ctx.in(0, "input")), out_s = ctx.scale_of(ctx.out());
    quantize_multiplier(real_multiplier(in_s, p->alpha, out_s, ScaleArithmetic::Float), &p->alpha_multiplier,
                        &p->alpha_shift);
    quantize_multiplier(scale_ratio(ctx, ScaleArithmetic::Float), &p->multiplier, &p->shift);
  }
  return p;
}

void leaky_relu_int8(const PointwiseData& p, const int8_t* in, int8_t* out) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const int32_t v = int32_t{in[i]} - p.input_zero_point;
    const int32_t r = v >= 0 ? ts_multiply_by_quantized_multiplier(v, p.multiplier, p.shift)
                             : ts_multiply_by_quantized_multiplier(v, p.alpha_multiplier, p.alpha_shift);
    out[i] = static_cast<int8_t>(ts_clamp_i32(p.output_zero_point + r, -128, 127));
  }
}

float leaky_relu_float(const PointwiseData& p, float x) { return x > 0.f ? x : x * p.alpha; }

// ---- HARD_SWISH ----

WrittenOptions write_hard_swish(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::HardSwishOptions, tflite::CreateHardSwishOptions(b).Union()};
}

// TFLite DownScaleInt32ToInt16Multiplier.
int16_t q31_to_q15(int32_t m) {
  constexpr int32_t kRound = 1 << 15;
  if (m >= std::numeric_limits<int32_t>::max() - kRound) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((m + kRound) >> 16);
}

std::unique_ptr<OpData> prepare_hard_swish(PrepareContext& ctx) {
  auto p = prepare_common(ctx, true);
  if (p->kernel != KernelType::Int8) return p;
  // TFLite HardSwishPrepare: float products, then Q31 -> Q15 multipliers.
  const float hires_input_scale = (1.0f / 128.0f) * ctx.scale_of(ctx.in(0, "input"));
  const float reluish_scale = 3.0f / 32768.0f;
  int32_t m = 0;
  quantize_multiplier(real_multiplier(hires_input_scale, 1.f, ctx.scale_of(ctx.out()), ScaleArithmetic::Float), &m,
                      &p->output_exponent);
  p->output_multiplier_q15 = q31_to_q15(m);
  if (p->output_exponent > 0)
    ctx.fail("output scale is less than 1/128 of the input scale (TFLite's int8 HARD_SWISH needs it at least that)");
  quantize_multiplier(real_multiplier(hires_input_scale, 1.f, reluish_scale, ScaleArithmetic::Float), &m,
                      &p->reluish_exponent);
  p->reluish_multiplier_q15 = q31_to_q15(m);
  return p;
}

// gemmlowp's int16 SaturatingRoundingDoublingHighMul.
int16_t srdhm16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  const int32_t ab = int32_t{a} * int32_t{b};
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}
// TFLite's SaturatingDoublingHighMul (truncating).
int16_t sdhm16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((int32_t{a} * int32_t{b}) / (1 << 15));
}
// gemmlowp's RoundingDivideByPOT on int16 (its mask is an int16 too, which
// matters for exponents of 16 and more: the reference's result, kept).
int16_t rounding_divide_by_pot16(int16_t x, int exponent) {
  const auto mask = static_cast<int16_t>((1LL << exponent) - 1);
  const auto remainder = static_cast<int16_t>(x & mask);
  const auto threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((x >> exponent) + (remainder > threshold ? 1 : 0));
}
int16_t saturating_left_shift16(int16_t v, int amount) {
  const int64_t r = static_cast<int64_t>(v) * (int64_t{1} << amount);
  return static_cast<int16_t>(std::clamp<int64_t>(r, std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max()));
}

void hard_swish_int8(const PointwiseData& p, const int8_t* in, int8_t* out) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const auto v = static_cast<int16_t>(in[i] - p.input_zero_point);
    const auto hires = static_cast<int16_t>(v * (1 << 7));
    const int16_t preshift_out = srdhm16(hires, p.output_multiplier_q15);
    int16_t reluish = hires;
    if (p.reluish_exponent > 0) reluish = saturating_left_shift16(reluish, p.reluish_exponent - 1);
    reluish = srdhm16(reluish, p.reluish_multiplier_q15);
    if (p.reluish_exponent > 0) reluish = saturating_left_shift16(reluish, 1);
    if (p.reluish_exponent < 0) reluish = rounding_divide_by_pot16(reluish, -p.reluish_exponent);
    reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
    const int16_t preshift = sdhm16(reluish, preshift_out);
    // int16 sum, as the reference's output_value += zero point.
    const auto o = static_cast<int16_t>(rounding_divide_by_pot16(preshift, -p.output_exponent) + p.output_zero_point);
    out[i] = static_cast<int8_t>(ts_clamp_i32(o, -128, 127));
  }
}

float hard_swish_float(const PointwiseData&, float x) { return x * std::min(6.f, std::max(0.f, x + 3.f)) / 6.f; }

// ---- RELU_N1_TO_1, RELU_0_TO_1 (TFLite QuantizedReluX) ----

template <int Lo>
std::unique_ptr<OpData> prepare_relu_x(PrepareContext& ctx) {
  auto p = prepare_common(ctx, true);
  p->clamp_lo = static_cast<float>(Lo);
  p->clamp_hi = 1.f;
  if (p->kernel != KernelType::Int8) return p;
  const float os = ctx.scale_of(ctx.out());
  // TFLite ReluPrepare (kernels/activations.cc): double real_multiplier = input scale / output scale, a float quotient.
  quantize_multiplier(scale_ratio(ctx, ScaleArithmetic::Float), &p->multiplier, &p->shift);
  p->act_min = std::max(-128, p->output_zero_point + static_cast<int32_t>(std::round(p->clamp_lo / os)));
  p->act_max = std::min(127, p->output_zero_point + static_cast<int32_t>(std::round(p->clamp_hi / os)));
  return p;
}

void relu_x_int8(const PointwiseData& p, const int8_t* in, int8_t* out) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const int32_t v = p.output_zero_point +
                      ts_multiply_by_quantized_multiplier(int32_t{in[i]} - p.input_zero_point, p.multiplier, p.shift);
    out[i] = static_cast<int8_t>(ts_clamp_i32(v, p.act_min, p.act_max));
  }
}

float relu_x_float(const PointwiseData& p, float x) { return std::min(std::max(x, p.clamp_lo), p.clamp_hi); }

// ---- ABS, NEG ----

WrittenOptions write_abs(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::AbsOptions, tflite::CreateAbsOptions(b).Union()};
}
WrittenOptions write_neg(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::NegOptions, tflite::CreateNegOptions(b).Union()};
}

std::unique_ptr<OpData> prepare_abs(PrepareContext& ctx) {
  auto p = prepare_common(ctx, true);
  if (p->kernel != KernelType::Int8) return p;
  p->rescale = ctx.scale_of(ctx.in(0, "input")) != ctx.scale_of(ctx.out());
  // TFLM SetAbsOutputMultiplier (elementwise.cc): double quotient.
  if (p->rescale) quantize_multiplier(scale_ratio(ctx, ScaleArithmetic::Double), &p->multiplier, &p->shift);
  return p;
}

void abs_int8(const PointwiseData& p, const int8_t* in, int8_t* out) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const int32_t v = std::abs(int32_t{in[i]} - p.input_zero_point);
    const int32_t r = p.rescale ? ts_multiply_by_quantized_multiplier(v, p.multiplier, p.shift) : v;
    out[i] = static_cast<int8_t>(ts_clamp_i32(r + p.output_zero_point, -128, 127));
  }
}

float abs_float(const PointwiseData&, float x) { return std::fabs(x); }

std::unique_ptr<OpData> prepare_neg(PrepareContext& ctx) { return prepare_common(ctx, false); }

float neg_float(const PointwiseData&, float x) { return -x; }

// ---- eval, emit, example shared by all six ----

using FloatFn = float (*)(const PointwiseData&, float);
using Int8Kernel = void (*)(const PointwiseData&, const int8_t*, int8_t*);

template <FloatFn F, Int8Kernel I>
void eval_pointwise(const OpData& d, void* const* t) {
  const auto& p = static_cast<const PointwiseData&>(d);
  if (p.kernel == KernelType::Float32) {
    const float* in = at<float>(t, p.input);
    float* out = at<float>(t, p.output);
    for (int64_t i = 0; i < p.flat_size; ++i) out[i] = F(p, in[i]);
    return;
  }
  I(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
}

void no_int8(const PointwiseData&, const int8_t*, int8_t*) {}  // NEG: prepare refuses int8

template <Int8Kernel I, ts_pointwise Variant>
void emit_pointwise(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const PointwiseData&>(d);
  if (p.kernel == KernelType::Float32) {
    ts_op_pointwise r{};
    r.c = e.common(TS_OP_POINTWISE_F32, static_cast<uint16_t>(Variant));
    r.input = e.tensor(p.input, p.input_shape, p);
    r.output = e.tensor(p.output, p.output_shape, p);
    r.count = static_cast<int32_t>(p.flat_size);
    r.a = Variant == TS_POINTWISE_LEAKY_RELU ? p.alpha : p.clamp_lo;
    r.b = p.clamp_hi;
    e.add_record(r);
    return;
  }
  emit_lut(e, p, int8_table(p, I));
}

// Inputs spread over [-4, 4) (int8: scale 1/32, zero point 3), output on
// another scale and zero point so every requantization path is taken.
Model example_pointwise(OpType type, KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType t = q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {1, 4, 4, 2}, q ? 1.f / 32 : 0.f, q ? 3 : 0);
  float os = 0.05f;
  int64_t ozp = -20;
  if (type == OpType::ReluN1To1 || type == OpType::Relu0To1) os = 1.f / 100, ozp = -2;
  if (type == OpType::Abs) os = 1.f / 30, ozp = -128;
  const int out = b.act(t, {1, 4, 4, 2}, q ? os : 0.f, q ? ozp : 0);
  Operator& op = b.op(type, {in}, {out});
  // A float-exact alpha: the file stores a float, and the round trip must match.
  if (type == OpType::LeakyRelu) op.options.extra["alpha"] = static_cast<double>(0.2f);
  return b.finish({in}, {out});
}
template <OpType T>
Model example_of(KernelType k) {
  return example_pointwise(T, k);
}

OpDef pointwise_def(OpType type, bool int8) {
  OpDef d;
  d.schema.type = type;
  // TFLite's op_version.cc: version 1 for every type here except int8 ABS (2).
  d.schema.min_version = version_1;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = int8;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"}};
  if (int8) d.combos.push_back({KernelType::Int8, kHostAndFirmware, "int8"});
  return d;
}

OpDef leaky_relu_def() {
  OpDef d = pointwise_def(OpType::LeakyRelu, true);
  d.schema.read_options = read_leaky_relu;
  d.schema.write_options = write_leaky_relu;
  d.prepare = prepare_leaky_relu;
  d.eval = eval_pointwise<leaky_relu_float, leaky_relu_int8>;
  d.emit = emit_pointwise<leaky_relu_int8, TS_POINTWISE_LEAKY_RELU>;
  d.example = example_of<OpType::LeakyRelu>;
  return d;
}

OpDef hard_swish_def() {
  OpDef d = pointwise_def(OpType::HardSwish, true);
  d.schema.write_options = write_hard_swish;
  d.combos[1].types = "int8 (output scale at least input scale / 128)";
  d.prepare = prepare_hard_swish;
  d.eval = eval_pointwise<hard_swish_float, hard_swish_int8>;
  d.emit = emit_pointwise<hard_swish_int8, TS_POINTWISE_HARD_SWISH>;
  d.example = example_of<OpType::HardSwish>;
  return d;
}

OpDef relu_n1_to_1_def() {
  OpDef d = pointwise_def(OpType::ReluN1To1, true);
  d.schema.quant.output_clamp = Activation::ReluN1To1;
  d.schema.quant.qat_range_from_input = true;
  d.prepare = prepare_relu_x<-1>;
  d.eval = eval_pointwise<relu_x_float, relu_x_int8>;
  d.emit = emit_pointwise<relu_x_int8, TS_POINTWISE_CLAMP>;
  d.example = example_of<OpType::ReluN1To1>;
  return d;
}

OpDef relu_0_to_1_def() {
  OpDef d = pointwise_def(OpType::Relu0To1, true);
  d.schema.quant.qat_range_from_input = true;
  d.prepare = prepare_relu_x<0>;
  d.eval = eval_pointwise<relu_x_float, relu_x_int8>;
  d.emit = emit_pointwise<relu_x_int8, TS_POINTWISE_CLAMP>;
  d.example = example_of<OpType::Relu0To1>;
  return d;
}

OpDef abs_def() {
  OpDef d = pointwise_def(OpType::Abs, true);
  d.schema.min_version = version_int8_2;
  d.schema.write_options = write_abs;
  d.prepare = prepare_abs;
  d.eval = eval_pointwise<abs_float, abs_int8>;
  d.emit = emit_pointwise<abs_int8, TS_POINTWISE_ABS>;
  d.example = example_of<OpType::Abs>;
  return d;
}

OpDef neg_def() {
  OpDef d = pointwise_def(OpType::Neg, false);
  d.schema.write_options = write_neg;
  d.prepare = prepare_neg;
  d.eval = eval_pointwise<neg_float, no_int8>;
  d.emit = emit_pointwise<no_int8, TS_POINTWISE_NEG>;
  d.example = example_of<OpType::Neg>;
  return d;
}

TS_REGISTER_OP(leaky_relu_def());
TS_REGISTER_OP(hard_swish_def());
TS_REGISTER_OP(relu_n1_to_1_def());
TS_REGISTER_OP(relu_0_to_1_def());
TS_REGISTER_OP(abs_def());
TS_REGISTER_OP(neg_def());

}  // namespace
}  // namespace tinysim::ops
