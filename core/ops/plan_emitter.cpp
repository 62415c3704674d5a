#include "core/ops/plan_emitter.h"

#include <algorithm>
#include <cstring>

#include "core/common/error.h"
#include "core/ops/variable_reset.h"

namespace tinysim::ops {
namespace {

constexpr uint32_t kConstAlign = 16;

void align(std::vector<uint8_t>& v, size_t a) { v.resize((v.size() + a - 1) / a * a, 0); }
void append(std::vector<uint8_t>& v, const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  v.insert(v.end(), b, b + n);
}

uint8_t dtype_of(DType t, const OpData& p) {
  switch (t) {
    case DType::Float32: return TS_F32;
    case DType::Int8: return TS_S8;
    case DType::Int16: return TS_S16;
    case DType::Int32: return TS_S32;
    case DType::UInt8: return TS_U8;
    case DType::UInt32: return TS_U32;
    case DType::UInt64: return TS_U64;
    default:
      throw Error("op " + std::to_string(p.op_index) + " (" + op_name(p.type) + "): tensor type " + dtype_name(t) +
                  " is not supported on the target");
  }
}

}  // namespace

uint32_t PlanEmitter::add_const(const void* data, size_t bytes) {
  align(consts_, kConstAlign);
  const uint32_t off = static_cast<uint32_t>(consts_.size());
  append(consts_, data, bytes);
  return off;
}

uint32_t PlanEmitter::tensor_const(int tensor) {
  auto it = tensor_consts_.find(tensor);
  if (it != tensor_consts_.end()) return it->second;
  const Tensor& t = model_.tensors[static_cast<size_t>(tensor)];
  const uint32_t off = add_const(t.data.data(), t.data.size());
  tensor_consts_[tensor] = off;
  return off;
}

ts_tensor PlanEmitter::tensor(int index, const Dims4& d, const OpData& p) {
  ts_tensor t = tensor_descriptor_only(index, d, p);
  const Tensor& src = model_.tensors[static_cast<size_t>(index)];
  if (src.is_constant()) {
    t.location = TS_IN_PLAN;
    t.offset = tensor_const(index);
  } else {
    if (!memory_.in_arena(index))
      throw Error(model_.source, "tensor " + std::to_string(index) + " (" + src.name + ") has no arena slot",
                  "the memory planner left it out; report this model");
    t.location = TS_IN_ARENA;
    t.offset = static_cast<uint32_t>(memory_.offsets[static_cast<size_t>(index)]);
  }
  return t;
}

ts_tensor PlanEmitter::tensor_descriptor_only(int index, const Dims4& d, const OpData& p) {
  ts_tensor t{};
  const Tensor& src = model_.tensors[static_cast<size_t>(index)];
  t.dtype = dtype_of(src.type, p);
  t.rank = static_cast<uint8_t>(src.shape.size());
  t.dims[0] = d.n;
  t.dims[1] = d.h;
  t.dims[2] = d.w;
  t.dims[3] = d.c;
  t.location = TS_IN_PLAN;
  t.offset = TS_NO_DATA;
  return t;
}

uint32_t PlanEmitter::scratch(uint32_t bytes) {
  max_scratch_ = std::max(max_scratch_, (bytes + 15u) & ~15u);
  return scratch_base_;
}

uint32_t PlanEmitter::state(uint32_t bytes) {
  const uint32_t off = state_bytes_;
  state_bytes_ += (bytes + 15u) & ~15u;
  return off;
}

void PlanEmitter::add_record_bytes(const void* rec, size_t bytes) {
  align(records_, 4);
  record_offsets_.push_back(static_cast<uint32_t>(records_.size()));
  append(records_, rec, bytes);
}

ts_op_common PlanEmitter::common(uint16_t kind, uint16_t variant) const {
  ts_op_common c{};
  c.kind = kind;
  c.variant = variant;
  c.op_index = static_cast<uint32_t>(op_index_);
  return c;
}

void PlanEmitter::unsupported(const OpData& p, const std::string& what) const {
  throw Error(model_.source,
              "op " + std::to_string(p.op_index) + " (" + op_name(p.type) + ", " + kernel_type_name(p.kernel) +
                  "): " + what + " is not supported by the Cortex-M4 runtime",
              "run it with --backend host for outputs and accuracy (no cycles), or use an int8/float32 variant");
}

void PlanEmitter::begin_op(int op_index) {
  op_index_ = op_index;
  layer_ = LayerInfo{};
  mark_ = Mark{records_.size(), consts_.size(), record_offsets_.size(), tensor_consts_, max_scratch_, state_bytes_};
}

void PlanEmitter::rollback_op() {
  records_.resize(mark_.records);
  consts_.resize(mark_.consts);
  record_offsets_.resize(mark_.offsets);
  tensor_consts_ = mark_.tensor_consts;
  max_scratch_ = mark_.max_scratch;
  state_bytes_ = mark_.state_bytes;
  layer_ = LayerInfo{};
}

std::vector<uint8_t> PlanEmitter::finish(uint32_t flags, const std::vector<ts_io>& ins, const std::vector<ts_io>& outs,
                                         uint32_t arena_bytes, uint32_t state_offset) {
  std::vector<uint8_t> blob(sizeof(ts_plan_header));
  ts_plan_header h{};
  h.magic = TS_PLAN_MAGIC;
  h.version = TS_PLAN_VERSION;
  h.header_bytes = sizeof(ts_plan_header);
  h.num_ops = static_cast<uint32_t>(record_offsets_.size());
  h.num_inputs = static_cast<uint32_t>(ins.size());
  h.num_outputs = static_cast<uint32_t>(outs.size());
  h.arena_bytes = arena_bytes;
  h.flags = flags;
  h.state_offset = state_offset;
  h.io_offset = static_cast<uint32_t>(blob.size());
  for (const auto* list : {&ins, &outs})
    for (const ts_io& io : *list) append(blob, &io, sizeof io);
  // Variable tensors: TFLM's ResetVariableTensors value (an int8 tensor's
  // zero point, else 0), set by ts_init. One that is also a model input is
  // the caller's to fill (the host writes inputs before ts_init runs).
  std::vector<ts_reset> resets;
  for (size_t t = 0; t < model_.tensors.size(); ++t) {
    const Tensor& v = model_.tensors[t];
    if (!v.is_variable || v.is_constant() || !memory_.in_arena(static_cast<int>(t))) continue;
    if (std::find(model_.inputs.begin(), model_.inputs.end(), static_cast<int>(t)) != model_.inputs.end()) continue;
    resets.push_back(ts_reset{static_cast<uint32_t>(memory_.offsets[t]), static_cast<uint32_t>(v.num_bytes()),
                              int32_t{variable_reset_value(v)}});
  }
  if (!resets.empty()) {
    h.flags |= TS_FLAG_RESETS;
    const auto n = static_cast<uint32_t>(resets.size());
    append(blob, &n, 4);
    append(blob, resets.data(), resets.size() * sizeof(ts_reset));
  }
  h.ops_offset = static_cast<uint32_t>(blob.size());
  const uint32_t records_base = h.ops_offset + 4 * h.num_ops;
  for (uint32_t off : record_offsets_) {
    const uint32_t abs = records_base + off;
    append(blob, &abs, 4);
  }
  align(records_, kConstAlign);
  const uint32_t consts_base =
      static_cast<uint32_t>(((records_base + records_.size()) + kConstAlign - 1) & ~size_t{kConstAlign - 1});
  h.consts_offset = consts_base;
  append(blob, records_.data(), records_.size());
  blob.resize(consts_base, 0);
  append(blob, consts_.data(), consts_.size());
  h.total_bytes = static_cast<uint32_t>(blob.size());
  std::memcpy(blob.data(), &h, sizeof h);
  return blob;
}

}  // namespace tinysim::ops
