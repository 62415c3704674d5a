// Per-op and total cost figures of a model: multiply-accumulates, parameter
// counts and constant (flash) bytes.
//
// MAC rule (the one MLPerf Tiny's published figures use): each op's registry
// entry (core/ops/) gives it; conv, depthwise, fully connected (and the other
// weighted ops) count multiply-accumulates against weights, element-wise ops,
// pooling and activations count 0.
//
// params: elements of the op's constant inputs, except shape-like int
// operands (the entry's meta operands: RESHAPE's shape, MEAN's axes, ...). weight_bytes: bytes
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
