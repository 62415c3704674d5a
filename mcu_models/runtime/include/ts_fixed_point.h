/* The requantization arithmetic is not mirrored but shared: the host
 * kernels' core/common/fixed_point.h is written in the common subset of C99
 * and C++ and compiled into the firmware as is, so host and target cannot
 * drift apart. */
#ifndef TS_FIXED_POINT_H
#define TS_FIXED_POINT_H

#include "core/common/fixed_point.h"

static inline int32_t ts_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  return ts_multiply_by_quantized_multiplier(x, multiplier, shift);
}

static inline int32_t ts_clamp(int32_t v, int32_t lo, int32_t hi) { return ts_clamp_i32(v, lo, hi); }

#endif
