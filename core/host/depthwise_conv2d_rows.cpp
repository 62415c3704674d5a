// DEPTHWISE_CONV_2D int8 and float over a bordered image: every output
// channel's input value (input channel oc / depth_multiplier; int8 plus
// input_offset, widened to int16; 0 in the border) laid out per pixel, so
// each tap is one multiply-add over a run of channels with no bounds checks,
// eight channels per AVX2 step. int8: exact int32 sums and the shared
// requantization (int8_gemm.h), the same bits as
// depthwise_conv2d_int8_reference. float: the reference loop's operations in
// its order (a tap in the border adds x * w = +-0, so outputs equal the
// loop's as values; only the sign of an all-zero sum may differ).
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/conv_im2col.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"
#include "core/host/simd.h"

namespace tinysim::kernels {
namespace {

// The bordered image in output-channel order, the filter as [tap][np]
// (channels rounded up to 8, zero weights past them) and each tap's offset
// from a pixel's window origin.
template <class T>
struct Layout {
  PaddedGeometry geometry;
  int32_t channels = 0, np = 0;
  std::vector<T> padded, filter;
  std::vector<int64_t> tap_offsets;
  explicit Layout(const ConvData& p) : geometry(p) {}
};

template <class T, class In, class W, class Convert>
void lay_out(const ConvData& p, const In* input, const W* filter, Convert convert, Layout<T>& l) {
  const Dims4& in = p.input_shape;
  const int32_t dm = p.depth_multiplier;
  l.channels = p.output_shape.c;
  l.np = (l.channels + 7) & ~7;
  PaddedGeometry& g = l.geometry;
  g.channels = l.channels;
  // 8 elements of slack: the last pixel's channel block may read past its
  // end (those lanes meet zero weights).
  l.padded.assign(static_cast<size_t>(g.image_elems() * in.n + 8), T{0});
  for (int32_t b = 0; b < in.n; ++b)
    for (int32_t y = 0; y < in.h; ++y)
      for (int32_t x = 0; x < in.w; ++x) {
        const In* src = input + ((int64_t{b} * in.h + y) * in.w + x) * in.c;
        T* dst = l.padded.data() + b * g.image_elems() + ((int64_t{y} + g.top) * g.width + x + g.left) * l.channels;
        for (int32_t ic = 0; ic < in.c; ++ic)
          for (int32_t m = 0; m < dm; ++m) dst[ic * dm + m] = convert(src[ic]);
      }
  const int32_t taps = p.filter_h * p.filter_w;
  l.filter.assign(static_cast<size_t>(taps) * static_cast<size_t>(l.np), T{0});
  l.tap_offsets.clear();
  for (int32_t fy = 0; fy < p.filter_h; ++fy)
    for (int32_t fx = 0; fx < p.filter_w; ++fx) {
      const int32_t t = fy * p.filter_w + fx;
      for (int32_t oc = 0; oc < l.channels; ++oc)
        l.filter[static_cast<size_t>(t) * static_cast<size_t>(l.np) + static_cast<size_t>(oc)] =
            static_cast<T>(filter[int64_t{t} * l.channels + oc]);
      l.tap_offsets.push_back((int64_t{fy} * p.dilation_h * g.width + int64_t{fx} * p.dilation_w) * l.channels);
    }
}

// Calls pixel(origin, flat pixel index, index within the chunk) for every
// output pixel, in chunks of 64, then done(first pixel, rows) per chunk.
template <class T, class Pixel, class Done>
void for_each_pixel(const ConvData& p, const Layout<T>& l, Pixel pixel, Done done) {
  const Dims4& out = p.output_shape;
  const PaddedGeometry& g = l.geometry;
  const int64_t pixels = int64_t{out.n} * out.h * out.w;
  constexpr int32_t kChunk = 64;
  for (int64_t r = 0; r < pixels; r += kChunk) {
    const int32_t rows = static_cast<int32_t>(std::min<int64_t>(kChunk, pixels - r));
    for (int32_t i = 0; i < rows; ++i) {
      const int64_t pix = r + i;
      const int64_t ox = pix % out.w, oy = (pix / out.w) % out.h, b = pix / (int64_t{out.w} * out.h);
      pixel(l.padded.data() + b * g.image_elems() + (oy * p.stride_h * g.width + ox * p.stride_w) * l.channels, pix,
            i);
    }
    done(r, rows);
  }
}

// One output pixel's channels [0, np): acc[c] = sum over taps of x[c] * w[c].
void pixel_int8_portable(const int16_t* origin, const Layout<int16_t>& l, int32_t* acc) {
  std::fill(acc, acc + l.np, 0);
  for (size_t t = 0; t < l.tap_offsets.size(); ++t) {
    const int16_t* x = origin + l.tap_offsets[t];
    const int16_t* w = l.filter.data() + t * static_cast<size_t>(l.np);
    for (int32_t c = 0; c < l.np; ++c) acc[c] = ts_add_wrap(acc[c], int32_t{x[c]} * w[c]);
  }
}

// total[c] = 0, then += x * w per tap in the filter's order (the reference's
// float operations), + bias, clamped.
void pixel_float_portable(const float* origin, const Layout<float>& l, const float* bias, float lo, float hi,
                          float* out, int32_t first_channel = 0) {
  for (int32_t c = first_channel; c < l.channels; ++c) {
    float total = 0.f;
    for (size_t t = 0; t < l.tap_offsets.size(); ++t)
      total += origin[l.tap_offsets[t] + c] * l.filter[t * static_cast<size_t>(l.np) + static_cast<size_t>(c)];
    out[c] = std::min(std::max(total + (bias ? bias[c] : 0.f), lo), hi);
  }
}

#ifdef TS_HAVE_X86
TS_AVX2 void pixel_int8_avx2(const int16_t* origin, const Layout<int16_t>& l, int32_t* acc) {
  for (int32_t c = 0; c < l.np; c += 8) {
    __m256i sum = _mm256_setzero_si256();
    for (size_t t = 0; t < l.tap_offsets.size(); ++t) {
      const __m256i x =
          _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(origin + l.tap_offsets[t] + c)));
      const __m256i w = _mm256_cvtepi16_epi32(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(l.filter.data() + t * static_cast<size_t>(l.np) + c)));
      sum = _mm256_add_epi32(sum, _mm256_mullo_epi32(x, w));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + c), sum);
  }
}

// No FMA (the "avx2" target has none): a separate multiply and add per tap,
// as the reference compiles. max/min operand order keeps std::max/min's
// result for equal and NaN operands.
TS_AVX2 void pixel_float_avx2(const float* origin, const Layout<float>& l, const float* bias, float lo, float hi,
                              float* out) {
  const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
  int32_t c = 0;
  for (; c + 8 <= l.channels; c += 8) {
    __m256 total = _mm256_setzero_ps();
    for (size_t t = 0; t < l.tap_offsets.size(); ++t)
      total = _mm256_add_ps(total, _mm256_mul_ps(_mm256_loadu_ps(origin + l.tap_offsets[t] + c),
                                                 _mm256_loadu_ps(l.filter.data() + t * static_cast<size_t>(l.np) + c)));
    const __m256 v = _mm256_add_ps(total, bias ? _mm256_loadu_ps(bias + c) : _mm256_setzero_ps());
    _mm256_storeu_ps(out + c, _mm256_min_ps(vhi, _mm256_max_ps(vlo, v)));
  }
  pixel_float_portable(origin, l, bias, lo, hi, out, c);
}
#endif

}  // namespace

void depthwise_conv2d_int8(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           int8_t* output) {
  struct Scratch {
    std::vector<int32_t> acc;
    RequantTable requant;
  };
  thread_local Scratch s;
  thread_local Layout<int16_t> l(p);
  l.geometry = PaddedGeometry(p);
  const int32_t offset = p.input_offset;
  lay_out(p, input, filter, [offset](int8_t x) { return static_cast<int16_t>(x + offset); }, l);
  make_requant_table(p, bias, l.channels, s.requant);
  auto pixel = pixel_int8_portable;
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) pixel = pixel_int8_avx2;
#endif
  s.acc.resize(static_cast<size_t>(64) * static_cast<size_t>(l.np));
  for_each_pixel(
      p, l, [&](const int16_t* origin, int64_t, int32_t i) { pixel(origin, l, s.acc.data() + int64_t{i} * l.np); },
      [&](int64_t first, int32_t rows) {
        requantize_rows(s.acc.data(), rows, l.np, s.requant, output + first * l.channels, l.channels);
      });
}

void depthwise_conv2d_float(const ConvData& p, const float* input, const float* filter, const float* bias,
                            float* output) {
  thread_local Layout<float> l(p);
  l.geometry = PaddedGeometry(p);
  lay_out(p, input, filter, [](float x) { return x; }, l);
  const bool avx2 = gemm_isa() == GemmIsa::Avx2;
  for_each_pixel(
      p, l,
      [&](const float* origin, int64_t pix, int32_t) {
        float* out = output + pix * l.channels;
#ifdef TS_HAVE_X86
        if (avx2) return pixel_float_avx2(origin, l, bias, p.act_min_f, p.act_max_f, out);
#endif
        pixel_float_portable(origin, l, bias, p.act_min_f, p.act_max_f, out);
      },
      [](int64_t, int32_t) {});
  (void)avx2;
}

}  // namespace tinysim::kernels
