// CONV_2D int8 and float as im2col + GEMM, in chunks of output pixels small
// enough for the core's caches. int8: int16 rows (x + input_offset, 0 in the
// border) times the packed filter in exact int32 (int8_gemm.h), then the
// per-channel requantization: the same bits as conv2d_int8_reference. float:
// Eigen's GEMM (a different summation order than the reference loop, so
// float agrees within rounding, not bit for bit).
#include <Eigen/Core>
#include <algorithm>
#include <cstring>

#include "core/host/conv_im2col.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

// Output pixels per GEMM call: about 32 KiB of left operand, a multiple of 4.
int32_t chunk_rows(int32_t row_len, size_t elem_bytes, int64_t total) {
  const int64_t bytes = std::max<int64_t>(1, int64_t{row_len} * int64_t(elem_bytes));
  const int64_t rows = std::max<int64_t>(4, (int64_t{32768} / bytes) & ~int64_t{3});
  return static_cast<int32_t>(std::min(rows, total));
}

// Packed filters of recent conv calls on this thread, each checked against
// the filter's current bytes before reuse (so a changed filter behind the
// same pointer is packed again).
class PackedFilterCache {
 public:
  PackedFilterCache() { entries_.reserve(kEntries); }
  const PackedWeights& get(const int8_t* filter, int32_t n, int32_t k, int32_t offset,
                           const std::vector<int32_t>& column_of, int32_t columns) {
    const size_t bytes = static_cast<size_t>(n) * static_cast<size_t>(k);
    for (Entry& e : entries_)
      if (e.filter == filter && e.n == n && e.k == k && e.offset == offset && e.column_of == column_of &&
          std::memcmp(e.copy.data(), filter, bytes) == 0)
        return e.packed;
    Entry& e = entries_.size() < kEntries ? entries_.emplace_back() : entries_[next_++ % kEntries];
    e.filter = filter;
    e.n = n;
    e.k = k;
    e.offset = offset;
    e.column_of = column_of;
    e.copy.assign(filter, filter + bytes);
    // Filter columns moved to their GEMM columns; the columns between (the
    // partner of an odd run's last element, which reads 0) stay 0.
    std::vector<int8_t> spread(static_cast<size_t>(n) * static_cast<size_t>(columns), 0);
    for (int32_t r = 0; r < n; ++r)
      for (int32_t j = 0; j < k; ++j)
        spread[static_cast<size_t>(int64_t{r} * columns + column_of[static_cast<size_t>(j)])] = filter[int64_t{r} * k + j];
    pack_weights(spread.data(), n, columns, columns, offset, e.packed);
    return e.packed;
  }

 private:
  static constexpr size_t kEntries = 16;
  struct Entry {
    const int8_t* filter = nullptr;
    int32_t n = 0, k = 0, offset = 0;
    std::vector<int32_t> column_of;
    std::vector<int8_t> copy;
    PackedWeights packed;
  };
  std::vector<Entry> entries_;
  size_t next_ = 0;
};

struct Int8Scratch {
  std::vector<int16_t> padded, pairs;
  std::vector<const int16_t*> rows;
  std::vector<int32_t> acc, column_of;
  std::vector<int64_t> pair_offset;
  PackedFilterCache filters;
  RequantTable requant;
};

struct FloatScratch {
  std::vector<float> padded, a;
  std::vector<const float*> origins;
};

// The GEMM's view of a receptive field read in place. A run of even length
// is read as pairs of the bordered image itself. With an odd run anywhere,
// the image is read through a pair image of 2E + 2E int16 (E = image
// elements): P[2e, 2e+1] = (x[e], x[e+1]) then Q[2e, 2e+1] = (x[e], 0); an
// odd run's pairs come from P and its last element from Q. column_of[j] is
// filter column j's GEMM column.
int32_t lay_out_pairs(const std::vector<Run>& runs, int64_t image_elements, bool pair_image,
                      std::vector<int64_t>& pair_offset, std::vector<int32_t>& column_of) {
  pair_offset.clear();
  column_of.clear();
  int32_t column = 0;
  for (const Run& r : runs) {
    const int64_t scale = pair_image ? 2 : 1;  // pair-image elements per image element
    int32_t j = 0;
    for (; j + 1 < r.length; j += 2) {
      pair_offset.push_back(scale * (r.offset + j));
      column_of.push_back(column++);
      column_of.push_back(column++);
    }
    if (j < r.length) {  // odd run (only with the pair image): its last element from Q
      pair_offset.push_back(2 * image_elements + 2 * (r.offset + j));
      column_of.push_back(column);
      column += 2;
    }
  }
  return column;
}

}  // namespace

void conv2d_int8(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 int8_t* output) {
  thread_local Int8Scratch s;
  const Dims4 &out = p.output_shape, &f = p.filter_shape;
  const PaddedGeometry g(p);
  const int32_t offset = p.input_offset;
  pad_image(p, g, input, int16_t{0}, [offset](int16_t* d, const int8_t* x, int64_t n) { widen_s8(x, n, offset, d); },
            s.padded);
  const std::vector<Run> runs = receptive_field_runs(p, g);
  const bool pair_image = std::any_of(runs.begin(), runs.end(), [](const Run& r) { return r.length % 2 != 0; });
  const int64_t elements = g.image_elems() * p.input_shape.n;
  if (pair_image) {
    s.pairs.resize(static_cast<size_t>(4 * elements));
    int16_t* pq = s.pairs.data();
    const int16_t* x = s.padded.data();  // x[elements] is slack (0)
    for (int64_t e = 0; e < elements; ++e) {
      pq[2 * e] = x[e];
      pq[2 * e + 1] = x[e + 1];
      pq[2 * elements + 2 * e] = x[e];
      pq[2 * elements + 2 * e + 1] = 0;
    }
  }
  const int32_t columns = lay_out_pairs(runs, elements, pair_image, s.pair_offset, s.column_of);
  const int32_t per_group = out.c / p.groups;
  const int32_t k = f.h * f.w * f.c;
  const int64_t pixels = int64_t{out.n} * out.h * out.w;
  const int32_t chunk = chunk_rows(columns, sizeof(int16_t), pixels);
  s.rows.resize(static_cast<size_t>(chunk));
  for (int32_t grp = 0; grp < p.groups; ++grp) {
    const int64_t first_filter = int64_t{grp} * per_group;
    const PackedWeights& weights =
        s.filters.get(filter + first_filter * k, per_group, k, p.filter_offset, s.column_of, columns);
    Requant rq = p;
    if (p.output_multiplier.size() > 1) {
      const auto from = static_cast<std::ptrdiff_t>(first_filter), to = from + per_group;
      rq.output_multiplier.assign(p.output_multiplier.begin() + from, p.output_multiplier.begin() + to);
      rq.output_shift.assign(p.output_shift.begin() + from, p.output_shift.begin() + to);
    }
    make_requant_table(rq, bias ? bias + first_filter : nullptr, per_group, s.requant);
    s.acc.resize(static_cast<size_t>(chunk) * static_cast<size_t>(weights.np));
    for (int64_t r = 0; r < pixels; r += chunk) {
      const int32_t rows = static_cast<int32_t>(std::min<int64_t>(chunk, pixels - r));
      window_origins(p, g, s.padded.data(), grp, r, rows, s.rows.data());
      if (pair_image)
        for (int32_t i = 0; i < rows; ++i) s.rows[size_t(i)] = s.pairs.data() + 2 * (s.rows[size_t(i)] - s.padded.data());
      gemm_s16(s.rows.data(), rows, s.pair_offset.data(), weights, s.acc.data());
      requantize_rows(s.acc.data(), rows, weights.np, s.requant, output + r * out.c + first_filter, out.c);
    }
  }
}

void conv2d_float(const ConvData& p, const float* input, const float* filter, const float* bias, float* output) {
  thread_local FloatScratch s;
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Strided = Eigen::Map<RowMajor, 0, Eigen::OuterStride<>>;
  const Dims4 &out = p.output_shape, &f = p.filter_shape;
  const PaddedGeometry g(p);
  pad_image(p, g, input, 0.f, [](float* d, const float* x, int64_t n) { std::copy(x, x + n, d); }, s.padded);
  const std::vector<Run> runs = receptive_field_runs(p, g);
  const int32_t per_group = out.c / p.groups;
  const int32_t k = f.h * f.w * f.c;
  const int64_t pixels = int64_t{out.n} * out.h * out.w;
  const int32_t chunk = chunk_rows(k, sizeof(float), pixels);
  s.a.resize(static_cast<size_t>(chunk) * static_cast<size_t>(k) + kIm2colSlack<float>);
  s.origins.resize(static_cast<size_t>(chunk));
  for (int32_t grp = 0; grp < p.groups; ++grp) {
    const int64_t first_filter = int64_t{grp} * per_group;
    Eigen::Map<const RowMajor> w(filter + first_filter * k, per_group, k);
    for (int64_t r = 0; r < pixels; r += chunk) {
      const int32_t rows = static_cast<int32_t>(std::min<int64_t>(chunk, pixels - r));
      window_origins(p, g, s.padded.data(), grp, r, rows, s.origins.data());
      im2col_rows(runs, s.origins.data(), rows, k, 0.f, s.a.data());
      Eigen::Map<const RowMajor> a(s.a.data(), rows, k);
      Strided y(output + r * out.c + first_filter, rows, per_group, Eigen::OuterStride<>(out.c));
      y.noalias() = a * w.transpose();
      for (int32_t i = 0; i < rows; ++i)
        for (int32_t c = 0; c < per_group; ++c) {
          const float v = y(i, c) + (bias ? bias[first_filter + c] : 0.f);
          y(i, c) = std::min(std::max(v, p.act_min_f), p.act_max_f);
        }
    }
  }
}

}  // namespace tinysim::kernels
