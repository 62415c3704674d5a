#include "core/model/tflite_ops.h"


namespace tinysim::tflite_codes {
std::string builtin_name(int32_t code) {
  Operator op;
  op.type = static_cast<OpType>(code);
  return op_label(op);
}

// TensorType numbering: FLOAT32 0, INT32 2, UINT8 3, INT64 4, BOOL 6,
// INT16 7, INT8 9, UINT64 12, UINT32 15.
DType dtype_from_tensor_type(int8_t type) {
  switch (type) {
    case 0: return DType::Float32;
    case 2: return DType::Int32;
    case 3: return DType::UInt8;
    case 4: return DType::Int64;
    case 6: return DType::Bool;
    case 7: return DType::Int16;
    case 9: return DType::Int8;
    case 12: return DType::UInt64;
    case 15: return DType::UInt32;
    default: return DType::Other;
  }
}

int8_t tensor_type_from_dtype(DType type) {
  switch (type) {
    case DType::Float32: return 0;
    case DType::Int32: return 2;
    case DType::UInt8: return 3;
    case DType::Int64: return 4;
    case DType::Bool: return 6;
    case DType::Int16: return 7;
    case DType::Int8: return 9;
    case DType::UInt64: return 12;
    case DType::UInt32: return 15;
    case DType::Other: return -1;
  }
  return -1;
}

}  // namespace tinysim::tflite_codes
