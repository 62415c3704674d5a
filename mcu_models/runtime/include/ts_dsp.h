/* DSP-extension helpers. GCC's ACLE __sxtb16 does not fold a rotate into the
 * instruction, so the rotated form is written in inline assembly. */
#ifndef TS_DSP_H
#define TS_DSP_H

#include <stdint.h>
#include <string.h>

static inline uint32_t ts_read_u32(const void* p) {
  uint32_t v;
  memcpy(&v, p, 4); /* one (possibly unaligned) LDR on the M4 */
  return v;
}

#if defined(__ARM_FEATURE_DSP) && !defined(TS_PORTABLE)
#include <arm_acle.h>
/* bytes 0 and 2 sign-extended to the two halfwords */
static inline int32_t ts_sxtb16(uint32_t x) { return (int32_t)__sxtb16(x); }
/* bytes 1 and 3 sign-extended to the two halfwords */
static inline int32_t ts_sxtb16_ror8(uint32_t x) {
  int32_t r;
  __asm("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
static inline int32_t ts_smlad(int32_t a, int32_t b, int32_t acc) { return __smlad(a, b, acc); }
#endif

#endif
