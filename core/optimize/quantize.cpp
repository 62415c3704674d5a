#include "core/optimize/quantize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <set>

#include "core/ops/interpreter.h"
#include "core/model/op_schema.h"
#include "core/model/tflite_writer.h"
#include "core/optimize/calibration.h"

namespace tinysim {
namespace {

constexpr int kQMin = -128, kQMax = 127;

// Every rule below is the op's registry entry (its OpSchema's QuantRule).
const QuantRule* rule_of(const Operator& op) {
  const OpSchema* schema = find_op_schema(op);
  return schema && schema->quant.quantizable ? &schema->quant : nullptr;
}

bool has_weights(const Operator& op) {
  const OpSchema* schema = find_op_schema(op);
  return schema && schema->has_weights();
}

// Operand slots that carry int32 meta-data rather than activations.
bool is_meta_operand(const Operator& op, size_t slot) {
  const OpSchema* schema = find_op_schema(op);
  return schema && schema->is_meta_operand(slot);
}

std::string quantizable_ops() {
  std::string s;
  for (const OpSchema* schema : all_op_schemas())
    if (schema->quant.quantizable) s += (s.empty() ? "" : ", ") + std::string(op_name(schema->type));
  return s;
}

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int x) {
    while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
    return x;
  }
  void unite(int a, int b) { parent[static_cast<size_t>(find(a))] = find(b); }
};

std::pair<float, float> clamp_for_activation(Activation act, std::pair<float, float> r) {
  switch (act) {
    case Activation::Relu: r.first = std::max(r.first, 0.0f); break;
    case Activation::Relu6: r.first = std::max(r.first, 0.0f); r.second = std::min(r.second, 6.0f); break;
    case Activation::ReluN1To1: r.first = std::max(r.first, -1.0f); r.second = std::min(r.second, 1.0f); break;
    default: break;
  }
  if (r.second < r.first) r.second = r.first;
  return r;
}

std::vector<float> float_data(const Tensor& t) {
  std::vector<float> v(static_cast<size_t>(t.num_elements()));
  if (t.data.size() != v.size() * sizeof(float)) throw Error(t.name, "constant data size does not match its shape");
  std::memcpy(v.data(), t.data.data(), t.data.size());
  return v;
}

template <class T>
std::vector<uint8_t> to_bytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

// Symmetric int8 (range [-127, 127], zero point 0), one scale per slice along
// `dim` (or one for the whole tensor when dim < 0).
// min_scale (empty, or one per scale): lower bounds that keep the int32
// bias in range (see the caller).
Tensor quantize_weights(const Tensor& w, int dim, const std::vector<float>& min_scale = {}) {
  const std::vector<float> v = float_data(w);
  const int rank = static_cast<int>(w.shape.size());
  const int channels = dim >= 0 ? w.shape[static_cast<size_t>(dim)] : 1;
  int64_t inner = 1;  // elements after `dim` (stride of the channel index)
  for (int d = dim + 1; dim >= 0 && d < rank; ++d) inner *= w.shape[static_cast<size_t>(d)];
  auto channel_of = [&](size_t i) { return dim < 0 ? 0 : static_cast<int>((static_cast<int64_t>(i) / inner) % channels); };
  std::vector<float> maxabs(static_cast<size_t>(channels), 0.0f);
  for (size_t i = 0; i < v.size(); ++i) {
    float& m = maxabs[static_cast<size_t>(channel_of(i))];
    m = std::max(m, std::abs(v[i]));
  }
  Tensor q;
  q.name = w.name;
  q.type = DType::Int8;
  q.shape = w.shape;
  q.quant.quantized_dimension = dim < 0 ? 0 : dim;
  for (size_t c = 0; c < maxabs.size(); ++c) {
    const float m = maxabs[c];
    float s = m > 0 ? m / 127.0f : 1.0f;  // an all-zero channel: any scale works
    if (!min_scale.empty()) s = std::max(s, min_scale[c]);
    q.quant.scale.push_back(s);
    q.quant.zero_point.push_back(0);
  }
  std::vector<int8_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    const float s = q.quant.scale[static_cast<size_t>(channel_of(i))];
    out[i] = static_cast<int8_t>(std::clamp<long>(std::lround(v[i] / s), -127, 127));
  }
  q.data = to_bytes(out);
  return q;
}

Tensor quantize_bias(const Tensor& b, float input_scale, const std::vector<float>& weight_scales) {
  const std::vector<float> v = float_data(b);
  Tensor q;
  q.name = b.name;
  q.type = DType::Int32;
  q.shape = b.shape;
  q.quant.quantized_dimension = 0;
  std::vector<int32_t> out(v.size());
  for (size_t c = 0; c < v.size(); ++c) {
    const float ws = weight_scales.size() == 1 ? weight_scales[0] : weight_scales[c];
    const double s = static_cast<double>(input_scale) * ws;
    const double r = std::round(v[c] / s);
    out[c] = static_cast<int32_t>(std::clamp(r, -2147483647.0, 2147483647.0));
    if (weight_scales.size() != 1 || c == 0) {
      q.quant.scale.push_back(static_cast<float>(s));
      q.quant.zero_point.push_back(0);
    }
  }
  q.data = to_bytes(out);
  return q;
}

// Drops tensors nothing refers to any more (the float weights replaced by
// their int8 copies) and renumbers the rest.
void compact(Model& m) {
  std::vector<char> used(m.tensors.size(), 0);
  for (const auto& op : m.ops) {
    for (int t : op.inputs) if (t >= 0) used[static_cast<size_t>(t)] = 1;
    for (int t : op.outputs) if (t >= 0) used[static_cast<size_t>(t)] = 1;
  }
  for (int t : m.inputs) used[static_cast<size_t>(t)] = 1;
  for (int t : m.outputs) used[static_cast<size_t>(t)] = 1;
  std::vector<int> remap(m.tensors.size(), -1);
  std::vector<Tensor> kept;
  for (size_t i = 0; i < m.tensors.size(); ++i)
    if (used[i]) {
      remap[i] = static_cast<int>(kept.size());
      kept.push_back(std::move(m.tensors[i]));
    }
  m.tensors = std::move(kept);
  auto fix = [&](std::vector<int>& v) { for (int& t : v) if (t >= 0) t = remap[static_cast<size_t>(t)]; };
  for (auto& op : m.ops) { fix(op.inputs); fix(op.outputs); }
  fix(m.inputs);
  fix(m.outputs);
}

Model quantize(const Model& fm, const TensorRanges& ranges, const QuantizeOptions& options) {
  const std::string where = fm.source.empty() ? "model" : fm.source;
  for (const auto& op : fm.ops)
    if (!rule_of(op))
      throw Error(where, "op " + op_label(op) + " cannot be int8-quantized by TinySim",
                  "supported: " + quantizable_ops());
  for (int t : fm.inputs)
    if (fm.tensors[static_cast<size_t>(t)].type != DType::Float32)
      throw Error(where, "input " + fm.tensors[static_cast<size_t>(t)].name + " is not float32", "quantize a float model");

  const size_t T = fm.tensors.size();
  // Activation-like tensors: float activations plus float constants used as
  // activation operands (e.g. a constant ADD operand).
  std::vector<char> act(T, 0);
  for (int t : float_activation_tensors(fm)) act[static_cast<size_t>(t)] = 1;
  for (const auto& op : fm.ops)
    for (size_t s = 0; s < op.inputs.size(); ++s) {
      const int t = op.inputs[s];
      if (t < 0 || is_meta_operand(op, s) || (has_weights(op) && s >= 1)) continue;
      if (fm.tensors[static_cast<size_t>(t)].type == DType::Float32) act[static_cast<size_t>(t)] = 1;
    }

  // Tensors that must share (scale, zero point): TFLite's integer pooling,
  // RESHAPE, PAD, TRANSPOSE, SPLIT ... pass values through unchanged (every
  // output keeps the data input's scale, as TFLite's converter does; the
  // data input is the first that is not a shape or axis operand, SPLIT's
  // is slot 1), and CONCATENATION / PACK (as TFLite Micro runs them) need
  // every input on the output's scale.
  UnionFind groups(T);
  for (const auto& op : fm.ops) {
    const QuantRule::Share share = rule_of(op)->share;
    if (share == QuantRule::Share::None) continue;
    for (size_t s = 0; s < op.inputs.size(); ++s) {
      const int t = op.inputs[s];
      if (t < 0 || is_meta_operand(op, s)) continue;
      for (int o : op.outputs)
        if (o >= 0) groups.unite(t, o);
      if (share == QuantRule::Share::FirstInputWithOutput) break;
    }
  }
  // Fixed output params of TFLite's int8 kernels.
  std::vector<std::optional<std::pair<float, int>>> fixed(T);
  for (const auto& op : fm.ops) {
    const std::optional<std::pair<float, int>>& f = rule_of(op)->fixed_output;
    if (f) fixed[static_cast<size_t>(op.outputs[0])] = f;
  }
  // Fused (or standalone) activations bound their output's range.
  std::vector<Activation> clamp_of(T, Activation::None);
  for (const auto& op : fm.ops) {
    Activation a = op.options.activation;
    if (rule_of(op)->output_clamp != Activation::None) a = rule_of(op)->output_clamp;
    if (!op.outputs.empty() && op.outputs[0] >= 0) clamp_of[static_cast<size_t>(op.outputs[0])] = a;
  }

  // Range of every group: union of its members' ranges.
  std::vector<std::optional<std::pair<float, float>>> group_range(T);
  std::vector<std::optional<std::pair<float, int>>> group_fixed(T);
  for (size_t t = 0; t < T; ++t) {
    if (!act[t]) continue;
    const int g = groups.find(static_cast<int>(t));
    std::optional<std::pair<float, float>> r;
    const Tensor& x = fm.tensors[t];
    if (x.is_constant()) {
      const std::vector<float> v = float_data(x);
      if (!v.empty()) r = std::pair<float, float>{*std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
    } else if (auto it = ranges.find(static_cast<int>(t)); it != ranges.end()) {
      r = clamp_for_activation(clamp_of[t], it->second);
    }
    if (fixed[t]) {
      if (group_fixed[static_cast<size_t>(g)] && *group_fixed[static_cast<size_t>(g)] != *fixed[t])
        throw Error(where, "tensor " + x.name + " needs two different fixed quantizations");
      group_fixed[static_cast<size_t>(g)] = fixed[t];
    }
    if (r) {
      auto& gr = group_range[static_cast<size_t>(g)];
      gr = gr ? std::pair<float, float>{std::min(gr->first, r->first), std::max(gr->second, r->second)} : *r;
    }
  }

  Model q = fm;
  q.description = "int8 post-training quantized by TinySim" + std::string(fm.description.empty() ? "" : " from: " + fm.description);
  for (size_t t = 0; t < T; ++t) {
    if (!act[t]) continue;
    const int g = groups.find(static_cast<int>(t));
    std::pair<float, int> params;
    if (group_fixed[static_cast<size_t>(g)]) {
      params = *group_fixed[static_cast<size_t>(g)];
    } else if (group_range[static_cast<size_t>(g)]) {
      params = choose_activation_params(group_range[static_cast<size_t>(g)]->first, group_range[static_cast<size_t>(g)]->second);
    } else {
      throw Error(where, "no calibration range for tensor " + std::to_string(t) + " (" + fm.tensors[t].name + ")",
                  "give a range for every float activation tensor (calibrate_ranges returns them all)");
    }
    Tensor& x = q.tensors[t];
    const std::vector<float> v = x.is_constant() ? float_data(fm.tensors[t]) : std::vector<float>{};
    x.type = DType::Int8;
    x.tflite_type = -1;
    x.quant = Quantization{};
    x.quant.scale = {params.first};
    x.quant.zero_point = {params.second};
    if (!v.empty()) {
      std::vector<int8_t> d(v.size());
      for (size_t i = 0; i < v.size(); ++i)
        d[i] = static_cast<int8_t>(std::clamp<long>(std::lround(v[i] / params.first) + params.second, kQMin, kQMax));
      x.data = to_bytes(d);
    }
  }

  // Weights and biases: fresh int8/int32 tensors per op (a float constant
  // shared by two ops may need two different bias scales).
  for (auto& op : q.ops) {
    if (!has_weights(op)) continue;
    const Tensor& w = fm.tensors[static_cast<size_t>(op.inputs.at(1))];
    if (w.type != DType::Float32 || !w.is_constant())
      throw Error(where, "weights " + w.name + " of a " + op_name(op.type) + " are not float32 constants",
                  "quantize a float model (this one looks quantized already)");
    const QuantRule& rule = *rule_of(op);
    const int dim = rule.per_channel_optional ? (options.per_channel_fc ? rule.weight_channel_axis : -1)
                                              : rule.weight_channel_axis;
    if (dim >= static_cast<int>(w.shape.size())) throw Error(where, "weights " + w.name + " have too few dimensions");
    const bool has_bias = op.inputs.size() > 2 && op.inputs[2] >= 0;
    const float in_scale = q.tensors[static_cast<size_t>(op.inputs[0])].quant.scale.at(0);
    // A channel with tiny weights but a sizeable bias would need a bias
    // beyond int32 at scale input*weight; like TFLite's converter, widen that
    // channel's weight scale until the bias fits.
    std::vector<float> min_scale;
    if (has_bias) {
      const Tensor& b = fm.tensors[static_cast<size_t>(op.inputs[2])];
      if (b.type != DType::Float32 || !b.is_constant())
        throw Error(where, "bias " + b.name + " is not a float32 constant");
      const std::vector<float> bv = float_data(b);
      const double limit = 2147483647.0 * static_cast<double>(in_scale);
      for (float v : bv) min_scale.push_back(static_cast<float>(std::abs(v) / limit * 1.0001));
      if (dim < 0 && !min_scale.empty()) min_scale = {*std::max_element(min_scale.begin(), min_scale.end())};
      const size_t channels = dim < 0 ? 1 : static_cast<size_t>(w.shape[static_cast<size_t>(dim)]);
      if (min_scale.size() != channels)
        throw Error(where, "bias " + b.name + " has " + std::to_string(bv.size()) + " values for " +
                               std::to_string(channels) + " output channels");
    }
    Tensor qw = quantize_weights(w, dim, min_scale);
    const std::vector<float> wscales = qw.quant.scale;
    op.inputs[1] = static_cast<int>(q.tensors.size());
    q.tensors.push_back(std::move(qw));
    if (has_bias) {
      const Tensor& b = fm.tensors[static_cast<size_t>(op.inputs[2])];
      Tensor qb = quantize_bias(b, in_scale, wscales);
      op.inputs[2] = static_cast<int>(q.tensors.size());
      q.tensors.push_back(std::move(qb));
    }
  }
  compact(q);
  for (auto& op : q.ops) op.version = std::max(op.version, min_op_version(q, op));
  // The host kernels' prepare step checks every TFLite int8 constraint.
  HostInterpreter check(q);
  (void)check;
  return q;
}

}  // namespace

std::pair<float, int> choose_activation_params(float rmin, float rmax) {
  rmin = std::min(rmin, 0.0f);
  rmax = std::max(rmax, 0.0f);
  // A tensor that was always 0 (e.g. a ReLU that never fired): any scale
  // represents it; a tiny positive range keeps every later multiplier finite.
  if (rmax - rmin < 1e-6f) rmax = rmin + 1e-6f;
  const double qmin = kQMin, qmax = kQMax;
  const double scale = (static_cast<double>(rmax) - rmin) / (qmax - qmin);
  // TFLite's GetAsymmetricQuantizationParams: pick the zero point from the
  // end with the smaller rounding error, then round it to an integer so that
  // 0.0 is exactly representable.
  const double zp_from_min = qmin - rmin / scale;
  const double zp_from_max = qmax - rmax / scale;
  const double err_min = std::abs(qmin) + std::abs(rmin / scale);
  const double err_max = std::abs(qmax) + std::abs(rmax / scale);
  const double zp = err_min < err_max ? zp_from_min : zp_from_max;
  int nudged;
  if (zp <= qmin) nudged = kQMin;
  else if (zp >= qmax) nudged = kQMax;
  else nudged = static_cast<int>(std::lround(zp));
  return {static_cast<float>(scale), nudged};
}

Result<Model> quantize_with_ranges(const Model& float_model, const TensorRanges& ranges, const QuantizeOptions& options) {
  return capture([&] { return quantize(float_model, ranges, options); });
}

Result<Model> quantize_model(const Model& float_model, const Dataset& calib, const QuantizeOptions& options) {
  return capture([&] { return quantize(float_model, calibrate(float_model, calib, options), options); });
}

}  // namespace tinysim
