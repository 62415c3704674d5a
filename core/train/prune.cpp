#include "core/train/prune.h"
#include "core/model/op_schema.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tinysim::train {

float polynomial_sparsity(int64_t step, float initial, float target, int64_t begin, int64_t end) {
  if (step <= begin) return initial;
  if (step >= end || end <= begin) return target;
  const double p = 1.0 - static_cast<double>(step - begin) / static_cast<double>(end - begin);
  return static_cast<float>(target + (initial - target) * p * p * p);
}

bool prunable(const TrainNet& net, int k, bool prune_depthwise) {
  if (!net.is_weight(k) || net.frozen(k)) return false;
  const OpSchema* schema = find_op_schema(net.model().ops[net.param_op(k)]);
  const WeightKind kind = schema ? schema->weight_kind : WeightKind::None;
  return kind == WeightKind::Dense || (prune_depthwise && kind == WeightKind::Depthwise);
}

void update_masks(const TrainNet& net, std::vector<std::vector<uint8_t>>& masks, float sparsity,
                  bool prune_depthwise) {
  masks.resize(net.params().size());
  for (size_t k = 0; k < net.params().size(); ++k) {
    if (!prunable(net, static_cast<int>(k), prune_depthwise)) continue;
    const int64_t n = net.param_size(static_cast<int>(k));
    const float* w = net.param_data(static_cast<int>(k));
    auto& m = masks[k];
    if (m.empty()) m.assign(static_cast<size_t>(n), 1);
    const int64_t want = static_cast<int64_t>(std::floor(sparsity * static_cast<double>(n)));
    std::vector<int64_t> idx(static_cast<size_t>(n));
    std::iota(idx.begin(), idx.end(), int64_t{0});
    // Already-masked weights sort first (magnitude 0), so masks only grow.
    auto mag = [&](int64_t i) { return m[i] ? std::fabs(w[i]) : -1.0f; };
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return mag(a) < mag(b); });
    for (int64_t j = 0; j < want; ++j) m[idx[j]] = 0;
  }
}

double prune_and_finetune(TrainNet& net, const Dataset& train, const PruneOptions& o) {
  FitOptions fit = o.fit;
  if (fit.phase == "train") fit.phase = "prune";
  Trainer t(net, fit);
  const bool dw = o.prune_depthwise;
  float last = -1.0f;
  t.before_step = [&](int64_t step, int64_t total) {
    const int64_t end = o.end_step >= 0 ? o.end_step : static_cast<int64_t>(0.7 * total);
    const bool update = step >= o.begin_step && (step <= end + o.frequency) &&
                        ((step - o.begin_step) % std::max(1, o.frequency) == 0 || step == end);
    if (!update) return;
    const float s = polynomial_sparsity(step, o.initial_sparsity, o.target_sparsity, o.begin_step, end);
    if (s == last) return;
    last = s;
    update_masks(net, t.masks, s, dw);
    t.apply_masks();
  };
  const double loss = t.fit(train);
  // The schedule has ended by 70%; make sure the final target is met even
  // for very short runs.
  update_masks(net, t.masks, o.target_sparsity, dw);
  t.apply_masks();
  return loss;
}

SparsityStats weight_sparsity(const Model& model) {
  SparsityStats s;
  for (const Operator& op : model.ops) {
    const OpSchema* schema = find_op_schema(op);
    if (!schema || schema->weight_kind == WeightKind::None) continue;
    if (op.inputs.size() < 2 || op.inputs[1] < 0) continue;
    const Tensor& t = model.tensors[op.inputs[1]];
    if (!t.is_constant()) continue;
    const int64_t n = t.num_elements();
    int64_t z = 0;
    if (t.type == DType::Float32) {
      for (int64_t i = 0; i < n; ++i) z += t.as<float>()[i] == 0.0f;
    } else if (t.type == DType::Int8) {
      for (int64_t i = 0; i < n; ++i) z += t.as<int8_t>()[i] == 0;
    } else {
      continue;
    }
    s.weights += n;
    s.zeros += z;
    if (n > 0 && 2 * z >= n) ++s.pruned_tensors;
  }
  s.sparsity = s.weights ? static_cast<double>(s.zeros) / s.weights : 0.0;
  return s;
}

}  // namespace tinysim::train
