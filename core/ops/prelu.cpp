// PRELU: out = x >= 0 ? x : x * alpha, alpha broadcast against the input
// (4-D), float32 and int8 with TFLite Micro's arithmetic (prelu.cc
// CalculatePreluParams, reference_ops::BroadcastPrelu4DSlow): identity
// multiplier double(in_scale) / double(out_scale) for x >= 0, alpha
// multiplier double(in_scale) * double(alpha_scale) / double(out_scale) on
// (x - zp_in) * (alpha - zp_alpha) otherwise, + zp_out, clamped to int8.
// The record is ts_op_binary (input1_* the identity, input2_* the alpha
// multiplier). Target kernels: mcu_models/runtime/kernels/prelu.c.
#include <algorithm>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/ops/binary_common.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {
namespace {

std::unique_ptr<OpData> prepare_prelu(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  prepare_binary(ctx, *p, false);
  if (p->kernel != KernelType::Int8) return p;
  const double in_s = ctx.scale_of(ctx.in(0, "input")), alpha_s = ctx.scale_of(ctx.in(1, "alpha"));
  const double out_s = ctx.scale_of(ctx.out());
  int s1 = 0, s2 = 0;
  quantize_multiplier(in_s / out_s, &p->input1_multiplier, &s1);
  quantize_multiplier(in_s * alpha_s / out_s, &p->input2_multiplier, &s2);
  p->input1_shift = s1;
  p->input2_shift = s2;
  p->act_min = -128;
  p->act_max = 127;
  return p;
}

inline int8_t prelu_int8(const BinaryData& p, int32_t x, int32_t alpha) {
  const int32_t v = p.input_offset + x;
  const int32_t r = v >= 0 ? ts_multiply_by_quantized_multiplier(v, p.input1_multiplier, p.input1_shift)
                           : ts_multiply_by_quantized_multiplier(v * (p.input2_offset + alpha), p.input2_multiplier,
                                                                 p.input2_shift);
  return static_cast<int8_t>(ts_clamp_i32(r + p.output_offset, p.act_min, p.act_max));
}

void eval_prelu(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  if (p.kernel == KernelType::Float32) {
    const float *x = at<float>(t, p.input), *a = at<float>(t, p.input2);
    float* out = at<float>(t, p.output);
    kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) { out[o] = x[i] >= 0.f ? x[i] : x[i] * a[j]; });
    return;
  }
  const int8_t *x = at<int8_t>(t, p.input), *a = at<int8_t>(t, p.input2);
  int8_t* out = at<int8_t>(t, p.output);
  kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) { out[o] = prelu_int8(p, x[i], a[j]); });
}

void emit_prelu(PlanEmitter& e, const OpData& d) {
  const auto kind = d.kernel == KernelType::Int8 ? TS_OP_PRELU_S8 : TS_OP_PRELU_F32;
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}

// [1, 2, 3, 4] input, per-channel alpha [4] (a constant, as converters write it).
Model example_prelu(KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType t = q ? DType::Int8 : DType::Float32;
  const int x = b.act(t, {1, 2, 3, 4}, q ? 0.5f : 0.f, q ? 3 : 0);
  const int alpha = q ? b.constant<int8_t>(DType::Int8, {4}, {10, -20, 64, 127}, {0.01f})
                      : b.constant<float>(DType::Float32, {4}, {0.1f, -0.2f, 0.64f, 1.27f});
  const int out = b.act(t, {1, 2, 3, 4}, q ? 0.25f : 0.f, q ? -5 : 0);
  b.op(OpType::Prelu, {x, alpha}, {out});
  return b.finish({x}, {out});
}

OpDef prelu_def() {
  OpDef d;
  d.schema.type = OpType::Prelu;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.min_version = version_int8_2;
  d.schema.macs = no_macs;
  d.schema.weight_operands = 0b10;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"}, {KernelType::Int8, kHostAndFirmware, "int8"}};
  d.prepare = prepare_prelu;
  d.eval = eval_prelu;
  d.emit = emit_prelu;
  d.example = example_prelu;
  return d;
}

TS_REGISTER_OP(prelu_def());

}  // namespace
}  // namespace tinysim::ops
