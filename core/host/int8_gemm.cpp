// int8 GEMM and per-channel requantization, AVX2 and portable (int8_gemm.h).
#include "core/host/int8_gemm.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "core/common/fixed_point.h"
#include "core/host/simd.h"

namespace tinysim::kernels {
namespace {

// -1: not forced; else a GemmIsa value.
std::atomic<int> g_forced{-1};

bool cpu_has_avx2() {
#ifdef TS_HAVE_X86
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

// ---- portable -------------------------------------------------------------

void gemm_portable(const int16_t* const* rows, int32_t m, const int64_t* pair_offset, const PackedWeights& w,
                   int32_t* acc) {
  const int32_t pairs = w.kp / 2;
  for (int32_t i = 0; i < m; ++i) {
    int32_t* out = acc + int64_t{i} * w.np;
    for (int32_t j = 0; j < w.np; ++j) {
      uint32_t sum = 0;  // wraps like the reference int32 accumulators
      for (int32_t p = 0; p < pairs; ++p) {
        const int16_t* a = rows[i] + pair_offset[p];
        const int16_t* b = w.data.data() + (int64_t{p} * w.np + j) * 2;
        sum += static_cast<uint32_t>(int32_t{a[0]} * b[0] + int32_t{a[1]} * b[1]);
      }
      out[j] = static_cast<int32_t>(sum);
    }
  }
}

void widen_portable(const int8_t* x, int64_t n, int32_t offset, int16_t* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<int16_t>(x[i] + offset);
}

int32_t dot_portable(const int8_t* w, int32_t weight_offset, const int16_t* x, int32_t k) {
  uint32_t sum = 0;
  for (int32_t j = 0; j < k; ++j) sum += static_cast<uint32_t>((int32_t{w[j]} + weight_offset) * int32_t{x[j]});
  return static_cast<int32_t>(sum);
}

void requantize_portable(const int32_t* acc, int32_t rows, int64_t acc_stride, const RequantTable& t, int8_t* out,
                         int64_t out_stride) {
  for (int32_t i = 0; i < rows; ++i)
    for (int32_t c = 0; c < t.channels; ++c) {
      const size_t k = static_cast<size_t>(c);
      int32_t v = ts_add_wrap(acc[i * acc_stride + c], t.bias[k]);
      v = ts_multiply_by_quantized_multiplier(v, t.multiplier[k], t.left_shift[k] - t.right_shift[k]);
      v = ts_add_wrap(v, t.output_offset);
      out[i * out_stride + c] = static_cast<int8_t>(ts_clamp_i32(v, t.act_min, t.act_max));
    }
}

// ---- AVX2 -----------------------------------------------------------------
#ifdef TS_HAVE_X86

TS_AVX2 inline __m256i broadcast_pair(const int16_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}

// An R-row x 8V-column tile of acc over all k pairs: per pair, V weight
// vectors (8 columns x 2 k each) times each row's broadcast k pair.
template <int R, int V>
TS_AVX2 void gemm_tile(const int16_t* const* rows, const int64_t* pair_offset, int32_t pairs, const int16_t* b,
                       int32_t np, int32_t* c) {
  __m256i sum[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) sum[r][v] = _mm256_setzero_si256();
  for (int32_t p = 0; p < pairs; ++p) {
    __m256i bv[V];
    for (int v = 0; v < V; ++v)
      bv[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + (int64_t{p} * np + 8 * v) * 2));
    const int64_t off = pair_offset[p];
    for (int r = 0; r < R; ++r) {
      const __m256i av = broadcast_pair(rows[r] + off);
      for (int v = 0; v < V; ++v) sum[r][v] = _mm256_add_epi32(sum[r][v], _mm256_madd_epi16(av, bv[v]));
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + int64_t{r} * np + 8 * v), sum[r][v]);
}

template <int R>
TS_AVX2 void gemm_rows(const int16_t* const* rows, const int64_t* pair_offset, const PackedWeights& w, int32_t* acc) {
  const int32_t pairs = w.kp / 2;
  int32_t j = 0;
  for (; j + 16 <= w.np; j += 16) gemm_tile<R, 2>(rows, pair_offset, pairs, w.data.data() + 2 * j, w.np, acc + j);
  if (j < w.np) gemm_tile<R, 1>(rows, pair_offset, pairs, w.data.data() + 2 * j, w.np, acc + j);
}

TS_AVX2 void gemm_avx2(const int16_t* const* rows, int32_t m, const int64_t* pair_offset, const PackedWeights& w,
                       int32_t* acc) {
  int32_t i = 0;
  for (; i + 4 <= m; i += 4) gemm_rows<4>(rows + i, pair_offset, w, acc + int64_t{i} * w.np);
  for (; i < m; ++i) gemm_rows<1>(rows + i, pair_offset, w, acc + int64_t{i} * w.np);
}

TS_AVX2 void widen_avx2(const int8_t* x, int64_t n, int32_t offset, int16_t* out) {
  const __m256i off = _mm256_set1_epi16(static_cast<int16_t>(offset));
  int64_t i = 0;
  for (; i + 16 <= n; i += 16)
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                        _mm256_add_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i))), off));
  widen_portable(x + i, n - i, offset, out + i);
}

TS_AVX2 int32_t dot_avx2(const int8_t* w, int32_t weight_offset, const int16_t* x, int32_t k) {
  const __m256i offset = _mm256_set1_epi16(static_cast<int16_t>(weight_offset));
  __m256i sum = _mm256_setzero_si256();
  int32_t j = 0;
  for (; j + 16 <= k; j += 16) {
    const __m256i wv = _mm256_add_epi16(
        _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + j))), offset);
    const __m256i xv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + j));
    sum = _mm256_add_epi32(sum, _mm256_madd_epi16(wv, xv));
  }
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
  return ts_add_wrap(_mm_cvtsi128_si32(s), dot_portable(w + j, weight_offset, x + j, k - j));
}

// ts_multiply_by_quantized_multiplier on 8 lanes. SaturatingRoundingDoubling-
// HighMul's (ab + nudge) / 2^31 (truncating) equals floor((ab + 2^30) / 2^31)
// for either sign of ab, so the high half comes from a logical 64-bit shift;
// the a == b == INT32_MIN case saturates as in gemmlowp. kLeftShift and
// kSaturate drop the steps a table does not need (no positive shift; no
// INT32_MIN multiplier, which TFLite's QuantizeMultiplier never makes).
template <bool kLeftShift, bool kSaturate>
TS_AVX2 inline __m256i requant8(__m256i x, __m256i mult, __m256i lshift, __m256i rshift, __m256i mask,
                                __m256i half_mask) {
  if (kLeftShift) x = _mm256_sllv_epi32(x, lshift);
  const __m256i nudge = _mm256_set1_epi64x(int64_t{1} << 30);
  const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, mult), nudge), 31);
  const __m256i odd = _mm256_slli_epi64(
      _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(mult, 32)), nudge), 1);
  __m256i high = _mm256_blend_epi32(even, odd, 0xAA);
  if (kSaturate) {
    const __m256i int_min = _mm256_set1_epi32(TS_INT32_MIN_);
    const __m256i overflow = _mm256_and_si256(_mm256_cmpeq_epi32(x, int_min), _mm256_cmpeq_epi32(mult, int_min));
    high = _mm256_blendv_epi8(high, _mm256_set1_epi32(TS_INT32_MAX_), overflow);
  }
  // RoundingDivideByPOT: remainder > (mask >> 1) + (x < 0) rounds away from 0.
  const __m256i remainder = _mm256_and_si256(high, mask);
  const __m256i negative = _mm256_cmpgt_epi32(_mm256_setzero_si256(), high);
  const __m256i threshold = _mm256_sub_epi32(half_mask, negative);
  return _mm256_sub_epi32(_mm256_srav_epi32(high, rshift), _mm256_cmpgt_epi32(remainder, threshold));
}

TS_AVX2 inline __m256i lanes8(const std::vector<int32_t>& v, int32_t first) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v.data() + first));
}

template <bool kLeftShift, bool kSaturate>
TS_AVX2 void requantize_avx2(const int32_t* acc, int32_t rows, int64_t acc_stride, const RequantTable& t,
                             int8_t* out, int64_t out_stride) {
  const __m256i lo = _mm256_set1_epi32(t.act_min), hi = _mm256_set1_epi32(t.act_max);
  const __m256i offset = _mm256_set1_epi32(t.output_offset);
  const __m256i one = _mm256_set1_epi32(1);
  for (int32_t c = 0; c < t.channels; c += 8) {
    const __m256i bias = lanes8(t.bias, c), mult = lanes8(t.multiplier, c), ls = lanes8(t.left_shift, c),
                  rs = lanes8(t.right_shift, c);
    const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, rs), one);
    const __m256i half_mask = _mm256_srli_epi32(mask, 1);
    const int32_t width = std::min(8, t.channels - c);
    for (int32_t i = 0; i < rows; ++i) {
      const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + i * acc_stride + c));
      __m256i v = requant8<kLeftShift, kSaturate>(_mm256_add_epi32(x, bias), mult, ls, rs, mask, half_mask);
      v = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, offset), lo), hi);
      const __m128i w16 = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
      const __m128i w8 = _mm_packs_epi16(w16, w16);
      int8_t* dst = out + i * out_stride + c;
      if (width == 8) {
        _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), w8);
      } else {
        int8_t tmp[16];
        _mm_storeu_si128(reinterpret_cast<__m128i*>(tmp), w8);
        std::memcpy(dst, tmp, static_cast<size_t>(width));
      }
    }
  }
}

void requantize_avx2_dispatch(const int32_t* acc, int32_t rows, int64_t acc_stride, const RequantTable& t,
                              int8_t* out, int64_t out_stride) {
  const bool left = std::any_of(t.left_shift.begin(), t.left_shift.end(), [](int32_t s) { return s != 0; });
  const bool saturate =
      std::any_of(t.multiplier.begin(), t.multiplier.end(), [](int32_t m) { return m == TS_INT32_MIN_; });
  if (left && saturate) return requantize_avx2<true, true>(acc, rows, acc_stride, t, out, out_stride);
  if (left) return requantize_avx2<true, false>(acc, rows, acc_stride, t, out, out_stride);
  if (saturate) return requantize_avx2<false, true>(acc, rows, acc_stride, t, out, out_stride);
  requantize_avx2<false, false>(acc, rows, acc_stride, t, out, out_stride);
}

#endif  // TS_HAVE_X86

}  // namespace

GemmIsa gemm_isa() {
  const int forced = g_forced.load(std::memory_order_relaxed);
  if (forced == static_cast<int>(GemmIsa::Portable)) return GemmIsa::Portable;
  return cpu_has_avx2() ? GemmIsa::Avx2 : GemmIsa::Portable;
}

const char* gemm_isa_name(GemmIsa isa) { return isa == GemmIsa::Avx2 ? "AVX2" : "portable"; }
void force_gemm_isa(GemmIsa isa) { g_forced.store(static_cast<int>(isa)); }
void reset_gemm_isa() { g_forced.store(-1); }

void pack_weights(const int8_t* w, int32_t n, int32_t k, int64_t row_stride, int32_t weight_offset,
                  PackedWeights& out) {
  out.n = n;
  out.k = k;
  out.kp = gemm_row_length(k);
  out.np = (n + 7) & ~7;
  out.data.assign(static_cast<size_t>(out.kp) * static_cast<size_t>(out.np), 0);
  for (int32_t r = 0; r < n; ++r) {
    const int8_t* row = w + r * row_stride;
    int16_t* dst = out.data.data() + int64_t{r} * 2;
    const int64_t pair_stride = int64_t{out.np} * 2;
    for (int32_t j = 0; j < k; ++j) dst[(j >> 1) * pair_stride + (j & 1)] = static_cast<int16_t>(row[j] + weight_offset);
  }
}

void gemm_s16(const int16_t* const* rows, int32_t m, const int64_t* pair_offset, const PackedWeights& w,
              int32_t* acc) {
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) return gemm_avx2(rows, m, pair_offset, w, acc);
#endif
  gemm_portable(rows, m, pair_offset, w, acc);
}

void widen_s8(const int8_t* x, int64_t n, int32_t offset, int16_t* out) {
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) return widen_avx2(x, n, offset, out);
#endif
  widen_portable(x, n, offset, out);
}

int32_t dot_s8_s16(const int8_t* w, int32_t weight_offset, const int16_t* x, int32_t k) {
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) return dot_avx2(w, weight_offset, x, k);
#endif
  return dot_portable(w, weight_offset, x, k);
}

void make_requant_table(const Requant& rq, const int32_t* bias, int32_t channels, RequantTable& out) {
  const size_t padded = static_cast<size_t>((channels + 7) & ~7);
  out.channels = channels;
  out.bias.assign(padded, 0);
  out.multiplier.assign(padded, 0);
  out.left_shift.assign(padded, 0);
  out.right_shift.assign(padded, 0);
  const bool per_channel = rq.output_multiplier.size() > 1;
  for (int32_t c = 0; c < channels; ++c) {
    const size_t k = static_cast<size_t>(c), q = per_channel ? k : 0;
    out.bias[k] = bias ? bias[c] : 0;
    out.multiplier[k] = rq.output_multiplier[q];
    out.left_shift[k] = std::max(0, rq.output_shift[q]);
    out.right_shift[k] = std::max(0, -rq.output_shift[q]);
  }
  out.output_offset = rq.output_offset;
  out.act_min = rq.act_min;
  out.act_max = rq.act_max;
}

void requantize_rows(const int32_t* acc, int32_t rows, int64_t acc_stride, const RequantTable& t, int8_t* out,
                     int64_t out_stride) {
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) return requantize_avx2_dispatch(acc, rows, acc_stride, t, out, out_stride);
#endif
  requantize_portable(acc, rows, acc_stride, t, out, out_stride);
}

}  // namespace tinysim::kernels
