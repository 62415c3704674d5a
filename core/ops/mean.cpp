// MEAN over H and W of a 4-D input (global average pooling), keep_dims
// either way, float and int8 (TFLite's requantized sum). Host kernel:
// core/host/reduce.cpp. Target kernels: mcu_models/runtime/kernels/mean_{s8,f32}.c.
#include <algorithm>
#include <memory>

#include "core/host/kernels.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_mean(OptionsReader& r) {
  if (const auto* m = r.as<tflite::ReducerOptions>(BO::ReducerOptions)) r.options().keep_dims = m->keep_dims();
}

WrittenOptions write_mean(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::ReducerOptions, tflite::CreateReducerOptions(b, op.options.keep_dims).Union()};
}

std::unique_ptr<OpData> prepare_mean(PrepareContext& ctx) {
  auto p = std::make_unique<MeanData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& ax = ctx.in(1, "axis");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(i.type, false);
  ctx.common_io(*p, i, o);
  if (i.shape.size() != 4) ctx.fail("only 4-D input (global average pooling over H and W) is supported");
  if (!ax.is_constant() || ax.type != DType::Int32) ctx.fail("axis must be a constant int32 tensor");
  std::vector<int32_t> axes(ax.as<int32_t>(), ax.as<int32_t>() + ax.num_elements());
  for (auto& a : axes)
    if (a < 0) a += 4;
  std::sort(axes.begin(), axes.end());
  if (axes != std::vector<int32_t>{1, 2}) ctx.fail("only reduction over axes [1, 2] (height and width) is supported");
  const Dims4& id = p->input_shape;
  if (o.num_elements() != int64_t{id.n} * id.c) ctx.fail("output size must be batch x channels");
  p->output_shape = Dims4{id.n, 1, 1, id.c};
  p->mean_count = id.h * id.w;
  if (p->kernel == KernelType::Int8) {
    ctx.require_quantized(i);
    ctx.require_quantized(o);
    p->input_offset = -ctx.zp_of(i);
    p->output_offset = ctx.zp_of(o);
    p->input_zero_point = ctx.zp_of(i);
    PrepareContext::single_multiplier(*p, static_cast<double>(ctx.scale_of(i)) / static_cast<double>(ctx.scale_of(o)));
    p->act_min = -128;
    p->act_max = 127;
  }
  return p;
}

void eval_mean(const OpData& d, void* const* t) {
  const auto& p = static_cast<const MeanData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::mean_float(p, at<float>(t, p.input), at<float>(t, p.output));
  else
    kernels::mean_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
}

void emit_mean(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const MeanData&>(d);
  const bool s8 = p.kernel == KernelType::Int8;
  ts_op_mean r{};
  r.c = e.common(static_cast<uint16_t>(s8 ? TS_OP_MEAN_S8 : TS_OP_MEAN_F32));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.input_offset = -p.input_zero_point;
  r.output_offset = p.output_offset;
  if (s8) {
    r.multiplier = p.output_multiplier.at(0);
    r.shift = p.output_shift.at(0);
  }
  r.count = p.mean_count;
  r.act_min = p.act_min;
  r.act_max = p.act_max;
  e.add_record(r);
}

Model example_mean(KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType t = q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {1, 3, 5, 4}, q ? 0.5f : 0.f, q ? -7 : 0);
  const int axes = b.constant<int32_t>(DType::Int32, {2}, {1, 2});
  const int out = b.act(t, {1, 4}, q ? 0.25f : 0.f, q ? 2 : 0);
  b.op(OpType::Mean, {in, axes}, {out});
  return b.finish({in}, {out});
}

OpDef mean_def() {
  OpDef d;
  d.schema.type = OpType::Mean;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_mean;
  d.schema.write_options = write_mean;
  d.schema.min_version = version_int8_2_int16_3;
  d.schema.macs = no_macs;
  d.schema.meta_operands = 0b10;
  d.schema.quant.quantizable = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 (axes [1, 2])"},
              {KernelType::Int8, kHostAndFirmware, "int8 (axes [1, 2])"}};
  d.prepare = prepare_mean;
  d.eval = eval_mean;
  d.emit = emit_mean;
  d.example = example_mean;
  return d;
}

TS_REGISTER_OP(mean_def());

}  // namespace
}  // namespace tinysim::ops
