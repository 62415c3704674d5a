.include "harness.inc"
VECTORS
  ldr r5, =scratch
  add r6, r5, #32
  movs r2, #0
  TIMER_START              @ 4 iterations of LDR(2) LDR(pipelined 1) SMLAD(1) SUBS(1) BNE:
  movs r3, #4              @ 1 + 4*5 + 3 taken (2) + 1 not taken (1) = 28 -> 31
7:
  ldr r0, [r5], #4
  ldr r1, [r6], #4
  smlad r2, r0, r1, r2
  subs r3, #1
  bne 7b
  TIMER_STOP 0
  TIMER_START              @ SXTB16, SXTAB16, PKHBT, SSAT, QADD, SMLABB: 1 each = 6 -> 9
  sxtb16 r0, r1
  sxtab16 r0, r0, r1
  pkhbt r0, r1, r2, lsl #16
  ssat r0, #8, r1
  qadd r0, r1, r2
  smlabb r0, r1, r2, r0
  TIMER_STOP 1
  EXIT
DATA 2
