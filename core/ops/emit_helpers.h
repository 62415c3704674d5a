// Plan-record pieces several op families share: the requantization block,
// window geometry, the folded bias of the DSP kernels, sparse weight
// encoding, and 256-entry int8 tables made by running the host kernel.
#pragma once

#include <cstdint>
#include <vector>

#include "core/host/op_data.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/sparse_cost.h"

namespace tinysim::ops {

// The ts_quant block of a conv / fc record (multipliers and shifts stored as constants).
ts_quant quant_of(PlanEmitter& e, const OpData& p, const Requant& q);
ts_geometry geometry_of(const Window& w, int32_t depth_multiplier);

// bias + input_offset * sum(weights of the channel), with int32 wrap-around:
// lets the DSP kernels multiply raw int8 values (see conv2d_s8.c).
std::vector<int32_t> folded_bias(const Model& m, int filter, int bias, int32_t input_offset, int channels,
                                 int per_channel_stride, int channel_stride, int count);

// Bitmap + non-zero values of a [rows][K] int8 weight matrix
// (ts_sparse_header). Returns the constant offset of the header; adds the
// bytes stored to the emitter's layer info and marks the layer sparse.
uint32_t add_sparse(PlanEmitter& e, const int8_t* weights, int rows, int K);

// Whether the emitter's options choose sparse storage for this int8 weight
// tensor of a layer of this shape (shape.nonzeros is counted here).
bool use_sparse(const PlanEmitter& e, KernelType kernel, int32_t filter_offset, int filter, SparseCostShape shape);

// A 256-entry int8 table: the host kernel applied to every int8 value.
template <class Data, class Fn>
std::vector<int8_t> int8_table(const Data& p, Fn kernel) {
  Data q = p;
  q.flat_size = 256;
  q.input_shape = Dims4{1, 1, 1, 256};
  q.output_shape = q.input_shape;
  std::vector<int8_t> in(256), out(256);
  for (int i = 0; i < 256; ++i) in[static_cast<size_t>(i)] = static_cast<int8_t>(i - 128);
  kernel(q, in.data(), out.data());
  return out;
}

// One ts_op_lut record (out = table[in + 128]).
void emit_lut(PlanEmitter& e, const OpData& p, const std::vector<int8_t>& table);

}  // namespace tinysim::ops
