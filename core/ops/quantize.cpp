// QUANTIZE (float -> int8/int16, and the int -> int requantizations TFLM's
// QUANTIZE has: int8 -> int8/int16/int32, int16 -> int8/int16/int32) and
// DEQUANTIZE (int8/int16 -> float), TFLite reference semantics
// (tensorflow/lite/micro/kernels/quantize_common.cc, dequantize_common.cc).
// Host kernels: core/host/quantize.cpp. Target kernels:
// mcu_models/runtime/kernels/quantize.c; int8 -> int8 runs as a 256-entry
// table (activations_s8.c) made by the host kernel.
#include <cstdint>
#include <memory>

#include "core/host/kernels.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

int version_quantize(const Model& m, const Operator& op) { return output_type(m, op) == DType::Int16 ? 2 : 1; }

std::unique_ptr<OpData> prepare_quantize(PrepareContext& ctx) {
  auto p = std::make_unique<QuantizeData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  ctx.common_io(*p, i, o);
  if (i.num_elements() != o.num_elements()) ctx.fail("input and output sizes differ");
  const bool int_in = i.type == DType::Int8 || i.type == DType::Int16;
  if (o.type != DType::Int8 && o.type != DType::Int16 && !(int_in && o.type == DType::Int32)) ctx.unsupported_types();
  ctx.require_quantized(o);
  p->output_offset = ctx.zp_of(o);
  p->act_min = o.type == DType::Int32 ? INT32_MIN : PrepareContext::qmin_of(o.type);
  p->act_max = o.type == DType::Int32 ? INT32_MAX : PrepareContext::qmax_of(o.type);
  if (i.type == DType::Float32) {
    p->kernel = KernelType::Float32;
    p->quant_scale = ctx.scale_of(o);
    p->quant_zero_point = ctx.zp_of(o);
  } else if (int_in) {
    p->kernel = i.type == DType::Int8 ? KernelType::Int8 : KernelType::Int16;
    ctx.require_quantized(i);
    p->input_offset = -ctx.zp_of(i);
    PrepareContext::single_multiplier(*p, static_cast<double>(ctx.scale_of(i)) / static_cast<double>(ctx.scale_of(o)));
  } else {
    ctx.unsupported_types();
  }
  return p;
}

std::unique_ptr<OpData> prepare_dequantize(PrepareContext& ctx) {
  auto p = std::make_unique<QuantizeData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  ctx.common_io(*p, i, o);
  if (o.type != DType::Float32 || (i.type != DType::Int8 && i.type != DType::Int16)) ctx.unsupported_types();
  if (i.num_elements() != o.num_elements()) ctx.fail("input and output sizes differ");
  ctx.require_quantized(i);
  p->kernel = i.type == DType::Int8 ? KernelType::Int8 : KernelType::Int16;
  p->quant_scale = ctx.scale_of(i);
  p->quant_zero_point = ctx.zp_of(i);
  return p;
}

void eval_quantize(const OpData& d, void* const* t) {
  const auto& p = static_cast<const QuantizeData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::quantize_float(p, at<float>(t, p.input), at<void>(t, p.output));
  else
    kernels::requantize(p, at<void>(t, p.input), at<void>(t, p.output));
}

void eval_dequantize(const OpData& d, void* const* t) {
  const auto& p = static_cast<const QuantizeData&>(d);
  kernels::dequantize(p, at<void>(t, p.input), at<float>(t, p.output));
}

// QUANTIZE and DEQUANTIZE share one record: scale and zero point for the
// float conversions, offsets and multiplier for the requantization.
void emit_quant_record(PlanEmitter& e, const QuantizeData& p, uint16_t kind) {
  ts_op_quant r{};
  r.c = e.common(kind);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.scale = p.quant_scale;
  r.zero_point = p.quant_zero_point;
  r.count = static_cast<int32_t>(p.flat_size);
  if (kind == TS_OP_REQUANTIZE) {
    r.in_offset = p.input_offset;
    r.out_offset = p.output_offset;
    r.multiplier = p.output_multiplier[0];
    r.shift = p.output_shift[0];
  }
  e.add_record(r);
}

void emit_quantize(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const QuantizeData&>(d);
  if (p.input_type == DType::Float32) {
    emit_quant_record(e, p, p.output_type == DType::Int8 ? TS_OP_QUANTIZE_F32_S8 : TS_OP_QUANTIZE_F32_S16);
    return;
  }
  if (p.input_type != DType::Int8 || p.output_type != DType::Int8) {
    emit_quant_record(e, p, TS_OP_REQUANTIZE);
    return;
  }
  emit_lut(e, p, int8_table(p, [](const QuantizeData& q, const int8_t* in, int8_t* out) {
             kernels::requantize(q, in, out);
           }));
}

void emit_dequantize(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const QuantizeData&>(d);
  emit_quant_record(e, p, p.input_type == DType::Int8 ? TS_OP_DEQUANTIZE_S8_F32 : TS_OP_DEQUANTIZE_S16_F32);
}

// QUANTIZE examples: float -> int8, int8 -> int8 (new scale), int16 -> int16.
Model example_quantize(KernelType k) {
  ExampleBuilder b;
  const DType in_t = k == KernelType::Float32 ? DType::Float32 : k == KernelType::Int16 ? DType::Int16 : DType::Int8;
  const DType out_t = k == KernelType::Int16 ? DType::Int16 : DType::Int8;
  const int in = b.act(in_t, {3, 5}, in_t == DType::Float32 ? 0.f : 0.5f, in_t == DType::Int8 ? 3 : 0);
  const int out = b.act(out_t, {3, 5}, 0.3f, out_t == DType::Int8 ? -7 : 0);
  b.op(OpType::Quantize, {in}, {out});
  return b.finish({in}, {out});
}

Model example_dequantize(KernelType k) {
  ExampleBuilder b;
  const DType in_t = k == KernelType::Int16 ? DType::Int16 : DType::Int8;
  const int in = b.act(in_t, {2, 7}, 0.125f, in_t == DType::Int8 ? -3 : 0);
  const int out = b.act(DType::Float32, {2, 7});
  b.op(OpType::Dequantize, {in}, {out});
  return b.finish({in}, {out});
}

OpDef quantize_def() {
  OpDef d;
  d.schema.type = OpType::Quantize;
  d.schema.min_version = version_quantize;
  d.schema.converts_quantization = true;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 -> int8 / int16"},
              {KernelType::Int8, kHostAndFirmware, "int8 -> int8 / int16 / int32"},
              {KernelType::Int16, kHostAndFirmware, "int16 -> int8 / int16 / int32"}};
  d.prepare = prepare_quantize;
  d.eval = eval_quantize;
  d.emit = emit_quantize;
  d.example = example_quantize;
  return d;
}

OpDef dequantize_def() {
  OpDef d;
  d.schema.type = OpType::Dequantize;
  d.schema.min_version = version_int8_2;
  d.schema.converts_quantization = true;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Int8, kHostAndFirmware, "int8 -> float32"},
              {KernelType::Int16, kHostAndFirmware, "int16 -> float32"}};
  d.prepare = prepare_dequantize;
  d.eval = eval_dequantize;
  d.emit = emit_dequantize;
  d.example = example_dequantize;
  return d;
}

TS_REGISTER_OP(quantize_def());
TS_REGISTER_OP(dequantize_def());

}  // namespace
}  // namespace tinysim::ops
