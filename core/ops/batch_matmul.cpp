// BATCH_MATMUL: LHS [..., A, B] x RHS [..., B, C] -> [..., A, C] with the
// leading (batch) dimensions broadcast, adj_x / adj_y reading LHS as
// [..., B, A] / RHS as [..., C, B]; float32, int8 and int16 (zero points 0),
// exactly what TFLM's batch_matmul.cc accepts (same types on both inputs and
// the output, rank 2 to 5, no fused activation, no hybrid). TFLM transposes
// into a scratch copy and runs reference_ops::BatchMatMul; the result is
// out[b][a][c] = sum over k ascending of (L[b][a][k] - zl) * (R[b][k][c] - zr)
// (int32 sums for int8, int64 for int16 with the 64-bit
// MultiplyByQuantizedMultiplier), requantized, clamped to the type. Here
// both sides walk the operands in place through strides resolved in
// prepare, so no transpose copy is needed and the float sums keep TFLM's
// order. Target kernel: mcu_models/runtime/kernels/batch_matmul.c.
#include <algorithm>
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

constexpr int kBatchDims = 3;  // TFLM's 5-D limit less the two matrix axes

// The geometry and requantization are the plan record's own fields
// (ts_op_batch_matmul, tinysim_plan.h), filled once in prepare: the host
// kernel reads them and emit copies them.
struct BatchMatmulData : OpData {
  int rhs = -1;
  ts_op_batch_matmul g{};
};

bool flag(const OpOptions& o, const char* name) { return o.extra.count(name) != 0; }

void read_bmm(OptionsReader& r) {
  if (const auto* o = r.as<tflite::BatchMatMulOptions>(BO::BatchMatMulOptions)) {
    if (o->adj_x()) r.options().extra["adj_x"] = 1;
    if (o->adj_y()) r.options().extra["adj_y"] = 1;
    if (o->asymmetric_quantize_inputs()) r.options().extra["asymmetric_quantize_inputs"] = 1;
  }
}

WrittenOptions write_bmm(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::BatchMatMulOptions,
          tflite::CreateBatchMatMulOptions(b, flag(op.options, "adj_x"), flag(op.options, "adj_y"),
                                           flag(op.options, "asymmetric_quantize_inputs"))
              .Union()};
}

// One multiply-accumulate per output element and depth step.
int64_t macs_bmm(const Model& m, const Operator& op) {
  const Tensor* l = operand(m, op.inputs, 0);
  if (!l || l->shape.size() < 2) return 0;
  const size_t r = l->shape.size();
  const int32_t depth = flag(op.options, "adj_x") ? l->shape[r - 2] : l->shape[r - 1];
  return output_elements(m, op) * depth;
}

// The shape right-aligned to `rank` with leading 1s (RuntimeShape::ExtendedShape).
std::vector<int32_t> extended(const std::vector<int32_t>& s, size_t rank) {
  std::vector<int32_t> e(rank - s.size(), 1);
  e.insert(e.end(), s.begin(), s.end());
  return e;
}

std::unique_ptr<OpData> prepare_bmm(PrepareContext& ctx) {
  auto p = std::make_unique<BatchMatmulData>();
  ts_op_batch_matmul& g = p->g;
  const Tensor& l = ctx.in(0, "lhs");
  const Tensor& r = ctx.in(1, "rhs");
  const Tensor& o = ctx.out();
  // TFLM: both inputs and the output of one type (no hybrid, no int32 output).
  if (l.type != r.type || l.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(l.type, true);
  ctx.common_io(*p, l, o);
  p->rhs = ctx.op().inputs[1];
  const size_t lr = l.shape.size(), rr = r.shape.size();
  if (lr < 2 || lr > 5 || rr < 2 || rr > 5) ctx.fail("both inputs must have 2 to 5 dimensions (TFLite Micro's limit)");
  const size_t rank = std::max(lr, rr);
  const std::vector<int32_t> le = extended(l.shape, 5), re = extended(r.shape, 5);
  const bool adj_x = flag(ctx.options(), "adj_x"), adj_y = flag(ctx.options(), "adj_y");
  // Matrix axes 3, 4 of the 5-D view; element strides of the stored layout.
  g.rows = adj_x ? le[4] : le[3];
  g.depth = adj_x ? le[3] : le[4];
  g.cols = adj_y ? re[3] : re[4];
  const int32_t rhs_depth = adj_y ? re[4] : re[3];
  if (rhs_depth != g.depth)
    ctx.fail("the inputs' inner dimensions differ (" + std::to_string(g.depth) + " vs " + std::to_string(rhs_depth) +
             ")");
  g.lhs_row_stride = adj_x ? 1 : le[4];
  g.lhs_depth_stride = adj_x ? le[4] : 1;
  g.rhs_depth_stride = adj_y ? 1 : re[4];
  g.rhs_col_stride = adj_y ? re[4] : 1;
  int64_t lstride = int64_t{le[3]} * le[4], rstride = int64_t{re[3]} * re[4];
  std::vector<int32_t> want;
  for (int d = kBatchDims - 1; d >= 0; --d) {
    const auto u = static_cast<size_t>(d);
    if (le[u] != re[u] && le[u] != 1 && re[u] != 1) ctx.fail("the batch dimensions do not broadcast");
    g.batch[u] = std::max(le[u], re[u]);
    g.lhs_batch_stride[u] = le[u] == 1 ? 0 : static_cast<int32_t>(lstride);
    g.rhs_batch_stride[u] = re[u] == 1 ? 0 : static_cast<int32_t>(rstride);
    lstride *= le[u];
    rstride *= re[u];
  }
  for (size_t d = 5 - rank; d < kBatchDims; ++d) want.push_back(g.batch[d]);
  want.push_back(g.rows);
  want.push_back(g.cols);
  if (o.shape != want) ctx.fail("output shape is not the broadcast batch dimensions + [rows, cols]");
  if (p->kernel == KernelType::Float32) return p;
  ctx.require_quantized(l);
  ctx.require_quantized(r);
  ctx.require_quantized(o);
  for (const Tensor* t : {&l, &r, &o})
    if (t->quant.scale.size() != 1) ctx.fail("needs one scale per tensor (TFLite Micro's BATCH_MATMUL reads one)");
  g.lhs_offset = -ctx.zp_of(l);
  g.rhs_offset = -ctx.zp_of(r);
  g.output_offset = ctx.zp_of(o);
  if (p->kernel == KernelType::Int16 && (g.lhs_offset != 0 || g.rhs_offset != 0 || g.output_offset != 0))
    ctx.fail("int16 BATCH_MATMUL needs zero points of 0 (TFLite Micro checks it)");
  // TFLM GetQuantizedConvolutionMultipler: double(lhs scale * rhs scale) / output scale.
  int shift = 0;
  quantize_multiplier(real_multiplier(ctx.scale_of(l), ctx.scale_of(r), ctx.scale_of(o), ScaleArithmetic::FloatProduct),
                      &g.multiplier, &shift);
  g.shift = shift;
  g.act_min = PrepareContext::qmin_of(o.type);
  g.act_max = PrepareContext::qmax_of(o.type);
  return p;
}

// Calls f(out index, lhs offset of row a, rhs offset of column c) for every
// output in TFLM's order (batches, then rows, then columns).
template <class F>
void for_each_output(const ts_op_batch_matmul& p, F&& f) {
  int64_t o = 0;
  for (int32_t b0 = 0; b0 < p.batch[0]; ++b0)
    for (int32_t b1 = 0; b1 < p.batch[1]; ++b1)
      for (int32_t b2 = 0; b2 < p.batch[2]; ++b2) {
        const int64_t lb = int64_t{b0} * p.lhs_batch_stride[0] + int64_t{b1} * p.lhs_batch_stride[1] +
                           int64_t{b2} * p.lhs_batch_stride[2];
        const int64_t rb = int64_t{b0} * p.rhs_batch_stride[0] + int64_t{b1} * p.rhs_batch_stride[1] +
                           int64_t{b2} * p.rhs_batch_stride[2];
        for (int32_t a = 0; a < p.rows; ++a)
          for (int32_t c = 0; c < p.cols; ++c) f(o++, lb + int64_t{a} * p.lhs_row_stride, rb + int64_t{c} * p.rhs_col_stride);
      }
}

void eval_float(const ts_op_batch_matmul& p, const float* l, const float* r, float* out) {
  for_each_output(p, [&](int64_t o, int64_t li, int64_t ri) {
    float total = 0.f;
    for (int32_t k = 0; k < p.depth; ++k) total += r[ri + int64_t{k} * p.rhs_depth_stride] * l[li + int64_t{k} * p.lhs_depth_stride];
    out[o] = total;
  });
}

// Acc: int32_t (int8) or int64_t (int16), as TFLM's AccumT.
template <class T, class Acc>
void eval_quantized(const ts_op_batch_matmul& p, const T* l, const T* r, T* out) {
  for_each_output(p, [&](int64_t o, int64_t li, int64_t ri) {
    Acc total = 0;
    for (int32_t k = 0; k < p.depth; ++k)
      total += (Acc{r[ri + int64_t{k} * p.rhs_depth_stride]} + p.rhs_offset) *
               (Acc{l[li + int64_t{k} * p.lhs_depth_stride]} + p.lhs_offset);
    int32_t scaled = 0;
    if constexpr (sizeof(Acc) == 8)
      scaled = ts_multiply_by_quantized_multiplier_64(total, p.multiplier, p.shift);
    else
      scaled = ts_multiply_by_quantized_multiplier(total, p.multiplier, p.shift);
    out[o] = static_cast<T>(ts_clamp_i32(scaled + p.output_offset, p.act_min, p.act_max));
  });
}

void eval_bmm(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BatchMatmulData&>(d);
  switch (p.kernel) {
    case KernelType::Float32: eval_float(p.g, at<float>(t, p.input), at<float>(t, p.rhs), at<float>(t, p.output)); return;
    case KernelType::Int8:
      eval_quantized<int8_t, int32_t>(p.g, at<int8_t>(t, p.input), at<int8_t>(t, p.rhs), at<int8_t>(t, p.output));
      return;
    default:
      eval_quantized<int16_t, int64_t>(p.g, at<int16_t>(t, p.input), at<int16_t>(t, p.rhs), at<int16_t>(t, p.output));
  }
}

void emit_bmm(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const BatchMatmulData&>(d);
  const auto flat = [&](int tensor) {
    const Tensor& t = e.model().tensors[static_cast<size_t>(tensor)];
    return e.tensor(tensor, to_dims4({static_cast<int32_t>(std::max<int64_t>(t.num_elements(), 1))}, "batch matmul"), p);
  };
  const uint16_t kind = p.kernel == KernelType::Float32 ? TS_OP_BATCH_MATMUL_F32
                        : p.kernel == KernelType::Int8  ? TS_OP_BATCH_MATMUL_S8
                                                        : TS_OP_BATCH_MATMUL_S16;
  ts_op_batch_matmul r = p.g;
  r.c = e.common(kind);
  r.lhs = flat(p.input);
  r.rhs = flat(p.rhs);
  r.output = flat(p.output);
  e.add_record(r);
}

// LHS [2, 3, 4] (adj_x: stored [2, 4, 3]) x constant RHS [4, 5], broadcast over the batch.
Model example_bmm(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const bool q = t != DType::Float32, i8 = t == DType::Int8;
  const int l = b.act(t, {2, 4, 3}, q ? 0.05f : 0.f, i8 ? 3 : 0);
  int r = 0;
  if (t == DType::Float32) r = b.constant<float>(t, {4, 5}, {});
  else if (i8) r = b.constant<int8_t>(t, {4, 5}, {}, {0.1f});
  else r = b.constant<int16_t>(t, {4, 5}, {}, {0.1f});
  const int out = b.act(t, {2, 3, 5}, q ? 0.02f : 0.f, i8 ? -5 : 0);
  b.op(OpType::BatchMatmul, {l, r}, {out}).options.extra["adj_x"] = 1;
  return b.finish({l}, {out});
}

OpDef batch_matmul_def() {
  OpDef d;
  d.schema.type = OpType::BatchMatmul;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_bmm;
  d.schema.write_options = write_bmm;
  d.schema.min_version = version_int8_2_int16_3;  // TFLite op_version.cc (hybrid 4 is refused)
  d.schema.macs = macs_bmm;
  d.schema.quant.quantizable = true;  // each input and the output on its own int8 scale
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (int32 sums)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (zero points 0, int64 sums)"}};
  d.prepare = prepare_bmm;
  d.eval = eval_bmm;
  d.emit = emit_bmm;
  d.example = example_bmm;
  return d;
}

TS_REGISTER_OP(batch_matmul_def());

}  // namespace
}  // namespace tinysim::ops
