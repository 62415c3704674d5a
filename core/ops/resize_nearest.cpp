// RESIZE_NEAREST_NEIGHBOR: 4-D NHWC, float32, int8 and int16 (TFLM's
// resize_nearest_neighbor.cc types), align_corners and half_pixel_centers
// as TFLite's reference_ops::ResizeNearestNeighbor (GetNearestNeighbor:
// float scale, round or floor, clamped). Prepare computes the source row of
// every output row and the source column of every output column once, the
// maps of an axis gather (core/ops/axis_gather.h): the firmware runs two
// GATHER records (kernels/gather.c) with those indices as plan constants,
// rows into the kernel scratch, then columns into the output. Host and
// firmware read the same indices, so they agree bit for bit whatever the
// float arithmetic of the M4.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/ops/axis_gather.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"
#include "core/ops/resize_common.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_resize(OptionsReader& r) { read_resize_flags<tflite::ResizeNearestNeighborOptions, BO::ResizeNearestNeighborOptions>(r); }

WrittenOptions write_resize(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return write_resize_flags<BO::ResizeNearestNeighborOptions>(b, op, tflite::CreateResizeNearestNeighborOptions);
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
  auto p = std::make_unique<AxisGatherData>();
  const ResizeGeometry g = prepare_resize_geometry(ctx, *p);
  const Dims4 i = p->input_shape;
  p->in_shape = ctx.in(0, "input").shape;
  p->maps.resize(4);  // N and C identity; rows, then columns
  for (int32_t y = 0; y < g.out_h; ++y) p->maps[1].push_back(nearest(y, i.h, g.out_h, g.align_corners, g.half_pixel_centers));
  for (int32_t x = 0; x < g.out_w; ++x) p->maps[2].push_back(nearest(x, i.w, g.out_w, g.align_corners, g.half_pixel_centers));
  return p;
}

// [1, 3, 4, 2] to [1, 5, 3, 2] with half-pixel centers: rows repeat, columns drop.
Model example_resize(KernelType k) { return resize_example(k, OpType::ResizeNearestNeighbor, 5, 3); }

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
  d.eval = eval_axis_gather;
  d.emit = emit_axis_gather;
  d.example = example_resize;
  return d;
}

TS_REGISTER_OP(resize_nearest_def());

}  // namespace
}  // namespace tinysim::ops
