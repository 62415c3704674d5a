// What the ops that only select and reorder elements of one input share:
// STRIDED_SLICE, SLICE, TRANSPOSE, SPLIT, SPLIT_V, UNPACK, DEPTH_TO_SPACE and
// SPACE_TO_DEPTH are each one index walk per output over the input padded
// to 5 axes, outermost first, with a (start, stride, count) and an input
// element stride per axis resolved in prepare. The host walk here and
// mcu_models/runtime/kernels/strided_slice.c (plan kind TS_OP_STRIDED_SLICE,
// one record per output) move the selected elements as bytes, so one record
// serves every element type.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/host/op_data.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {

constexpr int kWalkDims = 5;
using WalkAxes = std::array<int32_t, kWalkDims>;

// One output's walk, per axis outermost first, in elements.
struct StridedWalk {
  WalkAxes start{}, stride{}, count{}, in_stride{};
};

struct StridedWalkData : OpData {
  std::vector<int> outputs;        // the output tensor of each walk
  std::vector<StridedWalk> walks;  // walks[k] fills outputs[k], in order
};

// The OpData header from input `input_slot` and output 0 (every output must
// have the input's type) and `shape`, the input's shape padded to 5-D with
// leading 1s. Fails on more than 5 dimensions (TFLite Micro's limit for
// STRIDED_SLICE and SLICE) and on a type the kernel type does not allow.
std::unique_ptr<StridedWalkData> prepare_strided_walk(PrepareContext& ctx, WalkAxes& shape, size_t input_slot = 0,
                                                      bool allow_int32 = true);
// The element strides of a padded shape, outermost first.
WalkAxes element_strides(const WalkAxes& shape);
// The walk copying the box [begin, begin + size) of a padded shape (unit steps).
StridedWalk box_walk(const WalkAxes& shape, const WalkAxes& begin, const WalkAxes& size);
// A walk over `view` (a shape of the input's elements, up to 5 axes) whose
// output axis d is view axis perm[d]: a transpose of that view.
StridedWalk permuted_walk(const std::vector<int32_t>& view, const std::vector<int32_t>& perm);
// The output walks of SPLIT / SPLIT_V / UNPACK: input axis `axis` (of the
// unpadded rank) cut into consecutive pieces of `sizes`, one per output,
// each output checked to hold its piece's elements.
void split_walks(PrepareContext& ctx, StridedWalkData& p, const WalkAxes& shape, int axis,
                 const std::vector<int32_t>& sizes);
// An int32/int64 constant vector operand, each value within +-2^30.
std::vector<int32_t> constant_ints(PrepareContext& ctx, size_t slot, const char* role);
// The same, with exactly one value per input dimension (begin, end, size ...).
std::vector<int32_t> axis_vector(PrepareContext& ctx, size_t slot, const char* role, size_t rank);

// An axis in [-rank, rank) as a non-negative axis of the unpadded rank.
int resolved_axis(PrepareContext& ctx, int axis, size_t rank);

void eval_strided_walk(const OpData& d, void* const* tensors);
void emit_strided_walk(PlanEmitter& e, const OpData& d);
// One STRIDED_SLICE record: walk `w` from `in` to `out`, elem_bytes per
// element (an op may walk whole pixels: elem_bytes = channels * element size).
void add_walk_record(PlanEmitter& e, const ts_tensor& in, const ts_tensor& out, const StridedWalk& w,
                     uint32_t elem_bytes);

// The OpDef every walk op starts from: `inputs` operands of which the
// `meta` bits are shapes / axes, no MACs, the data input's quantization on
// every output (PTQ and QAT), float32 / int8 / int16 (and int32 / uint32
// when `int32`) on host and firmware, the walk's eval and emit. The op adds
// its options, version rule, prepare and example.
OpDef walk_op_def(OpType type, int inputs, uint32_t meta, bool int32);

}  // namespace tinysim::ops
