.include "harness.inc"
VECTORS
  ldr r5, =scratch
  str r5, [r5]             @ scratch[0] = &scratch, for the dependent pair
  TIMER_START              @ 4 independent LDRs pipeline: 2+1+1+1 = 5 -> 8
  ldr r0, [r5]
  ldr r1, [r5, #4]
  ldr r2, [r5, #8]
  ldr r3, [r5, #12]
  TIMER_STOP 0
  TIMER_START              @ dependent pair: 2, then 2 (no pipelining) +1 (address from the previous result) = 5 -> 8
  ldr r0, [r5]
  ldr r1, [r0]
  TIMER_STOP 1
  TIMER_START              @ 3 STR: 1, then 2 and 2 (rules.store_buffer: a store right after a store) = 5 -> 8
  str r0, [r5, #16]
  str r1, [r5, #20]
  str r2, [r5, #24]
  TIMER_STOP 2
  TIMER_START              @ ADD writes the base of the next LDR: 1 + 2 + 1 = 4 -> 7
  adds r6, r5, #4
  ldr r0, [r6]
  TIMER_STOP 3
  TIMER_START              @ LDR then STR of the loaded value: 2 + 1 = 3 -> 6
  ldr r0, [r5]
  str r0, [r5, #28]
  TIMER_STOP 4
  TIMER_START              @ post-indexed loads pipeline (write-back base is not a dependency): 2+1+1 = 4 -> 7
  mov r6, r5
  TIMER_STOP 5
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START
  ldr r0, [r6], #4
  ldr r1, [r6], #4
  ldr r2, [r6], #4
  TIMER_STOP 6
  EXIT
DATA 7
