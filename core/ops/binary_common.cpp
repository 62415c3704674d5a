#include "core/ops/binary_common.h"

#include <algorithm>
#include <climits>

#include "core/host/quantization_util.h"

namespace tinysim::ops {

void prepare_binary(PrepareContext& ctx, BinaryData& p, bool allow_int16, bool allow_int32) {
  const Tensor& a = ctx.in(0, "first");
  const Tensor& b = ctx.in(1, "second");
  const Tensor& o = ctx.out();
  if (a.type != o.type || b.type != o.type) ctx.unsupported_types();
  p.kernel = ctx.kernel_of(o.type, allow_int16, allow_int32);
  ctx.common_io(p, a, o);
  p.input2 = ctx.op().inputs[1];
  p.input2_shape = ctx.dims(b);
  const Dims4 &x = p.input_shape, &y = p.input2_shape, &z = p.output_shape;
  for (int d = 0; d < 4; ++d) {
    const int32_t want = std::max(x[d], y[d]);
    if ((x[d] != want && x[d] != 1) || (y[d] != want && y[d] != 1) || z[d] != want)
      ctx.fail("operand shapes cannot be broadcast to the output shape");
  }
  p.broadcast = !(x == y);
  if (p.kernel == KernelType::Int32) {
    if (o.type != DType::Int32) ctx.unsupported_types();
    // CalculateActivationRange<int32_t>: the fused activation in plain units.
    const Activation act = ctx.options().activation;
    p.act_min = act == Activation::Relu || act == Activation::Relu6 ? 0 : act == Activation::ReluN1To1 ? -1 : INT32_MIN;
    p.act_max = act == Activation::Relu6 ? 6 : act == Activation::ReluN1To1 ? 1 : INT32_MAX;
    if (act == Activation::Tanh || act == Activation::SignBit) ctx.fail("fused activation TANH/SIGN_BIT is not supported");
    return;
  }
  if (p.kernel != KernelType::Float32) {
    ctx.require_quantized(a);
    ctx.require_quantized(b);
    ctx.require_quantized(o);
    p.input_offset = -ctx.zp_of(a);
    p.input2_offset = -ctx.zp_of(b);
    p.output_offset = ctx.zp_of(o);
  }
}

void prepare_add_rescale(PrepareContext& ctx, BinaryData& p, ScaleArithmetic form) {
  if (p.kernel == KernelType::Float32) return;
  const float sa = ctx.scale_of(ctx.in(0, "first")), sb = ctx.scale_of(ctx.in(1, "second"));
  const float so = ctx.scale_of(ctx.out());
  p.left_shift = p.kernel == KernelType::Int16 ? 15 : 20;
  // Doubling and the power-of-two factor are exact in float and double alike; only the quotients differ.
  const float twice_max = 2.f * std::max(sa, sb);
  const float denominator = static_cast<float>(1 << p.left_shift) * so;
  int s1 = 0, s2 = 0;
  quantize_multiplier(real_multiplier(sa, 1.f, twice_max, form), &p.input1_multiplier, &s1);
  quantize_multiplier(real_multiplier(sb, 1.f, twice_max, form), &p.input2_multiplier, &s2);
  p.input1_shift = s1;
  p.input2_shift = s2;
  PrepareContext::single_multiplier(p, real_multiplier(twice_max, 1.f, denominator, form));
}

void read_activation_options(OptionsReader& r) {
  using BO = tflite::BuiltinOptions;
  OpOptions& o = r.options();
  if (const auto* a = r.as<tflite::AddOptions>(BO::AddOptions))
    o.activation = r.activation(a->fused_activation_function());
  if (const auto* m = r.as<tflite::MulOptions>(BO::MulOptions))
    o.activation = r.activation(m->fused_activation_function());
}

ts_op_binary binary_record(PlanEmitter& e, const BinaryData& p, uint16_t kind) {
  ts_op_binary r{};
  r.c = e.common(kind);
  r.in1 = e.tensor(p.input, p.input_shape, p);
  r.in2 = e.tensor(p.input2, p.input2_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.input1_offset = p.input_offset;
  r.input2_offset = p.input2_offset;
  r.output_offset = p.output_offset;
  r.left_shift = p.left_shift;
  r.input1_multiplier = p.input1_multiplier;
  r.input1_shift = p.input1_shift;
  r.input2_multiplier = p.input2_multiplier;
  r.input2_shift = p.input2_shift;
  // (MAXIMUM / MINIMUM compare stored values and have no requantization)
  if (p.kernel != KernelType::Float32 && !p.output_multiplier.empty()) {
    r.output_multiplier = p.output_multiplier.at(0);
    r.output_shift = p.output_shift.at(0);
  }
  r.act_min = p.act_min;
  r.act_max = p.act_max;
  r.f_act_min = p.act_min_f;
  r.f_act_max = p.act_max_f;
  r.broadcast = p.broadcast ? 1 : 0;
  return r;
}

}  // namespace tinysim::ops
