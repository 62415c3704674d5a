// Builds small Models by hand for kernel tests: tensors with quantization,
// constant data, and ops, then runs them on the HostInterpreter.
#pragma once

#include <cstring>
#include <vector>

#include "core/ops/interpreter.h"
#include "core/model/ir.h"

namespace tinysim::test {

struct ModelBuilder {
  Model m;
  ModelBuilder() { m.source = "handmade.tflite"; }

  int tensor(DType type, std::vector<int32_t> shape, std::vector<float> scales = {},
             std::vector<int64_t> zps = {}, int qdim = 0) {
    Tensor t;
    t.name = "t" + std::to_string(m.tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    t.quant.scale = std::move(scales);
    t.quant.zero_point = zps.empty() && !t.quant.scale.empty() ? std::vector<int64_t>(t.quant.scale.size(), 0) : zps;
    t.quant.quantized_dimension = qdim;
    m.tensors.push_back(t);
    return static_cast<int>(m.tensors.size()) - 1;
  }
  template <class T>
  int constant(DType type, std::vector<int32_t> shape, const std::vector<T>& values, std::vector<float> scales = {},
               std::vector<int64_t> zps = {}, int qdim = 0) {
    const int id = tensor(type, std::move(shape), std::move(scales), std::move(zps), qdim);
    auto& d = m.tensors[static_cast<size_t>(id)].data;
    d.resize(values.size() * sizeof(T));
    // memcpy from an empty vector's null data() is undefined even for 0 bytes (UBSan: TflmFill's empty shape).
    if (!values.empty()) std::memcpy(d.data(), values.data(), d.size());
    return id;
  }
  Operator& op(OpType type, std::vector<int> inputs, std::vector<int> outputs) {
    Operator o;
    o.type = type;
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    m.ops.push_back(o);
    return m.ops.back();
  }
  void io(std::vector<int> inputs, std::vector<int> outputs) {
    m.inputs = std::move(inputs);
    m.outputs = std::move(outputs);
  }
};

template <class T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  // An empty vector's data() may be null, which memcpy must not get even for 0 bytes (UBSan).
  if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

// Runs the model with typed inputs and returns output 0 as T.
template <class T, class In>
std::vector<T> run_model(const Model& m, const std::vector<std::vector<In>>& inputs) {
  HostInterpreter interp(m);
  for (size_t i = 0; i < inputs.size(); ++i)
    interp.set_input(static_cast<int>(i), inputs[i].data(), inputs[i].size() * sizeof(In));
  interp.invoke();
  const auto& out = interp.output_bytes(0);
  std::vector<T> v(out.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), out.data(), v.size() * sizeof(T));  // empty outputs are legal
  return v;
}

}  // namespace tinysim::test
