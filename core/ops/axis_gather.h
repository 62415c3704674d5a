// Ops whose output element (i_0, ..., i_r-1) is the input element
// (map_0(i_0), ..., map_r-1(i_r-1)): one index map per axis, resolved in
// prepare (RESIZE_NEAREST_NEIGHBOR: rows and columns; MIRROR_PAD: every
// padded axis). The host reads through all maps in one pass; the firmware
// runs one GATHER record (kernels/gather.c) per mapped axis with the map as
// a plan constant, innermost results in the kernel scratch (two buffers
// alternate when more than two axes are mapped), the last into the output.
// Both sides move the same bytes, so they agree whatever the element type.
#pragma once

#include <cstdint>
#include <vector>

#include "core/host/op_data.h"
#include "core/ops/plan_emitter.h"

namespace tinysim::ops {

struct AxisGatherData : OpData {
  std::vector<int32_t> in_shape;           // the input's shape (any rank >= 1)
  std::vector<std::vector<int32_t>> maps;  // per axis: the source index of each output index; empty = identity
};

// The output shape the maps give (an identity axis keeps its size).
std::vector<int32_t> axis_gather_shape(const AxisGatherData& p);

void eval_axis_gather(const OpData& d, void* const* tensors);
void emit_axis_gather(PlanEmitter& e, const OpData& d);

// A flat int32 plan constant (a GATHER record's indices).
ts_tensor index_constant(PlanEmitter& e, const std::vector<int32_t>& v);

}  // namespace tinysim::ops
