#include "core/train/qat.h"
#include "core/model/op_schema.h"

#include <algorithm>
#include <cmath>

namespace tinysim::train {

namespace {

int channel_dim0(int64_t i, const std::vector<int>& s) {
  int64_t inner = 1;
  for (size_t k = 1; k < s.size(); ++k) inner *= s[k];
  return static_cast<int>(i / inner);
}
int channel_last(int64_t i, const std::vector<int>& s) { return static_cast<int>(i % s.back()); }
int channel_none(int64_t, const std::vector<int>&) { return 0; }

// The op's registry entry says how its output is quantized.
const QuantRule& rule_of(const Operator& op) {
  static const QuantRule none;
  const OpSchema* schema = find_op_schema(op);
  return schema ? schema->quant : none;
}

}  // namespace

void fake_quant_symmetric(const float* w, float* out, int64_t n, int channels,
                          int (*channel_of)(int64_t, const std::vector<int>&),
                          const std::vector<int>& shape) {
  std::vector<float> maxabs(channels, 0.0f);
  for (int64_t i = 0; i < n; ++i) {
    float& m = maxabs[channel_of(i, shape)];
    m = std::max(m, std::fabs(w[i]));
  }
  for (int64_t i = 0; i < n; ++i) {
    const float m = maxabs[channel_of(i, shape)];
    if (m == 0.0f) {
      out[i] = 0.0f;
      continue;
    }
    const float s = m / 127.0f;
    out[i] = std::clamp(std::round(w[i] / s), -127.0f, 127.0f) * s;
  }
}

ParamValues fake_quant_weights(const TrainNet& net, std::vector<std::vector<float>>& storage,
                               bool per_channel_fc) {
  const Model& m = net.model();
  ParamValues pv(net.params().size(), nullptr);
  storage.resize(net.params().size());
  for (size_t k = 0; k < net.params().size(); ++k) {
    if (!net.is_weight(static_cast<int>(k))) continue;
    const Tensor& t = m.tensors[net.params()[k]];
    const QuantRule& rule = rule_of(m.ops[net.param_op(static_cast<int>(k))]);
    const int axis = rule.per_channel_optional && !per_channel_fc ? -1 : rule.weight_channel_axis;
    storage[k].resize(static_cast<size_t>(t.num_elements()));
    if (axis == 0)
      fake_quant_symmetric(t.as<float>(), storage[k].data(), t.num_elements(), t.shape[0],
                           channel_dim0, t.shape);
    else if (axis > 0 && axis == static_cast<int>(t.shape.size()) - 1)
      fake_quant_symmetric(t.as<float>(), storage[k].data(), t.num_elements(), t.shape.back(),
                           channel_last, t.shape);
    else
      fake_quant_symmetric(t.as<float>(), storage[k].data(), t.num_elements(), 1, channel_none,
                           t.shape);
    pv[k] = storage[k].data();
  }
  return pv;
}

namespace {
void propagate_shared(QatState& q) {
  for (size_t t = 0; t < q.share_input.size(); ++t) {
    int src = q.share_input[t];
    while (src >= 0 && q.share_input[src] >= 0) src = q.share_input[src];
    if (src < 0) continue;
    q.act.lo[t] = q.act.lo[src];
    q.act.hi[t] = q.act.hi[src];
  }
}
}  // namespace

QatState init_qat(const TrainNet& net, const Dataset& calib, size_t samples, bool per_channel_fc) {
  const Model& m = net.model();
  const size_t nt = m.tensors.size();
  QatState q;
  q.per_channel_fc = per_channel_fc;
  q.act.on.assign(nt, 0);
  q.act.lo.assign(nt, 0.0f);
  q.act.hi.assign(nt, 0.0f);
  q.share_input.assign(nt, -1);
  q.act.on[net.input()] = 1;
  // Tensors the converter ranges itself are fake-quantized; the SOFTMAX
  // output's fixed 1/256 grid does not affect the loss (taken on logits).
  for (const Operator& op : m.ops) {
    const int out = op.outputs[0];
    if (rule_of(op).fixed_output) continue;
    q.act.on[out] = 1;
    if (rule_of(op).qat_range_from_input) q.share_input[out] = op.inputs[0];
  }
  std::vector<char> seen(nt, 0);
  Workspace ws;
  const int64_t in_size = net.input_size();
  const size_t n = std::min(samples == 0 ? calib.size() : samples, calib.size());
  for (size_t begin = 0; begin < n; begin += 64) {
    const int bs = static_cast<int>(std::min<size_t>(64, n - begin));
    forward(net, ws, calib.x.data() + begin * in_size, bs);
    for (size_t t = 0; t < nt; ++t) {
      if (!q.act.on[t] || ws.act[t].empty()) continue;
      const auto [mn, mx] = std::minmax_element(ws.act[t].begin(), ws.act[t].end());
      q.act.lo[t] = seen[t] ? std::min(q.act.lo[t], *mn) : *mn;
      q.act.hi[t] = seen[t] ? std::max(q.act.hi[t], *mx) : *mx;
      seen[t] = 1;
    }
  }
  propagate_shared(q);
  return q;
}

void update_qat_ranges(const TrainNet& net, QatState& q, const std::vector<Workspace>& shards,
                       bool first) {
  (void)net;
  for (size_t t = 0; t < q.act.on.size(); ++t) {
    if (!q.act.on[t] || q.share_input[t] >= 0) continue;
    bool any = false;
    float mn = 0, mx = 0;
    for (const Workspace& w : shards) {
      if (w.observed.size() <= t || w.act.size() <= t || w.act[t].empty()) continue;
      mn = any ? std::min(mn, w.observed[t].first) : w.observed[t].first;
      mx = any ? std::max(mx, w.observed[t].second) : w.observed[t].second;
      any = true;
    }
    if (!any) continue;
    const float d = first ? 0.0f : q.ema_decay;
    q.act.lo[t] = d * q.act.lo[t] + (1.0f - d) * mn;
    q.act.hi[t] = d * q.act.hi[t] + (1.0f - d) * mx;
  }
  propagate_shared(q);
}

TensorRanges qat_ranges(const TrainNet& net, const QatState& q) {
  (void)net;
  TensorRanges r;
  for (size_t t = 0; t < q.act.on.size(); ++t)
    if (q.act.on[t]) r[static_cast<int>(t)] = {q.act.lo[t], q.act.hi[t]};
  return r;
}

}  // namespace tinysim::train
