#include "core/model/hybrid_weights.h"

#include "core/model/op_schema.h"

#include <cstring>
#include <string>

#include "core/common/error.h"

namespace tinysim {
namespace {

template <class T>
void dequantize_into(const Tensor& t, std::vector<float>& out) {
  const int64_t n = t.num_elements();
  const auto& q = t.quant;
  const T* src = t.as<T>();
  int64_t inner = 1;  // elements per step along the quantized dimension
  int64_t channels = 1;
  if (q.per_channel()) {
    const int qd = q.quantized_dimension;
    channels = t.shape[static_cast<size_t>(qd)];
    for (size_t d = static_cast<size_t>(qd) + 1; d < t.shape.size(); ++d) inner *= t.shape[d];
  }
  for (int64_t i = 0; i < n; ++i) {
    const size_t c = q.per_channel() ? static_cast<size_t>((i / inner) % channels) : 0;
    const int64_t zp = c < q.zero_point.size() ? q.zero_point[c] : 0;
    out[static_cast<size_t>(i)] =
        q.scale[c] * static_cast<float>(static_cast<int64_t>(src[i]) - zp);
  }
}

}  // namespace

std::vector<float> dequantize_constant(const Tensor& t) {
  if (!t.is_constant() || !t.quant.present())
    throw Error("tensor '" + t.name + "' is not a quantized constant; cannot dequantize it");
  if (static_cast<int64_t>(t.data.size()) != t.num_bytes())
    throw Error("tensor '" + t.name + "' data size does not match its shape");
  if (t.quant.per_channel()) {
    const int qd = t.quant.quantized_dimension;
    if (qd < 0 || static_cast<size_t>(qd) >= t.shape.size() ||
        static_cast<size_t>(t.shape[static_cast<size_t>(qd)]) != t.quant.scale.size())
      throw Error("tensor '" + t.name + "' per-channel scales do not match its shape");
  }
  std::vector<float> out(static_cast<size_t>(t.num_elements()));
  switch (t.type) {
    case DType::Int8: dequantize_into<int8_t>(t, out); break;
    case DType::UInt8: dequantize_into<uint8_t>(t, out); break;
    case DType::Int16: dequantize_into<int16_t>(t, out); break;
    case DType::Int32: dequantize_into<int32_t>(t, out); break;
    default:
      throw Error("tensor '" + t.name + "' has type " + dtype_name(t.type) +
                  ", which cannot be dequantized");
  }
  return out;
}

int dequantize_hybrid_weights(Model& model) {
  const size_t n = model.tensors.size();
  // A tensor qualifies only if every op reading it is a float op.
  std::vector<int> float_uses(n, 0), other_uses(n, 0);
  for (const Operator& op : model.ops) {
    // (DEQUANTIZE never qualifies: its input is the int8 tensor itself.)
    bool float_op = find_op_schema(op) != nullptr && !op.inputs.empty() && op.inputs[0] >= 0 && !op.outputs.empty() &&
                    model.tensors[static_cast<size_t>(op.inputs[0])].type == DType::Float32 &&
                    model.tensors[static_cast<size_t>(op.outputs[0])].type == DType::Float32;
    for (int in : op.inputs) {
      if (in < 0) continue;
      (float_op ? float_uses : other_uses)[static_cast<size_t>(in)]++;
    }
  }
  for (int out : model.outputs) other_uses[static_cast<size_t>(out)]++;

  int converted = 0;
  for (size_t i = 0; i < n; ++i) {
    Tensor& t = model.tensors[i];
    if (t.type != DType::Int8 || !t.is_constant() || !t.quant.present()) continue;
    if (float_uses[i] == 0 || other_uses[i] != 0) continue;
    std::vector<float> values = dequantize_constant(t);
    t.type = DType::Float32;
    t.data.resize(values.size() * sizeof(float));
    std::memcpy(t.data.data(), values.data(), t.data.size());
    t.quant = Quantization{};
    ++converted;
  }
  return converted;
}

}  // namespace tinysim
