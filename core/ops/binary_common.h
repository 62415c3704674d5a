// What ADD, SUB and MUL share: the type check, 4-D broadcast shapes and
// zero-point offsets, TFLite Micro's general-rescaling scales of ADD/SUB
// (add_common.cc), the options (a fused activation), and the ts_op_binary
// plan record.
#pragma once

#include "core/host/broadcast.h"
#include "core/host/op_data.h"
#include "core/host/quantization_util.h"
#include "core/model/op_schema.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {

// Types, shapes, offsets. int16 is allowed only when allow_int16, plain
// int32 (no quantization; its activation range in act_min / act_max) only
// when allow_int32.
void prepare_binary(PrepareContext& ctx, BinaryData& p, bool allow_int16, bool allow_int32 = false);
// ADD / SUB: inputs rescaled to twice the larger input scale, left_shift
// 20 (int8) or 15 (int16). form: TFLM's CalculateOpDataAdd divides in
// double, CalculateOpDataSub in float.
void prepare_add_rescale(PrepareContext& ctx, BinaryData& p, ScaleArithmetic form);

void read_activation_options(OptionsReader& r);  // AddOptions / MulOptions
ts_op_binary binary_record(PlanEmitter& e, const BinaryData& p, uint16_t kind);

// The int32 and float32 element-wise kernels without quantization: out =
// fn(a, b) over the broadcast, clamped to the activation range where the op
// has one (TFLM's int32 ADD / MUL / DIV). Sums and products wrap as the
// target kernels' (mcu_models/runtime/kernels/binary_s32.c).
template <class T, class Fn>
void plain_binary(const BinaryData& p, const T* a, const T* b, T* out, Fn fn) {
  kernels::for_each_element(p, [&](int64_t o, int64_t i, int64_t j) { out[o] = fn(a[i], b[j]); });
}
inline int32_t clamp_int32(const BinaryData& p, int32_t v) { return v < p.act_min ? p.act_min : v > p.act_max ? p.act_max : v; }
inline int32_t wrap_add(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)); }
inline int32_t wrap_mul(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b)); }

}  // namespace tinysim::ops
