// Reductions over any set of axes of an input of up to 4 dimensions: SUM
// and REDUCE_MAX (float32, int8, int16, keep_dims either way), as TFLite
// Micro runs them:
// * SUM: float sums in input order (ReduceGeneric); integer sums in int32,
//   then reference_ops::QuantizedMeanOrSum with compute_sum (reduce.h at
//   tflite-micro 2699a608): (sum - zp_in * count) requantized by
//   QuantizeMultiplier(double(in_scale) / double(out_scale)), + zp_out,
//   clamped to the type;
// * REDUCE_MAX: (in > current) ? in : current from the type's lowest value;
//   integer input and output quantization must be equal (EvalMaxHelper).
// Each output gathers its inputs in row-major order, the order TFLM
// accumulates them in. Target kernels: mcu_models/runtime/kernels/reduce.c.
#include <algorithm>
#include <limits>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

// The input seen as 4-D; bit d of axis_mask: dimension d is reduced.
struct ReduceData : OpData, Requant {
  uint32_t axis_mask = 0;
  int32_t count = 1;  // elements per output
  int32_t input_zero_point = 0;
};

void read_reducer(OptionsReader& r) {
  if (const auto* m = r.as<tflite::ReducerOptions>(BO::ReducerOptions)) r.options().keep_dims = m->keep_dims();
}

WrittenOptions write_reducer(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::ReducerOptions, tflite::CreateReducerOptions(b, op.options.keep_dims).Union()};
}

// The 4-D mask of a constant int32 axis tensor (negative axes count from the end).
uint32_t axis_mask_of(PrepareContext& ctx, const Tensor& in, const Tensor& ax) {
  if (!ax.is_constant() || ax.type != DType::Int32) ctx.fail("axis must be a constant int32 tensor");
  const int rank = static_cast<int>(in.shape.size());
  if (rank > 4) ctx.fail("input has more than 4 dimensions");
  uint32_t mask = 0;
  for (int64_t k = 0; k < ax.num_elements(); ++k) {
    int a = ax.as<int32_t>()[k];
    if (a < -rank || a >= rank) ctx.fail("axis " + std::to_string(a) + " is out of range for a rank-" +
                                         std::to_string(rank) + " input");
    if (a < 0) a += rank;
    mask |= 1u << (a + 4 - rank);
  }
  return mask;
}

void reduced_shapes(PrepareContext& ctx, ReduceData& p, const Tensor& i, const Tensor& o) {
  ctx.common_io(p, i, o);
  int64_t kept = 1;
  p.count = 1;
  for (int d = 0; d < 4; ++d) {
    if (p.axis_mask >> d & 1u)
      p.count *= p.input_shape[d];
    else
      kept *= p.input_shape[d];
  }
  if (o.num_elements() != kept)
    ctx.fail("output has " + std::to_string(o.num_elements()) + " elements, the reduction gives " +
             std::to_string(kept));
  const Dims4& id = p.input_shape;
  const auto m = p.axis_mask;
  p.output_shape = Dims4{m & 1u ? 1 : id.n, m & 2u ? 1 : id.h, m & 4u ? 1 : id.w, m & 8u ? 1 : id.c};
}

// body(out_offset, visit) per output; visit(fn) calls fn(in_offset) over the
// reduced elements in row-major order.
template <class Body>
void for_each_output(const ReduceData& p, Body body) {
  const Dims4 &in = p.input_shape, &out = p.output_shape;
  const auto m = p.axis_mask;
  const int32_t rn = m & 1u ? in.n : 1, rh = m & 2u ? in.h : 1, rw = m & 4u ? in.w : 1, rc = m & 8u ? in.c : 1;
  int64_t o = 0;
  for (int32_t on = 0; on < out.n; ++on)
    for (int32_t oh = 0; oh < out.h; ++oh)
      for (int32_t ow = 0; ow < out.w; ++ow)
        for (int32_t oc = 0; oc < out.c; ++oc, ++o) {
          auto visit = [&](auto&& fn) {
            for (int32_t n = on; n < on + rn; ++n)
              for (int32_t h = oh; h < oh + rh; ++h)
                for (int32_t w = ow; w < ow + rw; ++w)
                  for (int32_t c = oc; c < oc + rc; ++c) fn(((int64_t{n} * in.h + h) * in.w + w) * in.c + c);
          };
          body(o, visit);
        }
}

std::unique_ptr<OpData> prepare_reduce(PrepareContext& ctx, bool is_max) {
  auto p = std::make_unique<ReduceData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(i.type, true);
  p->axis_mask = axis_mask_of(ctx, i, ctx.in(1, "axis"));
  reduced_shapes(ctx, *p, i, o);
  if (p->kernel == KernelType::Float32) return p;
  ctx.require_quantized(i);
  ctx.require_quantized(o);
  if (is_max && (ctx.scale_of(i) != ctx.scale_of(o) || ctx.zp_of(i) != ctx.zp_of(o)))
    ctx.fail("input and output quantization differ; TFLite Micro's integer REDUCE_MAX requires them equal");
  p->input_zero_point = ctx.zp_of(i);
  p->output_offset = ctx.zp_of(o);
  PrepareContext::single_multiplier(*p, static_cast<double>(ctx.scale_of(i)) / static_cast<double>(ctx.scale_of(o)));
  p->act_min = PrepareContext::qmin_of(o.type);
  p->act_max = PrepareContext::qmax_of(o.type);
  return p;
}

std::unique_ptr<OpData> prepare_sum(PrepareContext& ctx) { return prepare_reduce(ctx, false); }
std::unique_ptr<OpData> prepare_max(PrepareContext& ctx) { return prepare_reduce(ctx, true); }

template <class T>
void sum_integer(const ReduceData& p, const T* x, T* out) {
  for_each_output(p, [&](int64_t o, auto visit) {
    int32_t acc = 0;
    visit([&](int64_t i) { acc = ts_add_wrap(acc, x[i]); });
    const auto shifted = static_cast<int32_t>(int64_t{acc} - int64_t{p.input_zero_point} * p.count);
    const int32_t r =
        ts_multiply_by_quantized_multiplier(shifted, p.output_multiplier[0], p.output_shift[0]) + p.output_offset;
    out[o] = static_cast<T>(ts_clamp_i32(r, p.act_min, p.act_max));
  });
}

template <class T>
void reduce_max(const ReduceData& p, const T* x, T* out) {
  for_each_output(p, [&](int64_t o, auto visit) {
    T m = std::numeric_limits<T>::lowest();
    visit([&](int64_t i) { m = x[i] > m ? x[i] : m; });
    out[o] = m;
  });
}

void eval_sum(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ReduceData&>(d);
  if (p.kernel == KernelType::Float32) {
    const float* x = at<float>(t, p.input);
    float* out = at<float>(t, p.output);
    for_each_output(p, [&](int64_t o, auto visit) {
      float s = 0.f;
      visit([&](int64_t i) { s += x[i]; });
      out[o] = s;
    });
  } else if (p.kernel == KernelType::Int8) {
    sum_integer(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
  } else {
    sum_integer(p, at<int16_t>(t, p.input), at<int16_t>(t, p.output));
  }
}

void eval_max(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ReduceData&>(d);
  if (p.kernel == KernelType::Float32)
    reduce_max(p, at<float>(t, p.input), at<float>(t, p.output));
  else if (p.kernel == KernelType::Int8)
    reduce_max(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
  else
    reduce_max(p, at<int16_t>(t, p.input), at<int16_t>(t, p.output));
}

// ts_op_mean carries every reduction: the axis mask (or the arg axis) in variant.
void emit_reduce_record(PlanEmitter& e, const ReduceData& p, ts_op_kind kind) {
  ts_op_mean r{};
  r.c = e.common(static_cast<uint16_t>(kind), static_cast<uint16_t>(p.axis_mask));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.input_offset = -p.input_zero_point;
  r.output_offset = p.output_offset;
  if (!p.output_multiplier.empty()) {
    r.multiplier = p.output_multiplier[0];
    r.shift = p.output_shift[0];
  }
  r.count = p.count;
  r.act_min = p.act_min;
  r.act_max = p.act_max;
  e.add_record(r);
}

ts_op_kind kind_of(KernelType k, ts_op_kind f32, ts_op_kind s8, ts_op_kind s16) {
  return k == KernelType::Int8 ? s8 : k == KernelType::Int16 ? s16 : f32;
}

void emit_sum(PlanEmitter& e, const OpData& d) {
  emit_reduce_record(e, static_cast<const ReduceData&>(d),
                     kind_of(d.kernel, TS_OP_SUM_F32, TS_OP_SUM_S8, TS_OP_SUM_S16));
}

void emit_max(PlanEmitter& e, const OpData& d) {
  emit_reduce_record(e, static_cast<const ReduceData&>(d),
                     kind_of(d.kernel, TS_OP_REDUCE_MAX_F32, TS_OP_REDUCE_MAX_S8, TS_OP_REDUCE_MAX_S16));
}

// [2, 3, 4] reduced over axes 0 and 2 (keep_dims) for SUM, axis -1 for REDUCE_MAX.
Model example_reduce(OpType type, KernelType k) {
  ExampleBuilder b;
  const bool i16 = k == KernelType::Int16, q = k == KernelType::Int8 || i16;
  const DType t = i16 ? DType::Int16 : q ? DType::Int8 : DType::Float32;
  const bool sum = type == OpType::Sum;
  const int in = b.act(t, {2, 3, 4}, q ? 0.5f : 0.f, q && !i16 ? -3 : 0);
  const int axes = sum ? b.constant<int32_t>(DType::Int32, {2}, {0, 2}) : b.constant<int32_t>(DType::Int32, {1}, {-1});
  const int out = sum ? b.act(t, {1, 3, 1}, q ? 1.5f : 0.f, q && !i16 ? 5 : 0)
                      : b.act(t, {2, 3}, q ? 0.5f : 0.f, q && !i16 ? -3 : 0);
  b.op(type, {in, axes}, {out}).options.keep_dims = sum;
  return b.finish({in}, {out});
}

Model example_sum(KernelType k) { return example_reduce(OpType::Sum, k); }
Model example_max(KernelType k) { return example_reduce(OpType::ReduceMax, k); }

OpDef reduce_def(OpType type) {
  OpDef d;
  d.schema.type = type;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_reducer;
  d.schema.write_options = write_reducer;
  d.schema.min_version = version_int8_2_int16_3;
  d.schema.macs = no_macs;
  d.schema.meta_operands = 0b10;
  const bool sum = type == OpType::Sum;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 (any axes, up to 4-D)"},
              {KernelType::Int8, kHostAndFirmware,
               sum ? "int8 (any axes, up to 4-D)" : "int8 (any axes, up to 4-D; input and output quantization equal)"},
              {KernelType::Int16, kHostAndFirmware,
               sum ? "int16 (any axes, up to 4-D)" : "int16 (any axes, up to 4-D; input and output quantization equal)"}};
  d.prepare = sum ? prepare_sum : prepare_max;
  d.eval = sum ? eval_sum : eval_max;
  d.emit = sum ? emit_sum : emit_max;
  d.example = sum ? example_sum : example_max;
  return d;
}

TS_REGISTER_OP(reduce_def(OpType::Sum));
TS_REGISTER_OP(reduce_def(OpType::ReduceMax));

}  // namespace
}  // namespace tinysim::ops
