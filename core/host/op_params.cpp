#include "core/host/op_params.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.h"
#include "core/host/fixed_point.h"
#include "core/host/quantization_util.h"
#include "core/model/tflite_ops.h"

namespace tinysim {

const char* kernel_type_name(KernelType k) {
  switch (k) {
    case KernelType::Float32: return "float32";
    case KernelType::Int8: return "int8";
    case KernelType::Int16x8: return "int16x8";
    case KernelType::Int16: return "int16";
  }
  return "?";
}

Dims4 to_dims4(const std::vector<int32_t>& shape, const std::string& what) {
  if (shape.size() > 4) throw Error(what + " has " + std::to_string(shape.size()) + " dimensions; at most 4 are supported");
  int32_t d[4] = {1, 1, 1, 1};
  const size_t off = 4 - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) d[off + i] = shape[i];
  return Dims4{d[0], d[1], d[2], d[3]};
}

std::string supported_ops_list() {
  return "ADD, AVERAGE_POOL_2D, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE, "
         "FULLY_CONNECTED, LOGISTIC, MAX_POOL_2D, MEAN, MUL, PAD, QUANTIZE, RELU, RELU6, "
         "RESHAPE, SOFTMAX, TANH";
}

namespace {

int32_t qmin_of(DType t) { return t == DType::Int16 ? -32768 : -128; }
int32_t qmax_of(DType t) { return t == DType::Int16 ? 32767 : 127; }

class Preparer {
 public:
  Preparer(const Model& m, int index) : m_(m), index_(index) {
    if (index < 0 || index >= static_cast<int>(m.ops.size()))
      throw Error(m.source, "op index " + std::to_string(index) + " is out of range");
    op_ = &m.ops[static_cast<size_t>(index)];
    p_.op_index = index;
    p_.type = op_->type;
  }

  PreparedOp run();

 private:
  [[noreturn]] void fail(const std::string& problem, const std::string& fix = {}) const {
    // "op 3 (SVDF) is not supported ..." reads as a sentence; other problems follow a colon.
    const std::string sep = problem.rfind("is not supported", 0) == 0 ? " " : ": ";
    throw Error(m_.source, "op " + std::to_string(index_) + " (" + display_name() + ")" + sep + problem, fix);
  }
  std::string display_name() const {
    if (op_->type != OpType::Unsupported) return op_name(op_->type);
    if (!op_->custom_code.empty()) return op_->custom_code;
    return builtin_name(op_->builtin_code);
  }
  static std::string builtin_name(int code);

  const Tensor& tensor(int idx, const char* role) const {
    if (idx < 0 || idx >= static_cast<int>(m_.tensors.size()))
      fail(std::string("missing or out-of-range ") + role + " tensor", "the model file is malformed");
    return m_.tensors[static_cast<size_t>(idx)];
  }
  int in_index(size_t i) const { return i < op_->inputs.size() ? op_->inputs[i] : -1; }
  const Tensor& in(size_t i, const char* role) const {
    if (i >= op_->inputs.size()) fail(std::string("has no ") + role + " input");
    return tensor(op_->inputs[i], role);
  }
  const Tensor& out(size_t i = 0) const {
    if (i >= op_->outputs.size()) fail("has no output");
    return tensor(op_->outputs[i], "output");
  }
  Dims4 dims(const Tensor& t) const {
    try {
      return to_dims4(t.shape, "tensor '" + t.name + "'");
    } catch (const Error& e) {
      fail(e.what());
    }
  }
  static float scale_of(const Tensor& t) { return t.quant.present() ? t.quant.scale[0] : 0.f; }
  static int32_t zp_of(const Tensor& t) {
    return t.quant.zero_point.empty() ? 0 : static_cast<int32_t>(t.quant.zero_point[0]);
  }
  void require_quantized(const Tensor& t) const {
    if (!t.quant.present() || !(t.quant.scale[0] > 0.f) || !std::isfinite(t.quant.scale[0]))
      fail("tensor '" + t.name + "' is " + dtype_name(t.type) + " but has no valid quantization scale",
           "quantize the model with per-tensor activation scales");
  }
  [[noreturn]] void unsupported_types() const {
    std::string types;
    for (int i : op_->inputs)
      if (i >= 0 && i < static_cast<int>(m_.tensors.size()))
        types += (types.empty() ? "" : ", ") + std::string(dtype_name(m_.tensors[static_cast<size_t>(i)].type));
    std::string otypes;
    for (int i : op_->outputs)
      if (i >= 0 && i < static_cast<int>(m_.tensors.size()))
        otypes += (otypes.empty() ? "" : ", ") + std::string(dtype_name(m_.tensors[static_cast<size_t>(i)].type));
    fail("type combination (inputs " + types + " -> outputs " + otypes + ") is not supported by TinySim",
         "use a float32 or int8 (or int16x8 conv/add) model");
  }
  void set_activation(Activation act, const Tensor& o) {
    if (act == Activation::Tanh || act == Activation::SignBit) fail("fused activation TANH/SIGN_BIT is not supported");
    if (p_.kernel == KernelType::Float32) {
      activation_range_float(act, &p_.act_min_f, &p_.act_max_f);
    } else {
      activation_range_quantized(act, scale_of(o), zp_of(o), qmin_of(o.type), qmax_of(o.type), &p_.act_min,
                                 &p_.act_max);
    }
  }
  void single_multiplier(double real) {
    int32_t mult = 0;
    int shift = 0;
    quantize_multiplier(real, &mult, &shift);
    p_.output_multiplier = {mult};
    p_.output_shift = {shift};
  }
  void common_io(const Tensor& i, const Tensor& o) {
    p_.input = op_->inputs.empty() ? -1 : op_->inputs[0];
    p_.output = op_->outputs.empty() ? -1 : op_->outputs[0];
    p_.input_type = i.type;
    p_.output_type = o.type;
    p_.input_shape = dims(i);
    p_.output_shape = dims(o);
    p_.flat_size = o.num_elements();
    p_.elem_bytes = static_cast<int64_t>(dtype_size(o.type));
  }
  // Which weighted kernel applies, from input and filter types.
  void weighted_kernel(const Tensor& i, const Tensor& f, const Tensor& o) {
    if (i.type == DType::Float32 && f.type == DType::Float32 && o.type == DType::Float32) {
      p_.kernel = KernelType::Float32;
    } else if (i.type == DType::Int8 && f.type == DType::Int8 && o.type == DType::Int8) {
      p_.kernel = KernelType::Int8;
    } else if (i.type == DType::Int16 && f.type == DType::Int8 && o.type == DType::Int16) {
      p_.kernel = KernelType::Int16x8;
    } else if (i.type == DType::Float32 && f.type == DType::Int8) {
      fail("float activations with int8 weights (hybrid model) reached the kernels",
           "load the model with load_tflite(), which dequantizes hybrid weights");
    } else {
      unsupported_types();
    }
  }
  // Per-channel requantization of conv/dw/fc (TFLite's
  // PopulateConvolutionQuantizationParams), and bias checks.
  void weighted_quantization(const Tensor& i, const Tensor& f, const Tensor& o, int32_t channels) {
    const int bias_idx = in_index(2);
    if (bias_idx >= 0) {
      const Tensor& b = tensor(bias_idx, "bias");
      p_.bias = bias_idx;
      if (b.num_elements() != channels)
        fail("bias has " + std::to_string(b.num_elements()) + " elements, expected " + std::to_string(channels));
      p_.bias_type = b.type;
      const bool ok = (p_.kernel == KernelType::Float32 && b.type == DType::Float32) ||
                      (p_.kernel == KernelType::Int8 && b.type == DType::Int32) ||
                      (p_.kernel == KernelType::Int16x8 && (b.type == DType::Int64 || b.type == DType::Int32));
      if (!ok) fail(std::string("bias type ") + dtype_name(b.type) + " is not supported with " +
                    kernel_type_name(p_.kernel) + " activations");
    }
    if (p_.kernel == KernelType::Float32) return;
    require_quantized(i);
    require_quantized(f);
    require_quantized(o);
    const auto& fs = f.quant.scale;
    if (fs.size() != 1 && static_cast<int32_t>(fs.size()) != channels)
      fail("filter has " + std::to_string(fs.size()) + " scales for " + std::to_string(channels) + " output channels");
    for (auto zp : f.quant.zero_point)
      if (zp != 0 && p_.type != OpType::FullyConnected)
        fail("filter zero point is not 0", "int8 conv weights must be symmetric (TFLite's int8 scheme)");
    p_.input_offset = -zp_of(i);
    p_.filter_offset = -zp_of(f);
    p_.output_offset = zp_of(o);
    if (p_.kernel == KernelType::Int16x8 && (p_.input_offset != 0 || p_.output_offset != 0))
      fail("int16 activations must have zero point 0 (TFLite's int16x8 scheme)");
    p_.output_multiplier.resize(static_cast<size_t>(channels));
    p_.output_shift.resize(static_cast<size_t>(channels));
    for (int32_t c = 0; c < channels; ++c) {
      const double fscale = static_cast<double>(fs.size() == 1 ? fs[0] : fs[static_cast<size_t>(c)]);
      const double eff = static_cast<double>(scale_of(i)) * fscale / static_cast<double>(scale_of(o));
      int shift = 0;
      quantize_multiplier(eff, &p_.output_multiplier[static_cast<size_t>(c)], &shift);
      p_.output_shift[static_cast<size_t>(c)] = shift;
    }
  }
  void geometry(const Dims4& in, int kh, int kw, const Dims4& o) {
    const auto& opt = op_->options;
    p_.stride_w = opt.stride_w;
    p_.stride_h = opt.stride_h;
    p_.dilation_w = std::max(1, opt.dilation_w);
    p_.dilation_h = std::max(1, opt.dilation_h);
    if (p_.stride_w < 1 || p_.stride_h < 1) fail("stride must be at least 1");
    p_.filter_w = kw;
    p_.filter_h = kh;
    if (kw < 1 || kh < 1) fail("kernel window must be at least 1x1");
    const int oh = compute_out_size(opt.padding, in.h, kh, p_.stride_h, p_.dilation_h);
    const int ow = compute_out_size(opt.padding, in.w, kw, p_.stride_w, p_.dilation_w);
    if (oh != o.h || ow != o.w)
      fail("output is " + std::to_string(o.h) + "x" + std::to_string(o.w) + " but " +
           (opt.padding == Padding::Same ? "SAME" : "VALID") + " padding gives " + std::to_string(oh) + "x" +
           std::to_string(ow));
    p_.pad_h = compute_padding(p_.stride_h, p_.dilation_h, in.h, kh, oh);
    p_.pad_w = compute_padding(p_.stride_w, p_.dilation_w, in.w, kw, ow);
    if (in.n != o.n) fail("batch of input and output differ");
  }

  void conv2d();
  void depthwise();
  void fully_connected();
  void pool();
  void add_mul();
  void softmax();
  void reshape();
  void mean();
  void pad();
  void concatenation();
  void quantize();
  void dequantize();
  void activation();

  const Model& m_;
  int index_;
  const Operator* op_ = nullptr;
  PreparedOp p_;
};

std::string Preparer::builtin_name(int code) {
  if (code < 0) return "CUSTOM";
  return tflite_codes::builtin_name(code);
}

void Preparer::conv2d() {
  const Tensor& i = in(0, "input");
  const Tensor& f = in(1, "filter");
  const Tensor& o = out();
  weighted_kernel(i, f, o);
  common_io(i, o);
  p_.filter = op_->inputs[1];
  if (i.shape.size() != 4 || f.shape.size() != 4 || o.shape.size() != 4)
    fail("input, filter and output must be 4-D (NHWC, OHWI)");
  p_.filter_shape = dims(f);
  const Dims4& id = p_.input_shape;
  const Dims4& fd = p_.filter_shape;
  const Dims4& od = p_.output_shape;
  if (fd.c <= 0 || id.c % fd.c != 0)
    fail("input channels (" + std::to_string(id.c) + ") are not a multiple of filter channels (" +
         std::to_string(fd.c) + ")");
  p_.groups = id.c / fd.c;
  if (od.c != fd.n) fail("output channels differ from the filter's output channels");
  if (fd.n % p_.groups != 0) fail("filter count is not a multiple of the group count");
  geometry(id, fd.h, fd.w, od);
  weighted_quantization(i, f, o, od.c);
  set_activation(op_->options.activation, o);
}

void Preparer::depthwise() {
  const Tensor& i = in(0, "input");
  const Tensor& f = in(1, "filter");
  const Tensor& o = out();
  weighted_kernel(i, f, o);
  if (p_.kernel == KernelType::Int16x8) unsupported_types();
  common_io(i, o);
  p_.filter = op_->inputs[1];
  if (i.shape.size() != 4 || f.shape.size() != 4 || o.shape.size() != 4)
    fail("input, filter and output must be 4-D (NHWC, 1HWO)");
  p_.filter_shape = dims(f);
  const Dims4& id = p_.input_shape;
  const Dims4& fd = p_.filter_shape;
  const Dims4& od = p_.output_shape;
  if (fd.n != 1 || fd.c != od.c) fail("filter must be [1, H, W, output channels]");
  if (id.c <= 0 || od.c % id.c != 0) fail("output channels are not a multiple of input channels");
  p_.depth_multiplier = od.c / id.c;
  if (op_->options.depth_multiplier > 0 && op_->options.depth_multiplier != p_.depth_multiplier)
    fail("depth_multiplier option (" + std::to_string(op_->options.depth_multiplier) +
         ") does not match output/input channels (" + std::to_string(p_.depth_multiplier) + ")");
  geometry(id, fd.h, fd.w, od);
  weighted_quantization(i, f, o, od.c);
  set_activation(op_->options.activation, o);
}

void Preparer::fully_connected() {
  const Tensor& i = in(0, "input");
  const Tensor& f = in(1, "weights");
  const Tensor& o = out();
  weighted_kernel(i, f, o);
  if (p_.kernel == KernelType::Int16x8) unsupported_types();
  p_.input = op_->inputs[0];
  p_.output = op_->outputs[0];
  p_.filter = op_->inputs[1];
  p_.input_type = i.type;
  p_.output_type = o.type;
  p_.elem_bytes = static_cast<int64_t>(dtype_size(o.type));
  if (f.shape.size() != 2) fail("weights must be 2-D [outputs, inputs]");
  p_.fc_output_depth = f.shape[0];
  p_.fc_accum_depth = f.shape[1];
  if (p_.fc_accum_depth <= 0 || i.num_elements() % p_.fc_accum_depth != 0)
    fail("input size " + std::to_string(i.num_elements()) + " is not a multiple of the weights' input size " +
         std::to_string(p_.fc_accum_depth));
  p_.fc_batches = static_cast<int32_t>(i.num_elements() / p_.fc_accum_depth);
  if (o.num_elements() != int64_t{p_.fc_batches} * p_.fc_output_depth)
    fail("output has " + std::to_string(o.num_elements()) + " elements, expected " +
         std::to_string(int64_t{p_.fc_batches} * p_.fc_output_depth));
  p_.input_shape = Dims4{1, 1, p_.fc_batches, p_.fc_accum_depth};
  p_.filter_shape = Dims4{1, 1, p_.fc_output_depth, p_.fc_accum_depth};
  p_.output_shape = Dims4{1, 1, p_.fc_batches, p_.fc_output_depth};
  p_.flat_size = o.num_elements();
  weighted_quantization(i, f, o, p_.fc_output_depth);
  set_activation(op_->options.activation, o);
}

void Preparer::pool() {
  const Tensor& i = in(0, "input");
  const Tensor& o = out();
  if (i.type != o.type) unsupported_types();
  if (i.type == DType::Float32) p_.kernel = KernelType::Float32;
  else if (i.type == DType::Int8) p_.kernel = KernelType::Int8;
  else unsupported_types();
  common_io(i, o);
  if (i.shape.size() != 4 || o.shape.size() != 4) fail("input and output must be 4-D (NHWC)");
  if (p_.input_shape.c != p_.output_shape.c) fail("channels of input and output differ");
  geometry(p_.input_shape, op_->options.filter_h, op_->options.filter_w, p_.output_shape);
  if (p_.kernel != KernelType::Float32) {
    require_quantized(i);
    require_quantized(o);
    if (scale_of(i) != scale_of(o) || zp_of(i) != zp_of(o))
      fail("input and output quantization differ; TFLite's integer pooling requires them equal");
  }
  set_activation(op_->options.activation, o);
}

void Preparer::add_mul() {
  const Tensor& a = in(0, "first");
  const Tensor& b = in(1, "second");
  const Tensor& o = out();
  if (a.type != o.type || b.type != o.type) unsupported_types();
  if (o.type == DType::Float32) p_.kernel = KernelType::Float32;
  else if (o.type == DType::Int8) p_.kernel = KernelType::Int8;
  else if (o.type == DType::Int16 && p_.type == OpType::Add) p_.kernel = KernelType::Int16;
  else unsupported_types();
  common_io(a, o);
  p_.input2 = op_->inputs[1];
  p_.input2_shape = dims(b);
  const Dims4 &x = p_.input_shape, &y = p_.input2_shape, &z = p_.output_shape;
  for (int d = 0; d < 4; ++d) {
    const int32_t want = std::max(x[d], y[d]);
    if ((x[d] != want && x[d] != 1) || (y[d] != want && y[d] != 1) || z[d] != want)
      fail("operand shapes cannot be broadcast to the output shape");
  }
  p_.broadcast = !(x == y);
  if (p_.kernel != KernelType::Float32) {
    require_quantized(a);
    require_quantized(b);
    require_quantized(o);
    p_.input_offset = -zp_of(a);
    p_.input2_offset = -zp_of(b);
    p_.output_offset = zp_of(o);
    if (p_.type == OpType::Add) {
      // TFLite Micro's general-rescaling add (add_common.cc).
      p_.left_shift = p_.kernel == KernelType::Int16 ? 15 : 20;
      const double twice_max = 2.0 * static_cast<double>(std::max(scale_of(a), scale_of(b)));
      int s1 = 0, s2 = 0;
      quantize_multiplier(static_cast<double>(scale_of(a)) / twice_max, &p_.input1_multiplier, &s1);
      quantize_multiplier(static_cast<double>(scale_of(b)) / twice_max, &p_.input2_multiplier, &s2);
      p_.input1_shift = s1;
      p_.input2_shift = s2;
      single_multiplier(twice_max / ((1 << p_.left_shift) * static_cast<double>(scale_of(o))));
    } else {
      single_multiplier(static_cast<double>(scale_of(a)) * static_cast<double>(scale_of(b)) /
                        static_cast<double>(scale_of(o)));
    }
  }
  set_activation(op_->options.activation, o);
}

void Preparer::softmax() {
  const Tensor& i = in(0, "input");
  const Tensor& o = out();
  common_io(i, o);
  if (i.num_elements() != o.num_elements()) fail("input and output sizes differ");
  const int32_t depth = i.shape.empty() ? 1 : i.shape.back();
  p_.input_shape = Dims4{1, 1, static_cast<int32_t>(depth ? i.num_elements() / depth : 0), depth};
  p_.output_shape = p_.input_shape;
  p_.beta = op_->options.beta;
  if (i.type == DType::Float32 && o.type == DType::Float32) {
    p_.kernel = KernelType::Float32;
    return;
  }
  if (i.type != DType::Int8 || o.type != DType::Int8) unsupported_types();
  p_.kernel = KernelType::Int8;
  require_quantized(i);
  require_quantized(o);
  if (zp_of(o) != -128 || std::fabs(scale_of(o) - 1.f / 256) > 0.001f * (1.f / 256))
    fail("int8 output must have scale 1/256 and zero point -128 (TFLite's softmax scheme)");
  // TFLite PreprocessSoftmaxScaling with 5 integer bits for the scaled diff.
  constexpr int kScaledDiffIntegerBits = 5;
  const double real = std::min(static_cast<double>(p_.beta) * static_cast<double>(scale_of(i)) *
                                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((1LL << 31) - 1));
  int shift = 0;
  quantize_multiplier(real, &p_.input_multiplier, &shift);
  p_.input_left_shift = shift;
  p_.diff_min = -calculate_input_radius(kScaledDiffIntegerBits, shift);
}

void Preparer::reshape() {
  const Tensor& i = in(0, "input");
  const Tensor& o = out();
  if (i.type != o.type) unsupported_types();
  if (dtype_size(i.type) == 0) unsupported_types();
  p_.kernel = i.type == DType::Float32 ? KernelType::Float32 : KernelType::Int8;
  p_.input = op_->inputs[0];
  p_.output = op_->outputs[0];
  p_.input_type = i.type;
  p_.output_type = o.type;
  p_.flat_size = o.num_elements();
  p_.elem_bytes = static_cast<int64_t>(dtype_size(o.type));
  if (i.num_elements() != o.num_elements())
    fail("input has " + std::to_string(i.num_elements()) + " elements but output " +
         std::to_string(o.num_elements()));
}

void Preparer::mean() {
  const Tensor& i = in(0, "input");
  const Tensor& ax = in(1, "axis");
  const Tensor& o = out();
  if (i.type != o.type) unsupported_types();
  if (i.type == DType::Float32) p_.kernel = KernelType::Float32;
  else if (i.type == DType::Int8) p_.kernel = KernelType::Int8;
  else unsupported_types();
  common_io(i, o);
  if (i.shape.size() != 4) fail("only 4-D input (global average pooling over H and W) is supported");
  if (!ax.is_constant() || ax.type != DType::Int32) fail("axis must be a constant int32 tensor");
  std::vector<int32_t> axes(ax.as<int32_t>(), ax.as<int32_t>() + ax.num_elements());
  for (auto& a : axes)
    if (a < 0) a += 4;
  std::sort(axes.begin(), axes.end());
  if (axes != std::vector<int32_t>{1, 2})
    fail("only reduction over axes [1, 2] (height and width) is supported");
  const Dims4& id = p_.input_shape;
  if (o.num_elements() != int64_t{id.n} * id.c) fail("output size must be batch x channels");
  p_.output_shape = Dims4{id.n, 1, 1, id.c};
  p_.mean_count = id.h * id.w;
  if (p_.kernel == KernelType::Int8) {
    require_quantized(i);
    require_quantized(o);
    p_.input_offset = -zp_of(i);
    p_.output_offset = zp_of(o);
    p_.input_zero_point = zp_of(i);
    single_multiplier(static_cast<double>(scale_of(i)) / static_cast<double>(scale_of(o)));
    p_.act_min = -128;
    p_.act_max = 127;
  }
}

void Preparer::pad() {
  const Tensor& i = in(0, "input");
  const Tensor& pads = in(1, "paddings");
  const Tensor& o = out();
  if (i.type != o.type) unsupported_types();
  if (i.type == DType::Float32) p_.kernel = KernelType::Float32;
  else if (i.type == DType::Int8) p_.kernel = KernelType::Int8;
  else if (i.type == DType::Int16) p_.kernel = KernelType::Int16;
  else unsupported_types();
  common_io(i, o);
  const size_t rank = i.shape.size();
  if (!pads.is_constant() || (pads.type != DType::Int32 && pads.type != DType::Int64) ||
      pads.num_elements() != static_cast<int64_t>(rank * 2))
    fail("paddings must be a constant int32/int64 tensor of shape [rank, 2]");
  if (rank > 4) fail("at most 4-D input is supported");
  const size_t off = 4 - rank;
  for (size_t d = 0; d < rank; ++d) {
    int64_t before = pads.type == DType::Int32 ? pads.as<int32_t>()[2 * d] : pads.as<int64_t>()[2 * d];
    int64_t after = pads.type == DType::Int32 ? pads.as<int32_t>()[2 * d + 1] : pads.as<int64_t>()[2 * d + 1];
    if (before < 0 || after < 0 || before > (1 << 20) || after > (1 << 20)) fail("paddings must be non-negative");
    p_.pad_before[off + d] = static_cast<int32_t>(before);
    p_.pad_after[off + d] = static_cast<int32_t>(after);
  }
  for (int d = 0; d < 4; ++d)
    if (p_.input_shape[d] + p_.pad_before[static_cast<size_t>(d)] + p_.pad_after[static_cast<size_t>(d)] !=
        p_.output_shape[d])
      fail("output shape does not equal input shape plus paddings");
  if (p_.kernel != KernelType::Float32) {
    require_quantized(o);
    p_.pad_value_q = zp_of(o);
    if (i.quant.present() && (scale_of(i) != scale_of(o) || zp_of(i) != zp_of(o)))
      fail("input and output quantization differ");
  }
}

void Preparer::concatenation() {
  const Tensor& o = out();
  if (op_->inputs.empty()) fail("has no inputs");
  if (op_->options.activation != Activation::None) fail("fused activation is not supported");
  const size_t rank = o.shape.size();
  if (rank > 4 || rank == 0) fail("output must have 1 to 4 dimensions");
  int axis = op_->options.axis;
  if (axis < 0) axis += static_cast<int>(rank);
  if (axis < 0 || axis >= static_cast<int>(rank)) fail("axis out of range");
  p_.concat_axis = axis + static_cast<int>(4 - rank);
  const Tensor& first = in(0, "first");
  common_io(first, o);
  if (o.type == DType::Float32) p_.kernel = KernelType::Float32;
  else if (o.type == DType::Int8) p_.kernel = KernelType::Int8;
  else if (o.type == DType::Int16) p_.kernel = KernelType::Int16;
  else unsupported_types();
  const Dims4 od = p_.output_shape;
  int64_t inner = 1;
  for (int d = p_.concat_axis + 1; d < 4; ++d) inner *= od[d];
  p_.concat_outer = 1;
  for (int d = 0; d < p_.concat_axis; ++d) p_.concat_outer *= od[d];
  int64_t axis_total = 0;
  for (size_t k = 0; k < op_->inputs.size(); ++k) {
    const Tensor& t = in(k, "input");
    if (t.type != o.type) unsupported_types();
    if (t.shape.size() != rank) fail("inputs and output must have the same rank");
    const Dims4 td = dims(t);
    for (int d = 0; d < 4; ++d)
      if (d != p_.concat_axis && td[d] != od[d]) fail("input shapes differ outside the concatenation axis");
    if (p_.kernel != KernelType::Float32 && t.quant.present() &&
        (scale_of(t) != scale_of(o) || zp_of(t) != zp_of(o)))
      fail("inputs with quantization different from the output's are not supported",
           "requantize inputs to the output scale");
    p_.inputs.push_back(op_->inputs[k]);
    p_.concat_copy_elems.push_back(int64_t{td[p_.concat_axis]} * inner);
    axis_total += td[p_.concat_axis];
  }
  if (axis_total != od[p_.concat_axis]) fail("input sizes along the axis do not add up to the output's");
}

void Preparer::quantize() {
  const Tensor& i = in(0, "input");
  const Tensor& o = out();
  common_io(i, o);
  if (i.num_elements() != o.num_elements()) fail("input and output sizes differ");
  if (o.type != DType::Int8 && o.type != DType::Int16) unsupported_types();
  require_quantized(o);
  p_.output_offset = zp_of(o);
  p_.act_min = qmin_of(o.type);
  p_.act_max = qmax_of(o.type);
  if (i.type == DType::Float32) {
    p_.kernel = KernelType::Float32;
    p_.quant_scale = scale_of(o);
    p_.quant_zero_point = zp_of(o);
  } else if (i.type == DType::Int8 || i.type == DType::Int16) {
    p_.kernel = i.type == DType::Int8 ? KernelType::Int8 : KernelType::Int16;
    require_quantized(i);
    p_.input_offset = -zp_of(i);
    single_multiplier(static_cast<double>(scale_of(i)) / static_cast<double>(scale_of(o)));
  } else {
    unsupported_types();
  }
}

void Preparer::dequantize() {
  const Tensor& i = in(0, "input");
  const Tensor& o = out();
  common_io(i, o);
  if (o.type != DType::Float32 || (i.type != DType::Int8 && i.type != DType::Int16)) unsupported_types();
  if (i.num_elements() != o.num_elements()) fail("input and output sizes differ");
  require_quantized(i);
  p_.kernel = i.type == DType::Int8 ? KernelType::Int8 : KernelType::Int16;
  p_.quant_scale = scale_of(i);
  p_.quant_zero_point = zp_of(i);
}

void Preparer::activation() {
  const Tensor& i = in(0, "input");
  const Tensor& o = out();
  if (i.type != o.type) unsupported_types();
  common_io(i, o);
  if (i.num_elements() != o.num_elements()) fail("input and output sizes differ");
  if (i.type == DType::Float32) {
    p_.kernel = KernelType::Float32;
    if (p_.type == OpType::Relu) activation_range_float(Activation::Relu, &p_.act_min_f, &p_.act_max_f);
    if (p_.type == OpType::Relu6) activation_range_float(Activation::Relu6, &p_.act_min_f, &p_.act_max_f);
    return;
  }
  if (i.type != DType::Int8) unsupported_types();
  p_.kernel = KernelType::Int8;
  require_quantized(i);
  require_quantized(o);
  const float is = scale_of(i), os = scale_of(o);
  switch (p_.type) {
    case OpType::Relu: {
      // TFLite Micro CalculateReluOpData: requantize, then clamp at 0.
      single_multiplier(static_cast<double>(is) / static_cast<double>(os));
      p_.input_offset = -zp_of(i);
      p_.output_offset = zp_of(o);
      p_.act_min = std::max(-128, zp_of(o) + static_cast<int32_t>(std::round(0.f / os)));
      p_.act_max = 127;
      break;
    }
    case OpType::Relu6: {
      // TFLite Micro Relu6: clamp in the input's units, no requantization.
      if (is != os || zp_of(i) != zp_of(o)) fail("int8 RELU6 needs equal input and output quantization");
      p_.act_min = zp_of(i);
      p_.act_max = std::clamp(static_cast<int32_t>(std::round(6.f / is)) + zp_of(i), -128, 127);
      break;
    }
    case OpType::Logistic:
    case OpType::Tanh: {
      const bool logistic = p_.type == OpType::Logistic;
      if (logistic && (zp_of(o) != -128 || std::fabs(os - 1.f / 256) > 1e-3f / 256))
        fail("int8 output must have scale 1/256 and zero point -128 (TFLite's logistic scheme)");
      if (!logistic && (zp_of(o) != 0 || std::fabs(os - 1.f / 128) > 1e-3f / 128))
        fail("int8 output must have scale 1/128 and zero point 0 (TFLite's tanh scheme)");
      constexpr int kInputIntegerBits = 4;
      const double real = static_cast<double>(is) * static_cast<double>(1 << (31 - kInputIntegerBits));
      int exp = 0;
      const double q = std::frexp(real, &exp);
      // TFLite stores round(q * 2^31) without renormalising (may wrap when q rounds to 1).
      p_.input_multiplier = static_cast<int32_t>(static_cast<uint32_t>(
          static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)))));
      p_.input_left_shift = exp;
      p_.input_zero_point = zp_of(i);
      p_.input_range_radius = calculate_input_radius(kInputIntegerBits, exp, 31);
      break;
    }
    default: unsupported_types();
  }
}

PreparedOp Preparer::run() {
  switch (op_->type) {
    case OpType::Conv2D: conv2d(); break;
    case OpType::DepthwiseConv2D: depthwise(); break;
    case OpType::FullyConnected: fully_connected(); break;
    case OpType::AveragePool2D:
    case OpType::MaxPool2D: pool(); break;
    case OpType::Add:
    case OpType::Mul: add_mul(); break;
    case OpType::Softmax: softmax(); break;
    case OpType::Reshape: reshape(); break;
    case OpType::Mean: mean(); break;
    case OpType::Pad: pad(); break;
    case OpType::Concatenation: concatenation(); break;
    case OpType::Quantize: quantize(); break;
    case OpType::Dequantize: dequantize(); break;
    case OpType::Relu:
    case OpType::Relu6:
    case OpType::Logistic:
    case OpType::Tanh: activation(); break;
    case OpType::Unsupported:
      fail("is not supported by TinySim (supported: " + supported_ops_list() + ")");
  }
  if (op_->outputs.size() != 1) fail("must have exactly one output");
  return p_;
}

}  // namespace

PreparedOp prepare_op(const Model& model, int op_index) { return Preparer(model, op_index).run(); }

}  // namespace tinysim
