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
    case OpType::Add: return "ADD";
    case OpType::AveragePool2D: return "AVERAGE_POOL_2D";
    case OpType::Concatenation: return "CONCATENATION";
    case OpType::Conv2D: return "CONV_2D";
    case OpType::DepthwiseConv2D: return "DEPTHWISE_CONV_2D";
    case OpType::Dequantize: return "DEQUANTIZE";
    case OpType::FullyConnected: return "FULLY_CONNECTED";
    case OpType::Logistic: return "LOGISTIC";
    case OpType::MaxPool2D: return "MAX_POOL_2D";
    case OpType::Mean: return "MEAN";
    case OpType::Mul: return "MUL";
    case OpType::Pad: return "PAD";
    case OpType::Quantize: return "QUANTIZE";
    case OpType::Relu: return "RELU";
    case OpType::Relu6: return "RELU6";
    case OpType::Reshape: return "RESHAPE";
    case OpType::Softmax: return "SOFTMAX";
    case OpType::Tanh: return "TANH";
    case OpType::Unsupported: return "UNSUPPORTED";
  }
  return "UNSUPPORTED";
}

}  // namespace tinysim
