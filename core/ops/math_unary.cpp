// One-input math ops: EXP, LOG, SQRT (float32, TFLM has no integer kernel
// for them), RSQRT (float32, int8 and int16) and ELU (float32 and int8):
// * float: std::exp, std::log, std::sqrt, 1 / std::sqrt, and ELU as
//   reference_ops::Elu (x < 0 ? expm1(x) : x);
// * int8 RSQRT: TFLite's RsqrtEvalQuantized (elementwise.cc):
//   GetInvSqrtQuantizedMultiplierExp of (q - zp_in), rescaled with
//   QuantizeMultiplier(1. / (sqrtf(in_scale) * out_scale)); 0 gives 127.
//   TFLite stops with an error on inputs below the zero point; they give
//   127 here too (the table needs a value); int16 the same per element
//   (TFLM's RsqrtEvalQuantized<int16_t>, zero points 0, 32767 for 0),
//   core/common/inv_sqrt.h's ts_rsqrt_quantized on both sides;
// * int8 ELU: TFLM elu.cc's 256-entry table, built in float
//   (PopulateLookupTable with exp(x) - 1 for x < 0).
// Target: float in mcu_models/runtime/kernels/pointwise_f32.c (newlib's
// expf, logf, sqrtf, expm1f); int8 as the 256-entry table (TS_OP_LUT_S8)
// filled by running the host kernel on every input; int16 RSQRT per element
// (TS_OP_RSQRT_S16, kernels/rsqrt_s16.c).
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/common/inv_sqrt.h"
#include "core/host/quantization_util.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct MathData : OpData {
  float input_scale = 0.f, output_scale = 0.f;
  int32_t input_zero_point = 0, output_zero_point = 0;
  int32_t multiplier = 0, shift = 0;  // integer RSQRT
};

std::unique_ptr<MathData> prepare_math(PrepareContext& ctx, bool int8, bool int16 = false) {
  auto p = std::make_unique<MathData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  ctx.common_io(*p, i, o);
  if (i.num_elements() != o.num_elements()) ctx.fail("input and output sizes differ");
  p->kernel = int8 ? ctx.kernel_of(i.type, int16) : KernelType::Float32;
  if (!int8 && i.type != DType::Float32) ctx.unsupported_types();
  if (p->kernel != KernelType::Float32) {
    ctx.require_quantized(i);
    ctx.require_quantized(o);
    p->input_scale = ctx.scale_of(i);
    p->output_scale = ctx.scale_of(o);
    p->input_zero_point = ctx.zp_of(i);
    p->output_zero_point = ctx.zp_of(o);
  }
  return p;
}

std::unique_ptr<OpData> prepare_float_only(PrepareContext& ctx) { return prepare_math(ctx, false); }
std::unique_ptr<OpData> prepare_elu(PrepareContext& ctx) { return prepare_math(ctx, true); }

std::unique_ptr<OpData> prepare_rsqrt(PrepareContext& ctx) {
  auto p = prepare_math(ctx, true, true);
  if (p->kernel == KernelType::Int16 && (p->input_zero_point != 0 || p->output_zero_point != 0))
    ctx.fail("int16 RSQRT needs zero points of 0 (TFLite Micro checks it)");
  if (p->kernel != KernelType::Float32) {
    // SetRsqrtOutputMultiplier: std::sqrt of the float scale is a float, so is its product; the quotient double.
    const float denominator = std::sqrt(p->input_scale) * p->output_scale;
    int shift = 0;
    quantize_multiplier(1. / denominator, &p->multiplier, &shift);
    p->shift = shift;
  }
  return p;
}

template <class T>
void rsqrt_integer(const MathData& p, const T* in, T* out) {
  for (int64_t k = 0; k < p.flat_size; ++k)
    out[k] = static_cast<T>(ts_rsqrt_quantized(int32_t{in[k]} - p.input_zero_point, p.multiplier, p.shift,
                                               p.output_zero_point, std::numeric_limits<T>::min(),
                                               std::numeric_limits<T>::max()));
}
void rsqrt_int8(const MathData& p, const int8_t* in, int8_t* out) { rsqrt_integer(p, in, out); }

// TFLM PopulateLookupTable<int8_t> with elu.cc's transform, applied per element.
void elu_int8(const MathData& p, const int8_t* in, int8_t* out) {
  const float inverse_scale = 1 / p.output_scale;
  for (int64_t k = 0; k < p.flat_size; ++k) {
    const float dequantized = p.input_scale * static_cast<float>(int32_t{in[k]} - p.input_zero_point);
    const float transformed = dequantized < 0.0f ? std::exp(dequantized) - 1.0f : dequantized;
    const float rescaled = std::round(transformed * inverse_scale);
    const auto quantized = static_cast<int32_t>(rescaled + static_cast<float>(p.output_zero_point));
    out[k] = static_cast<int8_t>(std::max(std::min(127, quantized), -128));
  }
}

float exp_float(float x) { return std::exp(x); }
float log_float(float x) { return std::log(x); }
float sqrt_float(float x) { return std::sqrt(x); }
float rsqrt_float(float x) { return 1.f / std::sqrt(x); }
float elu_float(float x) { return x < 0.0f ? std::expm1(x) : x; }

using FloatFn = float (*)(float);
using Int8Kernel = void (*)(const MathData&, const int8_t*, int8_t*);

void no_int8(const MathData&, const int8_t*, int8_t*) {}  // prepare refuses int8

template <FloatFn F, Int8Kernel I>
void eval_math(const OpData& d, void* const* t) {
  const auto& p = static_cast<const MathData&>(d);
  if (p.kernel == KernelType::Int16) {  // RSQRT only (the others' prepare refuses int16)
    rsqrt_integer(p, at<int16_t>(t, p.input), at<int16_t>(t, p.output));
    return;
  }
  if (p.kernel == KernelType::Int8) {
    I(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
    return;
  }
  const float* in = at<float>(t, p.input);
  float* out = at<float>(t, p.output);
  for (int64_t k = 0; k < p.flat_size; ++k) out[k] = F(in[k]);
}

template <Int8Kernel I, ts_pointwise Variant>
void emit_math(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const MathData&>(d);
  if (p.kernel == KernelType::Int8) {
    emit_lut(e, p, int8_table(p, I));
    return;
  }
  if (p.kernel == KernelType::Int16) {
    ts_op_quant r{};
    r.c = e.common(TS_OP_RSQRT_S16);
    r.input = e.tensor(p.input, p.input_shape, p);
    r.output = e.tensor(p.output, p.output_shape, p);
    r.count = static_cast<int32_t>(p.flat_size);
    r.multiplier = p.multiplier;
    r.shift = p.shift;
    e.add_record(r);
    return;
  }
  ts_op_pointwise r{};
  r.c = e.common(TS_OP_POINTWISE_F32, static_cast<uint16_t>(Variant));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.count = static_cast<int32_t>(p.flat_size);
  e.add_record(r);
}

// int8: inputs over [-4, 4) (scale 1/32, zero point 3) to an output of its own scale.
// int16 (RSQRT): scale 1/4096 in, 1/1024 out, zero points 0.
template <OpType T>
Model example_math(KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8, i16 = k == KernelType::Int16;
  const DType t = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {1, 4, 4, 2}, i16 ? 1.f / 4096 : q ? 1.f / 32 : 0.f, q ? 3 : 0);
  const int out = b.act(t, {1, 4, 4, 2}, i16 ? 1.f / 1024 : q ? 1.f / 20 : 0.f, q ? -60 : 0);
  b.op(T, {in}, {out});
  return b.finish({in}, {out});
}

template <OpType T, FloatFn F, Int8Kernel I, ts_pointwise Variant>
OpDef math_def(std::unique_ptr<OpData> (*prepare)(PrepareContext&), bool int8, bool int16 = false) {
  OpDef d;
  d.schema.type = T;
  d.schema.min_version = int16 ? version_int8_2_int16_3 : int8 ? version_int8_2 : version_1;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"}};
  if (int8) d.combos.push_back({KernelType::Int8, kHostAndFirmware, "int8 (256-entry table)"});
  if (int16) d.combos.push_back({KernelType::Int16, kHostAndFirmware, "int16 (zero points 0, per element)"});
  d.prepare = prepare;
  d.eval = eval_math<F, I>;
  d.emit = emit_math<I, Variant>;
  d.example = example_math<T>;
  return d;
}

TS_REGISTER_OP(math_def<OpType::Exp, exp_float, no_int8, TS_POINTWISE_EXP>(prepare_float_only, false));
TS_REGISTER_OP(math_def<OpType::Log, log_float, no_int8, TS_POINTWISE_LOG>(prepare_float_only, false));
TS_REGISTER_OP(math_def<OpType::Sqrt, sqrt_float, no_int8, TS_POINTWISE_SQRT>(prepare_float_only, false));
TS_REGISTER_OP(math_def<OpType::Rsqrt, rsqrt_float, rsqrt_int8, TS_POINTWISE_RSQRT>(prepare_rsqrt, true, true));
TS_REGISTER_OP(math_def<OpType::Elu, elu_float, elu_int8, TS_POINTWISE_ELU>(prepare_elu, true));

}  // namespace
}  // namespace tinysim::ops
