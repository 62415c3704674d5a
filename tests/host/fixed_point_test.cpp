// QuantizeMultiplier / MultiplyByQuantizedMultiplier and gemmlowp helpers:
// edge cases worked out by hand from TFLite's definitions.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/common/fixed_point.h"
#include "core/host/quantization_util.h"

using namespace tinysim;

TEST(QuantizeMultiplier, ExactPowersOfTwo) {
  int32_t m = 0;
  int s = 0;
  quantize_multiplier(1.0, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
  quantize_multiplier(0.5, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 0);
  quantize_multiplier(0.0625, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, -3);
}

TEST(QuantizeMultiplier, ZeroAndTinyFlushToZero) {
  int32_t m = 7;
  int s = 7;
  quantize_multiplier(0.0, &m, &s);
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
  quantize_multiplier(std::ldexp(1.0, -40), &m, &s);  // shift would be < -31
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
}

TEST(QuantizeMultiplier, RoundingUpToTwoPow31Renormalises) {
  int32_t m = 0;
  int s = 0;
  quantize_multiplier(1.0 - std::ldexp(1.0, -33), &m, &s);  // q*2^31 rounds to 2^31
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
  quantize_multiplier(0.75, &m, &s);
  EXPECT_EQ(m, 1610612736);  // 0.75 * 2^31
  EXPECT_EQ(s, 0);
  quantize_multiplier(3.0, &m, &s);  // 0.75 * 2^2
  EXPECT_EQ(m, 1610612736);
  EXPECT_EQ(s, 2);
}

TEST(FixedPoint, SaturatingRoundingDoublingHighMul) {
  const int32_t mn = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(ts_sat_rounding_doubling_high_mul(mn, mn), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(ts_sat_rounding_doubling_high_mul(1 << 30, 1 << 30), 1 << 29);  // 0.5 * 0.5
  EXPECT_EQ(ts_sat_rounding_doubling_high_mul(3, 1 << 30), 2);              // 1.5 rounds away
  EXPECT_EQ(ts_sat_rounding_doubling_high_mul(-3, 1 << 30), -1);            // -1.5 -> -1: ties go up
  EXPECT_EQ(ts_sat_rounding_doubling_high_mul(105, 1 << 30), 53);           // 52.5 -> 53
}

TEST(FixedPoint, RoundingDivideByPotRoundsHalfAwayFromZero) {
  EXPECT_EQ(ts_rounding_divide_by_pot(5, 1), 3);
  EXPECT_EQ(ts_rounding_divide_by_pot(-5, 1), -3);
  EXPECT_EQ(ts_rounding_divide_by_pot(-4, 1), -2);
  EXPECT_EQ(ts_rounding_divide_by_pot(13, 2), 3);   // 3.25
  EXPECT_EQ(ts_rounding_divide_by_pot(14, 2), 4);   // 3.5
  EXPECT_EQ(ts_rounding_divide_by_pot(-14, 2), -4);
  EXPECT_EQ(ts_rounding_divide_by_pot(-13, 2), -3);
  EXPECT_EQ(ts_rounding_divide_by_pot(7, 0), 7);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplier) {
  // 104 * 0.0625 = 6.5: the double rounding gives 7.
  EXPECT_EQ(ts_multiply_by_quantized_multiplier(104, 1 << 30, -3), 7);
  EXPECT_EQ(ts_multiply_by_quantized_multiplier(-104, 1 << 30, -3), -7);
  EXPECT_EQ(ts_multiply_by_quantized_multiplier(100, 1 << 30, 2), 200);  // left shift path: 100 * 2
  EXPECT_EQ(ts_multiply_by_quantized_multiplier(1000, 1610612736, -4), 47);  // 1000*0.75/16 = 46.875
  // A huge accumulator with a left shift saturates in the doubling high mul only at INT32_MIN*INT32_MIN.
  EXPECT_EQ(ts_multiply_by_quantized_multiplier(std::numeric_limits<int32_t>::min(),
                                                std::numeric_limits<int32_t>::min(), 0),
            std::numeric_limits<int32_t>::max());
}

TEST(FixedPoint, MultiplyByQuantizedMultiplier64UsesReducedMultiplier) {
  // multiplier 0.75 -> reduced (1610612736 + 2^15) >> 16 = 24576; shift -4:
  // total_shift 19, x*24576 + 2^18 >> 19 = 3000000*24576/2^19 = 140625.0...
  EXPECT_EQ(ts_multiply_by_quantized_multiplier_64(3000000, 1610612736, -4), 140625);
  EXPECT_EQ(ts_multiply_by_quantized_multiplier_64(int64_t{1} << 40, 1 << 30, -20), 1 << 19);
  // Multipliers at or above 0x7FFF0000 reduce to 0x7FFF.
  EXPECT_EQ(ts_multiply_by_quantized_multiplier_64(1 << 16, 0x7FFFFFFF, 0), 65534);  // 2^16*0x7FFF/2^15
  // Rounding: -3 * 2^14 / 2^15 = -1.5 -> floor(-1.5 + 0.5) = -1 (arithmetic shift).
  EXPECT_EQ(ts_multiply_by_quantized_multiplier_64(-3, 1 << 30, 0), -1);
}

TEST(FixedPoint, ExpLogisticTanhMatchFloatClosely) {
  // Q5.26 input -> exp in Q0.31.
  for (double x = -31.0; x <= 0.0; x += 0.37) {
    const int32_t raw = static_cast<int32_t>(std::lround(x * (1 << 26)));
    const double got = ts_exp_on_negative_values(raw, 5) / 2147483648.0;
    EXPECT_NEAR(got, std::exp(x), 1e-6) << x;
  }
  EXPECT_EQ(ts_exp_on_negative_values(0, 5), std::numeric_limits<int32_t>::max());
  for (double x = -7.9; x <= 7.9; x += 0.13) {
    const int32_t raw = static_cast<int32_t>(std::lround(x * (1 << 27)));  // Q4.27
    EXPECT_NEAR(ts_logistic(raw, 4) / 2147483648.0, 1.0 / (1.0 + std::exp(-x)), 1e-6) << x;
    EXPECT_NEAR(ts_tanh(raw, 4) / 2147483648.0, std::tanh(x), 2e-6) << x;
  }
  EXPECT_EQ(ts_logistic(0, 4), 1 << 30);
  EXPECT_EQ(ts_tanh(0, 4), 0);
}

TEST(FixedPoint, Reciprocal) {
  int bits = 0;
  // 2.0 in Q12.19 -> 1/2 with one bit over unity.
  const int32_t r = ts_get_reciprocal(1 << 20, 12, &bits);
  EXPECT_EQ(bits, 1);
  EXPECT_NEAR(r / 2147483648.0, 1.0, 1e-8);
  const int32_t r3 = ts_get_reciprocal(3 << 19, 12, &bits);  // 3.0 -> 0.75*... (1/1.5, 1 bit)
  EXPECT_EQ(bits, 1);
  EXPECT_NEAR(r3 / 2147483648.0, 1.0 / 1.5, 1e-8);
}

TEST(Padding, TfliteSameAndValid) {
  EXPECT_EQ(compute_out_size(Padding::Same, 49, 10, 2, 1), 25);
  EXPECT_EQ(compute_out_size(Padding::Valid, 49, 10, 2, 1), 20);
  EXPECT_EQ(compute_padding(2, 1, 49, 10, 25), 4);  // ((25-1)*2 + 10 - 49) / 2 = 4
  EXPECT_EQ(compute_out_size(Padding::Valid, 4, 2, 1, 2), 2);  // dilated filter spans 3
  EXPECT_EQ(compute_padding(1, 1, 5, 3, 5), 1);
  EXPECT_EQ(compute_padding(2, 1, 4, 3, 2), 0);  // (2 + 3 - 4) / 2 = 0
}
