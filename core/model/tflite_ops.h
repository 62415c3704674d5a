// How TFLite identifies element types, and how those map onto TinySim's IR.
// Shared by the reader and the writer so both agree. (Operator codes are the
// OpType values themselves: core/model/tflite_builtins.def.)
#pragma once

#include <cstdint>
#include <string>

#include "core/model/ir.h"

namespace tinysim::tflite_codes {

// deprecated_builtin_code is an int8; codes above it are stored in
// builtin_code with this value in the deprecated field.
constexpr int32_t kPlaceholderForGreaterOpCodes = 127;

// The TFLite name of a builtin code ("CONV_2D"), or "BUILTIN_<n>" if unknown.
std::string builtin_name(int32_t code);

// TFLite TensorType <-> DType. Types TinySim has no DType for become Other.
DType dtype_from_tensor_type(int8_t type);
int8_t tensor_type_from_dtype(DType type);  // -1 for Other

}  // namespace tinysim::tflite_codes
