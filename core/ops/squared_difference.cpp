// SQUARED_DIFFERENCE: (a - b)^2 with 4-D broadcasting; float32, int8 and
// int16 with TFLite Micro's arithmetic (squared_difference.cc): both inputs
// rescaled to twice the larger input scale after a left shift of 7 (int8) or
// 0 (int16), subtracted, squared in int32, requantized by
// (2 * max scale)^2 / (2^(2 * shift) * output scale). Target kernels:
// mcu_models/runtime/kernels/squared_difference.c.
#include <algorithm>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/host/broadcast.h"
#include "core/host/quantization_util.h"
#include "core/ops/binary_common.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

WrittenOptions write_sqdiff(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::SquaredDifferenceOptions, tflite::CreateSquaredDifferenceOptions(b).Union()};
}

std::unique_ptr<OpData> prepare_sqdiff(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  prepare_binary(ctx, *p, true);
  if (p->kernel == KernelType::Float32) return p;
  if (p->kernel == KernelType::Int16 && (p->input_offset != 0 || p->input2_offset != 0 || p->output_offset != 0))
    ctx.fail("int16 SQUARED_DIFFERENCE needs zero points of 0 (TFLite's int16 scheme)");
  const float sa = ctx.scale_of(ctx.in(0, "first")), sb = ctx.scale_of(ctx.in(1, "second"));
  const float so = ctx.scale_of(ctx.out());
  p->left_shift = p->kernel == KernelType::Int16 ? 0 : 7;
  const double twice_max = 2.0 * static_cast<double>(std::max(sa, sb));
  int s1 = 0, s2 = 0;
  quantize_multiplier(static_cast<double>(sa) / twice_max, &p->input1_multiplier, &s1);
  quantize_multiplier(static_cast<double>(sb) / twice_max, &p->input2_multiplier, &s2);
  p->input1_shift = s1;
  p->input2_shift = s2;
  // TFLM: (1 << 2 * left_shift) * output scale is a float product.
  const float denominator = static_cast<float>(1 << (p->left_shift * 2)) * so;
  PrepareContext::single_multiplier(*p, twice_max * twice_max / static_cast<double>(denominator));
  p->act_min = PrepareContext::qmin_of(ctx.out().type);
  p->act_max = PrepareContext::qmax_of(ctx.out().type);
  return p;
}

inline int32_t sqdiff_quantized(const BinaryData& p, int32_t a, int32_t b) {
  const int32_t a_scaled = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      (p.input_offset + a) * (1 << p.left_shift), p.input1_multiplier, p.input1_shift);
  const int32_t b_scaled = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      (p.input2_offset + b) * (1 << p.left_shift), p.input2_multiplier, p.input2_shift);
  const int32_t diff = a_scaled - b_scaled;
  const int32_t raw =
      ts_multiply_by_quantized_multiplier(diff * diff, p.output_multiplier[0], p.output_shift[0]) + p.output_offset;
  return ts_clamp_i32(raw, p.act_min, p.act_max);
}

template <class T>
void sqdiff_integer(const BinaryData& p, const T* a, const T* b, T* out) {
  kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) { out[o] = static_cast<T>(sqdiff_quantized(p, a[i], b[j])); });
}

void eval_sqdiff(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  switch (p.kernel) {
    case KernelType::Float32: {
      const float* a = at<float>(t, p.input);
      const float* b = at<float>(t, p.input2);
      float* out = at<float>(t, p.output);
      kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
        const float diff = a[i] - b[j];
        out[o] = diff * diff;
      });
      return;
    }
    case KernelType::Int8: sqdiff_integer(p, at<int8_t>(t, p.input), at<int8_t>(t, p.input2), at<int8_t>(t, p.output)); return;
    default: sqdiff_integer(p, at<int16_t>(t, p.input), at<int16_t>(t, p.input2), at<int16_t>(t, p.output));
  }
}

void emit_sqdiff(PlanEmitter& e, const OpData& d) {
  const auto kind = d.kernel == KernelType::Int8    ? TS_OP_SQDIFF_S8
                    : d.kernel == KernelType::Int16 ? TS_OP_SQDIFF_S16
                                                    : TS_OP_SQDIFF_F32;
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}

// [1, 2, 3, 4] and [1, 1, 1, 4] (broadcast), different scales and zero points.
Model example_sqdiff(KernelType k) {
  ExampleBuilder b;
  const bool q = k != KernelType::Float32, i16 = k == KernelType::Int16;
  const DType t = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const int x = b.act(t, {1, 2, 3, 4}, q ? 0.05f : 0.f, q && !i16 ? 3 : 0);
  const int y = b.act(t, {1, 1, 1, 4}, q ? 0.03f : 0.f, q && !i16 ? -2 : 0);
  const int out = b.act(t, {1, 2, 3, 4}, q ? 0.2f : 0.f, q && !i16 ? -128 : 0);
  b.op(OpType::SquaredDifference, {x, y}, {out});
  return b.finish({x, y}, {out});
}

OpDef sqdiff_def() {
  OpDef d;
  d.schema.type = OpType::SquaredDifference;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.write_options = write_sqdiff;
  d.schema.min_version = version_int8_2;  // TFLite op_version.cc: int8 2, others 1
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8"},
              {KernelType::Int16, kHostAndFirmware, "int16 (zero point 0)"}};
  d.prepare = prepare_sqdiff;
  d.eval = eval_sqdiff;
  d.emit = emit_sqdiff;
  d.example = example_sqdiff;
  return d;
}

TS_REGISTER_OP(sqdiff_def());

}  // namespace
}  // namespace tinysim::ops
