// SPLIT, SPLIT_V and UNPACK: one input cut along one axis into consecutive
// pieces, one per output, float32, int8, int16 and int32 moved as bytes
// (TFLM's split.cc, split_v.cc and unpack.cc, which copy the same pieces).
// Each output is a box of the input, i.e. one strided walk
// (strided_walk.h): the firmware runs one STRIDED_SLICE record per output
// (kernels/strided_slice.c). The axis must be constant (TFLM refuses a
// computed one too: its outputs could not be planned).
#include <memory>
#include <string>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

int extra_int(const OpOptions& o, const char* name) {
  const auto it = o.extra.find(name);
  return it == o.extra.end() ? 0 : static_cast<int>(it->second);
}

// The axis operand (a constant int32 scalar) resolved against the rank.
int axis_operand(PrepareContext& ctx, size_t slot, size_t rank) {
  const std::vector<int32_t> v = constant_ints(ctx, slot, "axis");
  if (v.size() != 1) ctx.fail("axis must be a scalar");
  return resolved_axis(ctx, v[0], rank);
}

// The pieces are the outputs' sizes along the axis; each output must be the
// input's shape with that size (dropped when `drop_axis`, UNPACK's rule).
std::vector<int32_t> output_sizes(PrepareContext& ctx, const std::vector<int32_t>& in_shape, int axis,
                                  bool drop_axis) {
  std::vector<int32_t> sizes;
  for (size_t k = 0; k < ctx.op().outputs.size(); ++k) {
    const std::vector<int32_t>& os = ctx.out(k).shape;
    std::vector<int32_t> want = in_shape;
    const auto a = static_cast<size_t>(axis);
    if (drop_axis) {
      want.erase(want.begin() + axis);
    } else if (os.size() == in_shape.size()) {
      want[a] = os[a];
    }
    if (os != want)
      ctx.fail("output " + std::to_string(k) + " does not have the input's shape outside the split axis");
    sizes.push_back(drop_axis ? 1 : os[a]);
  }
  return sizes;
}

// ---- SPLIT: (axis, input), num_splits equal pieces ----

void read_split(OptionsReader& r) {
  if (const auto* o = r.as<tflite::SplitOptions>(BO::SplitOptions)) r.options().extra["num_splits"] = o->num_splits();
}

WrittenOptions write_split(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::SplitOptions, tflite::CreateSplitOptions(b, extra_int(op.options, "num_splits")).Union()};
}

// TFLite op_version.cc: int16 4, int32 3, int8 2, else 1 (of the data, input 1).
int version_split(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 1);
  return t == DType::Int16 ? 4 : t == DType::Int32 ? 3 : t == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_split(PrepareContext& ctx) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape, 1);
  const std::vector<int32_t>& in_shape = ctx.in(1, "input").shape;
  const int axis = axis_operand(ctx, 0, in_shape.size());
  const int n = extra_int(ctx.options(), "num_splits");
  if (n != static_cast<int>(ctx.op().outputs.size()))
    ctx.fail("num_splits is " + std::to_string(n) + " but the op has " + std::to_string(ctx.op().outputs.size()) +
             " outputs");
  const std::vector<int32_t> sizes = output_sizes(ctx, in_shape, axis, false);
  for (int32_t s : sizes)
    if (int64_t{s} * n != in_shape[static_cast<size_t>(axis)])
      ctx.fail("the axis does not split into " + std::to_string(n) + " equal pieces of the outputs' size");
  split_walks(ctx, *p, shape, axis, sizes);
  return p;
}

// ---- SPLIT_V: (input, size_splits, axis), pieces of the given sizes ----

void read_split_v(OptionsReader& r) {
  if (const auto* o = r.as<tflite::SplitVOptions>(BO::SplitVOptions)) r.options().extra["num_splits"] = o->num_splits();
}

WrittenOptions write_split_v(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::SplitVOptions, tflite::CreateSplitVOptions(b, extra_int(op.options, "num_splits")).Union()};
}

std::unique_ptr<OpData> prepare_split_v(PrepareContext& ctx) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape);
  const std::vector<int32_t>& in_shape = ctx.in(0, "input").shape;
  const int axis = axis_operand(ctx, 2, in_shape.size());
  const std::vector<int32_t> sizes = output_sizes(ctx, in_shape, axis, false);
  // size_splits may hold one -1 (the rest of the axis); the outputs' sizes,
  // which TFLM's kernel copies by, must agree with every other entry.
  const std::vector<int32_t> given = constant_ints(ctx, 1, "size_splits");
  if (given.size() != sizes.size()) ctx.fail("size_splits does not have one entry per output");
  for (size_t k = 0; k < given.size(); ++k)
    if (given[k] != -1 && given[k] != sizes[k])
      ctx.fail("size_splits[" + std::to_string(k) + "] is " + std::to_string(given[k]) + " but output " +
               std::to_string(k) + " holds " + std::to_string(sizes[k]));
  split_walks(ctx, *p, shape, axis, sizes);
  return p;
}

// ---- UNPACK: input, `num` pieces of size 1 along `axis`, axis dropped ----

void read_unpack(OptionsReader& r) {
  if (const auto* o = r.as<tflite::UnpackOptions>(BO::UnpackOptions)) {
    r.options().extra["num"] = o->num();
    r.options().axis = o->axis();
  }
}

WrittenOptions write_unpack(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::UnpackOptions, tflite::CreateUnpackOptions(b, extra_int(op.options, "num"), op.options.axis).Union()};
}

// TFLite op_version.cc: int16 4, int8 2, else 1.
int version_unpack(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  return t == DType::Int16 ? 4 : t == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_unpack(PrepareContext& ctx) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape);
  const std::vector<int32_t>& in_shape = ctx.in(0, "input").shape;
  const int axis = resolved_axis(ctx, ctx.options().axis, in_shape.size());
  const int n = extra_int(ctx.options(), "num");
  if (n != in_shape[static_cast<size_t>(axis)] || n != static_cast<int>(ctx.op().outputs.size()))
    ctx.fail("num must equal the axis' size and the number of outputs");
  split_walks(ctx, *p, shape, axis, output_sizes(ctx, in_shape, axis, true));
  return p;
}

// ---- examples: a [2, 6, 3] input cut along axis 1 ----

struct Pieces {
  ExampleBuilder b;
  DType t;
  float s;
  int zp;
  explicit Pieces(KernelType k) : t(example_dtype(k)), s(t == DType::Int8 || t == DType::Int16 ? 0.5f : 0.f),
                                  zp(t == DType::Int8 ? -1 : 0) {}
  int act(std::vector<int32_t> shape) { return b.act(t, std::move(shape), s, zp); }
};

Model example_split(KernelType k) {
  Pieces x(k);
  const int axis = x.b.constant<int32_t>(DType::Int32, {}, {-2});
  const int in = x.act({2, 6, 3});
  const std::vector<int> outs = {x.act({2, 2, 3}), x.act({2, 2, 3}), x.act({2, 2, 3})};
  x.b.op(OpType::Split, {axis, in}, outs).options.extra["num_splits"] = 3;
  return x.b.finish({in}, outs);
}

Model example_split_v(KernelType k) {
  Pieces x(k);
  const int in = x.act({2, 6, 3});
  const int sizes = x.b.constant<int32_t>(DType::Int32, {3}, {1, -1, 2});
  const int axis = x.b.constant<int32_t>(DType::Int32, {}, {1});
  const std::vector<int> outs = {x.act({2, 1, 3}), x.act({2, 3, 3}), x.act({2, 2, 3})};
  x.b.op(OpType::SplitV, {in, sizes, axis}, outs).options.extra["num_splits"] = 3;
  return x.b.finish({in}, outs);
}

Model example_unpack(KernelType k) {
  Pieces x(k);
  const int in = x.act({2, 3, 3});
  const std::vector<int> outs = {x.act({2, 3}), x.act({2, 3}), x.act({2, 3})};
  auto& op = x.b.op(OpType::Unpack, {in}, outs);
  op.options.axis = 1;
  op.options.extra["num"] = 3;
  return x.b.finish({in}, outs);
}

// The three differ in operands, options, version rule, prepare and example.
struct SplitLike {
  OpType type;
  int inputs;
  uint32_t meta;
  void (*read)(OptionsReader&);
  WrittenOptions (*write)(flatbuffers::FlatBufferBuilder&, const Operator&);
  int (*version)(const Model&, const Operator&);
  std::unique_ptr<OpData> (*prepare)(PrepareContext&);
  Model (*example)(KernelType);
};

OpDef split_like_def(const SplitLike& x) {
  OpDef d = walk_op_def(x.type, x.inputs, x.meta, true);
  d.schema.num_outputs = -1;
  d.schema.read_options = x.read;
  d.schema.write_options = x.write;
  d.schema.min_version = x.version;
  d.prepare = x.prepare;
  d.example = x.example;
  return d;
}

TS_REGISTER_OP(split_like_def({OpType::Split, 2, 0b01, read_split, write_split, version_split, prepare_split,
                               example_split}));
TS_REGISTER_OP(split_like_def({OpType::SplitV, 3, 0b110, read_split_v, write_split_v, version_int8_2_int16_3,
                               prepare_split_v, example_split_v}));
TS_REGISTER_OP(split_like_def({OpType::Unpack, 1, 0, read_unpack, write_unpack, version_unpack, prepare_unpack,
                               example_unpack}));

}  // namespace
}  // namespace tinysim::ops
