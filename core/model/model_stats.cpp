#include "core/model/model_stats.h"

#include <limits>

namespace tinysim {
namespace {

const Tensor* tensor_at(const Model& m, const std::vector<int>& idx, size_t k) {
  if (k >= idx.size() || idx[k] < 0 || static_cast<size_t>(idx[k]) >= m.tensors.size()) return nullptr;
  return &m.tensors[static_cast<size_t>(idx[k])];
}

// Inputs that describe shapes or axes rather than learned values.
bool is_shape_operand(const Operator& op, size_t k) {
  switch (op.type) {
    case OpType::Reshape:
    case OpType::Mean:
    case OpType::Pad: return k == 1;
    default: return false;
  }
}

int64_t macs_of(const Model& m, const Operator& op) {
  const Tensor* out = tensor_at(m, op.outputs, 0);
  const Tensor* w = tensor_at(m, op.inputs, 1);
  if (!out || !w) return 0;
  const int64_t out_elems = out->num_elements();
  switch (op.type) {
    case OpType::Conv2D:  // filter [out_ch, kh, kw, in_ch_per_group]
      if (w->shape.size() != 4) return 0;
      return out_elems * int64_t{w->shape[1]} * w->shape[2] * w->shape[3];
    case OpType::DepthwiseConv2D:  // filter [1, kh, kw, out_ch]
      if (w->shape.size() != 4) return 0;
      return out_elems * int64_t{w->shape[1]} * w->shape[2];
    case OpType::FullyConnected:  // weights [out_features, in_features]
      if (w->shape.size() != 2) return 0;
      return out_elems * int64_t{w->shape[1]};
    default: return 0;
  }
}

// Hostile files can declare shapes whose MAC products add up past int64.
int64_t add_saturating(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<int64_t>::max() : r;
}

}  // namespace

OpStats op_stats(const Model& model, const Operator& op) {
  OpStats s;
  s.macs = macs_of(model, op);
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const Tensor* t = tensor_at(model, op.inputs, k);
    if (!t || !t->is_constant()) continue;
    s.weight_bytes += static_cast<int64_t>(t->data.size());
    if (!is_shape_operand(op, k)) s.params += t->num_elements();
  }
  return s;
}

ModelStats model_stats(const Model& model) {
  ModelStats s;
  std::vector<char> seen_param(model.tensors.size(), 0), seen_bytes(model.tensors.size(), 0);
  for (const Operator& op : model.ops) {
    s.ops.push_back(op_stats(model, op));
    s.total_macs = add_saturating(s.total_macs, s.ops.back().macs);
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      const Tensor* t = tensor_at(model, op.inputs, k);
      if (!t || !t->is_constant()) continue;
      const auto i = static_cast<size_t>(op.inputs[k]);
      if (!seen_bytes[i]) {
        seen_bytes[i] = 1;
        s.weight_bytes += static_cast<int64_t>(t->data.size());
      }
      if (!is_shape_operand(op, k) && !seen_param[i]) {
        seen_param[i] = 1;
        s.total_params += t->num_elements();
      }
    }
  }
  return s;
}

}  // namespace tinysim
