// How TFLite identifies operators and element types, and how those map onto
// TinySim's IR. Shared by the reader and the writer so both agree.
#pragma once

#include <cstdint>
#include <string>

#include "core/model/ir.h"

namespace tinysim::tflite_codes {

// TFLite BuiltinOperator values TinySim handles (schema.fbs numbering).
enum Builtin : int32_t {
  kAdd = 0,
  kAveragePool2D = 1,
  kConcatenation = 2,
  kConv2D = 3,
  kDepthwiseConv2D = 4,
  kDequantize = 6,
  kFullyConnected = 9,
  kLogistic = 14,
  kMaxPool2D = 17,
  kMul = 18,
  kRelu = 19,
  kRelu6 = 21,
  kReshape = 22,
  kSoftmax = 25,
  kTanh = 28,
  kCustom = 32,
  kPad = 34,
  kMean = 40,
  kQuantize = 114,
  // deprecated_builtin_code is an int8; codes above it are stored in
  // builtin_code with this value in the deprecated field.
  kPlaceholderForGreaterOpCodes = 127,
};

// The TFLite name of a builtin code ("CONV_2D"), or "BUILTIN_<n>" if unknown.
std::string builtin_name(int32_t code);

// OpType::Unsupported for every builtin TinySim does not run.
OpType op_type_from_builtin(int32_t code);
int32_t builtin_from_op_type(OpType op);  // -1 for Unsupported

// TFLite TensorType <-> DType. Types TinySim has no DType for become Other.
DType dtype_from_tensor_type(int8_t type);
int8_t tensor_type_from_dtype(DType type);  // -1 for Other

}  // namespace tinysim::tflite_codes
