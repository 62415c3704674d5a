#include "core/model/graph_check.h"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace tinysim {
namespace {

constexpr const char* kReexport = "re-export the model with the TFLite converter";

std::string tensor_label(const Model& m, int t) {
  return "tensor " + std::to_string(t) + " ('" + m.tensors[size_t(t)].name + "')";
}

// Shortest text of a float ("0", "nan", "1e-45"), not to_string's "0.000000".
std::string float_text(float v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string op_label_at(const Model& m, size_t i) { return "op " + std::to_string(i) + " (" + op_label(m.ops[i]) + ")"; }

// The zero points TFLite's kernels accept for each quantized type.
bool zero_point_in_range(DType type, int64_t zp, int64_t* lo, int64_t* hi) {
  switch (type) {
    case DType::Int8: *lo = -128, *hi = 127; break;
    case DType::UInt8: *lo = 0, *hi = 255; break;
    case DType::Int16: *lo = -32768, *hi = 32767; break;
    default: return true;
  }
  return zp >= *lo && zp <= *hi;
}

void check_quantization(const Model& m) {
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    const Tensor& tensor = m.tensors[t];
    if (!tensor.quant.present()) continue;
    for (const float s : tensor.quant.scale)
      if (!(std::isfinite(s) && s > 0))
        throw Error(m.source, tensor_label(m, int(t)) + " has quantization scale " + float_text(s) +
                                  " (a scale must be a positive number; 0 makes every value the zero point)",
                    kReexport);
    for (const int64_t zp : tensor.quant.zero_point) {
      int64_t lo = 0, hi = 0;
      if (!zero_point_in_range(tensor.type, zp, &lo, &hi))
        throw Error(m.source, tensor_label(m, int(t)) + " has zero point " + std::to_string(zp) + ", outside the " +
                                  dtype_name(tensor.type) + " range [" + std::to_string(lo) + ", " +
                                  std::to_string(hi) + "]",
                    kReexport);
    }
  }
}

// Ops run in file order: each may read graph inputs, constants, variables
// and what an earlier op wrote.
void check_dataflow(const Model& m) {
  std::vector<bool> ready(m.tensors.size(), false);
  for (const int t : m.inputs) ready[size_t(t)] = true;
  for (size_t t = 0; t < m.tensors.size(); ++t)
    if (m.tensors[t].is_constant() || m.tensors[t].is_variable) ready[t] = true;
  for (size_t i = 0; i < m.ops.size(); ++i) {
    const Operator& op = m.ops[i];
    for (const int in : op.inputs) {
      if (in < 0) continue;  // an absent optional input
      for (const int out : op.outputs)
        if (out == in)
          throw Error(m.source, op_label_at(m, i) + " reads its own output " + tensor_label(m, in), kReexport);
      if (!ready[size_t(in)])
        throw Error(m.source, op_label_at(m, i) + " reads " + tensor_label(m, in) +
                                  ", which no earlier op writes (the ops are out of order or form a cycle)",
                    kReexport);
    }
    for (const int out : op.outputs)
      if (out >= 0) ready[size_t(out)] = true;
  }
  for (size_t k = 0; k < m.outputs.size(); ++k)
    if (!ready[size_t(m.outputs[k])])
      throw Error(m.source, "model output " + std::to_string(k) + " is " + tensor_label(m, m.outputs[k]) +
                                ", which no op writes",
                  kReexport);
}

}  // namespace

void check_graph(const Model& m) {
  if (m.inputs.empty()) throw Error(m.source, "the model has no inputs", kReexport);
  if (m.outputs.empty()) throw Error(m.source, "the model has no outputs", kReexport);
  if (m.ops.empty()) throw Error(m.source, "the model's subgraph has no ops", kReexport);
  check_quantization(m);
  check_dataflow(m);
}

}  // namespace tinysim
