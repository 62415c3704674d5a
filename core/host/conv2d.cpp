// CONV_2D with TFLite reference-kernel arithmetic: NHWC input, OHWI filter,
// zero padding by skipping taps outside the image, grouped channels. The
// int8 and float forms here walk one tap at a time: they are the
// specification the GEMM kernels (conv2d_gemm.cpp) are tested and benched
// against; int16x8 runs here.
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

inline int64_t offset(const Dims4& d, int32_t n, int32_t h, int32_t w, int32_t c) {
  return ((int64_t{n} * d.h + h) * d.w + w) * d.c + c;
}

// Calls body(out_offset, out_channel, taps) where taps(fn) visits every
// (input offset, filter offset) pair that lies inside the image.
template <class Body>
void for_each_output(const ConvData& p, Body body) {
  const Dims4 &in = p.input_shape, &f = p.filter_shape, &out = p.output_shape;
  const int32_t filters_per_group = out.c / p.groups;
  for (int32_t b = 0; b < out.n; ++b)
    for (int32_t oy = 0; oy < out.h; ++oy) {
      const int32_t in_y0 = oy * p.stride_h - p.pad_h;
      for (int32_t ox = 0; ox < out.w; ++ox) {
        const int32_t in_x0 = ox * p.stride_w - p.pad_w;
        for (int32_t oc = 0; oc < out.c; ++oc) {
          const int32_t group = oc / filters_per_group;
          auto taps = [&](auto&& fn) {
            for (int32_t fy = 0; fy < f.h; ++fy) {
              const int32_t iy = in_y0 + p.dilation_h * fy;
              for (int32_t fx = 0; fx < f.w; ++fx) {
                const int32_t ix = in_x0 + p.dilation_w * fx;
                if (ix < 0 || ix >= in.w || iy < 0 || iy >= in.h) continue;
                const int64_t ib = offset(in, b, iy, ix, group * f.c);
                const int64_t fb = offset(f, oc, fy, fx, 0);
                for (int32_t ic = 0; ic < f.c; ++ic) fn(ib + ic, fb + ic);
              }
            }
          };
          body(offset(out, b, oy, ox, oc), oc, taps);
        }
      }
    }
}

}  // namespace

void conv2d_float_reference(const ConvData& p, const float* input, const float* filter, const float* bias, float* output) {
  for_each_output(p, [&](int64_t o, int32_t oc, auto taps) {
    float total = 0.f;
    taps([&](int64_t i, int64_t f) { total += input[i] * filter[f]; });
    const float b = bias ? bias[oc] : 0.f;
    output[o] = std::min(std::max(total + b, p.act_min_f), p.act_max_f);
  });
}

void conv2d_int8_reference(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 int8_t* output) {
  const int32_t input_offset = p.input_offset;
  for_each_output(p, [&](int64_t o, int32_t oc, auto taps) {
    int32_t acc = 0;
    taps([&](int64_t i, int64_t f) { acc += int32_t{filter[f]} * (int32_t{input[i]} + input_offset); });
    if (bias) acc += bias[oc];
    acc = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[static_cast<size_t>(oc)],
                                              p.output_shift[static_cast<size_t>(oc)]);
    acc += p.output_offset;
    output[o] = static_cast<int8_t>(ts_clamp_i32(acc, p.act_min, p.act_max));
  });
}

void conv2d_int16x8(const ConvData& p, const int16_t* input, const int8_t* filter, const void* bias,
                    int16_t* output) {
  const bool bias64 = p.bias_type == DType::Int64;
  for_each_output(p, [&](int64_t o, int32_t oc, auto taps) {
    const size_t c = static_cast<size_t>(oc);
    int32_t scaled = 0;
    if (bias64) {
      // TFLite ConvPerChannel<int64_t>: int64 accumulator, reduced multiplier.
      int64_t acc = 0;
      taps([&](int64_t i, int64_t f) { acc += int64_t{int32_t{filter[f]} * int32_t{input[i]}}; });
      if (bias) acc += static_cast<const int64_t*>(bias)[oc];
      scaled = ts_multiply_by_quantized_multiplier_64(acc, p.output_multiplier[c], p.output_shift[c]);
    } else {
      // ConvPerChannel<int32_t>: int32 accumulator, standard multiplier.
      int32_t acc = 0;
      taps([&](int64_t i, int64_t f) { acc += int32_t{filter[f]} * int32_t{input[i]}; });
      if (bias) acc += static_cast<const int32_t*>(bias)[oc];
      scaled = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[c], p.output_shift[c]);
    }
    output[o] = static_cast<int16_t>(ts_clamp_i32(scaled, p.act_min, p.act_max));
  });
}

}  // namespace tinysim::kernels
