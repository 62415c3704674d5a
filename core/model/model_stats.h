// Per-op and total cost figures of a model: multiply-accumulates, parameter
// counts and constant (flash) bytes.
//
// MAC rule (the one MLPerf Tiny's published figures use): only CONV_2D,
// DEPTHWISE_CONV_2D and FULLY_CONNECTED count.
//   CONV_2D            out_elements * kh * kw * in_channels_per_group
//   DEPTHWISE_CONV_2D  out_elements * kh * kw
//   FULLY_CONNECTED    out_elements * in_features
// ADD, MUL, pooling, MEAN and activations do work per element but no
// multiply-accumulate against weights, so they count 0.
//
// params: elements of the op's constant inputs, except shape-like int
// operands (RESHAPE's shape, MEAN's axes, PAD's paddings). weight_bytes: bytes
// of all the op's constant inputs. Totals count each constant tensor once,
// even when several ops share it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model/ir.h"

namespace tinysim {

struct OpStats {
  int64_t macs = 0;
  int64_t params = 0;
  int64_t weight_bytes = 0;
};

struct ModelStats {
  std::vector<OpStats> ops;  // one per Model::ops entry
  int64_t total_macs = 0;
  int64_t total_params = 0;
  int64_t weight_bytes = 0;
};

OpStats op_stats(const Model& model, const Operator& op);
ModelStats model_stats(const Model& model);

}  // namespace tinysim
