#include "core/model/model_stats.h"

#include <limits>

#include "core/model/op_schema.h"

namespace tinysim {
namespace {

const Tensor* tensor_at(const Model& m, const std::vector<int>& idx, size_t k) {
  if (k >= idx.size() || idx[k] < 0 || static_cast<size_t>(idx[k]) >= m.tensors.size()) return nullptr;
  return &m.tensors[static_cast<size_t>(idx[k])];
}

// Inputs that describe shapes or axes rather than learned values.
bool is_shape_operand(const Operator& op, size_t k) {
  const OpSchema* schema = find_op_schema(op);
  return schema && schema->is_meta_operand(k);
}

// The op's own MAC rule (core/ops/); ops TinySim does not know count 0.
int64_t macs_of(const Model& m, const Operator& op) {
  const OpSchema* schema = find_op_schema(op);
  return schema && schema->macs ? schema->macs(m, op) : 0;
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
