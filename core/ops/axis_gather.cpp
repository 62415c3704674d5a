// Per-axis index maps as GATHER records (axis_gather.h).
#include "core/ops/axis_gather.h"

#include <algorithm>
#include <cstring>

#include "core/ops/op_helpers.h"

namespace tinysim::ops {

std::vector<int32_t> axis_gather_shape(const AxisGatherData& p) {
  std::vector<int32_t> s = p.in_shape;
  for (size_t d = 0; d < s.size(); ++d)
    if (!p.maps[d].empty()) s[d] = static_cast<int32_t>(p.maps[d].size());
  return s;
}

void eval_axis_gather(const OpData& d, void* const* t) {
  const auto& p = static_cast<const AxisGatherData&>(d);
  const auto* in = at<const uint8_t>(t, p.input);
  auto* out = at<uint8_t>(t, p.output);
  const std::vector<int32_t> os = axis_gather_shape(p);
  const size_t rank = os.size(), eb = static_cast<size_t>(p.elem_bytes);
  std::vector<int64_t> in_stride(rank, 1);
  for (size_t k = rank - 1; k > 0; --k) in_stride[k - 1] = in_stride[k] * p.in_shape[k];
  std::vector<int32_t> idx(rank, 0);
  const int64_t n = p.flat_size;
  for (int64_t o = 0; o < n; ++o) {
    int64_t src = 0;
    for (size_t k = 0; k < rank; ++k)
      src += (p.maps[k].empty() ? idx[k] : p.maps[k][static_cast<size_t>(idx[k])]) * in_stride[k];
    std::memcpy(out + static_cast<size_t>(o) * eb, in + static_cast<size_t>(src) * eb, eb);
    for (size_t k = rank; k-- > 0;) {  // next output index, innermost first
      if (++idx[k] < os[k]) break;
      idx[k] = 0;
    }
  }
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

namespace {

int64_t product(const std::vector<int32_t>& s, size_t from, size_t to) {
  int64_t n = 1;
  for (size_t i = from; i < to; ++i) n *= s[i];
  return n;
}

ts_tensor flat(PlanEmitter& e, int tensor, int64_t elements, const OpData& p) {
  return e.tensor(tensor, Dims4{1, 1, 1, static_cast<int32_t>(std::max<int64_t>(elements, 1))}, p);
}

}  // namespace

void emit_axis_gather(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const AxisGatherData&>(d);
  std::vector<size_t> axes;
  for (size_t k = 0; k < p.maps.size(); ++k)
    if (!p.maps[k].empty()) axes.push_back(k);
  const int64_t in_elements = product(p.in_shape, 0, p.in_shape.size());
  if (axes.empty()) {  // every map the identity: a plain copy
    ts_op_copy r{};
    r.c = e.common(TS_OP_COPY);
    r.input = flat(e, p.input, in_elements, p);
    r.output = flat(e, p.output, in_elements, p);
    r.bytes = static_cast<uint32_t>(in_elements * p.elem_bytes);
    e.add_record(r);
    return;
  }
  // The shape after each pass; intermediate k goes to scratch buffer k % 2.
  std::vector<std::vector<int32_t>> shapes = {p.in_shape};
  for (size_t a : axes) {
    shapes.push_back(shapes.back());
    shapes.back()[a] = static_cast<int32_t>(p.maps[a].size());
  }
  uint64_t buffer_bytes[2] = {0, 0};
  for (size_t k = 1; k + 1 < shapes.size(); ++k)
    buffer_bytes[(k - 1) % 2] = std::max<uint64_t>(
        buffer_bytes[(k - 1) % 2], static_cast<uint64_t>(product(shapes[k], 0, shapes[k].size()) * p.elem_bytes));
  const uint64_t first = (buffer_bytes[0] + 15u) & ~uint64_t{15};
  if (first + buffer_bytes[1] > (uint64_t{1} << 31)) e.unsupported(p, "an intermediate this large");
  const uint32_t base = buffer_bytes[0] > 0 ? e.scratch(static_cast<uint32_t>(first + buffer_bytes[1])) : 0;
  ts_tensor src = flat(e, p.input, in_elements, p);
  for (size_t k = 0; k < axes.size(); ++k) {
    const size_t a = axes[k];
    const std::vector<int32_t>& s = shapes[k];
    const int64_t out_elements = product(shapes[k + 1], 0, shapes[k + 1].size());
    ts_tensor dst = flat(e, p.output, out_elements, p);
    if (k + 1 < axes.size()) {
      dst.location = TS_IN_ARENA;
      dst.offset = base + (k % 2 == 0 ? 0u : static_cast<uint32_t>(first));
    }
    ts_op_gather r{};
    r.c = e.common(TS_OP_GATHER);
    r.input = src;
    r.indices = index_constant(e, p.maps[a]);
    r.output = dst;
    r.batch = 1;
    r.outer = static_cast<int32_t>(product(s, 0, a));
    r.coords = static_cast<int32_t>(p.maps[a].size());
    r.axis_size = s[a];
    r.inner_bytes = static_cast<uint32_t>(product(s, a + 1, s.size()) * p.elem_bytes);
    e.add_record(r);
    src = dst;
  }
}

}  // namespace tinysim::ops
