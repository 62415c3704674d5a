// RESIZE_BILINEAR: 4-D NHWC, align_corners / half_pixel_centers (not
// both, as TFLM's Prepare checks), constant int32 size. float32 is
// TFLite's reference_ops::ResizeBilinear (float source coordinate, four
// float products in its order); int8 and int16 are ResizeBilinearInteger
// (coordinates in 1/1024 steps, an int64 sum of four weighted pixels,
// rounded away from zero and divided by 2^20; TFLM runs it for int8, TFLite
// for int16 too). Prepare resolves every output row and column to its two
// source indices and its fraction (float or 1/1024 units) once; the host
// and the target kernel (mcu_models/runtime/kernels/resize_bilinear.c) read
// the same table, so only the per-pixel blend runs on the M4, in the same
// operation order, bit for bit with the host.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"
#include "core/ops/resize_common.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

// One output row or column: source indices lo / hi and the fraction
// (float32: the float bits of input_y - lo; integer: input_y - 1024 * lo).
struct Tap {
  int32_t lo, hi, frac;
};
static_assert(sizeof(Tap) == sizeof(ts_resize_tap), "the plan's tap layout");

struct ResizeBilinearData : OpData {
  std::vector<Tap> rows, cols;
};

void read_resize(OptionsReader& r) { read_resize_flags<tflite::ResizeBilinearOptions, BO::ResizeBilinearOptions>(r); }

WrittenOptions write_resize(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return write_resize_flags<BO::ResizeBilinearOptions>(b, op, tflite::CreateResizeBilinearOptions);
}

// reference_ops ComputeInterpolationValues (float) for output index v.
Tap float_tap(int32_t v, int32_t in_size, int32_t out_size, bool align, bool half) {
  float scale = static_cast<float>(in_size) / static_cast<float>(out_size);
  if (align && out_size > 1) scale = static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1);
  const float value = static_cast<float>(v);
  const float scaled = half ? (value + 0.5f) * scale - 0.5f : value * scale;
  Tap t{};
  t.lo = std::max(static_cast<int32_t>(std::floor(scaled)), int32_t{0});
  t.hi = std::min(static_cast<int32_t>(std::ceil(scaled)), in_size - 1);
  const float frac = scaled - static_cast<float>(t.lo);
  std::memcpy(&t.frac, &frac, 4);
  return t;
}

// reference_ops ComputeInterpolationValuesInteger (scale in 1/1024 steps).
Tap integer_tap(int32_t v, int32_t in_size, int32_t out_size, bool align, bool half) {
  int32_t scale_10 = ((1 << 10) * in_size + out_size / 2) / out_size;
  if (align && out_size > 1) scale_10 = ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
  const int32_t scaled = half ? v * scale_10 + scale_10 / 2 - (1 << 9) : v * scale_10;
  Tap t{};
  t.lo = std::max(scaled / (1 << 10), int32_t{0});
  t.hi = std::min((scaled + (1 << 10) - 1) / (1 << 10), in_size - 1);
  t.frac = scaled - (1 << 10) * t.lo;
  return t;
}

std::unique_ptr<OpData> prepare_resize(PrepareContext& ctx) {
  auto p = std::make_unique<ResizeBilinearData>();
  const ResizeGeometry g = prepare_resize_geometry(ctx, *p);
  const Dims4 i = p->input_shape;
  const bool align = g.align_corners, half = g.half_pixel_centers;
  if (align && half) ctx.fail("align_corners and half_pixel_centers are both set (TFLite refuses it)");
  const auto tap = p->kernel == KernelType::Float32 ? float_tap : integer_tap;
  for (int32_t y = 0; y < g.out_h; ++y) p->rows.push_back(tap(y, i.h, g.out_h, align, half));
  for (int32_t x = 0; x < g.out_w; ++x) p->cols.push_back(tap(x, i.w, g.out_w, align, half));
  // TFLite clamps only the upper index: a size beyond ~2048x the input's
  // makes its lower index run past the input (an out-of-bounds read there).
  const auto inside = [](const std::vector<Tap>& v, int32_t n) {
    return std::all_of(v.begin(), v.end(), [n](const Tap& t) { return t.lo < n; });
  };
  if (!inside(p->rows, i.h) || !inside(p->cols, i.w))
    ctx.fail("size is so much larger than the input that TFLite's coordinates leave it", "resize in two steps");
  return p;
}

float as_float(int32_t bits) {
  float f = 0.f;
  std::memcpy(&f, &bits, 4);
  return f;
}

void eval_float(const ResizeBilinearData& p, const float* in, float* out) {
  const Dims4 i = p.input_shape, o = p.output_shape;
  const auto px = [&](int32_t b, int32_t y, int32_t x) { return in + ((int64_t{b} * i.h + y) * i.w + x) * i.c; };
  for (int32_t b = 0; b < o.n; ++b)
    for (const Tap& r : p.rows) {
      const float fy = as_float(r.frac);
      for (const Tap& c : p.cols) {
        const float fx = as_float(c.frac);
        const float *p00 = px(b, r.lo, c.lo), *p10 = px(b, r.hi, c.lo), *p01 = px(b, r.lo, c.hi),
                    *p11 = px(b, r.hi, c.hi);
        for (int32_t ch = 0; ch < i.c; ++ch)
          *out++ = p00[ch] * (1 - fy) * (1 - fx) + p10[ch] * fy * (1 - fx) + p01[ch] * (1 - fy) * fx + p11[ch] * fy * fx;
      }
    }
}

template <class T>
void eval_integer(const ResizeBilinearData& p, const T* in, T* out) {
  const Dims4 i = p.input_shape, o = p.output_shape;
  const auto px = [&](int32_t b, int32_t y, int32_t x) { return in + ((int64_t{b} * i.h + y) * i.w + x) * i.c; };
  for (int32_t b = 0; b < o.n; ++b)
    for (const Tap& r : p.rows)
      for (const Tap& c : p.cols) {
        const T *p00 = px(b, r.lo, c.lo), *p10 = px(b, r.hi, c.lo), *p01 = px(b, r.lo, c.hi), *p11 = px(b, r.hi, c.hi);
        const int64_t wy = r.frac, wx = c.frac;
        for (int32_t ch = 0; ch < i.c; ++ch) {
          const int64_t sum = int64_t{p00[ch]} * ((1 << 10) - wy) * ((1 << 10) - wx) + int64_t{p10[ch]} * wy * ((1 << 10) - wx) +
                              int64_t{p01[ch]} * ((1 << 10) - wy) * wx + int64_t{p11[ch]} * wy * wx;
          const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);  // TFLite without TFLITE_SINGLE_ROUNDING
          *out++ = static_cast<T>((sum + round) / (1 << 20));
        }
      }
}

void eval_resize(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ResizeBilinearData&>(d);
  switch (p.kernel) {
    case KernelType::Float32: eval_float(p, at<float>(t, p.input), at<float>(t, p.output)); return;
    case KernelType::Int8: eval_integer(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output)); return;
    default: eval_integer(p, at<int16_t>(t, p.input), at<int16_t>(t, p.output));
  }
}

void emit_resize(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ResizeBilinearData&>(d);
  const uint16_t kind = p.kernel == KernelType::Float32 ? TS_OP_RESIZE_BILINEAR_F32
                        : p.kernel == KernelType::Int8  ? TS_OP_RESIZE_BILINEAR_S8
                                                        : TS_OP_RESIZE_BILINEAR_S16;
  ts_op_resize_bilinear r{};
  r.c = e.common(kind);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.rows_offset = e.add_const(p.rows.data(), p.rows.size() * sizeof(Tap));
  r.cols_offset = e.add_const(p.cols.data(), p.cols.size() * sizeof(Tap));
  e.add_record(r);
}

// [1, 3, 4, 2] to [1, 5, 7, 2]: both axes upsampled, with half-pixel centers.
Model example_resize(KernelType k) { return resize_example(k, OpType::ResizeBilinear, 5, 7); }

// The element-moving ops' schema (walk_op_def: size operand, the input's
// quantization on the output) with this op's kernels.
OpDef resize_bilinear_def() {
  OpDef d = walk_op_def(OpType::ResizeBilinear, 2, 0b10, false);
  d.schema.read_options = read_resize;
  d.schema.write_options = write_resize;
  d.schema.min_version = version_resize;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (input on the output's scale)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (input on the output's scale; TFLite's integer kernel)"}};
  d.prepare = prepare_resize;
  d.eval = eval_resize;
  d.emit = emit_resize;
  d.example = example_resize;
  return d;
}

TS_REGISTER_OP(resize_bilinear_def());

}  // namespace
}  // namespace tinysim::ops
