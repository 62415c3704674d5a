@ A divide in code copied to RAM (not seen by the load-time scan): its
@ first execution is charged the minimum (2), later ones by the operands
@ (100/7 -> 4). Call = BLX r4 (1+P=4, P indirect 3) + SDIV + BX LR (4):
@ first 4 + 2 + 4 = 10 -> 13, second 4 + 4 + 4 = 12 -> 15.
.include "harness.inc"
VECTORS
  ldr r0, =template
  ldr r4, =ram_code
  ldr r1, [r0]
  str r1, [r4]
  ldr r1, [r0, #4]
  str r1, [r4, #4]
  orr r4, r4, #1
  movs r1, #100
  movs r2, #7
  TIMER_START
  blx r4
  TIMER_STOP 0
  movs r1, #100
  TIMER_START
  blx r4
  TIMER_STOP 1
  EXIT
  .balign 4
template:
  sdiv r0, r1, r2
  bx lr
  nop
  .bss
  .balign 4
ram_code:
  .space 16
DATA 2
