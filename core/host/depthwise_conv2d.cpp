// DEPTHWISE_CONV_2D with TFLite reference arithmetic: filter [1, H, W, C*M],
// output channel = input channel * depth_multiplier + m. The int8 and float
// forms here walk one tap at a time (the specification
// depthwise_conv2d_rows.cpp is tested against).
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

inline int64_t offset(const Dims4& d, int32_t n, int32_t h, int32_t w, int32_t c) {
  return ((int64_t{n} * d.h + h) * d.w + w) * d.c + c;
}

template <class Body>
void for_each_output(const ConvData& p, Body body) {
  const Dims4 &in = p.input_shape, &f = p.filter_shape, &out = p.output_shape;
  for (int32_t b = 0; b < out.n; ++b)
    for (int32_t oy = 0; oy < out.h; ++oy)
      for (int32_t ox = 0; ox < out.w; ++ox)
        for (int32_t ic = 0; ic < in.c; ++ic)
          for (int32_t m = 0; m < p.depth_multiplier; ++m) {
            const int32_t oc = m + ic * p.depth_multiplier;
            const int32_t in_x0 = ox * p.stride_w - p.pad_w;
            const int32_t in_y0 = oy * p.stride_h - p.pad_h;
            auto taps = [&](auto&& fn) {
              for (int32_t fy = 0; fy < f.h; ++fy)
                for (int32_t fx = 0; fx < f.w; ++fx) {
                  const int32_t ix = in_x0 + p.dilation_w * fx;
                  const int32_t iy = in_y0 + p.dilation_h * fy;
                  if (ix < 0 || ix >= in.w || iy < 0 || iy >= in.h) continue;
                  fn(offset(in, b, iy, ix, ic), offset(f, 0, fy, fx, oc));
                }
            };
            body(offset(out, b, oy, ox, oc), oc, taps);
          }
}

}  // namespace

void depthwise_conv2d_float_reference(const ConvData& p, const float* input, const float* filter, const float* bias,
                            float* output) {
  for_each_output(p, [&](int64_t o, int32_t oc, auto taps) {
    float total = 0.f;
    taps([&](int64_t i, int64_t f) { total += input[i] * filter[f]; });
    const float b = bias ? bias[oc] : 0.f;
    output[o] = std::min(std::max(total + b, p.act_min_f), p.act_max_f);
  });
}

void depthwise_conv2d_int8_reference(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           int8_t* output) {
  for_each_output(p, [&](int64_t o, int32_t oc, auto taps) {
    int32_t acc = 0;
    taps([&](int64_t i, int64_t f) { acc += int32_t{filter[f]} * (int32_t{input[i]} + p.input_offset); });
    if (bias) acc += bias[oc];
    acc = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[static_cast<size_t>(oc)],
                                              p.output_shift[static_cast<size_t>(oc)]);
    acc += p.output_offset;
    output[o] = static_cast<int8_t>(ts_clamp_i32(acc, p.act_min, p.act_max));
  });
}

void depthwise_conv2d_int16x8(const ConvData& p, const int16_t* input, const int8_t* filter, const int64_t* bias,
                              int16_t* output) {
  for_each_output(p, [&](int64_t o, int32_t oc, auto taps) {
    int64_t acc = 0;
    taps([&](int64_t i, int64_t f) { acc += int64_t{int32_t{filter[f]} * int32_t{input[i]}}; });
    if (bias) acc += bias[oc];
    const int32_t scaled = ts_multiply_by_quantized_multiplier_64(acc, p.output_multiplier[static_cast<size_t>(oc)],
                                                                  p.output_shift[static_cast<size_t>(oc)]);
    output[o] = static_cast<int16_t>(ts_clamp_i32(scaled, p.act_min, p.act_max));
  });
}

}  // namespace tinysim::kernels
