// MAXIMUM and MINIMUM: element-wise with 4-D broadcasting, float32, int8 and
// int16. TFLite Micro (maximum_minimum.cc) compares the stored values as they
// are, with no requantization: the converter gives both inputs and the output
// one scale (PTQ here does too, QuantRule::Share::AllInputsWithOutput).
// Target kernels: mcu_models/runtime/kernels/minimum_maximum.c.
#include <memory>

#include "core/host/broadcast.h"
#include "core/ops/binary_common.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

WrittenOptions write_minmax(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::MaximumMinimumOptions, tflite::CreateMaximumMinimumOptions(b).Union()};
}

// TFLite op_version.cc: int16 4, int8 2, float 1 (3 is broadcast beyond 4-D,
// which TinySim does not run).
int version_minmax(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  return t == DType::Int16 ? 4 : t == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_minmax(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  prepare_binary(ctx, *p, true, true);
  return p;
}

// TFLM's MaximumOp / MinimumOp, verbatim in meaning (NaN follows from them).
template <bool Max, class T>
T pick(T a, T b) {
  if constexpr (Max) return a > b ? a : b;
  else return a < b ? a : b;
}

template <bool Max, class T>
void minmax(const BinaryData& p, const T* a, const T* b, T* out) {
  kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) { out[o] = pick<Max>(a[i], b[j]); });
}

template <bool Max>
void eval_minmax(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  switch (p.kernel) {
    case KernelType::Float32: minmax<Max>(p, at<float>(t, p.input), at<float>(t, p.input2), at<float>(t, p.output)); return;
    case KernelType::Int8: minmax<Max>(p, at<int8_t>(t, p.input), at<int8_t>(t, p.input2), at<int8_t>(t, p.output)); return;
    case KernelType::Int32: minmax<Max>(p, at<int32_t>(t, p.input), at<int32_t>(t, p.input2), at<int32_t>(t, p.output)); return;
    default: minmax<Max>(p, at<int16_t>(t, p.input), at<int16_t>(t, p.input2), at<int16_t>(t, p.output));
  }
}

template <bool Max>
void emit_minmax(PlanEmitter& e, const OpData& d) {
  const ts_op_kind kind = d.kernel == KernelType::Int8    ? (Max ? TS_OP_MAXIMUM_S8 : TS_OP_MINIMUM_S8)
                          : d.kernel == KernelType::Int16 ? (Max ? TS_OP_MAXIMUM_S16 : TS_OP_MINIMUM_S16)
                          : d.kernel == KernelType::Int32 ? (Max ? TS_OP_MAXIMUM_S32 : TS_OP_MINIMUM_S32)
                                                          : (Max ? TS_OP_MAXIMUM_F32 : TS_OP_MINIMUM_F32);
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}

// [1, 2, 3, 4] against [1, 1, 3, 1] (broadcast over W and C... of the second).
Model example_minmax(OpType type, KernelType k) {
  ExampleBuilder b;
  const bool q = k != KernelType::Float32 && k != KernelType::Int32, i16 = k == KernelType::Int16;
  const DType t = i16 ? DType::Int16 : k == KernelType::Int32 ? DType::Int32 : q ? DType::Int8 : DType::Float32;
  const float s = q ? 0.125f : 0.f;
  const int64_t zp = q && !i16 ? -3 : 0;
  const int x = b.act(t, {1, 2, 3, 4}, s, zp);
  const int y = b.act(t, {1, 2, 3, 1}, s, zp);
  const int out = b.act(t, {1, 2, 3, 4}, s, zp);
  b.op(type, {x, y}, {out});
  return b.finish({x, y}, {out});
}
template <OpType T>
Model example_of(KernelType k) {
  return example_minmax(T, k);
}

template <bool Max>
OpDef minmax_def() {
  OpDef d;
  d.schema.type = Max ? OpType::Maximum : OpType::Minimum;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.write_options = write_minmax;
  d.schema.min_version = version_minmax;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  d.schema.quant.share = QuantRule::Share::AllInputsWithOutput;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (stored values compared, as TFLM)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (stored values compared, as TFLM)"},
              {KernelType::Int32, kHostAndFirmware, "int32"}};
  d.prepare = prepare_minmax;
  d.eval = eval_minmax<Max>;
  d.emit = emit_minmax<Max>;
  d.example = Max ? example_of<OpType::Maximum> : example_of<OpType::Minimum>;
  return d;
}

TS_REGISTER_OP(minmax_def<true>());
TS_REGISTER_OP(minmax_def<false>());

}  // namespace
}  // namespace tinysim::ops
