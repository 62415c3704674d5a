// Small lookups the op files share: an op's operand tensors by slot and
// their element types (for MAC rules and op versions).
#pragma once

#include <cstddef>

#include "core/model/ir.h"
#include "core/model/tflite_subset_generated.h"

namespace tinysim::ops {

// nullptr when slot k is absent or out of range.
inline const Tensor* operand(const Model& m, const std::vector<int>& idx, size_t k) {
  if (k >= idx.size() || idx[k] < 0 || static_cast<size_t>(idx[k]) >= m.tensors.size()) return nullptr;
  return &m.tensors[static_cast<size_t>(idx[k])];
}
inline DType input_type(const Model& m, const Operator& op, size_t k) {
  const Tensor* t = operand(m, op.inputs, k);
  return t ? t->type : DType::Other;
}
inline DType output_type(const Model& m, const Operator& op) {
  const Tensor* t = operand(m, op.outputs, 0);
  return t ? t->type : DType::Other;
}
inline int64_t output_elements(const Model& m, const Operator& op) {
  const Tensor* t = operand(m, op.outputs, 0);
  return t ? t->num_elements() : 0;
}

// Versions by activation type shared by many element-wise ops: TFLite's
// converter gives int8 version 2, int16 the version after it.
inline int version_int8_2(const Model& m, const Operator& op) { return input_type(m, op, 0) == DType::Int8 ? 2 : 1; }
inline int version_int8_2_int16_3(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  return t == DType::Int16 ? 3 : t == DType::Int8 ? 2 : 1;
}

// Tensor data for a host kernel: tensors[i] is model tensor i (nullptr for an absent operand).
template <class T>
T* at(void* const* tensors, int index) {
  return index < 0 ? nullptr : static_cast<T*>(tensors[index]);
}

inline tflite::ActivationFunctionType fb_activation(Activation a) {
  return static_cast<tflite::ActivationFunctionType>(static_cast<int8_t>(a));
}
inline tflite::Padding fb_padding(Padding p) {
  return p == Padding::Same ? tflite::Padding::SAME : tflite::Padding::VALID;
}

}  // namespace tinysim::ops
