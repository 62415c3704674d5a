// BATCH_TO_SPACE_ND and SPACE_TO_BATCH_ND: 3-D [B, H, C] or 4-D
// [B, H, W, C] input, constant int32 block_shape and crops / paddings,
// float32 and int8 as TFLM runs them and int16 (a byte move, as TFLite);
// TFLite's reference_ops::BatchToSpaceND / SpaceToBatchND index rules (a
// 3-D input is [B, H, 1, C] with a block width of 1), SPACE_TO_BATCH
// padding with the output zero point (0 for float). The host kernel is
// those loops; the firmware reuses existing records, no kernel of its own:
//   BATCH_TO_SPACE  pixels [bh, bw, B, H, W] walked as [B, H, bh, W, bw]
//                   (one STRIDED_SLICE record, a pixel per element), into
//                   the output, or with crops into the kernel scratch and a
//                   box walk of the uncropped [B, H*bh, W*bw] into the output;
//   SPACE_TO_BATCH  with paddings a PAD record into the scratch first, then
//                   pixels [B, Hp/bh, bh, Wp/bw, bw] walked as
//                   [bh, bw, B, Hp/bh, Wp/bw] into the output.
// Both move the same bytes as the host loops, so they agree bit for bit.
#include <cstring>
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct BatchSpaceData : OpData {
  bool to_space = true;  // BATCH_TO_SPACE_ND
  int32_t block_h = 1, block_w = 1;
  int32_t top = 0, left = 0, bottom = 0, right = 0;  // crops or paddings
  Dims4 in4, out4;                                    // 3-D as [B, H, 1, C]
  uint32_t pad_bits = 0;                              // SPACE_TO_BATCH's pad value, raw element bits
};

WrittenOptions write_b2s(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::BatchToSpaceNDOptions, tflite::CreateBatchToSpaceNDOptions(b).Union()};
}
WrittenOptions write_s2b(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::SpaceToBatchNDOptions, tflite::CreateSpaceToBatchNDOptions(b).Union()};
}

// TFLite op_version.cc: int16 4, a rank other than 4 3, int8 2, else 1.
int version_batch_space(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  if (t == DType::Int16) return 4;
  const Tensor* in = operand(m, op.inputs, 0);
  if (in && in->shape.size() != 4) return 3;
  return t == DType::Int8 ? 2 : 1;
}

Dims4 as4(const std::vector<int32_t>& s) { return Dims4{s[0], s[1], s.size() == 4 ? s[2] : 1, s.back()}; }

std::unique_ptr<OpData> prepare_batch_space(PrepareContext& ctx, bool to_space) {
  auto p = std::make_unique<BatchSpaceData>();
  p->to_space = to_space;
  const Tensor& in = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (in.type != o.type) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(in.type, true);
  const size_t rank = in.shape.size();
  if (rank < 3 || rank > 4 || o.shape.size() != rank) ctx.fail("input and output must be 3-D or 4-D (TFLite Micro's limit)");
  ctx.common_io(*p, in, o);
  const size_t spatial = rank - 2;
  const std::vector<int32_t> block = constant_ints(ctx, 1, "block_shape");
  const std::vector<int32_t> edges = constant_ints(ctx, 2, to_space ? "crops" : "paddings");
  if (block.size() != spatial || edges.size() != 2 * spatial)
    ctx.fail("block_shape must have one value and crops / paddings two per spatial dimension");
  p->block_h = block[0];
  p->block_w = spatial == 2 ? block[1] : 1;
  p->top = edges[0];
  p->bottom = edges[1];
  p->left = spatial == 2 ? edges[2] : 0;
  p->right = spatial == 2 ? edges[3] : 0;
  if (p->block_h < 1 || p->block_w < 1) ctx.fail("block_shape values must be at least 1");
  if (p->top < 0 || p->bottom < 0 || p->left < 0 || p->right < 0)
    ctx.fail(std::string(to_space ? "crops" : "paddings") + " must be non-negative");
  p->in4 = as4(in.shape);
  p->out4 = as4(o.shape);
  const Dims4 i = p->in4;
  const int32_t blocks = p->block_h * p->block_w;
  Dims4 want{};
  if (to_space) {
    if (i.n % blocks != 0) ctx.fail("input batch is not a multiple of the block size product");
    want = Dims4{i.n / blocks, i.h * p->block_h - p->top - p->bottom, i.w * p->block_w - p->left - p->right, i.c};
    if (want.h < 0 || want.w < 0) ctx.fail("crops are larger than the block-expanded input");
  } else {
    const int32_t hp = i.h + p->top + p->bottom, wp = i.w + p->left + p->right;
    if (hp % p->block_h != 0 || wp % p->block_w != 0)
      ctx.fail("padded height and width are not multiples of block_shape");
    want = Dims4{i.n * blocks, hp / p->block_h, wp / p->block_w, i.c};
  }
  const Dims4 got = p->out4;
  if (got.n != want.n || got.h != want.h || got.w != want.w || got.c != want.c)
    ctx.fail("output shape is not what block_shape and the " + std::string(to_space ? "crops" : "paddings") + " give");
  if (p->kernel != KernelType::Float32 && in.quant.present() &&
      (ctx.scale_of(in) != ctx.scale_of(o) || ctx.zp_of(in) != ctx.zp_of(o)))
    ctx.fail("input and output quantization differ");
  // TFLM: params.output_offset = the output zero point (0 for float).
  const int32_t zp = p->kernel == KernelType::Float32 ? 0 : ctx.zp_of(o);
  p->pad_bits = p->elem_bytes == 1 ? static_cast<uint8_t>(static_cast<int8_t>(zp))
                                   : static_cast<uint32_t>(static_cast<uint16_t>(static_cast<int16_t>(zp)));
  if (p->kernel == KernelType::Float32) p->pad_bits = 0;
  return p;
}

std::unique_ptr<OpData> prepare_b2s(PrepareContext& ctx) { return prepare_batch_space(ctx, true); }
std::unique_ptr<OpData> prepare_s2b(PrepareContext& ctx) { return prepare_batch_space(ctx, false); }

size_t pixel_offset(const Dims4& d, int32_t n, int32_t h, int32_t w) {
  return ((static_cast<size_t>(n) * d.h + h) * d.w + w) * d.c;
}

// reference_ops::BatchToSpaceND / SpaceToBatchND, a pixel (depth) at a time.
void eval_batch_space(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BatchSpaceData&>(d);
  const auto* in = at<const uint8_t>(t, p.input);
  auto* out = at<uint8_t>(t, p.output);
  const Dims4 i = p.in4, o = p.out4;
  const size_t eb = static_cast<size_t>(p.elem_bytes), px = static_cast<size_t>(i.c) * eb;
  if (p.to_space) {
    for (int32_t ib = 0; ib < i.n; ++ib) {
      const int32_t ob = ib % o.n, spatial = ib / o.n;
      const int32_t oh0 = spatial / p.block_w - p.top, ow0 = spatial % p.block_w - p.left;
      for (int32_t ih = 0; ih < i.h; ++ih) {
        const int32_t oh = ih * p.block_h + oh0;
        if (oh < 0 || oh >= o.h) continue;
        for (int32_t iw = 0; iw < i.w; ++iw) {
          const int32_t ow = iw * p.block_w + ow0;
          if (ow < 0 || ow >= o.w) continue;
          std::memcpy(out + pixel_offset(o, ob, oh, ow) * eb, in + pixel_offset(i, ib, ih, iw) * eb, px);
        }
      }
    }
    return;
  }
  for (int32_t ob = 0; ob < o.n; ++ob) {
    const int32_t ib = ob % i.n, shift_w = (ob / i.n) % p.block_w, shift_h = (ob / i.n) / p.block_w;
    for (int32_t oh = 0; oh < o.h; ++oh)
      for (int32_t ow = 0; ow < o.w; ++ow) {
        uint8_t* dst = out + pixel_offset(o, ob, oh, ow) * eb;
        const int32_t h = oh * p.block_h + shift_h - p.top, w = ow * p.block_w + shift_w - p.left;
        if (h < 0 || h >= i.h || w < 0 || w >= i.w) {
          for (int32_t c = 0; c < i.c; ++c) std::memcpy(dst + static_cast<size_t>(c) * eb, &p.pad_bits, eb);
        } else {
          std::memcpy(dst, in + pixel_offset(i, ib, h, w) * eb, px);
        }
      }
  }
}

ts_tensor flat(PlanEmitter& e, int tensor, int64_t elements, const OpData& p) {
  return e.tensor(tensor, Dims4{1, 1, 1, static_cast<int32_t>(std::max<int64_t>(elements, 1))}, p);
}

void emit_batch_space(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const BatchSpaceData&>(d);
  const Dims4 i = p.in4, o = p.out4;
  const auto px_bytes = static_cast<uint32_t>(int64_t{i.c} * p.elem_bytes);
  const bool edges = p.top || p.bottom || p.left || p.right;
  ts_tensor src = flat(e, p.input, i.size(), p);
  const ts_tensor dst = flat(e, p.output, o.size(), p);
  if (p.to_space) {
    const int32_t b = o.n;
    const StridedWalk w = permuted_walk({p.block_h, p.block_w, b, i.h, i.w}, {2, 3, 0, 4, 1});
    if (!edges) return add_walk_record(e, src, dst, w, px_bytes);
    const int32_t uh = i.h * p.block_h, uw = i.w * p.block_w;  // uncropped
    ts_tensor mid = flat(e, p.output, int64_t{b} * uh * uw * i.c, p);
    mid.location = TS_IN_ARENA;
    mid.offset = e.scratch(static_cast<uint32_t>(int64_t{b} * uh * uw * px_bytes));
    add_walk_record(e, src, mid, w, px_bytes);
    add_walk_record(e, mid, dst, box_walk({1, 1, b, uh, uw}, {0, 0, 0, p.top, p.left}, {1, 1, b, o.h, o.w}), px_bytes);
    return;
  }
  const int32_t hp = i.h + p.top + p.bottom, wp = i.w + p.left + p.right;
  if (edges) {
    ts_op_pad r{};
    r.c = e.common(TS_OP_PAD);
    r.input = e.tensor(p.input, i, p);
    r.output = e.tensor(p.output, Dims4{i.n, hp, wp, i.c}, p);
    r.output.location = TS_IN_ARENA;
    r.output.offset = e.scratch(static_cast<uint32_t>(int64_t{i.n} * hp * wp * px_bytes));
    r.before[1] = p.top;
    r.before[2] = p.left;
    r.pad_value = p.pad_bits;
    r.elem_bytes = static_cast<uint32_t>(p.elem_bytes);
    e.add_record(r);
    src = r.output;
  }
  add_walk_record(e, src, dst,
                  permuted_walk({i.n, hp / p.block_h, p.block_h, wp / p.block_w, p.block_w}, {2, 4, 0, 1, 3}), px_bytes);
}

// BATCH_TO_SPACE: [8, 2, 3, 2], block [2, 2], crops (1, 0), (0, 2) -> [2, 3, 4, 2].
// SPACE_TO_BATCH: [2, 3, 4, 2], block [2, 2], paddings (1, 0), (0, 2) -> [8, 2, 3, 2].
Model batch_space_example(KernelType k, bool to_space) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Float32 ? 0.f : 0.5f;
  const int zp = t == DType::Int8 ? -3 : 0;
  const std::vector<int32_t> batch = {8, 2, 3, 2}, space = {2, 3, 4, 2};
  const int in = b.act(t, to_space ? batch : space, s, zp);
  const int block = b.constant<int32_t>(DType::Int32, {2}, {2, 2});
  const int edges = b.constant<int32_t>(DType::Int32, {2, 2}, {1, 0, 0, 2});
  const int out = b.act(t, to_space ? space : batch, s, zp);
  b.op(to_space ? OpType::BatchToSpaceNd : OpType::SpaceToBatchNd, {in, block, edges}, {out});
  return b.finish({in}, {out});
}
Model example_b2s(KernelType k) { return batch_space_example(k, true); }
Model example_s2b(KernelType k) { return batch_space_example(k, false); }

// The element-moving ops' schema (walk_op_def: block shape and crops /
// paddings are meta operands) with this op's kernels.
OpDef batch_space_def(bool to_space) {
  OpDef d = walk_op_def(to_space ? OpType::BatchToSpaceNd : OpType::SpaceToBatchNd, 3, 0b110, false);
  d.schema.write_options = to_space ? write_b2s : write_s2b;
  d.schema.min_version = version_batch_space;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, to_space ? "int8 (a byte move)" : "int8 (pads with the zero point)"},
              {KernelType::Int16, kHostAndFirmware, to_space ? "int16 (a byte move)" : "int16 (pads with the zero point)"}};
  d.prepare = to_space ? prepare_b2s : prepare_s2b;
  d.eval = eval_batch_space;
  d.emit = emit_batch_space;
  d.example = to_space ? example_b2s : example_s2b;
  return d;
}

TS_REGISTER_OP(batch_space_def(true));
TS_REGISTER_OP(batch_space_def(false));

}  // namespace
}  // namespace tinysim::ops
