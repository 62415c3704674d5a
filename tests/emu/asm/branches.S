.include "harness.inc"
VECTORS
  TIMER_START              @ CMP 1 + BNE not taken 1 = 2 -> 5
  cmp r0, r0
  bne 1f
1:
  TIMER_STOP 0
  TIMER_START              @ CMP 1 + BEQ taken 1+P (pipeline_refill.conditional 1) + 1 (target: the 32-bit timer read at a halfword address) = 4 -> 7
  cmp r0, r0
  beq 2f
  nop
  nop
2:
  TIMER_STOP 1
  TIMER_START              @ MOVS 1 + 10 x SUBS + 9 taken BNE (2) + 1 not taken (1) = 1+10+18+1 = 30 -> 33
  movs r0, #10
3:
  subs r0, #1
  bne 3b
  TIMER_STOP 2
  TIMER_START              @ MOVS 1 + CBZ taken 2 + 1 (32-bit target at a halfword address) = 4 -> 7
  movs r0, #0
  cbz r0, 4f
  nop
4:
  TIMER_STOP 3
  TIMER_START              @ MOVS 1 + CBZ not taken 1 = 2 -> 5
  movs r0, #1
  cbz r0, 5f
5:
  TIMER_STOP 4
  TIMER_START              @ B 1+P (pipeline_refill.direct 2) + 1 (32-bit target at a halfword address) = 4 -> 7
  b 6f
  nop
6:
  TIMER_STOP 5
  TIMER_START              @ CMP (16-bit) 1 + IT folded 0 + MOVEQ 1 = 2 -> 5
  cmp r0, r0
  it eq
  moveq r1, #1
  TIMER_STOP 6
  EXIT
DATA 7
