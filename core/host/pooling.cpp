// AVERAGE_POOL_2D / MAX_POOL_2D with TFLite reference arithmetic: the window
// is clipped to the image (padding cells do not count), int8 averages round
// half away from zero.
#include <algorithm>
#include <limits>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

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
  for_each_window(p, [&](int64_t o, auto visit) {
    float m = std::numeric_limits<float>::lowest();
    visit([&](int64_t i) { m = std::max(m, input[i]); });
    output[o] = std::min(std::max(m, p.act_min_f), p.act_max_f);
  });
}

void max_pool_int8(const PoolData& p, const int8_t* input, int8_t* output) {
  for_each_window(p, [&](int64_t o, auto visit) {
    int32_t m = -128;
    visit([&](int64_t i) { m = std::max(m, int32_t{input[i]}); });
    output[o] = static_cast<int8_t>(ts_clamp_i32(m, p.act_min, p.act_max));
  });
}

}  // namespace tinysim::kernels
