#include "core/ops/interpreter.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/host/kernels.h"
#include "core/ops/op_emission.h"
#include "core/ops/op_registry.h"
#include "core/ops/variable_reset.h"

namespace tinysim {

HostInterpreter::HostInterpreter(const Model& model) : model_(std::make_shared<const Model>(model)) {
  const Model& m = *model_;
  ops::HostPreparation prepared = ops::prepare_all(m);
  if (!prepared.refusals.empty()) ops::throw_refusals(m, prepared.refusals, ops::kHost);
  ops_ = std::make_shared<const std::vector<std::unique_ptr<OpData>>>(std::move(prepared.data));
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    const Tensor& tensor = m.tensors[t];
    if (tensor.is_constant()) continue;
    const int64_t bytes = tensor.num_bytes();
    if (bytes < 0 || bytes > (int64_t{1} << 31))
      throw Error(m.source, "tensor '" + tensor.name + "' is too large to allocate");
  }
  for (const auto& op : *ops_)
    if (op->output >= 0 && m.tensors[static_cast<size_t>(op->output)].is_constant())
      throw Error(m.source, "op " + std::to_string(op->op_index) + " writes to a constant tensor");
  for (size_t i = 0; i < m.inputs.size(); ++i)
    if (m.inputs[i] < 0 || m.inputs[i] >= static_cast<int>(m.tensors.size()))
      throw Error(m.source, "model input " + std::to_string(i) + " is not a valid tensor");
  for (size_t i = 0; i < m.outputs.size(); ++i)
    if (m.outputs[i] < 0 || m.outputs[i] >= static_cast<int>(m.tensors.size()))
      throw Error(m.source, "model output " + std::to_string(i) + " is not a valid tensor");
  allocate_buffers();
}

HostInterpreter::HostInterpreter(const HostInterpreter& other) : model_(other.model_), ops_(other.ops_) {
  allocate_buffers();
}

void HostInterpreter::allocate_buffers() {
  const Model& m = *model_;
  buffers_.assign(m.tensors.size(), {});
  pointers_.assign(m.tensors.size(), nullptr);
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    const Tensor& tensor = m.tensors[t];
    if (tensor.is_constant()) {
      // Kernels take non-const pointers, but no op writes a constant (checked
      // at construction), so the shared model stays unchanged.
      pointers_[t] = tensor.data.empty() ? nullptr : const_cast<uint8_t*>(tensor.data.data());
      continue;
    }
    // A variable (state) tensor starts at TFLM's reset value (the plan's
    // ts_reset table gives ts_init the same one).
    buffers_[t].assign(static_cast<size_t>(tensor.num_bytes()), static_cast<uint8_t>(ops::variable_reset_value(tensor)));
    pointers_[t] = buffers_[t].empty() ? nullptr : buffers_[t].data();
  }
  states_.assign(ops_->size(), {});
  for (size_t i = 0; i < ops_->size(); ++i) states_[i].assign(ops::op_state_bytes(m, *(*ops_)[i]), 0);
}

const Tensor& HostInterpreter::input_tensor(int i) const {
  if (i < 0 || i >= num_inputs()) throw Error(model_->source, "input " + std::to_string(i) + " does not exist");
  return model_->tensors[static_cast<size_t>(model_->inputs[static_cast<size_t>(i)])];
}

const Tensor& HostInterpreter::output_tensor(int i) const {
  if (i < 0 || i >= num_outputs()) throw Error(model_->source, "output " + std::to_string(i) + " does not exist");
  return model_->tensors[static_cast<size_t>(model_->outputs[static_cast<size_t>(i)])];
}

void HostInterpreter::set_input(int i, const void* data, size_t bytes) {
  const Tensor& t = input_tensor(i);
  auto& buf = buffers_[static_cast<size_t>(model_->inputs[static_cast<size_t>(i)])];
  if (bytes != buf.size())
    throw Error(model_->source,
                "input " + std::to_string(i) + " ('" + t.name + "') needs " + std::to_string(buf.size()) +
                    " bytes but got " + std::to_string(bytes),
                "give " + std::to_string(t.num_elements()) + " " + dtype_name(t.type) + " values");
  if (bytes) std::memcpy(buf.data(), data, bytes);
}

void HostInterpreter::set_input_from_float(int i, const std::vector<float>& values) {
  set_input_from_float(i, values.data(), values.size());
}

void HostInterpreter::set_input_from_float(int i, const float* values, size_t n) {
  const Tensor& t = input_tensor(i);
  quantize_into(t, values, n, buffers_[static_cast<size_t>(model_->inputs[static_cast<size_t>(i)])].data());
}

void HostInterpreter::invoke() {
  for (size_t i = 0; i < ops_->size(); ++i) {
    std::vector<uint8_t>& state = states_[i];
    ops::eval_op(*model_, *(*ops_)[i], pointers_.data(), state.empty() ? nullptr : state.data());
  }
}

void HostInterpreter::reset_state() {
  for (std::vector<uint8_t>& s : states_) std::fill(s.begin(), s.end(), uint8_t{0});
}

const std::vector<uint8_t>& HostInterpreter::tensor_bytes(int tensor_index) const {
  if (tensor_index < 0 || tensor_index >= static_cast<int>(buffers_.size()))
    throw Error(model_->source, "tensor " + std::to_string(tensor_index) + " does not exist");
  const Tensor& t = model_->tensors[static_cast<size_t>(tensor_index)];
  return t.is_constant() ? t.data : buffers_[static_cast<size_t>(tensor_index)];
}

const std::vector<uint8_t>& HostInterpreter::output_bytes(int i) const {
  output_tensor(i);
  return buffers_[static_cast<size_t>(model_->outputs[static_cast<size_t>(i)])];
}

std::vector<float> HostInterpreter::output_as_float(int i) const {
  return tensor_values_as_float(output_tensor(i), output_bytes(i));
}

std::vector<uint8_t> quantize_for_tensor(const Tensor& t, const std::vector<float>& values) {
  std::vector<uint8_t> out(static_cast<size_t>(std::max<int64_t>(0, t.num_bytes())));
  quantize_into(t, values.data(), values.size(), out.data());
  return out;
}

void quantize_into(const Tensor& t, const float* values, size_t n, uint8_t* out) {
  if (static_cast<int64_t>(n) != t.num_elements())
    throw Error("tensor '" + t.name + "' has " + std::to_string(t.num_elements()) + " elements but " +
                std::to_string(n) + " values were given");
  if (t.type == DType::Float32) {
    if (n) std::memcpy(out, values, n * sizeof(float));
    return;
  }
  if (t.type != DType::Int8 && t.type != DType::Int16 && t.type != DType::UInt8)
    throw Error(std::string("cannot quantize floats to a ") + dtype_name(t.type) + " tensor");
  const float scale = t.quant.present() ? t.quant.scale[0] : 1.f;
  const int32_t zp = t.quant.zero_point.empty() ? 0 : static_cast<int32_t>(t.quant.zero_point[0]);
  const int32_t lo = t.type == DType::Int16 ? -32768 : t.type == DType::UInt8 ? 0 : -128;
  const int32_t hi = t.type == DType::Int16 ? 32767 : t.type == DType::UInt8 ? 255 : 127;
  if (t.type == DType::Int8) {  // the common case, vectorised (same bits)
    kernels::quantize_floats_int8(values, static_cast<int64_t>(n), scale, zp, lo, hi, reinterpret_cast<int8_t*>(out));
    return;
  }
  for (size_t k = 0; k < n; ++k) {
    float r = std::round(values[k] / scale);
    if (std::isnan(r)) r = 0.f;
    r = std::fmin(std::fmax(r, -1e9f), 1e9f);
    int32_t q = static_cast<int32_t>(r) + zp;
    q = q < lo ? lo : (q > hi ? hi : q);
    if (t.type == DType::Int16) {
      const auto v = static_cast<int16_t>(q);
      std::memcpy(out + 2 * k, &v, 2);
    } else {
      out[k] = static_cast<uint8_t>(q);
    }
  }
}

std::vector<float> tensor_values_as_float(const Tensor& t, const std::vector<uint8_t>& bytes) {
  const size_t n = static_cast<size_t>(t.num_elements());
  if (bytes.size() < n * dtype_size(t.type)) throw Error("tensor '" + t.name + "' buffer is too small");
  std::vector<float> out(n);
  const double scale = t.quant.present() ? static_cast<double>(t.quant.scale[0]) : 1.0;
  const int64_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  for (size_t k = 0; k < n; ++k) {
    double v = 0;
    switch (t.type) {
      case DType::Float32: {
        float f;
        std::memcpy(&f, bytes.data() + 4 * k, 4);
        out[k] = f;
        continue;
      }
      case DType::Int8: v = static_cast<int8_t>(bytes[k]); break;
      case DType::UInt8: v = bytes[k]; break;
      case DType::Int16: {
        int16_t x;
        std::memcpy(&x, bytes.data() + 2 * k, 2);
        v = x;
        break;
      }
      case DType::Int32: {
        int32_t x;
        std::memcpy(&x, bytes.data() + 4 * k, 4);
        v = x;
        break;
      }
      case DType::Int64: {
        int64_t x;
        std::memcpy(&x, bytes.data() + 8 * k, 8);
        v = static_cast<double>(x);
        break;
      }
      default: throw Error(std::string("cannot convert a ") + dtype_name(t.type) + " tensor to float");
    }
    out[k] = t.quant.present() ? static_cast<float>(scale * (v - static_cast<double>(zp))) : static_cast<float>(v);
  }
  return out;
}

Result<std::vector<std::vector<uint8_t>>> run_host(const Model& model,
                                                   const std::vector<std::vector<uint8_t>>& inputs) {
  return capture([&] {
    HostInterpreter interp(model);
    if (static_cast<int>(inputs.size()) != interp.num_inputs())
      throw Error(model.source, "model has " + std::to_string(interp.num_inputs()) + " inputs but " +
                                    std::to_string(inputs.size()) + " were given");
    for (int i = 0; i < interp.num_inputs(); ++i)
      interp.set_input(i, inputs[static_cast<size_t>(i)].data(), inputs[static_cast<size_t>(i)].size());
    interp.invoke();
    std::vector<std::vector<uint8_t>> outs;
    for (int i = 0; i < interp.num_outputs(); ++i) outs.push_back(interp.output_bytes(i));
    return outs;
  });
}

}  // namespace tinysim
