// CONV_2D int8 and float as im2col + GEMM, in chunks of output pixels small
// enough for the core's caches. int8: int16 rows (x + input_offset, 0 in the
// border) times the packed filter in exact int32 (int8_gemm.h), then the
// per-channel requantization: the same bits as conv2d_int8_reference. float:
// Eigen's GEMM (a different summation order than the reference loop, so
// float agrees within rounding, not bit for bit).
#include <Eigen/Core>
#include <algorithm>

#include "core/host/conv_im2col.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

// Output pixels per GEMM call: about 32 KiB of left operand, a multiple of 4.
int32_t chunk_rows(int32_t row_len, size_t elem_bytes, int64_t total) {
  const int64_t rows = std::max<int64_t>(4, (int64_t{32768} / (int64_t{row_len} * int64_t(elem_bytes))) & ~int64_t{3});
  return static_cast<int32_t>(std::min(rows, total));
}

struct Int8Scratch {
  std::vector<int16_t> padded, a;
  std::vector<const int16_t*> origins, rows;
  std::vector<int32_t> acc, pair_offset;
  PackedWeights weights;
  RequantTable requant;
};

struct FloatScratch {
  std::vector<float> padded, a;
  std::vector<const float*> origins;
};

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
  // Runs of even length: the GEMM reads the element pairs in place.
  const bool in_place = std::all_of(runs.begin(), runs.end(), [](const Run& r) { return r.length % 2 == 0; });
  const int32_t per_group = out.c / p.groups;
  const int32_t k = f.h * f.w * f.c, row_len = gemm_row_length(k);
  s.pair_offset.clear();
  if (in_place) {
    for (const Run& r : runs)
      for (int32_t j = 0; j < r.length; j += 2) s.pair_offset.push_back(static_cast<int32_t>(r.offset + j));
  } else {
    for (int32_t j = 0; j < row_len; j += 2) s.pair_offset.push_back(j);
  }
  const int64_t pixels = int64_t{out.n} * out.h * out.w;
  const int32_t chunk = chunk_rows(row_len, sizeof(int16_t), pixels);
  s.origins.resize(static_cast<size_t>(chunk));
  s.rows.resize(static_cast<size_t>(chunk));
  if (!in_place) {
    s.a.resize(static_cast<size_t>(chunk) * static_cast<size_t>(row_len) + kIm2colSlack<int16_t>);
    for (int32_t i = 0; i < chunk; ++i) s.rows[static_cast<size_t>(i)] = s.a.data() + int64_t{i} * row_len;
  }
  for (int32_t grp = 0; grp < p.groups; ++grp) {
    const int64_t first_filter = int64_t{grp} * per_group;
    pack_weights(filter + first_filter * k, per_group, k, k, p.filter_offset, s.weights);
    Requant rq = p;
    if (p.output_multiplier.size() > 1) {
      const auto from = static_cast<std::ptrdiff_t>(first_filter), to = from + per_group;
      rq.output_multiplier.assign(p.output_multiplier.begin() + from, p.output_multiplier.begin() + to);
      rq.output_shift.assign(p.output_shift.begin() + from, p.output_shift.begin() + to);
    }
    make_requant_table(rq, bias ? bias + first_filter : nullptr, per_group, s.requant);
    s.acc.resize(static_cast<size_t>(chunk) * static_cast<size_t>(s.weights.np));
    for (int64_t r = 0; r < pixels; r += chunk) {
      const int32_t rows = static_cast<int32_t>(std::min<int64_t>(chunk, pixels - r));
      window_origins(p, g, s.padded.data(), grp, r, rows, in_place ? s.rows.data() : s.origins.data());
      if (!in_place) im2col_rows(runs, s.origins.data(), rows, row_len, int16_t{0}, s.a.data());
      gemm_s16(s.rows.data(), rows, s.pair_offset.data(), s.weights, s.acc.data());
      requantize_rows(s.acc.data(), rows, s.weights.np, s.requant, output + r * out.c + first_filter, out.c);
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
