/* Integer fixed-point helpers with the exact arithmetic of TFLite's reference
 * kernels (gemmlowp's scalar fixedpoint.h and TFLite's common.h), written once
 * in the common subset of C99 and C++ so the Cortex-M4 C runtime can use the
 * very same definitions: host and target then cannot drift apart.
 *
 * Conventions (as in TFLite): a Q0.31 multiplier m and a shift s represent the
 * real factor m * 2^(s - 31); s > 0 shifts left, s < 0 shifts right. Ties
 * round up (toward +inf) in SaturatingRoundingDoublingHighMul and away from
 * zero in RoundingDivideByPOT, exactly as gemmlowp does.
 *
 * All additions that can overflow in gemmlowp's int32 arithmetic wrap as two's
 * complement there; here they go through uint32_t so that the behaviour is
 * defined in C and C++ (and UBSan stays quiet) while the bits are identical.
 */
#ifndef TINYSIM_CORE_COMMON_FIXED_POINT_H_
#define TINYSIM_CORE_COMMON_FIXED_POINT_H_

#include <stdint.h>

#define TS_INT32_MIN_ ((int32_t)(-2147483647 - 1))
#define TS_INT32_MAX_ ((int32_t)2147483647)

static inline int32_t ts_add_wrap(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
static inline int32_t ts_sub_wrap(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a - (uint32_t)b);
}
static inline int32_t ts_neg_wrap(int32_t a) { return (int32_t)(0u - (uint32_t)a); }
/* x * 2^n for n in [0, 31], wrapping like TFLite's `x * (1 << n)`. */
static inline int32_t ts_shl_wrap(int32_t x, int n) { return (int32_t)((uint32_t)x << n); }

static inline int32_t ts_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t ts_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t ts_clamp_i32(int32_t x, int32_t lo, int32_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

/* gemmlowp SaturatingRoundingDoublingHighMul: high 32 bits of 2*a*b, rounded
 * (ties up), saturating the single overflow case a == b == INT32_MIN. */
static inline int32_t ts_sat_rounding_doubling_high_mul(int32_t a, int32_t b) {
  const int64_t ab = (int64_t)a * (int64_t)b;
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  if (a == b && a == TS_INT32_MIN_) return TS_INT32_MAX_;
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent, exponent in [0, 31], rounding
 * half away from zero. */
static inline int32_t ts_rounding_divide_by_pot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent> for int32: exponent > 0
 * shifts left with saturation, exponent < 0 is a rounding right shift. */
static inline int32_t ts_sat_rounding_multiply_by_pot(int32_t x, int exponent) {
  if (exponent > 0) {
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return TS_INT32_MAX_;
    if (x < -threshold) return TS_INT32_MIN_;
    return ts_shl_wrap(x, exponent);
  }
  if (exponent < 0) return ts_rounding_divide_by_pot(x, -exponent);
  return x;
}

/* TFLite MultiplyByQuantizedMultiplier (the default, double-rounding form):
 * x * m * 2^(shift - 31). */
static inline int32_t ts_multiply_by_quantized_multiplier(int32_t x, int32_t quantized_multiplier,
                                                          int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  return ts_rounding_divide_by_pot(
      ts_sat_rounding_doubling_high_mul(ts_shl_wrap(x, left_shift), quantized_multiplier),
      right_shift);
}

/* TFLite MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0). */
static inline int32_t ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
    int32_t x, int32_t quantized_multiplier, int left_shift) {
  return ts_rounding_divide_by_pot(ts_sat_rounding_doubling_high_mul(x, quantized_multiplier),
                                   -left_shift);
}

/* TFLite MultiplyByQuantizedMultiplierGreaterThanOne (shift >= 0). */
static inline int32_t ts_multiply_by_quantized_multiplier_greater_than_one(
    int32_t x, int32_t quantized_multiplier, int left_shift) {
  return ts_sat_rounding_doubling_high_mul(ts_shl_wrap(x, left_shift), quantized_multiplier);
}

/* TFLite MultiplyByQuantizedMultiplier(int64_t x, ...) used by the int16x8
 * kernels with int64 accumulators: the multiplier is reduced to 16 bits and a
 * single rounding shift applied. shift is in [-31, 7]. */
static inline int32_t ts_multiply_by_quantized_multiplier_64(int64_t x,
                                                             int32_t quantized_multiplier,
                                                             int shift) {
  const int32_t reduced_multiplier =
      quantized_multiplier < 0x7FFF0000 ? ((quantized_multiplier + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t rounded = x * (int64_t)reduced_multiplier + ((int64_t)1 << (total_shift - 1));
  return (int32_t)(rounded >> total_shift);
}

/* Number of leading zero bits of a 32-bit value (32 for 0). */
static inline int ts_count_leading_zeros(uint32_t x) {
  int n = 0;
  if (x == 0) return 32;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

/* ---- gemmlowp fixed-point transcendental functions (int32 raw values) ----
 * A value with I integer bits has raw = real * 2^(31 - I). Products of two
 * fixed-point values are SaturatingRoundingDoublingHighMul of the raws (their
 * integer bits add up); sums are plain (wrapping) raw additions. */

#define TS_FP_ONE_Q0 TS_INT32_MAX_ /* 1.0 saturates with 0 integer bits */

/* gemmlowp RoundingHalfSum for int32. */
static inline int32_t ts_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* exp(a) for a in [-1/4, 0), a and result with 0 integer bits. */
static inline int32_t ts_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
  const int32_t constant_term = 1895147668;   /* exp(-1/8) */
  const int32_t constant_1_over_3 = 715827883; /* 1/3 */
  const int32_t x = ts_add_wrap(a, 1 << 28);   /* a + 1/8 */
  const int32_t x2 = ts_sat_rounding_doubling_high_mul(x, x);
  const int32_t x3 = ts_sat_rounding_doubling_high_mul(x2, x);
  const int32_t x4 = ts_sat_rounding_doubling_high_mul(x2, x2);
  const int32_t x4_over_4 = ts_sat_rounding_multiply_by_pot(x4, -2);
  const int32_t poly = ts_sat_rounding_multiply_by_pot(
      ts_add_wrap(ts_sat_rounding_doubling_high_mul(ts_add_wrap(x4_over_4, x3), constant_1_over_3),
                  x2),
      -1);
  return ts_add_wrap(constant_term,
                     ts_sat_rounding_doubling_high_mul(constant_term, ts_add_wrap(x, poly)));
}

/* exp(a) for a <= 0 given with `integer_bits` integer bits (1..30); result
 * with 0 integer bits. */
static inline int32_t ts_exp_on_negative_values(int32_t a, int integer_bits) {
  static const int32_t kMultipliers[7] = {1672461947, 1302514674, 790015084, 290630308,
                                          39332535,   720401,     242};
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_one_quarter = ts_sub_wrap(a & mask, one_quarter);
  int32_t result = ts_exp_on_interval_between_negative_one_quarter_and_0_excl(
      ts_sat_rounding_multiply_by_pot(a_mod_quarter_minus_one_quarter, integer_bits));
  const int32_t remainder = ts_sub_wrap(a_mod_quarter_minus_one_quarter, a);
  int exponent;
  for (exponent = -2; exponent <= 4; ++exponent) {
    if (integer_bits > exponent) {
      const int shift_amount = fractional_bits + exponent;
      if (remainder & (int32_t)((uint32_t)1 << shift_amount))
        result = ts_sat_rounding_doubling_high_mul(result, kMultipliers[exponent + 2]);
    }
  }
  if (integer_bits > 5) {
    const int32_t clamp = ts_neg_wrap((int32_t)((uint32_t)1 << (36 - integer_bits)));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = TS_FP_ONE_Q0;
  return result;
}

/* Newton-Raphson 1/(1+a)-style iteration shared by the two functions below;
 * returns x ~ 2/(1+a) with 2 integer bits. */
static inline int32_t ts_newton_two_over_one_plus_x(int32_t a) {
  const int32_t half_denominator = ts_rounding_half_sum(a, TS_FP_ONE_Q0);
  const int32_t constant_48_over_17 = 1515870810;
  const int32_t constant_neg_32_over_17 = -1010580540;
  const int32_t one_q2 = (int32_t)1 << 29;
  int32_t x = ts_add_wrap(constant_48_over_17,
                          ts_sat_rounding_doubling_high_mul(half_denominator, constant_neg_32_over_17));
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = ts_sat_rounding_doubling_high_mul(half_denominator, x);
    const int32_t one_minus = ts_sub_wrap(one_q2, half_denominator_times_x);
    /* x * one_minus has 4 integer bits; Rescale<2> multiplies the raw by 4. */
    x = ts_add_wrap(x, ts_sat_rounding_multiply_by_pot(ts_sat_rounding_doubling_high_mul(x, one_minus), 2));
  }
  return x;
}

/* 1/(1+a) for a in [0, 1), both with 0 integer bits. */
static inline int32_t ts_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  /* ExactMulByPot<-1> keeps the raw (2 -> 1 integer bits); Rescale<0> from 1
   * integer bit multiplies the raw by 2 with saturation. */
  return ts_sat_rounding_multiply_by_pot(ts_newton_two_over_one_plus_x(a), 1);
}

/* (1-a)/(1+a) for a in [0, 1), both with 0 integer bits. */
static inline int32_t ts_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t x = ts_newton_two_over_one_plus_x(a);
  return ts_sat_rounding_multiply_by_pot(ts_sub_wrap(x, (int32_t)1 << 29), 2);
}

/* gemmlowp logistic(a), a with `integer_bits` integer bits, result Q0.31. */
static inline int32_t ts_logistic(int32_t a, int integer_bits) {
  int32_t abs_input, result_if_positive, result_if_negative;
  if (a == 0) return (int32_t)1 << 30;
  abs_input = a > 0 ? a : ts_neg_wrap(a);
  result_if_positive = ts_one_over_one_plus_x_for_x_in_0_1(
      ts_exp_on_negative_values(ts_neg_wrap(abs_input), integer_bits));
  result_if_negative = ts_sub_wrap(TS_FP_ONE_Q0, result_if_positive);
  return a > 0 ? result_if_positive : result_if_negative;
}

/* gemmlowp tanh(a), a with `integer_bits` integer bits, result Q0.31. */
static inline int32_t ts_tanh(int32_t a, int integer_bits) {
  int32_t n, t;
  if (a == 0) return 0;
  n = a < 0 ? a : ts_neg_wrap(a);
  /* ExactMulByPot<1>: same raw read with one more integer bit, i.e. 2n. */
  t = ts_one_minus_x_over_one_plus_x_for_x_in_0_1(ts_exp_on_negative_values(n, integer_bits + 1));
  return a < 0 ? ts_neg_wrap(t) : t;
}

/* TFLite GetReciprocal: 1/x for x with `x_integer_digits` integer bits,
 * returned as Q0.31 plus the number of bits above one. */
static inline int32_t ts_get_reciprocal(int32_t x, int x_integer_digits, int* num_bits_over_unit) {
  const int headroom_plus_one = ts_count_leading_zeros((uint32_t)x);
  const int32_t shifted_sum_minus_one =
      (int32_t)(((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31));
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  return ts_one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}

#endif /* TINYSIM_CORE_COMMON_FIXED_POINT_H_ */
