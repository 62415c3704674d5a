.include "harness.inc"
VECTORS
  TIMER_START
  TIMER_STOP 0             @ empty window: 3
  TIMER_START              @ 8 data-processing instructions, 1 cycle each: 3 + 8 = 11
  adds r0, r0, #1
  eors r1, r1, r0
  lsls r2, r1, #3
  orrs r2, r2, r1
  subs r3, r2, r0
  mov r4, r3
  cmp r4, r0
  muls r4, r0, r4
  TIMER_STOP 1
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ MUL, MLA, SMULL, UMLAL are single cycle on the M4: 3 + 4 = 7
  mul r0, r1, r2
  mla r0, r1, r2, r0
  smull r3, r4, r1, r2
  umlal r3, r4, r1, r2
  TIMER_STOP 2
  EXIT
DATA 3
