#include "core/model/tflite_ops.h"

#include <array>

namespace tinysim::tflite_codes {
namespace {

// TFLite BuiltinOperator names, indexed by code (schema.fbs, codes 0..161).
constexpr const char* kBuiltinNames[] = {
    "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
    "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP",
    "L2_NORMALIZATION", "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC",
    "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU", "RELU_N1_TO_1", "RELU6", "RESHAPE",
    "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH", "CONCAT_EMBEDDINGS",
    "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD",
    "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND",
    "TRANSPOSE", "MEAN", "SUB", "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE",
    "BIDIRECTIONAL_SEQUENCE_RNN", "EXP", "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE",
    "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM", "ARG_MAX", "MINIMUM", "LESS",
    "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE", "SIN",
    "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG",
    "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX",
    "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN",
    "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE",
    "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD", "ABS", "SPLIT_V",
    "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK", "ELU",
    "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF",
    "WHILE", "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2",
    "DENSIFY", "SEGMENT_SUM", "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM",
    "CALL_ONCE", "BROADCAST_TO", "RFFT2D", "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE",
    "HASHTABLE_FIND", "HASHTABLE_IMPORT", "HASHTABLE_SIZE", "REDUCE_ALL", "CONV_3D_TRANSPOSE",
    "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL",
    "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL", "GELU", "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1",
    "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX", "UNSORTED_SEGMENT_SUM", "ATAN2",
    "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST", "BITWISE_XOR", "RIGHT_SHIFT",
};

}  // namespace

std::string builtin_name(int32_t code) {
  constexpr int32_t n = static_cast<int32_t>(sizeof(kBuiltinNames) / sizeof(kBuiltinNames[0]));
  if (code >= 0 && code < n) return kBuiltinNames[code];
  return "BUILTIN_" + std::to_string(code);
}

OpType op_type_from_builtin(int32_t code) {
  switch (code) {
    case kAdd: return OpType::Add;
    case kAveragePool2D: return OpType::AveragePool2D;
    case kConcatenation: return OpType::Concatenation;
    case kConv2D: return OpType::Conv2D;
    case kDepthwiseConv2D: return OpType::DepthwiseConv2D;
    case kDequantize: return OpType::Dequantize;
    case kFullyConnected: return OpType::FullyConnected;
    case kLogistic: return OpType::Logistic;
    case kMaxPool2D: return OpType::MaxPool2D;
    case kMul: return OpType::Mul;
    case kRelu: return OpType::Relu;
    case kRelu6: return OpType::Relu6;
    case kReshape: return OpType::Reshape;
    case kSoftmax: return OpType::Softmax;
    case kTanh: return OpType::Tanh;
    case kPad: return OpType::Pad;
    case kMean: return OpType::Mean;
    case kQuantize: return OpType::Quantize;
    default: return OpType::Unsupported;
  }
}

int32_t builtin_from_op_type(OpType op) {
  switch (op) {
    case OpType::Add: return kAdd;
    case OpType::AveragePool2D: return kAveragePool2D;
    case OpType::Concatenation: return kConcatenation;
    case OpType::Conv2D: return kConv2D;
    case OpType::DepthwiseConv2D: return kDepthwiseConv2D;
    case OpType::Dequantize: return kDequantize;
    case OpType::FullyConnected: return kFullyConnected;
    case OpType::Logistic: return kLogistic;
    case OpType::MaxPool2D: return kMaxPool2D;
    case OpType::Mean: return kMean;
    case OpType::Mul: return kMul;
    case OpType::Pad: return kPad;
    case OpType::Quantize: return kQuantize;
    case OpType::Relu: return kRelu;
    case OpType::Relu6: return kRelu6;
    case OpType::Reshape: return kReshape;
    case OpType::Softmax: return kSoftmax;
    case OpType::Tanh: return kTanh;
    case OpType::Unsupported: return -1;
  }
  return -1;
}

// TensorType numbering: FLOAT32 0, INT32 2, UINT8 3, INT64 4, BOOL 6,
// INT16 7, INT8 9.
DType dtype_from_tensor_type(int8_t type) {
  switch (type) {
    case 0: return DType::Float32;
    case 2: return DType::Int32;
    case 3: return DType::UInt8;
    case 4: return DType::Int64;
    case 6: return DType::Bool;
    case 7: return DType::Int16;
    case 9: return DType::Int8;
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
    case DType::Other: return -1;
  }
  return -1;
}

}  // namespace tinysim::tflite_codes
