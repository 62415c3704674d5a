// DEPTH_TO_SPACE and SPACE_TO_DEPTH: 4-D NHWC blocks of block_size x
// block_size pixels moved between the spatial axes and the channels, float32
// and int8 (TFLM's depth_to_space.cc / space_to_depth.cc, TFLite's
// reference_ops::DepthToSpace / SpaceToDepth index rules). Both are a
// transpose of a 4-axis view of the same bytes, so prepare maps them to the
// strided walk (strided_walk.h) and the firmware runs kernels/strided_slice.c:
//   DEPTH_TO_SPACE  input  [N*H, W, bs, bs*C'] (channel = (bh*bs + bw)*C' + c)
//                   output [N*H, bs, W, bs*C'] = view axes (0, 2, 1, 3)
//   SPACE_TO_DEPTH  input  [N*H', bs, W', bs*C]
//                   output [N*H', W', bs, bs*C] = view axes (0, 2, 1, 3)
#include <memory>
#include <string>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

int block_size(const OpOptions& o) {
  const auto it = o.extra.find("block_size");
  return it == o.extra.end() ? 0 : static_cast<int>(it->second);
}

void read_depth_to_space(OptionsReader& r) {
  if (const auto* o = r.as<tflite::DepthToSpaceOptions>(BO::DepthToSpaceOptions))
    r.options().extra["block_size"] = o->block_size();
}
void read_space_to_depth(OptionsReader& r) {
  if (const auto* o = r.as<tflite::SpaceToDepthOptions>(BO::SpaceToDepthOptions))
    r.options().extra["block_size"] = o->block_size();
}
WrittenOptions write_depth_to_space(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::DepthToSpaceOptions, tflite::CreateDepthToSpaceOptions(b, block_size(op.options)).Union()};
}
WrittenOptions write_space_to_depth(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::SpaceToDepthOptions, tflite::CreateSpaceToDepthOptions(b, block_size(op.options)).Union()};
}

// Shared checks: float32 / int8 4-D input and output, block_size >= 1.
std::unique_ptr<StridedWalkData> prepare_block_move(PrepareContext& ctx, int& bs) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape, 0, false);
  if (p->kernel == KernelType::Int16) ctx.unsupported_types();  // TFLM: float32 and int8 only
  if (ctx.in(0, "input").shape.size() != 4 || ctx.out().shape.size() != 4)
    ctx.fail("input and output must be 4-D (NHWC)");
  bs = block_size(ctx.options());
  if (bs < 1 || bs > 1024) ctx.fail("block_size must be at least 1");
  return p;
}

std::unique_ptr<OpData> prepare_depth_to_space(PrepareContext& ctx) {
  int bs = 0;
  auto p = prepare_block_move(ctx, bs);
  const std::vector<int32_t>& i = ctx.in(0, "input").shape;
  if (i[3] % (bs * bs) != 0) ctx.fail("input depth is not a multiple of block_size squared");
  const int32_t c = i[3] / (bs * bs);
  if (ctx.out().shape != std::vector<int32_t>{i[0], i[1] * bs, i[2] * bs, c})
    ctx.fail("output shape is not [N, H * block_size, W * block_size, C / block_size^2]");
  p->outputs = {p->output};
  p->walks = {permuted_walk({i[0] * i[1], i[2], bs, bs * c}, {0, 2, 1, 3})};
  return p;
}

std::unique_ptr<OpData> prepare_space_to_depth(PrepareContext& ctx) {
  int bs = 0;
  auto p = prepare_block_move(ctx, bs);
  const std::vector<int32_t>& i = ctx.in(0, "input").shape;
  if (i[1] % bs != 0 || i[2] % bs != 0) ctx.fail("input height and width are not multiples of block_size");
  const int32_t h = i[1] / bs, w = i[2] / bs;
  if (ctx.out().shape != std::vector<int32_t>{i[0], h, w, i[3] * bs * bs})
    ctx.fail("output shape is not [N, H / block_size, W / block_size, C * block_size^2]");
  p->outputs = {p->output};
  p->walks = {permuted_walk({i[0] * h, bs, w, bs * i[3]}, {0, 2, 1, 3})};
  return p;
}

DType block_example_type(KernelType k) { return k == KernelType::Float32 ? DType::Float32 : DType::Int8; }

// [1, 2, 3, 8] with block 2 -> [1, 4, 6, 2].
Model example_depth_to_space(KernelType k) {
  ExampleBuilder b;
  const DType t = block_example_type(k);
  const float s = t == DType::Int8 ? 0.5f : 0.f;
  const int in = b.act(t, {1, 2, 3, 8}, s, t == DType::Int8 ? 1 : 0);
  const int out = b.act(t, {1, 4, 6, 2}, s, t == DType::Int8 ? 1 : 0);
  b.op(OpType::DepthToSpace, {in}, {out}).options.extra["block_size"] = 2;
  return b.finish({in}, {out});
}

// [2, 4, 6, 1] with block 2 -> [2, 2, 3, 4].
Model example_space_to_depth(KernelType k) {
  ExampleBuilder b;
  const DType t = block_example_type(k);
  const float s = t == DType::Int8 ? 0.5f : 0.f;
  const int in = b.act(t, {2, 4, 6, 1}, s, t == DType::Int8 ? 1 : 0);
  const int out = b.act(t, {2, 2, 3, 4}, s, t == DType::Int8 ? 1 : 0);
  b.op(OpType::SpaceToDepth, {in}, {out}).options.extra["block_size"] = 2;
  return b.finish({in}, {out});
}

OpDef block_move_def(OpType type, void (*read)(OptionsReader&),
                     WrittenOptions (*write)(flatbuffers::FlatBufferBuilder&, const Operator&),
                     std::unique_ptr<OpData> (*prepare)(PrepareContext&), Model (*example)(KernelType)) {
  OpDef d = walk_op_def(type, 1, 0, false);
  d.combos.pop_back();  // TFLM: float32 and int8 only
  d.schema.min_version = version_int8_2;  // TFLite op_version.cc: int8 2, else 1
  d.schema.read_options = read;
  d.schema.write_options = write;
  d.prepare = prepare;
  d.example = example;
  return d;
}

TS_REGISTER_OP(block_move_def(OpType::DepthToSpace, read_depth_to_space, write_depth_to_space, prepare_depth_to_space,
                              example_depth_to_space));
TS_REGISTER_OP(block_move_def(OpType::SpaceToDepth, read_space_to_depth, write_space_to_depth, prepare_space_to_depth,
                              example_space_to_depth));

}  // namespace
}  // namespace tinysim::ops
