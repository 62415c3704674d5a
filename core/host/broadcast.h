// 4-D broadcasting of binary element-wise ops (an operand dimension of 1
// repeats), TFLite's BroadcastBinaryFunction4DSlow order: every binary op's
// host kernel walks its output with this.
#pragma once

#include <cstdint>

#include "core/host/op_data.h"

namespace tinysim::kernels {

// fn(out_index, a_index, b_index) for every output element.
template <class Fn>
inline void for_each_element(const BinaryData& p, Fn fn) {
  if (!p.broadcast) {
    for (int64_t i = 0; i < p.flat_size; ++i) fn(i, i, i);
    return;
  }
  const Dims4 &a = p.input_shape, &b = p.input2_shape, &o = p.output_shape;
  auto idx = [](const Dims4& d, int32_t n, int32_t h, int32_t w, int32_t c) {
    return ((int64_t{d.n > 1 ? n : 0} * d.h + (d.h > 1 ? h : 0)) * d.w + (d.w > 1 ? w : 0)) * d.c + (d.c > 1 ? c : 0);
  };
  int64_t out = 0;
  for (int32_t n = 0; n < o.n; ++n)
    for (int32_t h = 0; h < o.h; ++h)
      for (int32_t w = 0; w < o.w; ++w)
        for (int32_t c = 0; c < o.c; ++c) fn(out++, idx(a, n, h, w, c), idx(b, n, h, w, c));
}

}  // namespace tinysim::kernels
