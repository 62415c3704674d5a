// Runs a Model on the host kernels through the op registry. Construction
// prepares every op (so an unsupported model fails early, with one message
// naming every op the host cannot run) and gives each non-constant tensor
// its own buffer; invoke() runs the ops in order. Constants are read in place
// from the interpreter's copy of the model. A copy of an interpreter shares
// that model and the prepared ops (both immutable) and has its own activation
// buffers, so copies may run on separate threads without copying weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/common/error.h"
#include "core/host/op_data.h"
#include "core/model/ir.h"

namespace tinysim {

class HostInterpreter {
 public:
  // Copies the model; throws tinysim::Error if an op cannot be prepared.
  explicit HostInterpreter(const Model& model);
  // Shares other's model and prepared ops; fresh activation buffers.
  HostInterpreter(const HostInterpreter& other);
  HostInterpreter& operator=(const HostInterpreter&) = delete;

  const Model& model() const { return *model_; }
  // Op i's prepared data (its registry entry's struct, e.g. ConvData).
  const std::vector<std::unique_ptr<OpData>>& prepared_ops() const { return *ops_; }
  int num_inputs() const { return static_cast<int>(model_->inputs.size()); }
  int num_outputs() const { return static_cast<int>(model_->outputs.size()); }
  const Tensor& input_tensor(int i) const;
  const Tensor& output_tensor(int i) const;

  // bytes must equal the input tensor's size exactly.
  void set_input(int i, const void* data, size_t bytes);
  // Quantizes with the input's scale/zero point (or copies for float inputs).
  void set_input_from_float(int i, const std::vector<float>& values);
  void set_input_from_float(int i, const float* values, size_t n);
  void invoke();
  // Zeroes the state stateful ops keep from one invoke() to the next (TFLM's
  // MicroInterpreter::Reset); a new interpreter starts reset.
  void reset_state();

  const std::vector<uint8_t>& tensor_bytes(int tensor_index) const;
  const std::vector<uint8_t>& output_bytes(int i) const;
  // Output values as float: dequantized for quantized outputs.
  std::vector<float> output_as_float(int i) const;

 private:
  void allocate_buffers();

  std::shared_ptr<const Model> model_;
  std::shared_ptr<const std::vector<std::unique_ptr<OpData>>> ops_;
  std::vector<std::vector<uint8_t>> buffers_;  // per non-constant tensor (constants: empty)
  std::vector<void*> pointers_;                // per tensor: its buffer, or the constant's data in model_
  std::vector<std::vector<uint8_t>> states_;   // per op: its state bytes (empty for stateless ops)
};

// float -> quantized bytes of tensor t (TFLite rounding: round(x/scale)+zp,
// clamped to the type's range); float tensors get the raw float bytes.
std::vector<uint8_t> quantize_for_tensor(const Tensor& t, const std::vector<float>& values);
// The same into out (t.num_bytes() bytes); n must equal t.num_elements().
void quantize_into(const Tensor& t, const float* values, size_t n, uint8_t* out);
// The tensor's elements as float (dequantized when it has a scale).
std::vector<float> tensor_values_as_float(const Tensor& t, const std::vector<uint8_t>& bytes);

// Runs the model once on raw input bytes; returns each output's bytes.
Result<std::vector<std::vector<uint8_t>>> run_host(const Model& model, const std::vector<std::vector<uint8_t>>& inputs);

}  // namespace tinysim
