.include "harness.inc"
VECTORS
  movs r1, #100
  movs r2, #7
  TIMER_START              @ 100/7: quotient 7-3+1 = 5 bits -> 2 + ceil(5/4) = 4 -> 7
  sdiv r0, r1, r2
  TIMER_STOP 0
  mov r1, #-1
  movs r2, #1
  TIMER_START              @ 0xFFFFFFFF/1: 32 quotient bits -> 2 + 8 = 10 -> 13
  udiv r0, r1, r2
  TIMER_STOP 1
  movs r1, #5
  movs r2, #10
  TIMER_START              @ 5/10: dividend < divisor -> 2 -> 5
  udiv r0, r1, r2
  TIMER_STOP 2
  ldr r1, =-1000
  movs r2, #3
  TIMER_START              @ -1000/3: |1000| 10 bits - 2 + 1 = 9 -> 2 + 3 = 5 -> 8
  sdiv r0, r1, r2
  TIMER_STOP 3
  EXIT
DATA 4
