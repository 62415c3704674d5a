// AVERAGE_POOL_2D and MAX_POOL_2D: NHWC, TFLite padding and stride, fused
// activation; integer pooling needs equal input and output quantization.
// Host kernels: core/host/pooling.cpp. Target kernels:
// mcu_models/runtime/kernels/pooling_{int,f32}.c.
#include <memory>

#include "core/host/kernels.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_pool(OptionsReader& r) {
  OpOptions& o = r.options();
  if (const auto* p = r.as<tflite::Pool2DOptions>(BO::Pool2DOptions)) {
    o.padding = r.padding(p->padding());
    o.stride_w = p->stride_w();
    o.stride_h = p->stride_h();
    o.filter_w = p->filter_width();
    o.filter_h = p->filter_height();
    o.activation = r.activation(p->fused_activation_function());
  }
  r.require(o.filter_w >= 1 && o.filter_h >= 1, "pooling window must be at least 1x1");
  r.require(o.stride_w >= 1 && o.stride_h >= 1, "strides must be at least 1");
}

WrittenOptions write_pool(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  return {BO::Pool2DOptions, tflite::CreatePool2DOptions(b, fb_padding(o.padding), o.stride_w, o.stride_h, o.filter_w,
                                                         o.filter_h, fb_activation(o.activation))
                                 .Union()};
}

std::unique_ptr<OpData> prepare_pool(PrepareContext& ctx) {
  auto p = std::make_unique<PoolData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(i.type, true);
  ctx.common_io(*p, i, o);
  if (i.shape.size() != 4 || o.shape.size() != 4) ctx.fail("input and output must be 4-D (NHWC)");
  if (p->input_shape.c != p->output_shape.c) ctx.fail("channels of input and output differ");
  ctx.geometry(*p, p->input_shape, ctx.options().filter_h, ctx.options().filter_w, p->output_shape);
  if (p->kernel != KernelType::Float32) {
    ctx.require_quantized(i);
    ctx.require_quantized(o);
    if (ctx.scale_of(i) != ctx.scale_of(o) || ctx.zp_of(i) != ctx.zp_of(o))
      ctx.fail("input and output quantization differ; TFLite's integer pooling requires them equal");
  }
  ctx.set_activation(p->kernel, *p, ctx.options().activation, o);
  return p;
}

void eval_average(const OpData& d, void* const* t) {
  const auto& p = static_cast<const PoolData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::average_pool_float(p, at<float>(t, p.input), at<float>(t, p.output));
  else if (p.kernel == KernelType::Int16)
    kernels::average_pool_int16(p, at<int16_t>(t, p.input), at<int16_t>(t, p.output));
  else
    kernels::average_pool_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
}

void eval_max(const OpData& d, void* const* t) {
  const auto& p = static_cast<const PoolData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::max_pool_float(p, at<float>(t, p.input), at<float>(t, p.output));
  else if (p.kernel == KernelType::Int16)
    kernels::max_pool_int16(p, at<int16_t>(t, p.input), at<int16_t>(t, p.output));
  else
    kernels::max_pool_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
}

void emit_pool(PlanEmitter& e, const PoolData& p, uint16_t kind) {
  ts_op_pool r{};
  r.c = e.common(kind);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.g = geometry_of(p, 1);
  r.act_min = p.act_min;
  r.act_max = p.act_max;
  r.f_act_min = p.act_min_f;
  r.f_act_max = p.act_max_f;
  e.add_record(r);
}

void emit_average(PlanEmitter& e, const OpData& d) {
  emit_pool(e, static_cast<const PoolData&>(d),
            d.kernel == KernelType::Int8    ? TS_OP_AVGPOOL_S8
            : d.kernel == KernelType::Int16 ? TS_OP_AVGPOOL_S16
                                            : TS_OP_AVGPOOL_F32);
}
void emit_max(PlanEmitter& e, const OpData& d) {
  emit_pool(e, static_cast<const PoolData&>(d),
            d.kernel == KernelType::Int8    ? TS_OP_MAXPOOL_S8
            : d.kernel == KernelType::Int16 ? TS_OP_MAXPOOL_S16
                                            : TS_OP_MAXPOOL_F32);
}

// 4x4x3 input, 2x2 window, stride 2, VALID.
Model example_pool(OpType type, KernelType k) {
  ExampleBuilder b;
  const bool i16 = k == KernelType::Int16, q = k == KernelType::Int8 || i16;
  const DType t = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {1, 4, 4, 3}, q ? 0.5f : 0.f, q && !i16 ? 2 : 0);
  const int out = b.act(t, {1, 2, 2, 3}, q ? 0.5f : 0.f, q && !i16 ? 2 : 0);
  OpOptions& o = b.op(type, {in}, {out}).options;
  o.filter_w = o.filter_h = 2;
  o.stride_w = o.stride_h = 2;
  return b.finish({in}, {out});
}
Model example_average(KernelType k) { return example_pool(OpType::AveragePool2D, k); }
Model example_max(KernelType k) { return example_pool(OpType::MaxPool2D, k); }

OpDef pool_def(OpType type) {
  OpDef d;
  d.schema.type = type;
  d.schema.read_options = read_pool;
  d.schema.write_options = write_pool;
  d.schema.min_version = version_int8_2_int16_3;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  d.schema.quant.share = QuantRule::Share::FirstInputWithOutput;
  d.schema.quant.qat_range_from_input = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (input and output quantization equal)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (input and output quantization equal)"}};
  d.prepare = prepare_pool;
  const bool avg = type == OpType::AveragePool2D;
  d.eval = avg ? eval_average : eval_max;
  d.emit = avg ? emit_average : emit_max;
  d.example = avg ? example_average : example_max;
  return d;
}

TS_REGISTER_OP(pool_def(OpType::AveragePool2D));
TS_REGISTER_OP(pool_def(OpType::MaxPool2D));

}  // namespace
}  // namespace tinysim::ops
