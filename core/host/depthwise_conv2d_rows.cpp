// DEPTHWISE_CONV_2D int8 over a bordered int16 image: every output channel's
// input value (input channel oc / depth_multiplier, plus input_offset; 0 in
// the border) laid out per pixel, so each tap is one multiply-add over a run
// of channels with no bounds checks, eight channels per AVX2 step. Exact
// int32 sums and the shared requantization (int8_gemm.h): the same bits as
// depthwise_conv2d_int8_reference.
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/conv_im2col.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"
#include "core/host/simd.h"

namespace tinysim::kernels {
namespace {

struct Scratch {
  std::vector<int16_t> padded, filter;  // filter: [tap][channels rounded to 8]
  std::vector<int32_t> acc;
  std::vector<int64_t> tap_offsets;  // from a pixel's window origin, in elements
  RequantTable requant;
};

// One output pixel's channels [0, np): acc[c] = sum over taps of x[c] * w[c].
void pixel_portable(const int16_t* origin, const Scratch& s, int32_t np, int32_t* acc) {
  std::fill(acc, acc + np, 0);
  for (size_t t = 0; t < s.tap_offsets.size(); ++t) {
    const int16_t* x = origin + s.tap_offsets[t];
    const int16_t* w = s.filter.data() + t * static_cast<size_t>(np);
    for (int32_t c = 0; c < np; ++c) acc[c] = ts_add_wrap(acc[c], int32_t{x[c]} * w[c]);
  }
}

#ifdef TS_HAVE_X86
TS_AVX2 void pixel_avx2(const int16_t* origin, const Scratch& s, int32_t np, int32_t* acc) {
  for (int32_t c = 0; c < np; c += 8) {
    __m256i sum = _mm256_setzero_si256();
    for (size_t t = 0; t < s.tap_offsets.size(); ++t) {
      const __m256i x = _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(origin + s.tap_offsets[t] + c)));
      const __m256i w = _mm256_cvtepi16_epi32(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.filter.data() + t * static_cast<size_t>(np) + c)));
      sum = _mm256_add_epi32(sum, _mm256_mullo_epi32(x, w));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + c), sum);
  }
}
#endif

}  // namespace

void depthwise_conv2d_int8(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           int8_t* output) {
  thread_local Scratch s;
  const Dims4 &in = p.input_shape, &out = p.output_shape;
  const int32_t channels = out.c, np = (channels + 7) & ~7, dm = p.depth_multiplier;
  PaddedGeometry g(p);
  g.channels = channels;
  // The bordered image in output-channel order; 8 elements of slack so the
  // last pixel's channel block may read past its end (those lanes meet zero
  // weights).
  s.padded.assign(static_cast<size_t>(g.image_elems() * in.n + 8), 0);
  for (int32_t b = 0; b < in.n; ++b)
    for (int32_t y = 0; y < in.h; ++y)
      for (int32_t x = 0; x < in.w; ++x) {
        const int8_t* src = input + ((int64_t{b} * in.h + y) * in.w + x) * in.c;
        int16_t* dst = s.padded.data() + b * g.image_elems() + ((int64_t{y} + g.top) * g.width + x + g.left) * channels;
        for (int32_t ic = 0; ic < in.c; ++ic)
          for (int32_t m = 0; m < dm; ++m) dst[ic * dm + m] = static_cast<int16_t>(src[ic] + p.input_offset);
      }
  const int32_t taps = p.filter_h * p.filter_w;
  s.filter.assign(static_cast<size_t>(taps) * static_cast<size_t>(np), 0);
  s.tap_offsets.clear();
  for (int32_t fy = 0; fy < p.filter_h; ++fy)
    for (int32_t fx = 0; fx < p.filter_w; ++fx) {
      const int32_t t = fy * p.filter_w + fx;
      for (int32_t oc = 0; oc < channels; ++oc)
        s.filter[static_cast<size_t>(t) * static_cast<size_t>(np) + static_cast<size_t>(oc)] =
            filter[int64_t{t} * channels + oc];
      s.tap_offsets.push_back((int64_t{fy} * p.dilation_h * g.width + int64_t{fx} * p.dilation_w) * channels);
    }
  make_requant_table(p, bias, channels, s.requant);
  const bool avx2 = gemm_isa() == GemmIsa::Avx2;
  const int64_t pixels = int64_t{out.n} * out.h * out.w;
  constexpr int32_t kChunk = 64;
  s.acc.resize(static_cast<size_t>(kChunk) * static_cast<size_t>(np));
  for (int64_t r = 0; r < pixels; r += kChunk) {
    const int32_t rows = static_cast<int32_t>(std::min<int64_t>(kChunk, pixels - r));
    for (int32_t i = 0; i < rows; ++i) {
      const int64_t pix = r + i;
      const int64_t ox = pix % out.w, oy = (pix / out.w) % out.h, b = pix / (int64_t{out.w} * out.h);
      const int16_t* origin = s.padded.data() + b * g.image_elems() +
                              (oy * p.stride_h * g.width + ox * p.stride_w) * channels;
      int32_t* acc = s.acc.data() + int64_t{i} * np;
#ifdef TS_HAVE_X86
      if (avx2) {
        pixel_avx2(origin, s, np, acc);
        continue;
      }
#endif
      pixel_portable(origin, s, np, acc);
    }
    requantize_rows(s.acc.data(), rows, np, s.requant, output + r * channels, channels);
  }
  (void)avx2;
}

}  // namespace tinysim::kernels
