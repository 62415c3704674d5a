#include "core/ops/prepare_context.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/host/quantization_util.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {

std::string supported_ops_list() {
  std::string s;
  for (const OpDef* d : all_ops()) {
    Operator op;
    op.type = d->schema.type;
    op.custom_code = d->schema.custom_name;
    s += (s.empty() ? "" : ", ") + (op.type == OpType::Custom ? op.custom_code : op_label(op));
  }
  return s;
}

PrepareContext::PrepareContext(const Model& m, int index) : m_(m), index_(index) {
  if (index < 0 || index >= static_cast<int>(m.ops.size()))
    throw Error(m.source, "op index " + std::to_string(index) + " is out of range");
  op_ = &m.ops[static_cast<size_t>(index)];
}

std::string PrepareContext::display_name() const {
  return op_->type == OpType::Custom ? op_->custom_code : op_label(*op_);
}

void PrepareContext::fail(const std::string& problem, const std::string& fix) const {
  // "op 3 (SVDF) is not supported ..." reads as a sentence; other problems follow a colon.
  const std::string sep = problem.rfind("is not supported", 0) == 0 ? " " : ": ";
  throw Error(m_.source, "op " + std::to_string(index_) + " (" + display_name() + ")" + sep + problem, fix);
}

void PrepareContext::not_supported() const {
  fail("is not supported by TinySim (supported: " + supported_ops_list() + ")",
       "re-export the model without it; `tinysim inspect` shows the rest of the model");
}

void PrepareContext::unsupported_types() const {
  auto list = [&](const std::vector<int>& idx) {
    std::string types;
    for (int i : idx)
      if (i >= 0 && i < static_cast<int>(m_.tensors.size()))
        types += (types.empty() ? "" : ", ") + std::string(dtype_name(m_.tensors[static_cast<size_t>(i)].type));
    return types;
  };
  std::string supported;
  if (const OpDef* d = find_op(*op_))
    for (const KernelCombo& c : d->combos)
      if (c.backends & kHost) supported += (supported.empty() ? "" : "; ") + std::string(c.types);
  fail("type combination (inputs " + list(op_->inputs) + " -> outputs " + list(op_->outputs) +
           ") is not supported by TinySim",
       supported.empty() ? std::string("use a float32 or int8 model") : "TinySim runs this op with " + supported);
}

const Tensor& PrepareContext::tensor(int idx, const char* role) const {
  if (idx < 0 || idx >= static_cast<int>(m_.tensors.size()))
    fail(std::string("missing or out-of-range ") + role + " tensor", "the model file is malformed");
  return m_.tensors[static_cast<size_t>(idx)];
}

const Tensor& PrepareContext::in(size_t i, const char* role) const {
  if (i >= op_->inputs.size()) fail(std::string("has no ") + role + " input");
  return tensor(op_->inputs[i], role);
}

const Tensor& PrepareContext::out(size_t i) const {
  if (i >= op_->outputs.size()) fail("has no output");
  return tensor(op_->outputs[i], "output");
}

Dims4 PrepareContext::dims(const Tensor& t) const {
  try {
    return to_dims4(t.shape, "tensor '" + t.name + "'");
  } catch (const Error& e) {
    fail(e.what());
  }
}

void PrepareContext::require_quantized(const Tensor& t) const {
  if (!t.quant.present() || !(t.quant.scale[0] > 0.f) || !std::isfinite(t.quant.scale[0]))
    fail("tensor '" + t.name + "' is " + dtype_name(t.type) + " but has no valid quantization scale",
         "quantize the model with per-tensor activation scales");
}

void PrepareContext::common_io(OpData& d, const Tensor& i, const Tensor& o) const {
  d.input = op_->inputs.empty() ? -1 : op_->inputs[0];
  d.output = op_->outputs.empty() ? -1 : op_->outputs[0];
  d.input_type = i.type;
  d.output_type = o.type;
  d.input_shape = dims(i);
  d.output_shape = dims(o);
  d.flat_size = o.num_elements();
  d.elem_bytes = static_cast<int64_t>(dtype_size(o.type));
}

KernelType PrepareContext::kernel_of(DType t, bool allow_int16, bool allow_int32) const {
  if (t == DType::Float32) return KernelType::Float32;
  if (t == DType::Int8) return KernelType::Int8;
  if (t == DType::Int16 && allow_int16) return KernelType::Int16;
  if ((t == DType::Int32 || t == DType::UInt32) && allow_int32) return KernelType::Int32;
  unsupported_types();
}

KernelType PrepareContext::weighted_kernel(const Tensor& i, const Tensor& f, const Tensor& o) const {
  if (i.type == DType::Float32 && f.type == DType::Float32 && o.type == DType::Float32) return KernelType::Float32;
  if (i.type == DType::Int8 && f.type == DType::Int8 && o.type == DType::Int8) return KernelType::Int8;
  if (i.type == DType::Int16 && f.type == DType::Int8 && o.type == DType::Int16) return KernelType::Int16x8;
  if (i.type == DType::Float32 && f.type == DType::Int8)
    fail("float activations with int8 weights (a hybrid op) are not supported",
         "re-export the model as float32 or as full int8");
  unsupported_types();
}

void PrepareContext::weighted_quantization(KernelType kernel, Requant& q, const Tensor& i, const Tensor& f,
                                           const Tensor& o, int32_t channels, int* bias, DType* bias_type,
                                           int32_t* filter_offset, ScaleArithmetic per_tensor_form,
                                           size_t bias_input) const {
  const int bias_idx = in_index(bias_input);
  if (bias_idx >= 0) {
    const Tensor& b = tensor(bias_idx, "bias");
    *bias = bias_idx;
    if (b.num_elements() != channels)
      fail("bias has " + std::to_string(b.num_elements()) + " elements, expected " + std::to_string(channels));
    *bias_type = b.type;
    const bool ok = (kernel == KernelType::Float32 && b.type == DType::Float32) ||
                    (kernel == KernelType::Int8 && b.type == DType::Int32) ||
                    (kernel == KernelType::Int16x8 && (b.type == DType::Int64 || b.type == DType::Int32));
    if (!ok)
      fail(std::string("bias type ") + dtype_name(b.type) + " is not supported with " + kernel_type_name(kernel) +
           " activations");
  }
  if (kernel == KernelType::Float32) return;
  require_quantized(i);
  require_quantized(f);
  require_quantized(o);
  const auto& fs = f.quant.scale;
  if (fs.size() != 1 && static_cast<int32_t>(fs.size()) != channels)
    fail("filter has " + std::to_string(fs.size()) + " scales for " + std::to_string(channels) + " output channels");
  for (auto zp : f.quant.zero_point)
    if (zp != 0 && op_->type != OpType::FullyConnected)
      fail("filter zero point is not 0", "int8 conv weights must be symmetric (TFLite's int8 scheme)");
  q.input_offset = -zp_of(i);
  *filter_offset = -zp_of(f);
  q.output_offset = zp_of(o);
  if (kernel == KernelType::Int16x8 && (q.input_offset != 0 || q.output_offset != 0))
    fail("int16 activations must have zero point 0 (TFLite's int16x8 scheme)");
  q.output_multiplier.resize(static_cast<size_t>(channels));
  q.output_shift.resize(static_cast<size_t>(channels));
  // Per-channel filters always take the double form (TFLite's per-channel loops); one filter scale takes the
  // op's own form (conv: PopulateConvolutionQuantizationParams, double; FC: GetQuantizedConvolutionMultipler).
  const ScaleArithmetic form = fs.size() == 1 ? per_tensor_form : ScaleArithmetic::Double;
  for (int32_t c = 0; c < channels; ++c) {
    const float fscale = fs.size() == 1 ? fs[0] : fs[static_cast<size_t>(c)];
    const double eff = real_multiplier(scale_of(i), fscale, scale_of(o), form);
    int shift = 0;
    quantize_multiplier(eff, &q.output_multiplier[static_cast<size_t>(c)], &shift);
    q.output_shift[static_cast<size_t>(c)] = shift;
  }
}

void PrepareContext::set_activation(KernelType kernel, Requant& q, Activation act, const Tensor& o) const {
  if (act == Activation::Tanh || act == Activation::SignBit) fail("fused activation TANH/SIGN_BIT is not supported");
  if (kernel == KernelType::Float32) {
    activation_range_float(act, &q.act_min_f, &q.act_max_f);
  } else {
    activation_range_quantized(act, scale_of(o), zp_of(o), qmin_of(o.type), qmax_of(o.type), &q.act_min, &q.act_max);
  }
}

void PrepareContext::single_multiplier(Requant& q, double real) {
  int32_t mult = 0;
  int shift = 0;
  quantize_multiplier(real, &mult, &shift);
  q.output_multiplier = {mult};
  q.output_shift = {shift};
}

void PrepareContext::geometry(Window& g, const Dims4& in, int kh, int kw, const Dims4& o) const {
  const auto& opt = op_->options;
  g.stride_w = opt.stride_w;
  g.stride_h = opt.stride_h;
  g.dilation_w = std::max(1, opt.dilation_w);
  g.dilation_h = std::max(1, opt.dilation_h);
  if (g.stride_w < 1 || g.stride_h < 1) fail("stride must be at least 1");
  g.filter_w = kw;
  g.filter_h = kh;
  if (kw < 1 || kh < 1) fail("kernel window must be at least 1x1");
  // Host and firmware kernels index rows and columns in int32 (stride * out +
  // dilation * tap): bounding window and stride keeps every index in range.
  constexpr int64_t kMaxExtent = int64_t{1} << 30;
  const int64_t extent_h = int64_t{kh - 1} * g.dilation_h + 1, extent_w = int64_t{kw - 1} * g.dilation_w + 1;
  if (extent_h > kMaxExtent || extent_w > kMaxExtent || g.stride_h > kMaxExtent || g.stride_w > kMaxExtent)
    fail("dilated kernel window (" + std::to_string(extent_h) + "x" + std::to_string(extent_w) + ") or stride (" +
         std::to_string(g.stride_h) + "x" + std::to_string(g.stride_w) + ") is beyond 2^30",
         "use a smaller dilation or stride");
  const int oh = compute_out_size(opt.padding, in.h, kh, g.stride_h, g.dilation_h);
  const int ow = compute_out_size(opt.padding, in.w, kw, g.stride_w, g.dilation_w);
  if (oh != o.h || ow != o.w)
    fail("output is " + std::to_string(o.h) + "x" + std::to_string(o.w) + " but " +
         (opt.padding == Padding::Same ? "SAME" : "VALID") + " padding gives " + std::to_string(oh) + "x" +
         std::to_string(ow));
  g.pad_h = compute_padding(g.stride_h, g.dilation_h, in.h, kh, oh);
  g.pad_w = compute_padding(g.stride_w, g.dilation_w, in.w, kw, ow);
  if (in.n != o.n) fail("batch of input and output differ");
}

}  // namespace tinysim::ops
