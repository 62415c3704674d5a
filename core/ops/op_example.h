// Builds the one-op example models each registry entry supplies for the
// registry test (every claimed type combination is prepared, run on the host
// and, where the firmware has the kernel, planned and run on the emulated
// Cortex-M4 for a bit-exactness check). Values are small and deterministic.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "core/host/op_data.h"
#include "core/model/ir.h"

namespace tinysim::ops {

// The element type an example uses for a kernel type (int16x8 and other
// integer kernels as their activation type).
inline DType example_dtype(KernelType k) {
  return k == KernelType::Float32 ? DType::Float32
         : k == KernelType::Int16 ? DType::Int16
         : k == KernelType::Int32 ? DType::Int32
                                  : DType::Int8;
}

class ExampleBuilder {
 public:
  // An activation tensor; quantized when scale > 0.
  int act(DType type, std::vector<int32_t> shape, float scale = 0.f, int64_t zero_point = 0) {
    Tensor t;
    t.name = "t" + std::to_string(m_.tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    if (scale > 0.f) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zero_point};
    }
    m_.tensors.push_back(std::move(t));
    return static_cast<int>(m_.tensors.size() - 1);
  }
  // A constant with values v[i] = pattern(i): a deterministic spread of
  // small signed values (weights) or given values.
  template <class T>
  int constant(DType type, std::vector<int32_t> shape, std::vector<T> values, std::vector<float> scales = {},
               int quantized_dimension = 0) {
    const int idx = act(type, std::move(shape));
    Tensor& t = m_.tensors[static_cast<size_t>(idx)];
    if (values.empty()) {
      values.resize(static_cast<size_t>(t.num_elements()));
      for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<T>(static_cast<int>((i * 7 + 3) % 11) - 5);
    }
    t.data.resize(values.size() * sizeof(T));
    std::memcpy(t.data.data(), values.data(), t.data.size());
    if (!scales.empty()) {
      t.quant.scale = scales;
      t.quant.zero_point.assign(scales.size(), 0);
      t.quant.quantized_dimension = quantized_dimension;
    }
    return idx;
  }
  Operator& op(OpType type, std::vector<int> inputs, std::vector<int> outputs) {
    Operator o;
    o.type = type;
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    m_.ops.push_back(std::move(o));
    return m_.ops.back();
  }
  Model finish(std::vector<int> inputs, std::vector<int> outputs) {
    m_.source = "example";
    m_.inputs = std::move(inputs);
    m_.outputs = std::move(outputs);
    return m_;
  }

 private:
  Model m_;
};

}  // namespace tinysim::ops
