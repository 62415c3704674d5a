// im2col for CONV_2D on the host: the input copied once into a zero-bordered
// image (elements converted on the way, e.g. int8 x -> int16 x + input_offset
// so a border cell contributes exactly what a skipped tap does: nothing);
// each output pixel's receptive field is then a few runs of that image from
// the pixel's window origin, gathered into one GEMM row in the filter's
// (fy, fx, c) order, or read in place by the int8 GEMM when every run has
// even length. Shared by the int8 and float conv kernels.
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

// Fills `padded` with the input's n images, each image row converted by
// convert_row(dst, src, elements), the border with `zero` (plus im2col's
// slack).
template <class In, class Out, class ConvertRow>
void pad_image(const ConvData& p, const PaddedGeometry& g, const In* input, Out zero, ConvertRow convert_row,
               std::vector<Out>& padded) {
  const Dims4& in = p.input_shape;
  padded.assign(static_cast<size_t>(g.image_elems() * in.n) + kIm2colSlack<Out>, zero);
  const int64_t row = int64_t{in.w} * in.c;
  for (int32_t b = 0; b < in.n; ++b)
    for (int32_t y = 0; y < in.h; ++y)
      convert_row(padded.data() + b * g.image_elems() + ((int64_t{y} + g.top) * g.width + g.left) * g.channels,
                  input + (int64_t{b} * in.h + y) * row, row);
}

// A pixel's receptive field (channel group `group` of every tap) as runs of
// contiguous elements of the bordered image, offsets from the window origin
// that window_origins gives; in the filter's (fy, fx, c) order.
struct Run {
  int64_t offset;
  int32_t length;
};
inline std::vector<Run> receptive_field_runs(const ConvData& p, const PaddedGeometry& g) {
  const Dims4& f = p.filter_shape;
  const int64_t pixel = g.channels, line = int64_t{g.width} * g.channels;
  std::vector<Run> runs;
  const bool contiguous_taps = p.dilation_w == 1 && f.c == g.channels;  // a filter row is one run
  for (int32_t fy = 0; fy < f.h; ++fy) {
    const int64_t row = int64_t{fy} * p.dilation_h * line;
    if (contiguous_taps) {
      runs.push_back({row, f.w * f.c});
      continue;
    }
    for (int32_t fx = 0; fx < f.w; ++fx) runs.push_back({row + int64_t{fx} * p.dilation_w * pixel, f.c});
  }
  return runs;
}

// origins[i] = the bordered image's element at output pixel first + i's
// window origin (flat pixel index over b, oy, ox), channel group `group`.
template <class T>
void window_origins(const ConvData& p, const PaddedGeometry& g, const T* padded, int32_t group, int64_t first,
                    int32_t rows, const T** origins) {
  const Dims4& out = p.output_shape;
  const int64_t pixel = g.channels, line = int64_t{g.width} * g.channels;
  int32_t ox = static_cast<int32_t>(first % out.w);
  int32_t oy = static_cast<int32_t>((first / out.w) % out.h);
  int64_t b = first / (int64_t{out.w} * out.h);
  for (int32_t i = 0; i < rows; ++i) {
    origins[i] = padded + b * g.image_elems() + int64_t{oy} * p.stride_h * line + int64_t{ox} * p.stride_w * pixel +
                 int64_t{group} * p.filter_shape.c;
    if (++ox == out.w) {
      ox = 0;
      if (++oy == out.h) {
        oy = 0;
        ++b;
      }
    }
  }
}

// Copies n elements in 16-byte steps: up to 15 bytes past dst + n and
// src + n are touched (the callers' buffers carry kIm2colSlack elements).
template <class T>
inline void copy_run(T* dst, const T* src, int32_t n) {
  constexpr int32_t kStep = 16 / sizeof(T);
  for (int32_t j = 0; j < n; j += kStep) std::memcpy(dst + j, src + j, 16);
}

// GEMM rows from window origins: row i of a (stride row_len) is the
// receptive field's runs one after the other, then `zero` up to row_len.
// `a` needs kIm2colSlack<T> spare elements at its end.
template <class T>
void im2col_rows(const std::vector<Run>& runs, const T* const* origins, int32_t rows, int32_t row_len, T zero,
                 T* a) {
  for (int32_t i = 0; i < rows; ++i) {
    T* row = a + int64_t{i} * row_len;
    T* dst = row;
    for (const Run& r : runs) {
      copy_run(dst, origins[i] + r.offset, r.length);
      dst += r.length;
    }
    for (T* end = row + row_len; dst < end; ++dst) *dst = zero;
  }
}

}  // namespace tinysim::kernels
