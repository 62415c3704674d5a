// What an op's prepare step works with: the model, the op, and the checks
// and TFLite parameter computations several op families share (tensor
// access, quantization requirements, fused activation ranges, per-channel
// requantization of weighted ops, window geometry). Every failure throws one
// tinysim::Error "MODEL: op N (NAME): problem" with a fix the user can act on.
#pragma once

#include <cstdint>
#include <string>

#include "core/host/op_data.h"
#include "core/host/quantization_util.h"
#include "core/model/ir.h"

namespace tinysim::ops {

class PrepareContext {
 public:
  PrepareContext(const Model& model, int op_index);

  const Model& model() const { return m_; }
  const Operator& op() const { return *op_; }
  const OpOptions& options() const { return op_->options; }
  int index() const { return index_; }

  [[noreturn]] void fail(const std::string& problem, const std::string& fix = {}) const;
  // "op 3 (SVDF) is not supported by TinySim ...": no registry entry.
  [[noreturn]] void not_supported() const;
  // The op's tensor types have no kernel on the host.
  [[noreturn]] void unsupported_types() const;

  const Tensor& tensor(int idx, const char* role) const;
  int in_index(size_t i) const { return i < op_->inputs.size() ? op_->inputs[i] : -1; }
  const Tensor& in(size_t i, const char* role) const;
  const Tensor& out(size_t i = 0) const;
  Dims4 dims(const Tensor& t) const;

  static float scale_of(const Tensor& t) { return t.quant.present() ? t.quant.scale[0] : 0.f; }
  static int32_t zp_of(const Tensor& t) {
    return t.quant.zero_point.empty() ? 0 : static_cast<int32_t>(t.quant.zero_point[0]);
  }
  static int32_t qmin_of(DType t) { return t == DType::Int16 ? -32768 : -128; }
  static int32_t qmax_of(DType t) { return t == DType::Int16 ? 32767 : 127; }
  void require_quantized(const Tensor& t) const;

  // Fills the common header from the op's main input and output.
  void common_io(OpData& d, const Tensor& i, const Tensor& o) const;
  // Float32 / Int8 / Int16 / Int32 from one element type (float, int8
  // always; int16, int32 / uint32 where allowed); anything else is an
  // unsupported type combination.
  KernelType kernel_of(DType t, bool allow_int16, bool allow_int32 = false) const;
  // Which weighted kernel applies, from input, filter and output types.
  KernelType weighted_kernel(const Tensor& i, const Tensor& f, const Tensor& o) const;
  // Per-channel requantization of conv/dw/fc (TFLite's
  // PopulateConvolutionQuantizationParams) and bias checks; sets the bias
  // index and type through the pointers. per_tensor_form: how the op's
  // TFLite source forms the multiplier when the filter has one scale.
  // bias_input: the bias's input position (TRANSPOSE_CONV: 3).
  void weighted_quantization(KernelType kernel, Requant& q, const Tensor& i, const Tensor& f, const Tensor& o,
                             int32_t channels, int* bias, DType* bias_type, int32_t* filter_offset,
                             ScaleArithmetic per_tensor_form, size_t bias_input = 2) const;
  void set_activation(KernelType kernel, Requant& q, Activation act, const Tensor& o) const;
  static void single_multiplier(Requant& q, double real);
  // Stride, dilation, window and TFLite padding; checks the output size.
  void geometry(Window& w, const Dims4& in, int kh, int kw, const Dims4& o) const;

 private:
  std::string display_name() const;

  const Model& m_;
  int index_;
  const Operator* op_ = nullptr;
};

// Comma-separated list of the ops TinySim runs on the host, for messages.
std::string supported_ops_list();

}  // namespace tinysim::ops
