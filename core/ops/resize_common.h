// What RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR share: the two option
// flags as the IR keeps them (OpOptions::extra), TFLite's version rule and
// the registry example's shape.
#pragma once

#include "core/model/ir.h"
#include "core/model/op_schema.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {

inline bool resize_flag(const OpOptions& o, const char* name) { return o.extra.count(name) != 0; }

// Reads / writes the flags of the op's options table T (ResizeNearestNeighborOptions, ResizeBilinearOptions).
template <class T, tflite::BuiltinOptions Type>
void read_resize_flags(OptionsReader& r) {
  if (const auto* o = r.as<T>(Type)) {
    if (o->align_corners()) r.options().extra["align_corners"] = 1;
    if (o->half_pixel_centers()) r.options().extra["half_pixel_centers"] = 1;
  }
}
template <tflite::BuiltinOptions Type, class T>
WrittenOptions write_resize_flags(flatbuffers::FlatBufferBuilder& b, const Operator& op,
                                  flatbuffers::Offset<T> (*create)(flatbuffers::FlatBufferBuilder&, bool, bool)) {
  return {Type, create(b, resize_flag(op.options, "align_corners"), resize_flag(op.options, "half_pixel_centers")).Union()};
}

// TFLite op_version.cc (both ops): int16 4, half_pixel_centers 3, int8 2, else 1.
inline int version_resize(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  if (t == DType::Int16) return 4;
  if (resize_flag(op.options, "half_pixel_centers")) return 3;
  return t == DType::Int8 ? 2 : 1;
}

struct ResizeGeometry {
  int32_t out_h = 1, out_w = 1;
  bool align_corners = false, half_pixel_centers = false;
};

// The checks both resize ops' prepare make (TFLM's Prepare and TFLite's
// shape rule): 4-D NHWC, a constant int32 size [2] in [1, 65536], the
// output [N, size, C], input and output of one type and (integer) one
// quantization; fills p's common header.
inline ResizeGeometry prepare_resize_geometry(PrepareContext& ctx, OpData& p) {
  const Tensor& in = ctx.in(0, "input");
  const Tensor& size = ctx.in(1, "size");
  const Tensor& out = ctx.out();
  if (in.type != out.type) ctx.unsupported_types();
  p.kernel = ctx.kernel_of(in.type, true);
  ctx.common_io(p, in, out);
  if (in.shape.size() != 4 || out.shape.size() != 4) ctx.fail("input and output must be 4-D (NHWC)");
  if (!size.is_constant() || size.type != DType::Int32 || size.num_elements() != 2)
    ctx.fail("size must be a constant int32 [2] (new height, width)", "TFLite Micro supports no computed size");
  ResizeGeometry g;
  g.out_h = size.as<int32_t>()[0];
  g.out_w = size.as<int32_t>()[1];
  const Dims4 i = p.input_shape, o = p.output_shape;
  if (g.out_h < 1 || g.out_w < 1 || g.out_h > (1 << 16) || g.out_w > (1 << 16)) ctx.fail("size must be in [1, 65536]");
  if (i.h > (1 << 16) || i.w > (1 << 16)) ctx.fail("input height and width must be at most 65536");
  if (o.n != i.n || o.h != g.out_h || o.w != g.out_w || o.c != i.c) ctx.fail("output shape is not [N, size[0], size[1], C]");
  if (p.kernel != KernelType::Float32 && in.quant.present() &&
      (ctx.scale_of(in) != ctx.scale_of(out) || ctx.zp_of(in) != ctx.zp_of(out)))
    ctx.fail("input and output quantization differ (the integer kernels move or blend raw values)");
  g.align_corners = resize_flag(ctx.options(), "align_corners");
  g.half_pixel_centers = resize_flag(ctx.options(), "half_pixel_centers");
  return g;
}

// [1, 3, 4, 2] resized to [1, oh, ow, 2] with half-pixel centers.
inline Model resize_example(KernelType k, OpType type, int32_t oh, int32_t ow) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Float32 ? 0.f : 0.5f;
  const int in = b.act(t, {1, 3, 4, 2}, s, t == DType::Int8 ? -2 : 0);
  const int size = b.constant<int32_t>(DType::Int32, {2}, {oh, ow});
  const int out = b.act(t, {1, oh, ow, 2}, s, t == DType::Int8 ? -2 : 0);
  b.op(type, {in, size}, {out}).options.extra["half_pixel_centers"] = 1;
  return b.finish({in}, {out});
}

}  // namespace tinysim::ops
