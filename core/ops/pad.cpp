// PAD and PADV2: constant padding of up to 4-D, float32, int8 and int16
// (TFLM's pad.cc runs both: PAD pads with 0 / the output zero point, PADV2
// with its constant_values scalar, which for integer types must be on the
// output's scale). Host kernel core/host/layout.cpp (kernels::pad), target
// kernel mcu_models/runtime/kernels/pad.c (the record carries the value's
// raw bits).
#include <cstring>
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

WrittenOptions write_pad(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::PadOptions, tflite::CreatePadOptions(b).Union()};
}
WrittenOptions write_pad_v2(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::PadV2Options, tflite::CreatePadV2Options(b).Union()};
}

// PADV2's constant_values (slot 2): a constant scalar of the input's type.
void read_pad_value(PrepareContext& ctx, PadData& p, const Tensor& o) {
  const Tensor& v = ctx.in(2, "constant_values");
  if (!v.is_constant() || v.num_elements() != 1) ctx.fail("constant_values must be a constant scalar");
  if (v.type != o.type) ctx.fail("constant_values must have the input's type");
  if (p.kernel == KernelType::Float32) {
    p.pad_value_f = v.as<float>()[0];
    return;
  }
  if (v.quant.present() && (ctx.scale_of(v) != ctx.scale_of(o) || ctx.zp_of(v) != ctx.zp_of(o)))
    ctx.fail("constant_values is not on the output's scale (TFLite Micro requires it)");
  p.pad_value_q = v.type == DType::Int8 ? int32_t{v.as<int8_t>()[0]} : int32_t{v.as<int16_t>()[0]};
}

std::unique_ptr<OpData> prepare_pad(PrepareContext& ctx) {
  auto p = std::make_unique<PadData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& pads = ctx.in(1, "paddings");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(i.type, true);
  ctx.common_io(*p, i, o);
  const size_t rank = i.shape.size();
  if (!pads.is_constant() || (pads.type != DType::Int32 && pads.type != DType::Int64) ||
      pads.num_elements() != static_cast<int64_t>(rank * 2))
    ctx.fail("paddings must be a constant int32/int64 tensor of shape [rank, 2]");
  if (rank > 4) ctx.fail("at most 4-D input is supported");
  const size_t off = 4 - rank;
  for (size_t d = 0; d < rank; ++d) {
    const int64_t before = pads.type == DType::Int32 ? pads.as<int32_t>()[2 * d] : pads.as<int64_t>()[2 * d];
    const int64_t after = pads.type == DType::Int32 ? pads.as<int32_t>()[2 * d + 1] : pads.as<int64_t>()[2 * d + 1];
    if (before < 0 || after < 0 || before > (1 << 20) || after > (1 << 20)) ctx.fail("paddings must be non-negative");
    p->pad_before[off + d] = static_cast<int32_t>(before);
    p->pad_after[off + d] = static_cast<int32_t>(after);
  }
  for (int d = 0; d < 4; ++d)
    if (p->input_shape[d] + p->pad_before[static_cast<size_t>(d)] + p->pad_after[static_cast<size_t>(d)] !=
        p->output_shape[d])
      ctx.fail("output shape does not equal input shape plus paddings");
  if (p->kernel != KernelType::Float32) {
    ctx.require_quantized(o);
    p->pad_value_q = ctx.zp_of(o);
    if (i.quant.present() && (ctx.scale_of(i) != ctx.scale_of(o) || ctx.zp_of(i) != ctx.zp_of(o)))
      ctx.fail("input and output quantization differ");
  }
  if (ctx.op().inputs.size() > 2 && ctx.op().inputs[2] >= 0) read_pad_value(ctx, *p, o);
  return p;
}

void eval_pad(const OpData& d, void* const* t) {
  const auto& p = static_cast<const PadData&>(d);
  kernels::pad(p, at<void>(t, p.input), at<void>(t, p.output));
}

void emit_pad(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const PadData&>(d);
  ts_op_pad r{};
  r.c = e.common(TS_OP_PAD);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  for (int k = 0; k < 4; ++k) r.before[k] = p.pad_before[static_cast<size_t>(k)];
  r.elem_bytes = static_cast<uint32_t>(p.elem_bytes);
  if (p.kernel == KernelType::Float32)
    std::memcpy(&r.pad_value, &p.pad_value_f, 4);
  else if (p.elem_bytes == 1)
    r.pad_value = static_cast<uint8_t>(static_cast<int8_t>(p.pad_value_q));
  else
    r.pad_value = static_cast<uint16_t>(static_cast<int16_t>(p.pad_value_q));
  e.add_record(r);
}

// [1, 2, 3, 2] padded to [1, 5, 4, 2]; PADV2 pads with its own value.
Model pad_example(KernelType k, bool v2) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const bool q = t != DType::Float32;
  const float s = q ? 0.5f : 0.f;
  const int zp = t == DType::Int8 && !v2 ? -4 : 0;  // PADV2's value (a constant) has zero point 0
  const int in = b.act(t, {1, 2, 3, 2}, s, zp);
  const int pads = b.constant<int32_t>(DType::Int32, {4, 2}, {0, 0, 1, 2, 0, 1, 0, 0});
  std::vector<int> ins = {in, pads};
  if (v2) {
    const int value = t == DType::Float32 ? b.constant<float>(t, {}, {-1.5f})
                      : t == DType::Int8  ? b.constant<int8_t>(t, {}, {7}, {s})
                                          : b.constant<int16_t>(t, {}, {-300}, {s});
    ins.push_back(value);
  }
  const int out = b.act(t, {1, 5, 4, 2}, s, zp);
  b.op(v2 ? OpType::Padv2 : OpType::Pad, ins, {out});
  return b.finish({in}, {out});
}
Model example_pad(KernelType k) { return pad_example(k, false); }
Model example_pad_v2(KernelType k) { return pad_example(k, true); }

OpDef pad_def(OpType type) {
  OpDef d;
  d.schema.type = type;
  d.schema.min_inputs = 2;
  d.schema.max_inputs = type == OpType::Padv2 ? 3 : 2;
  d.schema.write_options = type == OpType::Padv2 ? write_pad_v2 : write_pad;
  d.schema.min_version = version_int8_2;
  d.schema.macs = no_macs;
  d.schema.meta_operands = 0b10;
  d.schema.quant.quantizable = true;
  // PADV2's value must be on the output's scale too (TFLM checks it).
  d.schema.quant.share =
      type == OpType::Padv2 ? QuantRule::Share::AllInputsWithOutput : QuantRule::Share::FirstInputWithOutput;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8"},
              {KernelType::Int16, kHostAndFirmware, "int16"}};
  d.prepare = prepare_pad;
  d.eval = eval_pad;
  d.emit = emit_pad;
  d.example = type == OpType::Padv2 ? example_pad_v2 : example_pad;
  return d;
}

TS_REGISTER_OP(pad_def(OpType::Pad));
TS_REGISTER_OP(pad_def(OpType::Padv2));

}  // namespace
}  // namespace tinysim::ops
