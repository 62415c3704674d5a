/* TFLite's GetInvSqrtQuantizedMultiplierExp (kernels/internal/common.h):
 * 1 / sqrt(input) as a Q0.31 multiplier and a shift, by five gemmlowp
 * fixed-point Newton-Raphson steps. Int8 / int16 RSQRT and int8
 * L2_NORMALIZATION use it; C99 and C++ like fixed_point.h, so the Cortex-M4 runtime computes
 * the very same bits. */
#ifndef TINYSIM_CORE_COMMON_INV_SQRT_H_
#define TINYSIM_CORE_COMMON_INV_SQRT_H_

#include "core/common/fixed_point.h"

/* reverse_shift -1 (kReverseShift) turns TFLite's right shift into the
 * left-positive shift MultiplyByQuantizedMultiplier takes. */
static inline void ts_get_inv_sqrt_quantized_multiplier_exp(int32_t input, int reverse_shift, int32_t* output_inv_sqrt,
                                                            int* output_shift) {
  if (input <= 1) {
    /* 0 and 1 (TFLite: handled apart to avoid the overflow below). */
    *output_inv_sqrt = TS_INT32_MAX_;
    *output_shift = 0;
    return;
  }
  *output_shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++*output_shift;
  }
  const unsigned max_left_shift_bits = (unsigned)ts_count_leading_zeros((uint32_t)input) - 1u;
  const unsigned left_shift_bit_pairs = max_left_shift_bits / 2u - 1u;
  *output_shift -= (int)left_shift_bit_pairs;
  input = ts_shl_wrap(input, (int)(2u * left_shift_bit_pairs));
  /* Raw values with 3 integer bits (F3) unless noted; a product's integer
   * bits are the sum of its factors'. */
  const int32_t fp_input = input >> 1;
  const int32_t fp_half_input = ts_sat_rounding_multiply_by_pot(fp_input, -1);
  const int32_t fp_half_three = (1 << 28) + (1 << 27); /* 1.5 */
  int32_t x = 1 << 28;                                 /* 1.0 */
  for (int i = 0; i < 5; i++) {
    const int32_t x2 = ts_sat_rounding_doubling_high_mul(x, x);    /* F6 */
    const int32_t x3_f9 = ts_sat_rounding_doubling_high_mul(x2, x); /* F9 */
    const int32_t x3 = ts_sat_rounding_multiply_by_pot(x3_f9, 6);   /* Rescale<3> */
    const int32_t a = ts_sat_rounding_doubling_high_mul(fp_half_three, x); /* F6 */
    const int32_t b = ts_sat_rounding_doubling_high_mul(fp_half_input, x3); /* F6 */
    x = ts_sat_rounding_multiply_by_pot(ts_sub_wrap(a, b), 3);     /* Rescale<3> */
  }
  x = ts_sat_rounding_doubling_high_mul(x, 1518500250); /* * sqrt(2) / 2 (F0): F3 */
  *output_inv_sqrt = x;
  if (*output_shift < 0) {
    *output_inv_sqrt = ts_shl_wrap(*output_inv_sqrt, -*output_shift);
    *output_shift = 0;
  }
  *output_shift *= reverse_shift;
}

/* TFLite / TFLM RsqrtEvalQuantized<T> for one element: value = q - input
 * zero point; 0 (and, where TFLite's Invoke fails, a negative value) gives
 * qmax; else 1 / sqrt(value) kept as an integer by a 2^20 shift, then
 * rescaled by the op's multiplier (QuantizeMultiplier of
 * 1 / (sqrt(input scale) * output scale)) and clamped to [qmin, qmax]. */
static inline int32_t ts_rsqrt_quantized(int32_t value, int32_t multiplier, int shift, int32_t output_zero_point,
                                         int32_t qmin, int32_t qmax) {
  const int k_shift = 20;
  if (value <= 0) return qmax;
  int32_t inv_sqrt_multiplier = 0;
  int inv_sqrt_shift = 0;
  ts_get_inv_sqrt_quantized_multiplier_exp(value, -1, &inv_sqrt_multiplier, &inv_sqrt_shift);
  const int32_t data = ts_multiply_by_quantized_multiplier(1, inv_sqrt_multiplier, inv_sqrt_shift + k_shift);
  const int32_t r = ts_multiply_by_quantized_multiplier(data, multiplier, shift - k_shift) + output_zero_point;
  return ts_clamp_i32(r, qmin, qmax);
}

#endif
