// What ADD, SUB and MUL share: the type check, 4-D broadcast shapes and
// zero-point offsets, TFLite Micro's general-rescaling scales of ADD/SUB
// (add_common.cc), the options (a fused activation), and the ts_op_binary
// plan record.
#pragma once

#include "core/host/op_data.h"
#include "core/model/op_schema.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {

// Types, shapes, offsets. int16 is allowed only when allow_int16.
void prepare_binary(PrepareContext& ctx, BinaryData& p, bool allow_int16);
// ADD / SUB: inputs rescaled to twice the larger input scale, left_shift
// 20 (int8) or 15 (int16).
void prepare_add_rescale(PrepareContext& ctx, BinaryData& p);

void read_activation_options(OptionsReader& r);  // AddOptions / MulOptions
ts_op_binary binary_record(PlanEmitter& e, const BinaryData& p, uint16_t kind);

}  // namespace tinysim::ops
