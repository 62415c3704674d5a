@ Instructions in an IT block whose condition fails still issue (as NOPs) on
@ a Cortex-M4 and are counted; Unicorn's per-instruction hook skips them.
@ 2 of the instructions below fail their condition.
.include "harness.inc"
VECTORS
  movs r0, #1
  cmp r0, #0
  it eq
  moveq r1, #1
  ite eq
  moveq r1, #2
  movne r1, #3
  EXIT
DATA 1
