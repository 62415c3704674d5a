// The graph IR every part of TinySim shares: the .tflite reader fills it, the
// host kernels and the target plan read it, the optimiser makes new ones and
// the writer turns them back into .tflite. It mirrors TFLite's model (one
// subgraph, NHWC activations, OHWI conv filters, 1HWO depthwise filters,
// OI fully-connected weights) so that numbers can be compared with TFLite's
// reference kernels without any layout translation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tinysim {

// UInt32 / UInt64: the unsigned spectra of audio front ends (TFLM signal ops).
enum class DType : uint8_t { Float32, Int8, UInt8, Int16, Int32, Int64, Bool, Other, UInt32, UInt64 };

const char* dtype_name(DType t);
size_t dtype_size(DType t);  // bytes per element; 0 for Other

// Affine quantization: real = scale * (q - zero_point). One entry per tensor,
// or one per channel along quantized_dimension (per-channel conv weights).
struct Quantization {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int quantized_dimension = 0;

  bool present() const { return !scale.empty(); }
  bool per_channel() const { return scale.size() > 1; }
  bool operator==(const Quantization&) const = default;
};

struct Tensor {
  std::string name;
  DType type = DType::Float32;
  std::vector<int32_t> shape;
  Quantization quant;
  // Constant data (weights, biases, shape operands), little-endian as in the
  // file. Empty for activations, which live in the arena.
  std::vector<uint8_t> data;
  bool is_variable = false;
  // The TFLite TensorType code when `type` is DType::Other (e.g. UINT32 in
  // audio front-ends), so the writer can keep it; -1 otherwise.
  int8_t tflite_type = -1;

  bool is_constant() const { return !data.empty(); }
  int64_t num_elements() const;  // product of shape; 1 for a scalar
  int64_t num_bytes() const { return num_elements() * static_cast<int64_t>(dtype_size(type)); }
  template <class T>
  const T* as() const { return reinterpret_cast<const T*>(data.data()); }
  bool operator==(const Tensor&) const = default;
};

// An operator's kind is its TFLite builtin code (schema.fbs numbering; every
// builtin is listed in tflite_builtins.def, whether TinySim runs it or not).
// Codes beyond the list stay representable as a plain cast. Which ops TinySim
// can run, and how, is the op registry's knowledge (core/ops/), never an
// enum's: adding an op does not touch this file.
enum class OpType : int32_t {
#define TS_BUILTIN(e, code, name) e = code,
#include "core/model/tflite_builtins.def"
#undef TS_BUILTIN
};

// "CONV_2D"; "BUILTIN" for a code outside the schema list.
const char* op_name(OpType op);


enum class Activation : uint8_t { None, Relu, ReluN1To1, Relu6, Tanh, SignBit };
enum class Padding : uint8_t { Same, Valid };

// Options of every supported op in one flat struct: each op reads its fields.
struct OpOptions {
  Padding padding = Padding::Valid;
  int stride_w = 1, stride_h = 1;
  int dilation_w = 1, dilation_h = 1;
  int filter_w = 1, filter_h = 1;  // pooling window
  int depth_multiplier = 1;
  Activation activation = Activation::None;
  float beta = 1.0f;                // softmax
  int axis = 0;                     // concatenation
  bool keep_dims = false;           // mean
  bool keep_num_dims = false;       // fully connected
  std::vector<int32_t> new_shape;   // reshape (when given as an option)
  // Options of ops whose fields are not above, by name, owned by the op's
  // registry entry (e.g. "alpha" of LEAKY_RELU, "begin_mask" of
  // STRIDED_SLICE). Doubles hold every int32 and float option exactly.
  std::map<std::string, double> extra;
  bool operator==(const OpOptions&) const = default;
};

struct Operator {
  OpType type = OpType::Custom;
  int version = 1;
  // A custom op's name (type == OpType::Custom), e.g. "SignalWindow".
  std::string custom_code;
  // A custom op's own option bytes (usually a flexbuffer), kept verbatim so
  // writing the model back does not lose them.
  std::vector<uint8_t> custom_options;
  std::vector<int> inputs;   // tensor indices; -1 = optional input absent
  std::vector<int> outputs;
  OpOptions options;
  bool operator==(const Operator&) const = default;
};

// How an op is named in tables and messages: "CONV_2D", "CUSTOM:SignalWindow",
// "BUILTIN_200" for a code beyond the schema list.
std::string op_label(const Operator& op);

struct Model {
  std::string source;        // file it came from (for messages)
  std::string description;
  int schema_version = 3;
  std::vector<Tensor> tensors;
  std::vector<Operator> ops;  // in execution order
  // Inconsistencies the reader tolerated because TFLite Micro does (shown by
  // `inspect`), e.g. a per-tensor scale with a quantized_dimension beyond
  // the tensor's rank.
  std::vector<std::string> warnings;
  std::vector<int> inputs;
  std::vector<int> outputs;
  // Field-by-field equality (including `source` and `warnings`): the
  // writer's round trip is tested with it.
  bool operator==(const Model&) const = default;
};

}  // namespace tinysim
