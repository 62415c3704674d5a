// L2_NORMALIZATION over the last dimension (up to 4-D), float32 and int8 as
// TFLite Micro's l2norm.cc runs them (reference_ops / reference_integer_ops
// L2Normalization): float divides by max(sqrt(sum x^2), 1e-6); int8 sums
// (q - zp)^2 in int32, takes GetInvSqrtQuantizedMultiplierExp of the sum
// and writes (q - zp) * inv_sqrt in 1/128 units (output scale 1/128, zero
// point 0, as TFLite's prepare requires). No fused activation (TFLM refuses
// one). Record ts_op_mean (count = depth). Target kernels:
// mcu_models/runtime/kernels/l2_norm.c, the same shared inv_sqrt.h.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/common/inv_sqrt.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct L2NormData : OpData {
  int32_t depth = 1;
  int64_t outer = 1;
  int32_t input_zero_point = 0;
};

void read_l2_norm(OptionsReader& r) {
  if (const auto* o = r.as<tflite::L2NormOptions>(BO::L2NormOptions))
    r.options().activation = r.activation(o->fused_activation_function());
}

WrittenOptions write_l2_norm(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::L2NormOptions, tflite::CreateL2NormOptions(b, fb_activation(op.options.activation)).Union()};
}

std::unique_ptr<OpData> prepare_l2_norm(PrepareContext& ctx) {
  auto p = std::make_unique<L2NormData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(i.type, false);
  ctx.common_io(*p, i, o);
  if (i.shape.empty() || i.shape.size() > 4) ctx.fail("input must have 1 to 4 dimensions");
  if (i.shape != o.shape) ctx.fail("input and output shapes differ");
  if (ctx.options().activation != Activation::None)
    ctx.fail("a fused activation is not supported (TFLite Micro's L2_NORMALIZATION has none)");
  p->depth = i.shape.back();
  if (p->depth < 1) ctx.fail("the last dimension is empty");
  p->outer = i.num_elements() / p->depth;
  if (p->kernel == KernelType::Int8) {
    ctx.require_quantized(i);
    ctx.require_quantized(o);
    if (ctx.scale_of(o) != 1.f / 128 || ctx.zp_of(o) != 0)
      ctx.fail("int8 output must have scale 1/128 and zero point 0 (TFLite's int8 L2_NORMALIZATION)");
    p->input_zero_point = ctx.zp_of(i);
  }
  return p;
}

void l2_norm_int8(const L2NormData& p, const int8_t* in, int8_t* out) {
  constexpr int32_t kOutputScale = 7;  // 1/128 units
  for (int64_t r = 0; r < p.outer; ++r) {
    const int8_t* x = in + r * p.depth;
    int32_t acc = 0;
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t v = int32_t{x[c]} - p.input_zero_point;
      acc = ts_add_wrap(acc, v * v);
    }
    int32_t inv_multiplier = 0;
    int inv_shift = 0;
    ts_get_inv_sqrt_quantized_multiplier_exp(acc, -1, &inv_multiplier, &inv_shift);
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t v = int32_t{x[c]} - p.input_zero_point;
      const int32_t q = ts_multiply_by_quantized_multiplier(v, inv_multiplier, inv_shift + kOutputScale);
      out[r * p.depth + c] = static_cast<int8_t>(ts_clamp_i32(q, -128, 127));
    }
  }
}

void eval_l2_norm(const OpData& d, void* const* t) {
  const auto& p = static_cast<const L2NormData&>(d);
  if (p.kernel == KernelType::Int8) {
    l2_norm_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
    return;
  }
  const float* in = at<float>(t, p.input);
  float* out = at<float>(t, p.output);
  for (int64_t r = 0; r < p.outer; ++r) {
    const float* x = in + r * p.depth;
    float squared = 0;
    for (int32_t c = 0; c < p.depth; ++c) squared += x[c] * x[c];
    const float norm = std::max(std::sqrt(squared), 1e-6f);
    for (int32_t c = 0; c < p.depth; ++c) out[r * p.depth + c] = x[c] / norm;
  }
}

void emit_l2_norm(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const L2NormData&>(d);
  ts_op_mean r{};
  r.c = e.common(static_cast<uint16_t>(p.kernel == KernelType::Int8 ? TS_OP_L2_NORM_S8 : TS_OP_L2_NORM_F32));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.input_offset = -p.input_zero_point;
  r.count = p.depth;
  e.add_record(r);
}

// [2, 3, 6]: six rows normalized over 6 values.
Model example_l2_norm(KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType t = q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {2, 3, 6}, q ? 0.05f : 0.f, q ? 4 : 0);
  const int out = b.act(t, {2, 3, 6}, q ? 1.f / 128 : 0.f, 0);
  b.op(OpType::L2Normalization, {in}, {out});
  return b.finish({in}, {out});
}

OpDef l2_norm_def() {
  OpDef d;
  d.schema.type = OpType::L2Normalization;
  d.schema.read_options = read_l2_norm;
  d.schema.write_options = write_l2_norm;
  d.schema.min_version = version_int8_2;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 (last axis)"},
              {KernelType::Int8, kHostAndFirmware, "int8 (last axis; output scale 1/128, zero point 0)"}};
  d.prepare = prepare_l2_norm;
  d.eval = eval_l2_norm;
  d.emit = emit_l2_norm;
  d.example = example_l2_norm;
  return d;
}

TS_REGISTER_OP(l2_norm_def());

}  // namespace
}  // namespace tinysim::ops
