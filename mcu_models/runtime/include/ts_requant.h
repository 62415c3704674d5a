/* A faster, bit-identical form of TFLite's MultiplyByQuantizedMultiplier
 * (core/common/fixed_point.h's ts_multiply_by_quantized_multiplier) for the
 * per-output requantization of the int8 kernels.
 *
 * Why it is the same: SaturatingRoundingDoublingHighMul computes
 * trunc((a*b + nudge) / 2^31) with nudge = 2^30 for a*b >= 0 and 1 - 2^30
 * otherwise. For a*b < 0, truncation toward zero of v = a*b + 1 - 2^30 < 0
 * equals floor((v + 2^31 - 1) / 2^31) = (a*b + 2^30) >> 31, which is also
 * the a*b >= 0 result: one SMULL, an add and a 64-bit shift, no branch. The
 * only saturating case needs a == b == INT32_MIN, excluded below.
 * RoundingDivideByPOT is TFLite's, unchanged. tests/target checks the two
 * forms against each other on millions of values and all edge cases.
 *
 * Plain C99, included by the firmware and by the host test. */
#ifndef TS_REQUANT_H
#define TS_REQUANT_H

#include <stdint.h>

#include "core/common/fixed_point.h"

/* Precondition: multiplier != INT32_MIN (TFLite's QuantizeMultiplier never
 * makes it; the plan writer rejects it). Branch-free: a right shift of 0
 * gives mask 0 and leaves the value unchanged, as RoundingDivideByPOT does. */
static inline int32_t ts_requant(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int64_t ab = (int64_t)ts_shl_wrap(x, left) * (int64_t)multiplier;
  const int32_t high = (int32_t)((ab + ((int64_t)1 << 30)) >> 31);
  const int32_t mask = (int32_t)((1u << right) - 1u);
  const int32_t remainder = high & mask;
  const int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)high >> 31);
  return (high >> right) + (remainder > threshold ? 1 : 0);
}

#endif
