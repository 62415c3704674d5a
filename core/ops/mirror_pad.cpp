// MIRROR_PAD, REFLECT (the edge not repeated) and SYMMETRIC (repeated),
// float32 and int8 as TFLM's mirror_pad.cc runs them, int16 too (a byte
// move, as TFLite's kernel). TFLM maps each output index to an input index
// per axis (GetInputDimension); the map of one axis does not depend on the
// others, so prepare resolves one map per padded axis and the op is an
// axis gather (core/ops/axis_gather.h): on the firmware one GATHER record
// per padded axis, no kernel of its own. Paddings beyond what the mode can
// mirror (TFLite requires <= size - 1 for REFLECT, <= size for SYMMETRIC;
// TFLM would read outside the input) are refused.
#include <memory>

#include "core/ops/axis_gather.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

bool symmetric(const OpOptions& o) { return o.extra.count("symmetric") != 0; }

void read_mirror_pad(OptionsReader& r) {
  if (const auto* o = r.as<tflite::MirrorPadOptions>(BO::MirrorPadOptions))
    if (o->mode() == tflite::MirrorPadMode::SYMMETRIC) r.options().extra["symmetric"] = 1;
}

WrittenOptions write_mirror_pad(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::MirrorPadOptions,
          tflite::CreateMirrorPadOptions(b, symmetric(op.options) ? tflite::MirrorPadMode::SYMMETRIC
                                                                  : tflite::MirrorPadMode::REFLECT)
              .Union()};
}

// TFLM GetInputDimension: offset 1 (REFLECT) or 0 (SYMMETRIC).
int32_t input_index(int32_t padded, int32_t left, int32_t size, int32_t offset) {
  if (padded < left) {
    const int32_t original = left + offset - 1;
    return original - std::min(padded, original - offset);
  }
  padded -= left;
  if (padded >= size) {
    padded -= size;
    const int32_t original = size - (1 + offset);
    return original - std::min(padded, original);
  }
  return padded;
}

std::unique_ptr<OpData> prepare_mirror_pad(PrepareContext& ctx) {
  auto p = std::make_unique<AxisGatherData>();
  const Tensor& in = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (in.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(in.type, true);
  const size_t rank = in.shape.size();
  if (rank == 0 || rank > 4) ctx.fail("input must have 1 to 4 dimensions");
  ctx.common_io(*p, in, o);
  const Tensor& pads = ctx.in(1, "paddings");
  if (pads.shape.size() != 2 || pads.shape[0] != static_cast<int32_t>(rank) || pads.shape[1] != 2)
    ctx.fail("paddings must have shape [rank, 2]");
  const std::vector<int32_t> v = constant_ints(ctx, 1, "paddings");
  const int32_t offset = symmetric(ctx.options()) ? 0 : 1;
  if (o.shape.size() != rank) ctx.fail("output rank differs from the input's");
  p->in_shape = in.shape;
  p->maps.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    const int32_t left = v[2 * d], right = v[2 * d + 1], size = in.shape[d];
    if (left < 0 || right < 0) ctx.fail("paddings must be non-negative");
    if (left > size - offset || right > size - offset)
      ctx.fail("padding " + std::to_string(std::max(left, right)) + " of axis " + std::to_string(d) + " (size " +
                   std::to_string(size) + ") is more than " + (offset ? "REFLECT" : "SYMMETRIC") + " can mirror",
               offset ? "pad at most size - 1" : "pad at most size");
    if (o.shape[d] != size + left + right) ctx.fail("output shape does not equal input shape plus paddings");
    if (left == 0 && right == 0) continue;
    for (int32_t i = 0; i < o.shape[d]; ++i) p->maps[d].push_back(input_index(i, left, size, offset));
  }
  if (p->kernel != KernelType::Float32 && in.quant.present() &&
      (ctx.scale_of(in) != ctx.scale_of(o) || ctx.zp_of(in) != ctx.zp_of(o)))
    ctx.fail("input and output quantization differ");
  return p;
}

// [1, 3, 4, 2] padded by (1, 2) rows and (3, 0) columns: REFLECT up to the
// limit on the columns; SYMMETRIC for the int8 example.
Model example_mirror_pad(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Float32 ? 0.f : 0.25f;
  const int in = b.act(t, {1, 3, 4, 2}, s, t == DType::Int8 ? 5 : 0);
  const int pads = b.constant<int32_t>(DType::Int32, {4, 2}, {0, 0, 1, 2, 3, 0, 0, 0});
  const int out = b.act(t, {1, 6, 7, 2}, s, t == DType::Int8 ? 5 : 0);
  Operator& op = b.op(OpType::MirrorPad, {in, pads}, {out});
  if (k == KernelType::Int8) op.options.extra["symmetric"] = 1;
  return b.finish({in}, {out});
}

// The element-moving ops' schema (walk_op_def) with the axis gather's kernels.
OpDef mirror_pad_def() {
  OpDef d = walk_op_def(OpType::MirrorPad, 2, 0b10, false);
  d.schema.read_options = read_mirror_pad;
  d.schema.write_options = write_mirror_pad;
  d.schema.min_version = version_int8_2_int16_3;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (a byte move)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (a byte move)"}};
  d.prepare = prepare_mirror_pad;
  d.eval = eval_axis_gather;
  d.emit = emit_axis_gather;
  d.example = example_mirror_pad;
  return d;
}

TS_REGISTER_OP(mirror_pad_def());

}  // namespace
}  // namespace tinysim::ops
