// FULLY_CONNECTED: input viewed as [batches, depth], weights [units, depth],
// optional bias, fused activation, keep_num_dims. Host kernel:
// core/host/fully_connected.cpp. Target kernels:
// mcu_models/runtime/kernels/fully_connected_{s8,s16,f32}.c, sparse_s8.c.
#include <memory>
#include <utility>

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

void read_fc(OptionsReader& r) {
  OpOptions& o = r.options();
  if (const auto* f = r.as<tflite::FullyConnectedOptions>(BO::FullyConnectedOptions)) {
    o.activation = r.activation(f->fused_activation_function());
    o.keep_num_dims = f->keep_num_dims();
    // Shuffled int8 weights are a TFLite-internal layout: kept so the op is
    // shown and written back, refused by prepare.
    if (f->weights_format() != 0) o.extra["weights_format"] = static_cast<double>(f->weights_format());
  }
}

WrittenOptions write_fc(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  const auto it = o.extra.find("weights_format");
  // (a byte or an enum, depending on the schema subset's age)
  using Format = decltype(std::declval<tflite::FullyConnectedOptions>().weights_format());
  const auto format = static_cast<Format>(it == o.extra.end() ? 0 : static_cast<int>(it->second));
  return {BO::FullyConnectedOptions,
          tflite::CreateFullyConnectedOptions(b, fb_activation(o.activation), format, o.keep_num_dims).Union()};
}

int version_fc(const Model& m, const Operator& op) {
  const DType in = input_type(m, op, 0), w = input_type(m, op, 1);
  if (in == DType::Int16) return 7;
  if (op.options.keep_num_dims) return 5;
  if (in == DType::Int8) return 4;
  if (in == DType::Float32 && w == DType::Int8) return 3;
  return 1;
}

// weights [out_features, in_features]: out_elements * in_features
int64_t macs_fc(const Model& m, const Operator& op) {
  const Tensor* w = operand(m, op.inputs, 1);
  if (!w || w->shape.size() != 2) return 0;
  return output_elements(m, op) * int64_t{w->shape[1]};
}

std::unique_ptr<OpData> prepare_fc(PrepareContext& ctx) {
  auto p = std::make_unique<FullyConnectedData>();
  if (ctx.options().extra.count("weights_format"))
    ctx.fail("shuffled int8 weights (a TFLite-internal layout) are not supported",
             "convert the model without weight shuffling");
  const Tensor& i = ctx.in(0, "input");
  const Tensor& f = ctx.in(1, "weights");
  const Tensor& o = ctx.out();
  p->kernel = ctx.weighted_kernel(i, f, o);
  p->input = ctx.op().inputs[0];
  p->output = ctx.op().outputs[0];
  p->filter = ctx.op().inputs[1];
  p->input_type = i.type;
  p->output_type = o.type;
  p->elem_bytes = static_cast<int64_t>(dtype_size(o.type));
  if (f.shape.size() != 2) ctx.fail("weights must be 2-D [outputs, inputs]");
  p->fc_output_depth = f.shape[0];
  p->fc_accum_depth = f.shape[1];
  if (p->fc_accum_depth <= 0 || i.num_elements() % p->fc_accum_depth != 0)
    ctx.fail("input size " + std::to_string(i.num_elements()) + " is not a multiple of the weights' input size " +
             std::to_string(p->fc_accum_depth));
  p->fc_batches = static_cast<int32_t>(i.num_elements() / p->fc_accum_depth);
  if (o.num_elements() != int64_t{p->fc_batches} * p->fc_output_depth)
    ctx.fail("output has " + std::to_string(o.num_elements()) + " elements, expected " +
             std::to_string(int64_t{p->fc_batches} * p->fc_output_depth));
  p->input_shape = Dims4{1, 1, p->fc_batches, p->fc_accum_depth};
  p->filter_shape = Dims4{1, 1, p->fc_output_depth, p->fc_accum_depth};
  p->output_shape = Dims4{1, 1, p->fc_batches, p->fc_output_depth};
  p->flat_size = o.num_elements();
  // TFLM CalculateOpDataFullyConnected: one weight scale goes through GetQuantizedConvolutionMultipler, which
  // multiplies input and weight scale in float (kernel_util.cc); per-channel weights use double products.
  ctx.weighted_quantization(p->kernel, *p, i, f, o, p->fc_output_depth, &p->bias, &p->bias_type, &p->filter_offset,
                            ScaleArithmetic::FloatProduct);
  // TFLM's int16 FULLY_CONNECTED reads its bias as int64 (fully_connected.cc), an int32 bias would be misread.
  if (p->kernel == KernelType::Int16x8 && p->bias >= 0 && p->bias_type != DType::Int64)
    ctx.fail("int16x8 FULLY_CONNECTED needs an int64 bias (TFLite Micro reads it as int64)",
             "quantize the model with int64 biases for int16 activations");
  ctx.set_activation(p->kernel, *p, ctx.options().activation, o);
  return p;
}

void eval_fc(const OpData& d, void* const* t) {
  const auto& p = static_cast<const FullyConnectedData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::fully_connected_float(p, at<float>(t, p.input), at<float>(t, p.filter), at<float>(t, p.bias),
                                   at<float>(t, p.output));
  else if (p.kernel == KernelType::Int16x8)
    kernels::fully_connected_int16x8(p, at<int16_t>(t, p.input), at<int8_t>(t, p.filter), at<int64_t>(t, p.bias),
                                     at<int16_t>(t, p.output));
  else
    kernels::fully_connected_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.filter), at<int32_t>(t, p.bias),
                                  at<int8_t>(t, p.output));
}

void emit_fc(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const FullyConnectedData&>(d);
  const bool s8 = p.kernel == KernelType::Int8;
  const bool s16 = p.kernel == KernelType::Int16x8;
  const Model& m = e.model();
  ts_op_fc r{};
  r.c = e.common(static_cast<uint16_t>(s8 ? TS_OP_FC_S8 : s16 ? TS_OP_FC_S16 : TS_OP_FC_F32));
  SparseCostShape shape;
  shape.path = SparseCostShape::Path::FullyConnected;
  shape.batches = p.fc_batches;
  shape.rows = p.fc_output_depth;
  shape.k = p.fc_accum_depth;
  const bool sparse = use_sparse(e, p.kernel, p.filter_offset, p.filter, shape);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.filter = sparse ? e.tensor_descriptor_only(p.filter, p.filter_shape, p) : e.tensor(p.filter, p.filter_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.bias_offset = p.bias >= 0 ? e.tensor_const(p.bias) : TS_NO_DATA;
  r.folded_bias_offset = TS_NO_DATA;
  r.scratch_offset = TS_NO_DATA;
  r.sparse_offset = TS_NO_DATA;
  r.batches = p.fc_batches;
  r.depth = p.fc_accum_depth;
  r.units = p.fc_output_depth;
  r.filter_offset = p.filter_offset;
  r.f_act_min = p.act_min_f;
  r.f_act_max = p.act_max_f;
  if (s16) r.q = quant_of(e, p, p);
  if (s8) {
    if (!m.tensors[static_cast<size_t>(p.filter)].is_constant()) e.unsupported(p, "non-constant weights");
    r.q = quant_of(e, p, p);
    if (p.filter_offset == 0) {
      r.folded_bias_offset = e.add_const(
          folded_bias(m, p.filter, p.bias, p.input_offset, p.fc_output_depth, 1, p.fc_accum_depth, p.fc_accum_depth));
      if (sparse) {
        r.sparse_offset = add_sparse(e, m.tensors[size_t(p.filter)].as<int8_t>(), p.fc_output_depth, p.fc_accum_depth);
      } else {
        r.scratch_bytes = ts_fully_connected_s8_get_buffer_size(p.fc_accum_depth);
        r.scratch_offset = e.scratch(r.scratch_bytes);
      }
    }
  }
  e.add_record(r);
}

// [2, 8] input, [5, 8] weights with bias, fused RELU6 (int16x8: depth 10, so
// the DSP kernel's 4-MAC steps leave a tail).
Model example_fc(KernelType k) {
  ExampleBuilder b;
  const bool i16 = k == KernelType::Int16x8, q = k == KernelType::Int8 || i16;
  const DType act = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const int depth = i16 ? 10 : 8;
  const int in = b.act(act, {2, depth}, q ? 0.5f : 0.f, q && !i16 ? -3 : 0);
  const int w = q ? b.constant<int8_t>(DType::Int8, {5, depth}, {}, {0.25f})
                  : b.constant<float>(DType::Float32, {5, depth}, {});
  const int bias = i16 ? b.constant<int64_t>(DType::Int64, {5}, {}, {0.125f})
                   : q ? b.constant<int32_t>(DType::Int32, {5}, {}, {0.125f})
                       : b.constant<float>(DType::Float32, {5}, {});
  const int out = b.act(act, {2, 5}, q ? 0.75f : 0.f, q && !i16 ? 4 : 0);
  b.op(OpType::FullyConnected, {in, w, bias}, {out}).options.activation = Activation::Relu6;
  return b.finish({in}, {out});
}

OpDef fc_def() {
  OpDef d;
  d.schema.type = OpType::FullyConnected;
  d.schema.min_inputs = 2;
  d.schema.max_inputs = 3;
  d.schema.read_options = read_fc;
  d.schema.write_options = write_fc;
  d.schema.min_version = version_fc;
  d.schema.macs = macs_fc;
  d.schema.weight_operands = 0b110;
  d.schema.weight_kind = WeightKind::Dense;
  d.schema.quant.quantizable = true;
  d.schema.quant.weight_channel_axis = 0;
  d.schema.quant.per_channel_optional = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (int8 weights, symmetric or with zero point; int32 bias)"},
              {KernelType::Int16x8, kHostAndFirmware, "int16x8 (int16 activations zero point 0, int8 weights, int64 bias)"}};
  d.prepare = prepare_fc;
  d.eval = eval_fc;
  d.emit = emit_fc;
  d.example = example_fc;
  return d;
}

TS_REGISTER_OP(fc_def());

}  // namespace
}  // namespace tinysim::ops
