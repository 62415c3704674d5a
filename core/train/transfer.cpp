#include "core/train/transfer.h"
#include "core/model/op_schema.h"

#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "core/common/error.h"
#include "core/model/hybrid_weights.h"

namespace tinysim::train {

Model to_float_model(const Model& in) {
  Model m = in;
  // Bypass QUANTIZE / DEQUANTIZE: readers of their output read their input.
  std::map<int, int> alias;
  std::vector<Operator> ops;
  for (const Operator& op : m.ops) {
    const OpSchema* schema = find_op_schema(op);
    if (schema && schema->converts_quantization) {
      alias[op.outputs[0]] = op.inputs[0];
      continue;
    }
    ops.push_back(op);
  }
  auto resolve = [&](int t) {
    while (t >= 0 && alias.count(t)) t = alias[t];
    return t;
  };
  for (Operator& op : ops)
    for (int& t : op.inputs) t = resolve(t);
  for (int& t : m.outputs) t = resolve(t);
  for (int& t : m.inputs) t = resolve(t);
  m.ops = std::move(ops);

  // Bias scales of int32 biases are stored per tensor already (input scale *
  // weight scale), so dequantize_constant handles them like weights.
  for (size_t i = 0; i < m.tensors.size(); ++i) {
    Tensor& t = m.tensors[i];
    if (t.type == DType::Float32) {
      t.quant = Quantization{};
      continue;
    }
    const bool shape_operand = !t.quant.present() && (t.type == DType::Int32 || t.type == DType::Int64);
    if (t.is_constant()) {
      if (shape_operand) continue;  // RESHAPE shapes, MEAN axes, PAD sizes
      if (!t.quant.present())
        throw Error(in.source, "constant '" + t.name + "' is " + dtype_name(t.type) + " without a scale",
                    "use a float or int8-quantized model");
      const std::vector<float> v = dequantize_constant(t);
      t.data.resize(v.size() * sizeof(float));
      std::memcpy(t.data.data(), v.data(), t.data.size());
    } else if (t.type != DType::Int8 && t.type != DType::UInt8 && t.type != DType::Int16) {
      continue;  // non-numeric activations are left for the trainer to reject
    }
    t.type = DType::Float32;
    t.quant = Quantization{};
  }
  m.description = "float copy of " + (in.source.empty() ? std::string("a model") : in.source);
  return m;
}

int resolve_cut(const Model& m, const std::string& cut_at) {
  const std::string& src = m.source;
  bool numeric = !cut_at.empty();
  for (char c : cut_at) numeric = numeric && (c >= '0' && c <= '9');
  if (numeric) {
    const int op = std::stoi(cut_at);
    if (op < 0 || op >= static_cast<int>(m.ops.size()))
      throw Error(src, "cut_at op index " + cut_at + " is out of range",
                  "give an op index in [0, " + std::to_string(m.ops.size() - 1) + "] or a tensor name");
    return m.ops[op].outputs[0];
  }
  for (size_t i = 0; i < m.tensors.size(); ++i)
    if (m.tensors[i].name == cut_at && !m.tensors[i].is_constant()) return static_cast<int>(i);
  throw Error(src, "no activation tensor named '" + cut_at + "'",
              "run `tinysim inspect` on the model to list tensor names, or give an op index");
}

Model cut_model(const Model& in, int tensor) {
  std::vector<int> producer(in.tensors.size(), -1);
  for (size_t o = 0; o < in.ops.size(); ++o)
    for (int t : in.ops[o].outputs) producer[t] = static_cast<int>(o);
  std::vector<char> keep_op(in.ops.size(), 0);
  std::function<void(int)> need = [&](int t) {
    if (t < 0 || producer[t] < 0 || keep_op[producer[t]]) return;
    keep_op[producer[t]] = 1;
    for (int i : in.ops[producer[t]].inputs) need(i);
  };
  need(tensor);
  Model m;
  m.source = in.source;
  m.description = in.description;
  m.schema_version = in.schema_version;
  std::map<int, int> remap;
  auto map_t = [&](int t) -> int {
    if (t < 0) return t;
    auto it = remap.find(t);
    if (it != remap.end()) return it->second;
    m.tensors.push_back(in.tensors[t]);
    return remap[t] = static_cast<int>(m.tensors.size()) - 1;
  };
  for (int t : in.inputs) m.inputs.push_back(map_t(t));
  for (size_t o = 0; o < in.ops.size(); ++o) {
    if (!keep_op[o]) continue;
    Operator op = in.ops[o];
    for (int& t : op.inputs) t = map_t(t);
    for (int& t : op.outputs) t = map_t(t);
    m.ops.push_back(std::move(op));
  }
  m.outputs = {map_t(tensor)};
  return m;
}

TransferNet build_transfer_model(const Model& base_float, const std::string& cut_at,
                                 const std::vector<LayerSpec>& head, int unfreeze_top, uint64_t seed,
                                 const std::string& what) {
  TransferNet r;
  Model m = cut_model(base_float, resolve_cut(base_float, cut_at));
  const size_t base_ops = m.ops.size();
  int cur = m.outputs[0];
  if (head.empty()) throw Error(what, "transfer learning needs \"layers\" for the new head",
                                "add e.g. [{\"type\": \"dense\", \"units\": N}]");
  for (size_t i = 0; i < head.size(); ++i)
    cur = append_layer(m, cur, head[i], seed * 7919ull + i, "head_" + head[i].type + "_" + std::to_string(i), what);
  cur = append_softmax(m, cur);
  m.outputs = {cur};
  r.model = std::move(m);
  TrainNet probe(r.model);  // validates, and gives the slot order
  std::vector<int> base_param_ops;
  for (size_t k = 0; k < probe.params().size(); ++k) {
    if (static_cast<size_t>(probe.param_op(static_cast<int>(k))) < base_ops) {
      r.base_slots.push_back(static_cast<int>(k));
      const int op = probe.param_op(static_cast<int>(k));
      if (base_param_ops.empty() || base_param_ops.back() != op) base_param_ops.push_back(op);
    }
  }
  std::set<int> top_ops;
  for (int i = 0; i < unfreeze_top && i < static_cast<int>(base_param_ops.size()); ++i)
    top_ops.insert(base_param_ops[base_param_ops.size() - 1 - i]);
  for (int k : r.base_slots)
    if (top_ops.count(probe.param_op(k))) r.top_slots.push_back(k);
  return r;
}

}  // namespace tinysim::train
