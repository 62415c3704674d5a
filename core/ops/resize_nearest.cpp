// RESIZE_NEAREST_NEIGHBOR: 4-D NHWC, float32, int8 and int16 (TFLM's
// resize_nearest_neighbor.cc types), align_corners and half_pixel_centers
// as TFLite's reference_ops::ResizeNearestNeighbor (GetNearestNeighbor:
// float scale, round or floor, clamped). Prepare computes the source row of
// every output row and the source column of every output column once; the
// host copies pixels by them, and the firmware runs two GATHER records
// (kernels/gather.c) with those indices as plan constants: rows into the
// kernel scratch, then columns into the output. Both read the same indices,
// so they agree bit for bit whatever the float arithmetic of the M4.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct ResizeNearestData : OpData {
  std::vector<int32_t> rows, cols;  // source row / column of each output row / column
};

bool flag(const OpOptions& o, const char* name) { return o.extra.count(name) != 0; }

void read_resize(OptionsReader& r) {
  if (const auto* o = r.as<tflite::ResizeNearestNeighborOptions>(BO::ResizeNearestNeighborOptions)) {
    if (o->align_corners()) r.options().extra["align_corners"] = 1;
    if (o->half_pixel_centers()) r.options().extra["half_pixel_centers"] = 1;
  }
}

WrittenOptions write_resize(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::ResizeNearestNeighborOptions,
          tflite::CreateResizeNearestNeighborOptions(b, flag(op.options, "align_corners"),
                                                     flag(op.options, "half_pixel_centers"))
              .Union()};
}

// TFLite op_version.cc: int16 4, half_pixel_centers 3, int8 2, else 1.
int version_resize(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  if (t == DType::Int16) return 4;
  if (flag(op.options, "half_pixel_centers")) return 3;
  return t == DType::Int8 ? 2 : 1;
}

// reference_ops GetNearestNeighbor.
int32_t nearest(int32_t out, int32_t in_size, int32_t out_size, bool align, bool half) {
  const float scale = (align && out_size > 1) ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                                               : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float offset = half ? 0.5f : 0.0f;
  const float x = (static_cast<float>(out) + offset) * scale;
  int32_t v = std::min(align ? static_cast<int32_t>(std::round(x)) : static_cast<int32_t>(std::floor(x)), in_size - 1);
  if (half) v = std::max(int32_t{0}, v);
  return v;
}

std::unique_ptr<OpData> prepare_resize(PrepareContext& ctx) {
  auto p = std::make_unique<ResizeNearestData>();
  const Tensor& in = ctx.in(0, "input");
  const Tensor& size = ctx.in(1, "size");
  const Tensor& out = ctx.out();
  if (in.type != out.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(in.type, true);
  ctx.common_io(*p, in, out);
  if (in.shape.size() != 4 || out.shape.size() != 4) ctx.fail("input and output must be 4-D (NHWC)");
  if (!size.is_constant() || size.type != DType::Int32 || size.num_elements() != 2)
    ctx.fail("size must be a constant int32 [2] (new height, width)");
  const int32_t oh = size.as<int32_t>()[0], ow = size.as<int32_t>()[1];
  const Dims4 i = p->input_shape, o = p->output_shape;
  if (o.n != i.n || o.h != oh || o.w != ow || o.c != i.c) ctx.fail("output shape is not [N, size[0], size[1], C]");
  if (oh < 1 || ow < 1) ctx.fail("size must be positive");
  const bool align = flag(ctx.options(), "align_corners"), half = flag(ctx.options(), "half_pixel_centers");
  for (int32_t y = 0; y < oh; ++y) p->rows.push_back(nearest(y, i.h, oh, align, half));
  for (int32_t x = 0; x < ow; ++x) p->cols.push_back(nearest(x, i.w, ow, align, half));
  if (p->kernel != KernelType::Float32 && in.quant.present() &&
      (ctx.scale_of(in) != ctx.scale_of(out) || ctx.zp_of(in) != ctx.zp_of(out)))
    ctx.fail("input and output quantization differ");
  return p;
}

void eval_resize(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ResizeNearestData&>(d);
  const auto* in = at<const uint8_t>(t, p.input);
  auto* out = at<uint8_t>(t, p.output);
  const Dims4 i = p.input_shape, o = p.output_shape;
  const auto px = static_cast<size_t>(i.c * p.elem_bytes);
  for (int32_t b = 0; b < o.n; ++b)
    for (int32_t y = 0; y < o.h; ++y)
      for (int32_t x = 0; x < o.w; ++x, out += px)
        std::memcpy(out, in + ((static_cast<size_t>(b) * i.h + p.rows[static_cast<size_t>(y)]) * i.w +
                               p.cols[static_cast<size_t>(x)]) * px,
                    px);
}

ts_tensor index_constant(PlanEmitter& e, const std::vector<int32_t>& v) {
  ts_tensor t{};
  t.dtype = TS_S32;
  t.location = TS_IN_PLAN;
  t.rank = 1;
  t.dims[0] = t.dims[1] = t.dims[2] = 1;
  t.dims[3] = static_cast<int32_t>(v.size());
  t.offset = e.add_const(v);
  return t;
}

void emit_resize(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ResizeNearestData&>(d);
  const Dims4 i = p.input_shape, o = p.output_shape;
  const auto eb = static_cast<uint32_t>(p.elem_bytes);
  // Rows: [N, H, W*C] -> scratch [N, OH, W*C]; columns: [N*OH, W, C] -> [N*OH, OW, C].
  ts_tensor mid = e.tensor(p.output, Dims4{1, 1, 1, static_cast<int32_t>(int64_t{o.n} * o.h * i.w * i.c)}, p);
  mid.location = TS_IN_ARENA;
  mid.offset = e.scratch(static_cast<uint32_t>(int64_t{o.n} * o.h * i.w * i.c * eb));
  ts_op_gather rows{};
  rows.c = e.common(TS_OP_GATHER);
  rows.input = e.tensor(p.input, Dims4{1, 1, 1, static_cast<int32_t>(i.size())}, p);
  rows.indices = index_constant(e, p.rows);
  rows.output = mid;
  rows.batch = 1;
  rows.outer = i.n;
  rows.coords = o.h;
  rows.axis_size = i.h;
  rows.inner_bytes = static_cast<uint32_t>(i.w * i.c) * eb;
  e.add_record(rows);
  ts_op_gather cols{};
  cols.c = e.common(TS_OP_GATHER);
  cols.input = mid;
  cols.indices = index_constant(e, p.cols);
  cols.output = e.tensor(p.output, Dims4{1, 1, 1, static_cast<int32_t>(o.size())}, p);
  cols.batch = 1;
  cols.outer = o.n * o.h;
  cols.coords = o.w;
  cols.axis_size = i.w;
  cols.inner_bytes = static_cast<uint32_t>(i.c) * eb;
  e.add_record(cols);
}

// [1, 3, 4, 2] to [1, 5, 3, 2] with half-pixel centers: rows repeat, columns drop.
Model example_resize(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Float32 ? 0.f : 0.5f;
  const int in = b.act(t, {1, 3, 4, 2}, s, t == DType::Int8 ? -2 : 0);
  const int size = b.constant<int32_t>(DType::Int32, {2}, {5, 3});
  const int out = b.act(t, {1, 5, 3, 2}, s, t == DType::Int8 ? -2 : 0);
  b.op(OpType::ResizeNearestNeighbor, {in, size}, {out}).options.extra["half_pixel_centers"] = 1;
  return b.finish({in}, {out});
}

OpDef resize_nearest_def() {
  OpDef d;
  d.schema.type = OpType::ResizeNearestNeighbor;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_resize;
  d.schema.write_options = write_resize;
  d.schema.min_version = version_resize;
  d.schema.macs = no_macs;
  d.schema.meta_operands = 0b10;
  d.schema.quant.quantizable = true;
  d.schema.quant.share = QuantRule::Share::FirstInputWithOutput;
  d.schema.quant.qat_range_from_input = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (input on the output's scale)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (input on the output's scale)"}};
  d.prepare = prepare_resize;
  d.eval = eval_resize;
  d.emit = emit_resize;
  d.example = example_resize;
  return d;
}

TS_REGISTER_OP(resize_nearest_def());

}  // namespace
}  // namespace tinysim::ops
