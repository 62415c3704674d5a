// im2col for CONV_2D on the host: the input copied once into a zero-bordered
// image (elements converted on the way, e.g. int8 x -> int16 x + input_offset
// so a border cell contributes exactly what a skipped tap does: nothing),
// then each output pixel's receptive field gathered into one GEMM row in the
// filter's (fy, fx, c) order. Shared by the int8 and float conv kernels.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/host/op_data.h"

namespace tinysim::kernels {

// Spare elements at the end of im2col's buffers (see copy_run).
template <class T>
constexpr size_t kIm2colSlack = 16 / sizeof(T);

// The bordered image: every input coordinate any tap reads exists in it.
struct PaddedGeometry {
  int32_t top = 0, left = 0, height = 0, width = 0, channels = 0;

  explicit PaddedGeometry(const ConvData& p) {
    const Dims4 &in = p.input_shape, &out = p.output_shape;
    top = p.pad_h;
    left = p.pad_w;
    const int32_t last_y = (out.h - 1) * p.stride_h - p.pad_h + (p.filter_h - 1) * p.dilation_h;
    const int32_t last_x = (out.w - 1) * p.stride_w - p.pad_w + (p.filter_w - 1) * p.dilation_w;
    height = top + std::max(in.h, last_y + 1);
    width = left + std::max(in.w, last_x + 1);
    channels = in.c;
  }
  int64_t image_elems() const { return int64_t{height} * width * channels; }
};

// Fills `padded` with the input's n images, each element convert(x), the
// border with `zero` (plus im2col's slack).
template <class In, class Out, class Convert>
void pad_image(const ConvData& p, const PaddedGeometry& g, const In* input, Out zero, Convert convert,
               std::vector<Out>& padded) {
  const Dims4& in = p.input_shape;
  padded.assign(static_cast<size_t>(g.image_elems() * in.n) + kIm2colSlack<Out>, zero);
  const int64_t row = int64_t{in.w} * in.c;
  for (int32_t b = 0; b < in.n; ++b)
    for (int32_t y = 0; y < in.h; ++y) {
      const In* src = input + (int64_t{b} * in.h + y) * row;
      Out* dst = padded.data() + b * g.image_elems() + ((int64_t{y} + g.top) * g.width + g.left) * g.channels;
      for (int64_t i = 0; i < row; ++i) dst[i] = convert(src[i]);
    }
}

// Copies n elements in 16-byte steps: up to 15 bytes past dst + n and
// src + n are touched (the callers' buffers carry kIm2colSlack elements).
template <class T>
inline void copy_run(T* dst, const T* src, int32_t n) {
  constexpr int32_t kStep = 16 / sizeof(T);
  for (int32_t j = 0; j < n; j += kStep) std::memcpy(dst + j, src + j, 16);
}
// Rows [first, first + rows) of the flat output pixel index (b, oy, ox) for
// channel group `group`, into a (row stride row_len; columns past the
// receptive field set to `zero`). `padded` and `a` need kIm2colSlack<T>
// spare elements at their ends.
template <class T>
void im2col_rows(const ConvData& p, const PaddedGeometry& g, const T* padded, int32_t group, int64_t first,
                 int32_t rows, int32_t row_len, T zero, T* a) {
  const Dims4 &out = p.output_shape, &f = p.filter_shape;
  const int32_t taps_w = f.w, fc = f.c;
  const int64_t pixel = g.channels, line = int64_t{g.width} * g.channels;
  const int32_t k = f.h * f.w * fc;
  const bool contiguous_taps = p.dilation_w == 1 && fc == g.channels;  // a filter row is one run
  int32_t ox = static_cast<int32_t>(first % out.w);
  int32_t oy = static_cast<int32_t>((first / out.w) % out.h);
  int64_t b = first / (int64_t{out.w} * out.h);
  for (int32_t i = 0; i < rows; ++i) {
    const T* base = padded + b * g.image_elems() + int64_t{oy} * p.stride_h * line + int64_t{ox} * p.stride_w * pixel +
                    int64_t{group} * fc;
    T* dst = a + int64_t{i} * row_len;
    for (int32_t fy = 0; fy < f.h; ++fy) {
      const T* src = base + int64_t{fy} * p.dilation_h * line;
      if (contiguous_taps) {
        copy_run(dst, src, taps_w * fc);
        dst += taps_w * fc;
      } else {
        for (int32_t fx = 0; fx < taps_w; ++fx, dst += fc) copy_run(dst, src + int64_t{fx} * p.dilation_w * pixel, fc);
      }
    }
    for (int32_t j = k; j < row_len; ++j) a[int64_t{i} * row_len + j] = zero;
    if (++ox == out.w) {
      ox = 0;
      if (++oy == out.h) {
        oy = 0;
        ++b;
      }
    }
  }
}

}  // namespace tinysim::kernels
