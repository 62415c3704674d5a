// AVERAGE_POOL_2D / MAX_POOL_2D with TFLite reference arithmetic: the window
// is clipped to the image (padding cells do not count), int8/int16 averages round
// half away from zero. Max pooling runs over whole channel runs per window
// cell (NHWC keeps a pixel's channels contiguous), 32 int8 lanes per AVX2
// step; a maximum does not depend on the order it is taken in.
#include <algorithm>
#include <limits>

#include "core/common/fixed_point.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"
#include "core/host/simd.h"

namespace tinysim::kernels {
namespace {

inline int64_t offset(const Dims4& d, int32_t n, int32_t h, int32_t w, int32_t c) {
  return ((int64_t{n} * d.h + h) * d.w + w) * d.c + c;
}

// body(out_offset, visit) where visit(fn) calls fn(input_offset) per window cell.
template <class Body>
void for_each_window(const PoolData& p, Body body) {
  const Dims4 &in = p.input_shape, &out = p.output_shape;
  for (int32_t b = 0; b < out.n; ++b)
    for (int32_t oy = 0; oy < out.h; ++oy)
      for (int32_t ox = 0; ox < out.w; ++ox)
        for (int32_t c = 0; c < out.c; ++c) {
          const int32_t in_x0 = ox * p.stride_w - p.pad_w;
          const int32_t in_y0 = oy * p.stride_h - p.pad_h;
          const int32_t fx0 = std::max(0, -in_x0), fx1 = std::min(p.filter_w, in.w - in_x0);
          const int32_t fy0 = std::max(0, -in_y0), fy1 = std::min(p.filter_h, in.h - in_y0);
          auto visit = [&](auto&& fn) {
            for (int32_t fy = fy0; fy < fy1; ++fy)
              for (int32_t fx = fx0; fx < fx1; ++fx) fn(offset(in, b, in_y0 + fy, in_x0 + fx, c));
          };
          body(offset(out, b, oy, ox, c), visit);
        }
}

// body(out_offset, cells(fn)) per output pixel, where cells calls fn(input
// offset of channel 0) for every window cell inside the image.
template <class Body>
void for_each_pixel_window(const PoolData& p, Body body) {
  const Dims4 &in = p.input_shape, &out = p.output_shape;
  for (int32_t b = 0; b < out.n; ++b)
    for (int32_t oy = 0; oy < out.h; ++oy) {
      const int32_t in_y0 = oy * p.stride_h - p.pad_h;
      const int32_t fy0 = std::max(0, -in_y0), fy1 = std::min(p.filter_h, in.h - in_y0);
      for (int32_t ox = 0; ox < out.w; ++ox) {
        const int32_t in_x0 = ox * p.stride_w - p.pad_w;
        const int32_t fx0 = std::max(0, -in_x0), fx1 = std::min(p.filter_w, in.w - in_x0);
        auto cells = [&](auto&& fn) {
          for (int32_t fy = fy0; fy < fy1; ++fy)
            for (int32_t fx = fx0; fx < fx1; ++fx) fn(offset(in, b, in_y0 + fy, in_x0 + fx, 0));
        };
        body(offset(out, b, oy, ox, 0), cells);
      }
    }
}

// One output pixel of int8 / int16 max pooling: dst[c] = clamp(max over the
// window cells' input rows), cells given as offsets from `input`.
template <class T>
void max_pixel_portable(T* dst, const T* input, const int64_t* cells, int32_t n_cells, int32_t channels, int32_t lo,
                        int32_t hi) {
  for (int32_t c = 0; c < channels; ++c) {
    int32_t m = std::numeric_limits<T>::min();
    for (int32_t k = 0; k < n_cells; ++k) m = std::max(m, int32_t{input[cells[k] + c]});
    dst[c] = static_cast<T>(ts_clamp_i32(m, lo, hi));
  }
}

// TFLite reference_integer_ops::AveragePool (int8 and int16): the in-image
// cells summed in int32, divided rounding half away from zero.
template <class T>
void average_pool_integer(const PoolData& p, const T* input, T* output) {
  for_each_window(p, [&](int64_t o, auto visit) {
    int32_t acc = 0;
    int32_t count = 0;
    visit([&](int64_t i) { acc += input[i]; ++count; });
    if (count == 0) count = 1;
    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
    output[o] = static_cast<T>(ts_clamp_i32(acc, p.act_min, p.act_max));
  });
}

#ifdef TS_HAVE_X86
// 16 channels per step (8 for a short tail), the running maximum in a
// register across the window's cells.
TS_AVX2 void max_pixel_avx2(int8_t* dst, const int8_t* input, const int64_t* cells, int32_t n_cells,
                            int32_t channels, int32_t lo, int32_t hi) {
  const __m128i vlo = _mm_set1_epi8(static_cast<int8_t>(lo)), vhi = _mm_set1_epi8(static_cast<int8_t>(hi));
  int32_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    __m128i m = _mm_set1_epi8(-128);
    for (int32_t k = 0; k < n_cells; ++k)
      m = _mm_max_epi8(m, _mm_loadu_si128(reinterpret_cast<const __m128i*>(input + cells[k] + c)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + c), _mm_min_epi8(_mm_max_epi8(m, vlo), vhi));
  }
  if (c + 8 <= channels) {
    __m128i m = _mm_set1_epi8(-128);
    for (int32_t k = 0; k < n_cells; ++k)
      m = _mm_max_epi8(m, _mm_loadl_epi64(reinterpret_cast<const __m128i*>(input + cells[k] + c)));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + c), _mm_min_epi8(_mm_max_epi8(m, vlo), vhi));
    c += 8;
  }
  if (c < channels) max_pixel_portable<int8_t>(dst + c, input + c, cells, n_cells, channels - c, lo, hi);
}
#endif

// Float max pooling, one output pixel: std::max / std::min in the reference's
// operand order, so equal and NaN operands give the reference's result.
void max_pixel_float_portable(float* dst, const float* input, const int64_t* cells, int32_t n_cells,
                              int32_t channels, float lo, float hi) {
  for (int32_t c = 0; c < channels; ++c) {
    float m = std::numeric_limits<float>::lowest();
    for (int32_t k = 0; k < n_cells; ++k) m = std::max(m, input[cells[k] + c]);
    dst[c] = std::min(std::max(m, lo), hi);
  }
}

#ifdef TS_HAVE_X86
// _mm256_max_ps(a, b) is a > b ? a : b, so max_ps(x, m) = std::max(m, x).
TS_AVX2 void max_pixel_float_avx2(float* dst, const float* input, const int64_t* cells, int32_t n_cells,
                                  int32_t channels, float lo, float hi) {
  const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
  int32_t c = 0;
  for (; c + 8 <= channels; c += 8) {
    __m256 m = _mm256_set1_ps(std::numeric_limits<float>::lowest());
    for (int32_t k = 0; k < n_cells; ++k) m = _mm256_max_ps(_mm256_loadu_ps(input + cells[k] + c), m);
    _mm256_storeu_ps(dst + c, _mm256_min_ps(vhi, _mm256_max_ps(vlo, m)));
  }
  if (c < channels) max_pixel_float_portable(dst + c, input + c, cells, n_cells, channels - c, lo, hi);
}
#endif

// Runs pixel(dst, input, cells, n_cells, channels, lo, hi) per output pixel.
template <class T, class Pixel, class Bound>
void max_pool(const PoolData& p, const T* input, T* output, Pixel pixel, Bound lo, Bound hi) {
  thread_local std::vector<int64_t> cells;
  cells.resize(static_cast<size_t>(std::max(1, p.filter_h * p.filter_w)));
  for_each_pixel_window(p, [&](int64_t o, auto visit) {
    int32_t n = 0;
    visit([&](int64_t i) { cells[static_cast<size_t>(n++)] = i; });
    pixel(output + o, input, cells.data(), n, p.output_shape.c, lo, hi);
  });
}

}  // namespace

void average_pool_float(const PoolData& p, const float* input, float* output) {
  for_each_window(p, [&](int64_t o, auto visit) {
    float total = 0.f;
    int32_t count = 0;
    visit([&](int64_t i) { total += input[i]; ++count; });
    const float avg = count ? total / static_cast<float>(count) : 0.f;
    output[o] = std::min(std::max(avg, p.act_min_f), p.act_max_f);
  });
}

void average_pool_int8(const PoolData& p, const int8_t* input, int8_t* output) {
  average_pool_integer(p, input, output);
}

void average_pool_int16(const PoolData& p, const int16_t* input, int16_t* output) {
  average_pool_integer(p, input, output);
}

void max_pool_float(const PoolData& p, const float* input, float* output) {
  auto pixel = max_pixel_float_portable;
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) pixel = max_pixel_float_avx2;
#endif
  max_pool(p, input, output, pixel, p.act_min_f, p.act_max_f);
}

void max_pool_int8(const PoolData& p, const int8_t* input, int8_t* output) {
  auto pixel = max_pixel_portable<int8_t>;
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) pixel = max_pixel_avx2;
#endif
  max_pool(p, input, output, pixel, p.act_min, p.act_max);
}

void max_pool_int16(const PoolData& p, const int16_t* input, int16_t* output) {
  max_pool(p, input, output, max_pixel_portable<int16_t>, p.act_min, p.act_max);
}

}  // namespace tinysim::kernels
