#include "core/model/ir.h"

namespace tinysim {

const char* dtype_name(DType t) {
  switch (t) {
    case DType::Float32: return "float32";
    case DType::Int8: return "int8";
    case DType::UInt8: return "uint8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
    case DType::Other: return "other";
    case DType::UInt32: return "uint32";
    case DType::UInt64: return "uint64";
  }
  return "other";
}

size_t dtype_size(DType t) {
  switch (t) {
    case DType::Float32: return 4;
    case DType::Int8: return 1;
    case DType::UInt8: return 1;
    case DType::Int16: return 2;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Bool: return 1;
    case DType::Other: return 0;
    case DType::UInt32: return 4;
    case DType::UInt64: return 8;
  }
  return 0;
}

int64_t Tensor::num_elements() const {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

const char* op_name(OpType op) {
  switch (op) {
#define TS_BUILTIN(e, code, name) \
  case OpType::e:                 \
    return name;
#include "core/model/tflite_builtins.def"
#undef TS_BUILTIN
  }
  return "BUILTIN";
}

std::string op_label(const Operator& op) {
  if (op.type == OpType::Custom) return "CUSTOM:" + op.custom_code;
  const auto code = static_cast<int32_t>(op.type);
  if (std::string(op_name(op.type)) == "BUILTIN") return "BUILTIN_" + std::to_string(code);
  return op_name(op.type);
}

}  // namespace tinysim
