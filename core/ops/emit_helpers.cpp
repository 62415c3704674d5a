#include "core/ops/emit_helpers.h"

#include <algorithm>

#include <cstring>

#include "core/common/error.h"
#include "core/common/fixed_point.h"

namespace tinysim::ops {

ts_quant quant_of(PlanEmitter& e, const OpData& p, const Requant& r) {
  // ts_requant.h's fast form assumes this; TFLite's QuantizeMultiplier never makes it
  for (int32_t m : r.output_multiplier)
    if (m == INT32_MIN) e.unsupported(p, "output multiplier INT32_MIN");
  ts_quant q{};
  q.multiplier_offset = e.add_const(r.output_multiplier);
  q.shift_offset = e.add_const(r.output_shift);
  q.per_channel = r.output_multiplier.size() > 1 ? 1 : 0;
  q.input_offset = r.input_offset;
  q.output_offset = r.output_offset;
  q.act_min = r.act_min;
  q.act_max = r.act_max;
  return q;
}

ts_geometry geometry_of(const Window& w, int32_t depth_multiplier) {
  ts_geometry g{};
  g.stride_w = w.stride_w;
  g.stride_h = w.stride_h;
  g.dilation_w = w.dilation_w;
  g.dilation_h = w.dilation_h;
  g.pad_w = w.pad_w;
  g.pad_h = w.pad_h;
  g.filter_w = w.filter_w;
  g.filter_h = w.filter_h;
  g.depth_multiplier = depth_multiplier;
  return g;
}

std::vector<int32_t> folded_bias(const Model& m, int filter, int bias, int32_t input_offset, int channels,
                                 int per_channel_stride, int channel_stride, int count) {
  const int8_t* w = m.tensors[static_cast<size_t>(filter)].as<int8_t>();
  const int32_t* b = bias >= 0 ? m.tensors[static_cast<size_t>(bias)].as<int32_t>() : nullptr;
  std::vector<int32_t> out(static_cast<size_t>(channels));
  for (int c = 0; c < channels; ++c) {
    int32_t sum = 0;
    for (int k = 0; k < count; ++k) sum += w[int64_t{c} * channel_stride + int64_t{k} * per_channel_stride];
    out[static_cast<size_t>(c)] = ts_add_wrap(
        b ? b[c] : 0, static_cast<int32_t>(static_cast<uint32_t>(input_offset) * static_cast<uint32_t>(sum)));
  }
  return out;
}

uint32_t add_sparse(PlanEmitter& e, const int8_t* weights, int rows, int K) {
  const int words = (K + 31) / 32;
  std::vector<uint32_t> bitmap(size_t(rows) * size_t(words), 0);
  std::vector<int8_t> values;
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < K; ++k) {
      const int8_t v = weights[int64_t{r} * K + k];
      if (v == 0) continue;
      bitmap[size_t(r) * size_t(words) + size_t(k / 32)] |= 1u << (k % 32);
      values.push_back(v);
    }
  ts_sparse_header h{};
  h.words_per_row = uint32_t(words);
  h.rows = uint32_t(rows);
  h.nonzeros = uint32_t(values.size());
  h.values_offset = values.empty() ? 0 : e.add_const(values);
  std::vector<uint8_t> blob(sizeof h + bitmap.size() * 4);
  std::memcpy(blob.data(), &h, sizeof h);
  std::memcpy(blob.data() + sizeof h, bitmap.data(), bitmap.size() * 4);
  e.layer().sparse = true;
  e.layer().stored_weight_bytes += blob.size() + values.size();
  return e.add_const(blob.data(), blob.size());
}

namespace {
int64_t zero_count(const Tensor& t) {
  int64_t zeros = 0;
  for (uint8_t b : t.data) zeros += b == 0;
  return zeros;
}
}  // namespace

bool use_sparse(const PlanEmitter& e, KernelType kernel, int32_t filter_offset, int filter, SparseCostShape shape) {
  if (kernel != KernelType::Int8 || filter_offset != 0 || filter < 0) return false;
  const Tensor& f = e.model().tensors[size_t(filter)];
  if (!f.is_constant()) return false;
  const int64_t zeros = zero_count(f);
  const double threshold = e.options().sparse_threshold;
  const int64_t nonzeros = int64_t(f.data.size()) - zeros;
  if (threshold == kSparseByCost) {
    if (zeros == 0) return false;
    if (std::vector<SparseCandidate>* c = e.options().sparse_candidates) {
      shape.nonzeros = nonzeros;
      c->push_back(SparseCandidate{e.op_index(), shape, int64_t(f.data.size())});
      return false;
    }
    const std::vector<int>& ops = e.options().sparse_ops;
    return std::find(ops.begin(), ops.end(), e.op_index()) != ops.end();
  }
  if (threshold == kSparseSmallest)
    return sparse_stored_bytes(shape.rows, shape.k, nonzeros) < int64_t(f.data.size());
  if (!(threshold > 0 && threshold <= 1)) return false;
  return double(zeros) / double(f.data.size()) >= threshold;
}

void emit_lut(PlanEmitter& e, const OpData& p, const std::vector<int8_t>& table) {
  ts_op_lut r{};
  r.c = e.common(TS_OP_LUT_S8);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.table_offset = e.add_const(table);
  r.count = static_cast<uint32_t>(p.flat_size);
  e.add_record(r);
}

}  // namespace tinysim::ops
