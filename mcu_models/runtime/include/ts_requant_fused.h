/* Requantization in one 64-bit step, bit-identical to TFLite's
 * MultiplyByQuantizedMultiplier + output offset for a right shift r >= 1
 * (shift = -r), the form the int8 conv kernels use per output.
 *
 * Why it is the same: with P = x * m, SaturatingRoundingDoublingHighMul is
 * h = floor((P + 2^30) / 2^31) (ts_requant.h), and RoundingDivideByPOT(h, r)
 * is floor((h + 2^(r-1) - [h < 0]) / 2^r) (its remainder > threshold test
 * written as a floor). floor((floor(a / p) + c) / q) = floor((a + c p) / pq)
 * for integer c, so
 *   out = floor((P + 2^30 + 2^(30+r) + off * 2^(31+r) - [h < 0] * 2^31) / 2^(31+r)).
 * h < 0 exactly when P < -2^30; with m in [2^30, 2^31) (QuantizeMultiplier's
 * range) or m == 0 that is x < 0, except x = -1, m = 2^30 where P = -2^30 and
 * both forms give 0 + off (the constant stays in [0, 2^(31+r))). So the
 * constant C = 2^30 + 2^(30+r) + off * 2^(31+r) is made once per channel, the
 * sign term is x >> 31 shifted into bit 31, and one SMLAL does the rest:
 *   ASR s, x, #31; ADDS lo, clo, s, LSL #31; ADC hi, chi, s; SMLAL lo, hi, x, m;
 *   ASR out, hi, #(r - 1)
 * |P| <= 2^62, so |P + C| < 2^63 for r <= 31 without an offset and for
 * r <= 23 with one (|off| <= 128); larger offsets or shifts are refused. tests/target checks it against the
 * host's arithmetic on millions of values and the edge cases.
 *
 * Plain C99, included by the firmware and by the host test. */
#ifndef TS_REQUANT_FUSED_H
#define TS_REQUANT_FUSED_H

#include <stdint.h>

typedef struct {
  int32_t mult;
  int32_t shift; /* r - 1 */
  uint32_t lo;   /* C, low word */
  int32_t hi;    /* C, high word */
} ts_rq;

/* 1 when (multiplier, shift) has the fused form; fills rq. */
static inline int ts_rq_make(int32_t multiplier, int32_t shift, int32_t output_offset, ts_rq* rq) {
  const int r = -shift;
  rq->mult = rq->shift = rq->hi = 0;
  rq->lo = 0;
  if (r < 1 || r > 31 || (r > 23 && output_offset != 0) || output_offset < -128 || output_offset > 128 ||
      (multiplier != 0 && multiplier < (1 << 30)))
    return 0;
  const int64_t c = ((int64_t)1 << 30) + ((int64_t)1 << (30 + r)) + (int64_t)output_offset * ((int64_t)1 << (31 + r));
  rq->mult = multiplier;
  rq->shift = r - 1;
  rq->lo = (uint32_t)(uint64_t)c;
  rq->hi = (int32_t)(c >> 32);
  return 1;
}

/* ts_requant(x, mult, -r) + output_offset, for an rq ts_rq_make accepted. */
static inline int32_t ts_rq_apply(int32_t x, const ts_rq* rq) {
#if defined(__ARM_FEATURE_DSP) && defined(__thumb2__)
  uint32_t lo;
  int32_t hi;
  const int32_t s = x >> 31;
  __asm("adds %[lo], %[clo], %[s], lsl #31\n\t"
        "adc %[hi], %[chi], %[s]\n\t"
        "smlal %[lo], %[hi], %[x], %[m]"
        : [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [clo] "r"(rq->lo), [chi] "r"(rq->hi), [s] "r"(s), [x] "r"(x), [m] "r"(rq->mult)
        : "cc");
  return hi >> rq->shift;
#else
  const int64_t c = (int64_t)(((uint64_t)(uint32_t)rq->hi << 32) | rq->lo);
  const int64_t acc = c + (int64_t)x * rq->mult - (x < 0 ? ((int64_t)1 << 31) : 0);
  return (int32_t)(acc >> 32) >> rq->shift;
#endif
}

/* The same with a shift of 0 allowed too (r = 0: SaturatingRoundingDoublingHighMul
 * alone, out = floor((P + 2^30 + off * 2^31) / 2^31), marked by shift = -1):
 * the int8 ADD's input rescaling, where the larger input scale gives exactly 0.5. */
static inline int ts_rq_make_any(int32_t multiplier, int32_t shift, int32_t output_offset, ts_rq* rq) {
  if (shift != 0) return ts_rq_make(multiplier, shift, output_offset, rq);
  rq->mult = rq->shift = rq->hi = 0;
  rq->lo = 0;
  if ((multiplier != 0 && multiplier < (1 << 30)) || output_offset < -128 || output_offset > 128) return 0;
  const int64_t c = ((int64_t)1 << 30) + (int64_t)output_offset * ((int64_t)1 << 31);
  rq->mult = multiplier;
  rq->shift = -1;
  rq->lo = (uint32_t)(uint64_t)c;
  rq->hi = (int32_t)(c >> 32);
  return 1;
}

static inline int32_t ts_rq_apply_any(int32_t x, const ts_rq* rq) {
  if (rq->shift >= 0) return ts_rq_apply(x, rq);
  const int64_t c = (int64_t)(((uint64_t)(uint32_t)rq->hi << 32) | rq->lo);
  const int64_t acc = c + (int64_t)x * rq->mult;
  return (int32_t)(((uint32_t)(uint64_t)(acc >> 32) << 1) | ((uint32_t)(uint64_t)acc >> 31));
}

#endif
