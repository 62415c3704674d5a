// SOFTMAX over the last dimension, float and int8 (TFLite reference
// arithmetic; the int8 output is fixed at scale 1/256, zero point -128, an
// int16 output of an int8 input at 1/65536, -32768).
// Host kernel: core/host/softmax.cpp. Target kernels:
// mcu_models/runtime/kernels/softmax_{s8,f32}.c (int8 -> int8 / int16 with an exp table the
// host fills with its own arithmetic).
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"
#include "core/host/quantization_util.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;
constexpr int kScaledDiffIntegerBits = 5;  // TFLite PreprocessSoftmaxScaling

void read_softmax(OptionsReader& r) {
  if (const auto* s = r.as<tflite::SoftmaxOptions>(BO::SoftmaxOptions)) r.options().beta = s->beta();
  r.require(std::isfinite(r.options().beta), "softmax beta is not finite");
}

WrittenOptions write_softmax(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::SoftmaxOptions, tflite::CreateSoftmaxOptions(b, op.options.beta).Union()};
}

std::unique_ptr<OpData> prepare_softmax(PrepareContext& ctx) {
  auto p = std::make_unique<SoftmaxData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  ctx.common_io(*p, i, o);
  if (i.num_elements() != o.num_elements()) ctx.fail("input and output sizes differ");
  const int32_t depth = i.shape.empty() ? 1 : i.shape.back();
  p->input_shape = Dims4{1, 1, static_cast<int32_t>(depth ? i.num_elements() / depth : 0), depth};
  p->output_shape = p->input_shape;
  p->beta = ctx.options().beta;
  if (i.type == DType::Float32 && o.type == DType::Float32) {
    p->kernel = KernelType::Float32;
    return p;
  }
  if (i.type != DType::Int8 || (o.type != DType::Int8 && o.type != DType::Int16)) ctx.unsupported_types();
  p->kernel = KernelType::Int8;
  ctx.require_quantized(i);
  ctx.require_quantized(o);
  if (o.type == DType::Int8 && (ctx.zp_of(o) != -128 || std::fabs(ctx.scale_of(o) - 1.f / 256) > 0.001f * (1.f / 256)))
    ctx.fail("int8 output must have scale 1/256 and zero point -128 (TFLite's softmax scheme)");
  if (o.type == DType::Int16 &&
      (ctx.zp_of(o) != -32768 || std::fabs(ctx.scale_of(o) - 1.f / 65536) > 0.001f * (1.f / 65536)))
    ctx.fail("int16 output of an int8 softmax must have scale 1/65536 and zero point -32768 (TFLite's scheme)");
  const double real = std::min(static_cast<double>(p->beta) * static_cast<double>(ctx.scale_of(i)) *
                                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((1LL << 31) - 1));
  int shift = 0;
  quantize_multiplier(real, &p->input_multiplier, &shift);
  p->input_left_shift = shift;
  p->diff_min = -calculate_input_radius(kScaledDiffIntegerBits, shift);
  return p;
}

void eval_softmax(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SoftmaxData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::softmax_float(p, at<float>(t, p.input), at<float>(t, p.output));
  else if (p.output_type == DType::Int16)
    kernels::softmax_int8_int16(p, at<int8_t>(t, p.input), at<int16_t>(t, p.output));
  else
    kernels::softmax_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
}

void emit_softmax(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const SoftmaxData&>(d);
  const bool s8 = p.kernel == KernelType::Int8;
  ts_op_softmax r{};
  const bool s16_out = p.output_type == DType::Int16;
  r.c = e.common(static_cast<uint16_t>(s8 ? (s16_out ? TS_OP_SOFTMAX_S8_S16 : TS_OP_SOFTMAX_S8) : TS_OP_SOFTMAX_F32));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.input_multiplier = p.input_multiplier;
  r.input_left_shift = p.input_left_shift;
  r.diff_min = p.diff_min;
  r.output_offset = s16_out ? -32768 : -128;  // TFLite's softmax output zero points
  r.beta = p.beta;
  r.exp_table_offset = TS_NO_DATA;
  if (s8) {
    // exp of (x - max) for the 256 possible differences, with the host's arithmetic
    std::vector<int32_t> table(256);
    for (int diff = 0; diff < 256; ++diff) {
      const int32_t scaled =
          ts_multiply_by_quantized_multiplier_greater_than_one(-diff, p.input_multiplier, p.input_left_shift);
      table[static_cast<size_t>(diff)] = ts_exp_on_negative_values(scaled, kScaledDiffIntegerBits);
    }
    r.exp_table_offset = e.add_const(table);
  }
  e.add_record(r);
}

Model example_softmax(KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType t = q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {2, 10}, q ? 0.1f : 0.f, q ? 5 : 0);
  const int out = b.act(t, {2, 10}, q ? 1.f / 256 : 0.f, q ? -128 : 0);
  b.op(OpType::Softmax, {in}, {out});
  return b.finish({in}, {out});
}

OpDef softmax_def() {
  OpDef d;
  d.schema.type = OpType::Softmax;
  d.schema.read_options = read_softmax;
  d.schema.write_options = write_softmax;
  d.schema.min_version = version_int8_2_int16_3;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  d.schema.quant.fixed_output = std::pair<float, int>{1.0f / 256, -128};
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware,
               "int8 -> int8 (output scale 1/256, zero point -128), int8 -> int16 (1/65536, -32768)"}};
  d.prepare = prepare_softmax;
  d.eval = eval_softmax;
  d.emit = emit_softmax;
  d.example = example_softmax;
  return d;
}

TS_REGISTER_OP(softmax_def());

}  // namespace
}  // namespace tinysim::ops
