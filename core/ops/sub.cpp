// SUB: a - b with 4-D broadcasting and a fused activation; float32, int8 and
// int16 with TFLite Micro's arithmetic (sub.cc / reference_integer_ops: both
// inputs rescaled to twice the larger input scale with left_shift 20 (int8)
// or 15 (int16), subtracted, requantized to the output). Target kernels:
// mcu_models/runtime/kernels/sub.c.
#include <algorithm>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/host/broadcast.h"
#include "core/ops/binary_common.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_sub(OptionsReader& r) {
  if (const auto* s = r.as<tflite::SubOptions>(BO::SubOptions))
    r.options().activation = r.activation(s->fused_activation_function());
}

WrittenOptions write_sub(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::SubOptions, tflite::CreateSubOptions(b, fb_activation(op.options.activation)).Union()};
}

std::unique_ptr<OpData> prepare_sub(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  prepare_binary(ctx, *p, true);
  if (p->kernel == KernelType::Int16 && (p->input_offset != 0 || p->input2_offset != 0 || p->output_offset != 0))
    ctx.fail("int16 SUB needs zero points of 0 (TFLite's int16 scheme)");
  // TFLM CalculateOpDataSub (sub_common.cc): twice_max_input_scale is a float and every quotient is formed in float
  // before the cast to double, unlike ADD.
  prepare_add_rescale(ctx, *p, ScaleArithmetic::Float);
  ctx.set_activation(p->kernel, *p, ctx.options().activation, ctx.out());
  return p;
}

inline int32_t sub_quantized(const BinaryData& p, int32_t a, int32_t b) {
  const int32_t a_scaled = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(p.input_offset + a, p.left_shift), p.input1_multiplier, p.input1_shift);
  const int32_t b_scaled = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(p.input2_offset + b, p.left_shift), p.input2_multiplier, p.input2_shift);
  const int32_t raw =
      ts_multiply_by_quantized_multiplier(ts_sub_wrap(a_scaled, b_scaled), p.output_multiplier[0], p.output_shift[0]) +
      p.output_offset;
  return ts_clamp_i32(raw, p.act_min, p.act_max);
}

template <class T>
void sub_integer(const BinaryData& p, const T* a, const T* b, T* out) {
  kernels::for_each_element(
      p, [&](int64_t o, int64_t i, int64_t j) { out[o] = static_cast<T>(sub_quantized(p, a[i], b[j])); });
}

void eval_sub(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  switch (p.kernel) {
    case KernelType::Float32: {
      const float* a = at<float>(t, p.input);
      const float* b = at<float>(t, p.input2);
      float* out = at<float>(t, p.output);
      kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
        out[o] = std::min(std::max(a[i] - b[j], p.act_min_f), p.act_max_f);
      });
      return;
    }
    case KernelType::Int8:
      sub_integer(p, at<int8_t>(t, p.input), at<int8_t>(t, p.input2), at<int8_t>(t, p.output));
      return;
    default: sub_integer(p, at<int16_t>(t, p.input), at<int16_t>(t, p.input2), at<int16_t>(t, p.output));
  }
}

void emit_sub(PlanEmitter& e, const OpData& d) {
  const auto kind = d.kernel == KernelType::Int8    ? TS_OP_SUB_S8
                    : d.kernel == KernelType::Int16 ? TS_OP_SUB_S16
                                                    : TS_OP_SUB_F32;
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}

// [1, 2, 3, 4] - [1, 1, 1, 4] (broadcast), different scales and zero points.
Model example_sub(KernelType k) {
  ExampleBuilder b;
  const bool q = k != KernelType::Float32, i16 = k == KernelType::Int16;
  const DType t = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const int x = b.act(t, {1, 2, 3, 4}, q ? 0.5f : 0.f, q && !i16 ? 3 : 0);
  const int y = b.act(t, {1, 1, 1, 4}, q ? 0.25f : 0.f, q && !i16 ? -2 : 0);
  const int out = b.act(t, {1, 2, 3, 4}, q ? 0.75f : 0.f, q && !i16 ? 1 : 0);
  b.op(OpType::Sub, {x, y}, {out}).options.activation = Activation::Relu6;
  return b.finish({x, y}, {out});
}

OpDef sub_def() {
  OpDef d;
  d.schema.type = OpType::Sub;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_sub;
  d.schema.write_options = write_sub;
  d.schema.min_version = version_int8_2_int16_3;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8"},
              {KernelType::Int16, kHostAndFirmware, "int16 (zero point 0)"}};
  d.prepare = prepare_sub;
  d.eval = eval_sub;
  d.emit = emit_sub;
  d.example = example_sub;
  return d;
}

TS_REGISTER_OP(sub_def());

}  // namespace
}  // namespace tinysim::ops
