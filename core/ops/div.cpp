// DIV: float32 and plain int32 with 4-D broadcasting and a fused
// activation, as TFLite's reference Div (int32: C++'s truncating division;
// a zero divisor gives 0 and INT32_MIN / -1 gives INT32_MIN, what the
// Cortex-M4's SDIV gives, where TFLite refuses a zero divisor at run time).
// Target kernels: mcu_models/runtime/kernels/binary_s32.c.
#include <climits>
#include <memory>

#include "core/ops/binary_common.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_div(OptionsReader& r) {
  if (const auto* o = r.as<tflite::DivOptions>(BO::DivOptions))
    r.options().activation = r.activation(o->fused_activation_function());
}

WrittenOptions write_div(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::DivOptions, tflite::CreateDivOptions(b, fb_activation(op.options.activation)).Union()};
}

std::unique_ptr<OpData> prepare_div(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  const Tensor& o = ctx.out();
  if (o.type != DType::Float32 && o.type != DType::Int32) ctx.unsupported_types();
  prepare_binary(ctx, *p, false, true);
  if (p->kernel == KernelType::Float32) ctx.set_activation(p->kernel, *p, ctx.options().activation, o);
  return p;
}

int32_t div_int32(int32_t a, int32_t b) {
  if (b == 0) return 0;
  if (b == -1) return static_cast<int32_t>(0u - static_cast<uint32_t>(a));
  return a / b;
}

void eval_div(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  if (p.kernel == KernelType::Float32)
    plain_binary(p, at<float>(t, p.input), at<float>(t, p.input2), at<float>(t, p.output), [&](float a, float b) {
      const float v = a / b;
      return v < p.act_min_f ? p.act_min_f : v > p.act_max_f ? p.act_max_f : v;
    });
  else
    plain_binary(p, at<int32_t>(t, p.input), at<int32_t>(t, p.input2), at<int32_t>(t, p.output),
                 [&](int32_t a, int32_t b) { return clamp_int32(p, div_int32(a, b)); });
}

void emit_div(PlanEmitter& e, const OpData& d) {
  const auto kind = d.kernel == KernelType::Int32 ? TS_OP_DIV_S32 : TS_OP_DIV_F32;
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}

// [1, 2, 3, 4] / [1, 1, 1, 4]: divisors of both signs (and 0 for int32).
Model example_div(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Int32 ? DType::Int32 : DType::Float32;
  const int x = b.act(t, {1, 2, 3, 4});
  const int y = t == DType::Int32 ? b.constant<int32_t>(t, {1, 1, 1, 4}, {7, -3, 0, 1000})
                                  : b.constant<float>(t, {1, 1, 1, 4}, {0.5f, -3.f, 7.f, 1e-3f});
  const int out = b.act(t, {1, 2, 3, 4});
  b.op(OpType::Div, {x, y}, {out});
  return b.finish({x}, {out});
}

OpDef div_def() {
  OpDef d;
  d.schema.type = OpType::Div;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_div;
  d.schema.write_options = write_div;
  d.schema.min_version = version_1;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int32, kHostAndFirmware, "int32 (truncating)"}};
  d.prepare = prepare_div;
  d.eval = eval_div;
  d.emit = emit_div;
  d.example = example_div;
  return d;
}

TS_REGISTER_OP(div_def());

}  // namespace
}  // namespace tinysim::ops
