// The runtime's fast requantization (ts_requant.h) must equal the host's
// TFLite MultiplyByQuantizedMultiplier bit for bit, and so must the fused
// one-SMLAL form (ts_requant_fused.h) plus the output offset wherever it
// accepts the multiplier and shift.
#include <gtest/gtest.h>

#include <random>

#include "mcu_models/runtime/include/ts_requant.h"
#include "mcu_models/runtime/include/ts_requant_fused.h"

TEST(Requant, FastFormEqualsTfliteReference) {
  std::mt19937_64 rng(42);
  const int32_t edge_x[] = {0, 1, -1, 2, -2, 127, -128, 1 << 20, -(1 << 20), INT32_MAX, INT32_MIN, INT32_MAX - 1,
                            INT32_MIN + 1, 0x40000000, -0x40000000};
  const int32_t edge_m[] = {0, 1, (1 << 30), (1 << 30) + 1, INT32_MAX, INT32_MAX - 1, 1518500250, INT32_MIN + 1, -1,
                            -(1 << 30)};
  for (int shift = -31; shift <= 30; ++shift) {
    for (int32_t x : edge_x)
      for (int32_t m : edge_m)
        if (m != INT32_MIN)
          ASSERT_EQ(ts_requant(x, m, shift), ts_multiply_by_quantized_multiplier(x, m, shift))
            << x << " " << m << " " << shift;
  }
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> acc(-(1 << 22), 1 << 22);
  std::uniform_int_distribution<int32_t> mult(1 << 30, INT32_MAX);
  std::uniform_int_distribution<int> sh(-31, 8);
  for (int i = 0; i < 3'000'000; ++i) {
    const int32_t x = (i & 1) ? any(rng) : acc(rng);
    int32_t m = (i & 2) ? any(rng) : mult(rng);
    if (m == INT32_MIN) m = 0;  // excluded by ts_requant's precondition
    const int s = sh(rng);
    ASSERT_EQ(ts_requant(x, m, s), ts_multiply_by_quantized_multiplier(x, m, s)) << x << " " << m << " " << s;
  }
}

TEST(Requant, FusedFormEqualsTfliteReferencePlusOffset) {
  std::mt19937_64 rng(7);
  const int32_t edge_x[] = {0, 1, -1, 2, -2, 127, -128, 1 << 20, -(1 << 20), INT32_MAX, INT32_MIN, INT32_MAX - 1,
                            INT32_MIN + 1, 0x40000000, -0x40000000};
  const int32_t edge_m[] = {0, (1 << 30), (1 << 30) + 1, INT32_MAX, INT32_MAX - 1, 1518500250};
  const int32_t offsets[] = {-128, -1, 0, 5, 127};
  int accepted = 0;
  for (int shift = -31; shift <= 30; ++shift)
    for (int32_t x : edge_x)
      for (int32_t m : edge_m)
        for (int32_t off : offsets) {
          ts_rq rq;
          const bool fits = shift <= -1 && shift >= -31 && (shift >= -23 || off == 0);
          ASSERT_EQ(ts_rq_make(m, shift, off, &rq), fits ? 1 : 0) << m << " " << shift << " " << off;
          if (!fits) continue;
          ++accepted;
          ASSERT_EQ(ts_rq_apply(x, &rq), ts_multiply_by_quantized_multiplier(x, m, shift) + off)
            << x << " " << m << " " << shift << " " << off;
        }
  EXPECT_EQ(accepted, (23 * 5 + 8) * 15 * 6);
  // multipliers outside QuantizeMultiplier's range are refused, not approximated
  ts_rq rq;
  EXPECT_FALSE(ts_rq_make((1 << 30) - 1, -3, 0, &rq));
  EXPECT_FALSE(ts_rq_make(-5, -3, 0, &rq));
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> acc(-(1 << 22), 1 << 22);
  std::uniform_int_distribution<int32_t> mult(1 << 30, INT32_MAX);
  std::uniform_int_distribution<int> sh(-31, -1);
  std::uniform_int_distribution<int32_t> zp(-128, 127);
  for (int i = 0; i < 3'000'000; ++i) {
    const int32_t x = (i & 1) ? any(rng) : acc(rng);
    const int32_t m = (i & 6) ? mult(rng) : (1 << 30);
    const int s = sh(rng);
    const int32_t off = s < -23 ? 0 : zp(rng);
    ASSERT_TRUE(ts_rq_make(m, s, off, &rq));
    ASSERT_EQ(ts_rq_apply(x, &rq), ts_multiply_by_quantized_multiplier(x, m, s) + off)
      << x << " " << m << " " << s << " " << off;
  }
}

TEST(Requant, FusedFormWithShiftZeroEqualsSrdhmPlusOffset) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> mult(1 << 30, INT32_MAX);
  std::uniform_int_distribution<int> sh(-20, 0);
  std::uniform_int_distribution<int32_t> zp(-128, 127);
  ts_rq rq;
  EXPECT_FALSE(ts_rq_make_any((1 << 30) - 1, 0, 0, &rq));
  EXPECT_FALSE(ts_rq_make_any(1 << 30, 1, 0, &rq));  // a left shift has no fused form
  for (int i = 0; i < 2'000'000; ++i) {
    const int32_t x = (i & 1) ? any(rng) : int32_t(any(rng) >> 8);
    const int32_t m = (i & 6) ? mult(rng) : (i & 8 ? 0 : (1 << 30));
    const int s = (i & 16) ? 0 : sh(rng);
    const int32_t off = zp(rng);
    ASSERT_TRUE(ts_rq_make_any(m, s, off, &rq));
    ASSERT_EQ(ts_rq_apply_any(x, &rq), ts_multiply_by_quantized_multiplier(x, m, s) + off)
      << x << " " << m << " " << s << " " << off;
  }
}
