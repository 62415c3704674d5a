// AVERAGE_POOL_2D / MAX_POOL_2D with TFLite reference arithmetic: the window
// is clipped to the image (padding cells do not count), int8 averages round
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

void max_run_portable(int8_t* dst, const int8_t* src, int32_t n) {
  for (int32_t c = 0; c < n; ++c) dst[c] = std::max(dst[c], src[c]);
}

#ifdef TS_HAVE_X86
TS_AVX2 void max_run_avx2(int8_t* dst, const int8_t* src, int32_t n) {
  int32_t c = 0;
  for (; c + 32 <= n; c += 32) {
    auto* d = reinterpret_cast<__m256i*>(dst + c);
    _mm256_storeu_si256(d, _mm256_max_epi8(_mm256_loadu_si256(d), _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + c))));
  }
  if (c + 16 <= n) {
    auto* d = reinterpret_cast<__m128i*>(dst + c);
    _mm_storeu_si128(d, _mm_max_epi8(_mm_loadu_si128(d), _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + c))));
    c += 16;
  }
  if (c + 8 <= n) {
    auto* d = reinterpret_cast<__m128i*>(dst + c);
    _mm_storel_epi64(d, _mm_max_epi8(_mm_loadl_epi64(d), _mm_loadl_epi64(reinterpret_cast<const __m128i*>(src + c))));
    c += 8;
  }
  max_run_portable(dst + c, src + c, n - c);
}
#endif

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
  for_each_window(p, [&](int64_t o, auto visit) {
    int32_t acc = 0;
    int32_t count = 0;
    visit([&](int64_t i) { acc += input[i]; ++count; });
    if (count == 0) count = 1;
    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
    output[o] = static_cast<int8_t>(ts_clamp_i32(acc, p.act_min, p.act_max));
  });
}

void max_pool_float(const PoolData& p, const float* input, float* output) {
  const int32_t channels = p.output_shape.c;
  for_each_pixel_window(p, [&](int64_t o, auto cells) {
    float* dst = output + o;
    std::fill(dst, dst + channels, std::numeric_limits<float>::lowest());
    cells([&](int64_t i) {
      for (int32_t c = 0; c < channels; ++c) dst[c] = std::max(dst[c], input[i + c]);
    });
    for (int32_t c = 0; c < channels; ++c) dst[c] = std::min(std::max(dst[c], p.act_min_f), p.act_max_f);
  });
}

void max_pool_int8(const PoolData& p, const int8_t* input, int8_t* output) {
  const int32_t channels = p.output_shape.c;
  auto run = max_run_portable;
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) run = max_run_avx2;
#endif
  for_each_pixel_window(p, [&](int64_t o, auto cells) {
    int8_t* dst = output + o;
    std::fill(dst, dst + channels, int8_t{-128});
    cells([&](int64_t i) { run(dst, input + i, channels); });
    for (int32_t c = 0; c < channels; ++c) dst[c] = static_cast<int8_t>(ts_clamp_i32(dst[c], p.act_min, p.act_max));
  });
}

}  // namespace tinysim::kernels
