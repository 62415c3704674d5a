// CAST: TFLM's cast.cc, an element-wise static_cast between float32, int8,
// int16, int32 and uint32 (integers narrow by truncation, float to integer
// rounds toward zero; quantization parameters play no part). One
// conversion serves host and target: ts_cast_elements
// (mcu_models/runtime/kernels/cast.c).
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"
#include "mcu_models/runtime/include/ts_kernels.h"

namespace tinysim::ops {
namespace {

struct CastData : OpData {
  uint8_t from = 0, to = 0;  // ts_dtype
};

bool castable(DType t, uint8_t* ts) {
  switch (t) {
    case DType::Float32: *ts = TS_F32; return true;
    case DType::Int8: *ts = TS_S8; return true;
    case DType::Int16: *ts = TS_S16; return true;
    case DType::Int32: *ts = TS_S32; return true;
    case DType::UInt32: *ts = TS_U32; return true;
    default: return false;
  }
}

// TFLite op_version.cc: int8 on either side 3, uint32 2, else 1.
int version_cast(const Model& m, const Operator& op) {
  const DType a = input_type(m, op, 0), b = output_type(m, op);
  if (a == DType::Int8 || b == DType::Int8) return 3;
  if (a == DType::UInt32 || b == DType::UInt32) return 2;
  return 1;
}

std::unique_ptr<OpData> prepare_cast(PrepareContext& ctx) {
  auto p = std::make_unique<CastData>();
  const Tensor& in = ctx.in(0, "input");
  const Tensor& out = ctx.out();
  if (!castable(in.type, &p->from) || !castable(out.type, &p->to)) ctx.unsupported_types();
  if (in.num_elements() != out.num_elements()) ctx.fail("input and output sizes differ");
  p->input = ctx.op().inputs[0];
  p->output = ctx.op().outputs[0];
  p->input_type = in.type;
  p->output_type = out.type;
  p->flat_size = out.num_elements();
  p->elem_bytes = static_cast<int64_t>(dtype_size(out.type));
  // Named by the output's type (the combination list says what it covers).
  p->kernel = out.type == DType::Float32 ? KernelType::Float32
              : out.type == DType::Int8  ? KernelType::Int8
              : out.type == DType::Int16 ? KernelType::Int16
                                         : KernelType::Int32;
  return p;
}

void eval_cast(const OpData& d, void* const* t) {
  const auto& p = static_cast<const CastData&>(d);
  ts_cast_elements(at<void>(t, p.input), p.from, at<void>(t, p.output), p.to, static_cast<int32_t>(p.flat_size));
}

void emit_cast(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const CastData&>(d);
  ts_op_copy r{};
  r.c = e.common(TS_OP_CAST);
  const Dims4 flat = to_dims4({static_cast<int32_t>(p.flat_size)}, "cast");
  r.input = e.tensor(p.input, flat, p);
  r.output = e.tensor(p.output, flat, p);
  r.bytes = static_cast<uint32_t>(p.flat_size * p.elem_bytes);
  e.add_record(r);
}

// The example of each output type casts from a type that narrows into it.
Model example_cast(KernelType k) {
  ExampleBuilder b;
  const DType from = k == KernelType::Int32 ? DType::Int16 : k == KernelType::Float32 ? DType::Int16 : DType::Int32;
  const DType to = k == KernelType::Float32 ? DType::Float32
                   : k == KernelType::Int8  ? DType::Int8
                   : k == KernelType::Int16 ? DType::Int16
                                            : DType::UInt32;
  const int in = b.act(from, {2, 5});
  const int out = b.act(to, {2, 5});
  b.op(OpType::Cast, {in}, {out});
  return b.finish({in}, {out});
}

OpDef cast_def() {
  OpDef d;
  d.schema.type = OpType::Cast;
  d.schema.min_version = version_cast;
  d.schema.macs = no_macs;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "int8/int16/int32/uint32 -> float32"},
              {KernelType::Int8, kHostAndFirmware, "float32/int16/int32/uint32 -> int8 (truncating)"},
              {KernelType::Int16, kHostAndFirmware, "float32/int8/int32/uint32 -> int16 (truncating)"},
              {KernelType::Int32, kHostAndFirmware, "float32/int8/int16/int32/uint32 -> int32 or uint32"}};
  d.prepare = prepare_cast;
  d.eval = eval_cast;
  d.emit = emit_cast;
  d.example = example_cast;
  return d;
}

TS_REGISTER_OP(cast_def());

}  // namespace
}  // namespace tinysim::ops
