// CONV_2D and DEPTHWISE_CONV_2D: NHWC input, OHWI (conv) or 1HWO
// (depthwise) filter, optional bias, TFLite padding, stride, dilation and
// fused activation. Host kernels: core/host/conv2d.cpp,
// depthwise_conv2d.cpp. Target kernels: mcu_models/runtime/kernels/
// conv2d_{s8,s16,f32}.c, depthwise_conv2d_{s8,s16,f32}.c, sparse_s8.c.
#include <memory>

#include "core/host/kernels.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"
#include "mcu_models/runtime/include/ts_kernels.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_conv(OptionsReader& r) {
  OpOptions& o = r.options();
  if (const auto* c = r.as<tflite::Conv2DOptions>(BO::Conv2DOptions)) {
    o.padding = r.padding(c->padding());
    o.stride_w = c->stride_w();
    o.stride_h = c->stride_h();
    o.dilation_w = c->dilation_w_factor();
    o.dilation_h = c->dilation_h_factor();
    o.activation = r.activation(c->fused_activation_function());
  }
  r.require(o.stride_w >= 1 && o.stride_h >= 1, "strides must be at least 1");
  r.require(o.dilation_w >= 1 && o.dilation_h >= 1, "dilation must be at least 1");
}

void read_depthwise(OptionsReader& r) {
  OpOptions& o = r.options();
  if (const auto* c = r.as<tflite::DepthwiseConv2DOptions>(BO::DepthwiseConv2DOptions)) {
    o.padding = r.padding(c->padding());
    o.stride_w = c->stride_w();
    o.stride_h = c->stride_h();
    o.dilation_w = c->dilation_w_factor();
    o.dilation_h = c->dilation_h_factor();
    o.depth_multiplier = c->depth_multiplier();
    o.activation = r.activation(c->fused_activation_function());
  }
  // Older converters wrote depth_multiplier inconsistently; the shapes are
  // authoritative (output channels / input channels).
  const Model& m = r.model();
  const Tensor& in = m.tensors[static_cast<size_t>(r.op().inputs[0])];
  const Tensor& w = m.tensors[static_cast<size_t>(r.op().inputs[1])];
  if (in.shape.size() == 4 && w.shape.size() == 4 && in.shape[3] > 0 && w.shape[3] % in.shape[3] == 0)
    o.depth_multiplier = w.shape[3] / in.shape[3];
  r.require(o.stride_w >= 1 && o.stride_h >= 1, "strides must be at least 1");
  r.require(o.dilation_w >= 1 && o.dilation_h >= 1, "dilation must be at least 1");
}

WrittenOptions write_conv(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  return {BO::Conv2DOptions, tflite::CreateConv2DOptions(b, fb_padding(o.padding), o.stride_w, o.stride_h,
                                                         fb_activation(o.activation), o.dilation_w, o.dilation_h)
                                 .Union()};
}

WrittenOptions write_depthwise(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  return {BO::DepthwiseConv2DOptions,
          tflite::CreateDepthwiseConv2DOptions(b, fb_padding(o.padding), o.stride_w, o.stride_h, o.depth_multiplier,
                                               fb_activation(o.activation), o.dilation_w, o.dilation_h)
              .Union()};
}

int version_conv(const Model& m, const Operator& op) {
  const DType in = input_type(m, op, 0), w = input_type(m, op, 1);
  if (in == DType::Int16 && w == DType::Int8) return 4;
  if (in == DType::Int8) return 3;
  if (in == DType::Float32 && w == DType::Int8) return 2;
  return 1;
}

int version_depthwise(const Model& m, const Operator& op) {
  const DType in = input_type(m, op, 0), w = input_type(m, op, 1);
  if (in == DType::Int16) return 5;
  if (in == DType::Float32 && w == DType::Int8) return 4;
  if (in == DType::Int8) return 3;
  if (op.options.dilation_w != 1 || op.options.dilation_h != 1) return 2;
  return 1;
}

// filter [out_ch, kh, kw, in_ch_per_group]: out_elements * kh * kw * in_ch_per_group
int64_t macs_conv(const Model& m, const Operator& op) {
  const Tensor* w = operand(m, op.inputs, 1);
  if (!w || w->shape.size() != 4) return 0;
  return output_elements(m, op) * int64_t{w->shape[1]} * w->shape[2] * w->shape[3];
}

// filter [1, kh, kw, out_ch]: out_elements * kh * kw
int64_t macs_depthwise(const Model& m, const Operator& op) {
  const Tensor* w = operand(m, op.inputs, 1);
  if (!w || w->shape.size() != 4) return 0;
  return output_elements(m, op) * int64_t{w->shape[1]} * w->shape[2];
}

std::unique_ptr<OpData> prepare_conv(PrepareContext& ctx) {
  auto p = std::make_unique<ConvData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& f = ctx.in(1, "filter");
  const Tensor& o = ctx.out();
  p->kernel = ctx.weighted_kernel(i, f, o);
  ctx.common_io(*p, i, o);
  p->filter = ctx.op().inputs[1];
  if (i.shape.size() != 4 || f.shape.size() != 4 || o.shape.size() != 4)
    ctx.fail("input, filter and output must be 4-D (NHWC, OHWI)");
  p->filter_shape = ctx.dims(f);
  const Dims4& id = p->input_shape;
  const Dims4& fd = p->filter_shape;
  const Dims4& od = p->output_shape;
  // (0 input channels would make 0 groups: a division by zero below)
  if (id.c <= 0 || fd.c <= 0)
    ctx.fail("input has " + std::to_string(id.c) + " channels and the filter " + std::to_string(fd.c) +
             "; both need at least one",
             "re-export the model with a non-empty channel dimension");
  if (id.c % fd.c != 0)
    ctx.fail("input channels (" + std::to_string(id.c) + ") are not a multiple of filter channels (" +
             std::to_string(fd.c) + ")");
  p->groups = id.c / fd.c;
  if (od.c != fd.n) ctx.fail("output channels differ from the filter's output channels");
  if (fd.n % p->groups != 0) ctx.fail("filter count is not a multiple of the group count");
  ctx.geometry(*p, id, fd.h, fd.w, od);
  ctx.weighted_quantization(p->kernel, *p, i, f, o, od.c, &p->bias, &p->bias_type, &p->filter_offset,
                            ScaleArithmetic::Double);
  ctx.set_activation(p->kernel, *p, ctx.options().activation, o);
  return p;
}

std::unique_ptr<OpData> prepare_depthwise(PrepareContext& ctx) {
  auto p = std::make_unique<ConvData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& f = ctx.in(1, "filter");
  const Tensor& o = ctx.out();
  p->kernel = ctx.weighted_kernel(i, f, o);
  ctx.common_io(*p, i, o);
  p->filter = ctx.op().inputs[1];
  if (i.shape.size() != 4 || f.shape.size() != 4 || o.shape.size() != 4)
    ctx.fail("input, filter and output must be 4-D (NHWC, 1HWO)");
  p->filter_shape = ctx.dims(f);
  const Dims4& id = p->input_shape;
  const Dims4& fd = p->filter_shape;
  const Dims4& od = p->output_shape;
  if (fd.n != 1 || fd.c != od.c) ctx.fail("filter must be [1, H, W, output channels]");
  if (id.c <= 0 || od.c % id.c != 0) ctx.fail("output channels are not a multiple of input channels");
  p->depth_multiplier = od.c / id.c;
  const int dm_option = ctx.options().depth_multiplier;
  if (dm_option > 0 && dm_option != p->depth_multiplier)
    ctx.fail("depth_multiplier option (" + std::to_string(dm_option) + ") does not match output/input channels (" +
             std::to_string(p->depth_multiplier) + ")");
  ctx.geometry(*p, id, fd.h, fd.w, od);
  ctx.weighted_quantization(p->kernel, *p, i, f, o, od.c, &p->bias, &p->bias_type, &p->filter_offset,
                            ScaleArithmetic::Double);
  // TFLM's int16 DEPTHWISE_CONV_2D reads its bias as int64 (depthwise_conv.cc).
  if (p->kernel == KernelType::Int16x8 && p->bias >= 0 && p->bias_type != DType::Int64)
    ctx.fail("int16x8 DEPTHWISE_CONV_2D needs an int64 bias (TFLite Micro reads it as int64)",
             "quantize the model with int64 biases for int16 activations");
  ctx.set_activation(p->kernel, *p, ctx.options().activation, o);
  return p;
}

void eval_conv(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ConvData&>(d);
  switch (p.kernel) {
    case KernelType::Float32:
      kernels::conv2d_float(p, at<float>(t, p.input), at<float>(t, p.filter), at<float>(t, p.bias),
                            at<float>(t, p.output));
      return;
    case KernelType::Int8:
      kernels::conv2d_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.filter), at<int32_t>(t, p.bias),
                           at<int8_t>(t, p.output));
      return;
    default:
      kernels::conv2d_int16x8(p, at<int16_t>(t, p.input), at<int8_t>(t, p.filter), at<void>(t, p.bias),
                              at<int16_t>(t, p.output));
  }
}

void eval_depthwise(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ConvData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::depthwise_conv2d_float(p, at<float>(t, p.input), at<float>(t, p.filter), at<float>(t, p.bias),
                                    at<float>(t, p.output));
  else if (p.kernel == KernelType::Int16x8)
    kernels::depthwise_conv2d_int16x8(p, at<int16_t>(t, p.input), at<int8_t>(t, p.filter), at<int64_t>(t, p.bias),
                                      at<int16_t>(t, p.output));
  else
    kernels::depthwise_conv2d_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.filter), at<int32_t>(t, p.bias),
                                   at<int8_t>(t, p.output));
}

// The layer as the sparse cost model sees it (which dense path conv2d_s8.c takes).
SparseCostShape sparse_shape(const ConvData& p) {
  SparseCostShape s;
  s.batches = p.output_shape.n;
  s.pixels = int64_t{p.output_shape.h} * p.output_shape.w;
  s.rows = p.filter_shape.n;
  s.k = int64_t{p.filter_shape.h} * p.filter_shape.w * p.filter_shape.c;
  s.direct = p.filter_h == 1 && p.filter_w == 1 && p.stride_h == 1 && p.stride_w == 1 && p.pad_h == 0 && p.pad_w == 0;
  s.path = s.direct && p.input_shape.c % 4 == 0 ? SparseCostShape::Path::Pointwise : SparseCostShape::Path::Conv;
  return s;
}

// int8: requantization, the folded bias the DSP kernels add back, sparse
// weights and the kernel's scratch (sized by the kernel's own companion).
void emit_conv_s8_extras(PlanEmitter& e, const ConvData& p, bool dw, bool sparse, ts_op_conv& r) {
  r.q = quant_of(e, p, p);
  const Dims4& f = p.filter_shape;
  const Model& m = e.model();
  if (dw) {
    // 1HWO: channel oc at stride 1, taps at stride out_channels
    // no scratch: depthwise_conv2d_s8.c keeps its per-channel-group data on the stack
    r.folded_bias_offset = e.add_const(folded_bias(m, p.filter, p.bias, p.input_offset, f.c, f.c, 1, f.h * f.w));
  } else {
    const int K = f.h * f.w * f.c;
    r.folded_bias_offset = e.add_const(folded_bias(m, p.filter, p.bias, p.input_offset, f.n, 1, K, K));
    if (sparse) {
      r.sparse_offset = add_sparse(e, m.tensors[size_t(p.filter)].as<int8_t>(), f.n, K);
      r.scratch_bytes = ts_conv_sparse_s8_get_buffer_size(K);
    } else {
      r.scratch_bytes = ts_conv_s8_get_buffer_size(K);
    }
    r.scratch_offset = e.scratch(r.scratch_bytes);
  }
}

void emit_conv_common(PlanEmitter& e, const ConvData& p, bool dw) {
  const bool s8 = p.kernel == KernelType::Int8;
  const bool s16 = p.kernel == KernelType::Int16x8;
  if (!dw && p.groups != 1) e.unsupported(p, "grouped convolution");
  ts_op_conv r{};
  r.c = e.common(static_cast<uint16_t>(dw ? (s8 ? TS_OP_DWCONV_S8 : s16 ? TS_OP_DWCONV_S16 : TS_OP_DWCONV_F32)
                                          : (s8    ? TS_OP_CONV_S8
                                             : s16 ? TS_OP_CONV_S16
                                                   : TS_OP_CONV_F32)));
  const bool sparse = !dw && use_sparse(e, p.kernel, p.filter_offset, p.filter, sparse_shape(p));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.filter = sparse ? e.tensor_descriptor_only(p.filter, p.filter_shape, p) : e.tensor(p.filter, p.filter_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.bias_offset = p.bias >= 0 ? e.tensor_const(p.bias) : TS_NO_DATA;
  r.folded_bias_offset = TS_NO_DATA;
  r.scratch_offset = TS_NO_DATA;
  r.sparse_offset = TS_NO_DATA;
  r.g = geometry_of(p, p.depth_multiplier);
  r.f_act_min = p.act_min_f;
  r.f_act_max = p.act_max_f;
  if (s16) {
    r.q = quant_of(e, p, p);
    r.c.variant = p.bias_type == DType::Int64 ? 1 : 0;
  }
  if (s8) emit_conv_s8_extras(e, p, dw, sparse, r);
  e.add_record(r);
}

void emit_conv(PlanEmitter& e, const OpData& d) { emit_conv_common(e, static_cast<const ConvData&>(d), false); }
void emit_depthwise(PlanEmitter& e, const OpData& d) { emit_conv_common(e, static_cast<const ConvData&>(d), true); }

// A 3x3 input with 2 channels, a 2x2 filter, VALID, stride 1, fused RELU
// (conv) or depth multiplier 2 (depthwise).
Model example_conv_like(KernelType k, bool dw) {
  ExampleBuilder b;
  const bool q = k != KernelType::Float32;
  const DType act = k == KernelType::Int16x8 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const DType wt = q ? DType::Int8 : DType::Float32;
  const int oc = dw ? 4 : 3;
  const int in = b.act(act, {1, 3, 3, 2}, q ? 0.5f : 0.f, 0);
  const std::vector<float> wscales(static_cast<size_t>(oc), 0.25f);
  const std::vector<int32_t> wshape = dw ? std::vector<int32_t>{1, 2, 2, oc} : std::vector<int32_t>{oc, 2, 2, 2};
  int w = 0, bias = 0;
  if (q) {
    w = b.constant<int8_t>(wt, wshape, {}, wscales, dw ? 3 : 0);
    bias = k == KernelType::Int16x8 ? b.constant<int64_t>(DType::Int64, {oc}, {}, {0.125f}, 0)
                                    : b.constant<int32_t>(DType::Int32, {oc}, {}, {0.125f}, 0);
  } else {
    w = b.constant<float>(wt, wshape, {});
    bias = b.constant<float>(DType::Float32, {oc}, {});
  }
  const int out = b.act(act, {1, 2, 2, oc}, q ? 1.0f : 0.f, 0);
  Operator& op = b.op(dw ? OpType::DepthwiseConv2D : OpType::Conv2D, {in, w, bias}, {out});
  if (dw)
    op.options.depth_multiplier = 2;
  else
    op.options.activation = Activation::Relu;
  return b.finish({in}, {out});
}

Model example_conv(KernelType k) { return example_conv_like(k, false); }
Model example_depthwise(KernelType k) { return example_conv_like(k, true); }

QuantRule weighted_quant(int axis) {
  QuantRule q;
  q.quantizable = true;
  q.weight_channel_axis = axis;
  return q;
}

OpDef conv_def() {
  OpDef d;
  d.schema.type = OpType::Conv2D;
  d.schema.min_inputs = 2;
  d.schema.max_inputs = 3;
  d.schema.read_options = read_conv;
  d.schema.write_options = write_conv;
  d.schema.min_version = version_conv;
  d.schema.macs = macs_conv;
  d.schema.weight_operands = 0b110;
  d.schema.quant = weighted_quant(0);
  d.schema.weight_kind = WeightKind::Dense;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (per-channel int8 weights, int32 bias)"},
              {KernelType::Int16x8, kHostAndFirmware, "int16x8 (int16 activations, int8 weights, int64/int32 bias)"}};
  d.prepare = prepare_conv;
  d.eval = eval_conv;
  d.emit = emit_conv;
  d.example = example_conv;
  return d;
}

OpDef depthwise_def() {
  OpDef d = conv_def();
  d.schema.type = OpType::DepthwiseConv2D;
  d.schema.read_options = read_depthwise;
  d.schema.write_options = write_depthwise;
  d.schema.min_version = version_depthwise;
  d.schema.macs = macs_depthwise;
  d.schema.quant = weighted_quant(3);
  d.schema.weight_kind = WeightKind::Depthwise;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (per-channel int8 weights, int32 bias)"},
              {KernelType::Int16x8, kHostAndFirmware, "int16x8 (int16 activations zero point 0, int8 weights, int64 bias)"}};
  d.prepare = prepare_depthwise;
  d.eval = eval_depthwise;
  d.emit = emit_depthwise;
  d.example = example_depthwise;
  return d;
}

TS_REGISTER_OP(conv_def());
TS_REGISTER_OP(depthwise_def());

}  // namespace
}  // namespace tinysim::ops
