// TRANSPOSE_CONV: inputs output_shape (int32 [4], a meta operand), filter
// OHWI [out_ch, kh, kw, in_ch], input NHWC, optional bias; SAME / VALID
// padding and stride, as TFLite Micro's transpose_conv.cc (3b413221):
// * padding is conv padding computed from the output back to the input
//   (ComputePaddingHeightWidth on the output's height and width);
// * float32 applies the fused activation; int8 and int16x8 quantize with
//   kTfLiteActNone (PopulateConvolutionQuantizationParams), so TFLM clamps
//   them to the type's full range whatever the option says, and so does this;
// * int8: int32 accumulator of (x + input_offset) * w, int32 bias; int16x8:
//   int64 accumulator of x * w, int64 bias (TFLM reads an int16x8 bias as
//   int64; int32 biases are refused), 64-bit MultiplyByQuantizedMultiplier.
// TFLM scatters each input element into the output; every output element
// gathers the same terms here in the same order (input row, column,
// channel ascending), so float sums round as TFLM's do. Target kernels:
// mcu_models/runtime/kernels/transpose_conv.c (the same gather).
#include <algorithm>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_transpose_conv(OptionsReader& r) {
  OpOptions& o = r.options();
  if (const auto* c = r.as<tflite::TransposeConvOptions>(BO::TransposeConvOptions)) {
    o.padding = r.padding(c->padding());
    o.stride_w = c->stride_w();
    o.stride_h = c->stride_h();
    o.activation = r.activation(c->fused_activation_function());
  }
  r.require(o.stride_w >= 1 && o.stride_h >= 1, "strides must be at least 1");
}

WrittenOptions write_transpose_conv(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  return {BO::TransposeConvOptions, tflite::CreateTransposeConvOptions(b, fb_padding(o.padding), o.stride_w,
                                                                       o.stride_h, fb_activation(o.activation))
                                        .Union()};
}

// TFLite's transpose_conv versions: 2 int8, 3 int16x8, 4 fused activation.
int version_transpose_conv(const Model& m, const Operator& op) {
  if (op.options.activation != Activation::None) return 4;
  const DType in = input_type(m, op, 2);
  return in == DType::Int16 ? 3 : in == DType::Int8 ? 2 : 1;
}

// Every input element meets every filter tap over all output channels.
int64_t macs_transpose_conv(const Model& m, const Operator& op) {
  const Tensor* w = operand(m, op.inputs, 1);
  const Tensor* in = operand(m, op.inputs, 2);
  if (!w || !in || w->shape.size() != 4) return 0;
  return in->num_elements() * int64_t{w->shape[0]} * w->shape[1] * w->shape[2];
}

std::unique_ptr<OpData> prepare_transpose_conv(PrepareContext& ctx) {
  auto p = std::make_unique<ConvData>();
  const Tensor& shape = ctx.in(0, "output_shape");
  const Tensor& f = ctx.in(1, "filter");
  const Tensor& i = ctx.in(2, "input");
  const Tensor& o = ctx.out();
  p->kernel = ctx.weighted_kernel(i, f, o);
  p->input = ctx.op().inputs[2];
  p->output = ctx.op().outputs[0];
  p->input_type = i.type;
  p->output_type = o.type;
  p->elem_bytes = static_cast<int64_t>(dtype_size(o.type));
  p->filter = ctx.op().inputs[1];
  if (i.shape.size() != 4 || f.shape.size() != 4 || o.shape.size() != 4)
    ctx.fail("input, filter and output must be 4-D (NHWC, OHWI)");
  if (shape.type == DType::Int32 && shape.is_constant() && shape.num_elements() == 4) {
    const int32_t* s = shape.as<int32_t>();
    if (!std::equal(s, s + 4, o.shape.begin()))
      ctx.fail("output_shape input does not match the output tensor's shape");
  }
  p->input_shape = ctx.dims(i);
  p->output_shape = ctx.dims(o);
  p->filter_shape = ctx.dims(f);
  p->flat_size = o.num_elements();
  const Dims4 &id = p->input_shape, &fd = p->filter_shape, &od = p->output_shape;
  if (fd.c != id.c) ctx.fail("filter input channels differ from the input's channels");
  if (fd.n != od.c) ctx.fail("filter output channels differ from the output's channels");
  // The output is the convolution's input: its padding and size rule run from the output to the input.
  ctx.geometry(*p, od, fd.h, fd.w, id);
  ctx.weighted_quantization(p->kernel, *p, i, f, o, od.c, &p->bias, &p->bias_type, &p->filter_offset,
                            ScaleArithmetic::Double, 3);
  if (p->kernel == KernelType::Int16x8 && p->bias >= 0 && p->bias_type != DType::Int64)
    ctx.fail("int16x8 TRANSPOSE_CONV needs an int64 bias (TFLite Micro reads it as int64)",
             "quantize the model with int64 biases for int16 activations");
  const bool quantized = p->kernel != KernelType::Float32;
  ctx.set_activation(p->kernel, *p, quantized ? Activation::None : ctx.options().activation, o);
  return p;
}

// fn(in_offset, filter_offset) for every term of output (b, oy, ox, oc), in
// TFLM's accumulation order.
template <class Fn>
void gather_terms(const ConvData& p, int32_t b, int32_t oy, int32_t ox, int32_t oc, Fn fn) {
  const Dims4 &in = p.input_shape, &f = p.filter_shape;
  const int32_t ny = oy + p.pad_h, nx = ox + p.pad_w;
  const int32_t ny0 = ny - f.h + 1, nx0 = nx - f.w + 1;
  const int32_t iy_lo = ny0 <= 0 ? 0 : (ny0 + p.stride_h - 1) / p.stride_h;
  const int32_t ix_lo = nx0 <= 0 ? 0 : (nx0 + p.stride_w - 1) / p.stride_w;
  const int32_t iy_hi = std::min(in.h - 1, ny / p.stride_h), ix_hi = std::min(in.w - 1, nx / p.stride_w);
  for (int32_t iy = iy_lo; iy <= iy_hi; ++iy)
    for (int32_t ix = ix_lo; ix <= ix_hi; ++ix) {
      const int32_t fy = ny - iy * p.stride_h, fx = nx - ix * p.stride_w;
      const int64_t ib = ((int64_t{b} * in.h + iy) * in.w + ix) * in.c;
      const int64_t fb = ((int64_t{oc} * f.h + fy) * f.w + fx) * f.c;
      for (int32_t ic = 0; ic < in.c; ++ic) fn(ib + ic, fb + ic);
    }
}

template <class Body>
void for_each_output(const ConvData& p, Body body) {
  const Dims4& out = p.output_shape;
  int64_t o = 0;
  for (int32_t b = 0; b < out.n; ++b)
    for (int32_t oy = 0; oy < out.h; ++oy)
      for (int32_t ox = 0; ox < out.w; ++ox)
        for (int32_t oc = 0; oc < out.c; ++oc) body(o++, b, oy, ox, oc);
}

void eval_transpose_conv(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ConvData&>(d);
  if (p.kernel == KernelType::Float32) {
    const float *x = at<float>(t, p.input), *w = at<float>(t, p.filter), *bias = at<float>(t, p.bias);
    float* out = at<float>(t, p.output);
    for_each_output(p, [&](int64_t o, int32_t b, int32_t oy, int32_t ox, int32_t oc) {
      float acc = 0.f;
      gather_terms(p, b, oy, ox, oc, [&](int64_t i, int64_t f) { acc += x[i] * w[f]; });
      if (bias) acc += bias[oc];
      out[o] = std::min(std::max(acc, p.act_min_f), p.act_max_f);
    });
  } else if (p.kernel == KernelType::Int8) {
    const int8_t *x = at<int8_t>(t, p.input), *w = at<int8_t>(t, p.filter);
    const int32_t* bias = at<int32_t>(t, p.bias);
    int8_t* out = at<int8_t>(t, p.output);
    for_each_output(p, [&](int64_t o, int32_t b, int32_t oy, int32_t ox, int32_t oc) {
      int32_t acc = 0;
      gather_terms(p, b, oy, ox, oc,
                   [&](int64_t i, int64_t f) { acc += (int32_t{x[i]} + p.input_offset) * int32_t{w[f]}; });
      if (bias) acc += bias[oc];
      const size_t c = static_cast<size_t>(oc);
      acc = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[c], p.output_shift[c]) + p.output_offset;
      out[o] = static_cast<int8_t>(ts_clamp_i32(acc, p.act_min, p.act_max));
    });
  } else {
    const int16_t* x = at<int16_t>(t, p.input);
    const int8_t* w = at<int8_t>(t, p.filter);
    const int64_t* bias = at<int64_t>(t, p.bias);
    int16_t* out = at<int16_t>(t, p.output);
    for_each_output(p, [&](int64_t o, int32_t b, int32_t oy, int32_t ox, int32_t oc) {
      int64_t acc = 0;
      gather_terms(p, b, oy, ox, oc,
                   [&](int64_t i, int64_t f) { acc += int64_t{int32_t{x[i]} * int32_t{w[f]}}; });
      if (bias) acc += bias[oc];
      const size_t c = static_cast<size_t>(oc);
      const int32_t scaled =
          ts_multiply_by_quantized_multiplier_64(acc, p.output_multiplier[c], p.output_shift[c]) + p.output_offset;
      out[o] = static_cast<int16_t>(ts_clamp_i32(scaled, p.act_min, p.act_max));
    });
  }
}

void emit_transpose_conv(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ConvData&>(d);
  const auto kind = p.kernel == KernelType::Int8      ? TS_OP_TRANSPOSE_CONV_S8
                    : p.kernel == KernelType::Int16x8 ? TS_OP_TRANSPOSE_CONV_S16
                                                      : TS_OP_TRANSPOSE_CONV_F32;
  ts_op_conv r{};
  r.c = e.common(static_cast<uint16_t>(kind));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.filter = e.tensor(p.filter, p.filter_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.bias_offset = p.bias >= 0 ? e.tensor_const(p.bias) : TS_NO_DATA;
  r.folded_bias_offset = TS_NO_DATA;
  r.scratch_offset = TS_NO_DATA;
  r.sparse_offset = TS_NO_DATA;
  r.g = geometry_of(p, 1);
  r.f_act_min = p.act_min_f;
  r.f_act_max = p.act_max_f;
  if (p.kernel != KernelType::Float32) r.q = quant_of(e, p, p);
  e.add_record(r);
}

// A 3x3x2 input, 3x3 filter, stride 2, SAME padding -> 6x6x3 (float: fused
// RELU6; int8 with input zero point -2).
Model example_transpose_conv(KernelType k) {
  ExampleBuilder b;
  const bool i16 = k == KernelType::Int16x8, q = k == KernelType::Int8 || i16;
  const DType act = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const int oc = 3;
  const int shape = b.constant<int32_t>(DType::Int32, {4}, {1, 6, 6, oc});
  const std::vector<float> wscales{0.25f, 0.5f, 0.125f};
  const int w = q ? b.constant<int8_t>(DType::Int8, {oc, 3, 3, 2}, {}, wscales, 0)
                  : b.constant<float>(DType::Float32, {oc, 3, 3, 2}, {});
  const int in = b.act(act, {1, 3, 3, 2}, q ? 0.5f : 0.f, q && !i16 ? -2 : 0);
  const int bias = i16 ? b.constant<int64_t>(DType::Int64, {oc}, {}, {0.125f, 0.25f, 0.0625f}, 0)
                   : q ? b.constant<int32_t>(DType::Int32, {oc}, {}, {0.125f, 0.25f, 0.0625f}, 0)
                       : b.constant<float>(DType::Float32, {oc}, {});
  const int out = b.act(act, {1, 6, 6, oc}, q ? 0.75f : 0.f, q && !i16 ? 3 : 0);
  OpOptions& o = b.op(OpType::TransposeConv, {shape, w, in, bias}, {out}).options;
  o.padding = Padding::Same;
  o.stride_w = o.stride_h = 2;
  if (!q) o.activation = Activation::Relu6;
  return b.finish({in}, {out});
}

OpDef transpose_conv_def() {
  OpDef d;
  d.schema.type = OpType::TransposeConv;
  d.schema.min_inputs = 3;
  d.schema.max_inputs = 4;
  d.schema.read_options = read_transpose_conv;
  d.schema.write_options = write_transpose_conv;
  d.schema.min_version = version_transpose_conv;
  d.schema.macs = macs_transpose_conv;
  d.schema.meta_operands = 0b0001;
  d.schema.weight_operands = 0b1010;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 (fused activation)"},
              {KernelType::Int8, kHostAndFirmware, "int8 (per-channel int8 weights, int32 bias; TFLM clamps to int8 only)"},
              {KernelType::Int16x8, kHostAndFirmware,
               "int16x8 (int16 activations zero point 0, int8 weights, int64 bias; TFLM clamps to int16 only)"}};
  d.prepare = prepare_transpose_conv;
  d.eval = eval_transpose_conv;
  d.emit = emit_transpose_conv;
  d.example = example_transpose_conv;
  return d;
}

TS_REGISTER_OP(transpose_conv_def());

}  // namespace
}  // namespace tinysim::ops
