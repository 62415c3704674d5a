// What the graph layer knows of an op: its arity, how its options are read
// from and written to a .tflite file, its op version, its MAC rule, which of
// its operands are shapes or weights, and how post-training quantization and
// training treat it. The reader, writer, model stats, quantizer and trainer
// look ops up here instead of switching on OpType.
//
// The entries are not defined in this module: each op family's file under
// core/ops/ defines its OpSchema next to its kernels and registers both (see
// core/ops/op_registry.h and DEVELOPERS.md, "Adding an op"). This module only
// holds the table, so the dependency points down: ops -> model.
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/ir.h"
#include "core/model/tflite_subset_generated.h"

namespace tinysim {

// Reading one operator's builtin options from the flatbuffer.
class OptionsReader {
 public:
  OptionsReader(const tflite::Operator& fb, Operator& op, const Model& model, std::string label)
      : fb_(fb), op_(op), model_(model), label_(std::move(label)) {}

  const tflite::Operator& fb() const { return fb_; }
  Operator& op() { return op_; }
  OpOptions& options() { return op_.options; }
  const Model& model() const { return model_; }
  // The options table if the file carries this type, else nullptr.
  template <class T>
  const T* as(tflite::BuiltinOptions type) const {
    return fb_.builtin_options_type() == type ? static_cast<const T*>(fb_.builtin_options()) : nullptr;
  }
  // "op 3 CONV_2D has invalid options: WHAT" (the file is damaged).
  void require(bool ok, const std::string& what) const;
  Activation activation(tflite::ActivationFunctionType a) const;
  Padding padding(tflite::Padding p) const;

 private:
  const tflite::Operator& fb_;
  Operator& op_;
  const Model& model_;
  std::string label_;
};

struct WrittenOptions {
  tflite::BuiltinOptions type = tflite::BuiltinOptions::NONE;
  flatbuffers::Offset<void> offset = 0;
};

// How PTQ (core/optimize/quantize.cpp) turns a float op into an int8 one.
struct QuantRule {
  bool quantizable = false;  // PTQ knows this op
  // Tensors that must share one (scale, zero point): TFLite's integer
  // pooling / RESHAPE / PAD pass values through; CONCATENATION needs every
  // input on the output's scale.
  enum class Share : uint8_t { None, FirstInputWithOutput, AllInputsWithOutput } share = Share::None;
  // Output quantization TFLite's int8 kernel fixes (softmax 1/256, -128).
  std::optional<std::pair<float, int>> fixed_output;
  // The range a standalone activation implies for its output (RELU: >= 0).
  Activation output_clamp = Activation::None;
  // Axis of input 1 (the weights) that gets one scale per slice:
  // -1 = per tensor. FULLY_CONNECTED is per tensor unless the caller asks
  // for per-channel (then axis 0).
  int weight_channel_axis = -1;
  bool per_channel_optional = false;
  // QAT's fake-quantized output reuses the input's range (the op moves or
  // clamps values without rescaling them: reshape, pooling, RELU, RELU6).
  bool qat_range_from_input = false;
};

// What the weights (input 1) of a weighted op are, for pruning.
enum class WeightKind : uint8_t { None, Dense, Depthwise };

struct OpSchema {
  OpType type = OpType::Custom;
  std::string custom_name;  // custom ops: the name the file gives

  int min_inputs = 1, max_inputs = 1;  // max_inputs -1 = any number
  int num_outputs = 1;                 // -1 = one or more (SPLIT, UNPACK)

  // nullptr: the op has no builtin options.
  void (*read_options)(OptionsReader&) = nullptr;
  WrittenOptions (*write_options)(flatbuffers::FlatBufferBuilder&, const Operator&) = nullptr;
  // The lowest TFLite op version that describes this op's types/options.
  int (*min_version)(const Model&, const Operator&) = nullptr;
  // Multiply-accumulates against weights (MLPerf Tiny's rule: conv,
  // depthwise and fully connected count; element-wise work counts 0).
  int64_t (*macs)(const Model&, const Operator&) = nullptr;

  uint32_t meta_operands = 0;    // bit k: input k is a shape/axis operand, not data
  uint32_t weight_operands = 0;  // bit k: input k is a learned weight or bias
  WeightKind weight_kind = WeightKind::None;
  QuantRule quant;
  // QUANTIZE / DEQUANTIZE: converts between float and integer; transfer
  // learning bypasses them to recover the float graph.
  bool converts_quantization = false;

  bool is_meta_operand(size_t k) const { return k < 32 && ((meta_operands >> k) & 1u); }
  bool is_weight_operand(size_t k) const { return k < 32 && ((weight_operands >> k) & 1u); }
  bool has_weights() const { return weight_operands != 0; }
};

// Called by core/ops/ registrations at start-up; a second schema for the
// same (type, custom name) is a programming error and aborts.
void register_op_schema(const OpSchema& schema);
// nullptr for an op TinySim does not know.
const OpSchema* find_op_schema(const Operator& op);
const OpSchema* find_op_schema(OpType type, const std::string& custom_name = {});
std::vector<const OpSchema*> all_op_schemas();

// Shared MAC and version rules several op families use.
int64_t no_macs(const Model&, const Operator&);
int version_1(const Model&, const Operator&);

}  // namespace tinysim
