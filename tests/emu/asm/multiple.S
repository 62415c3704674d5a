.include "harness.inc"
VECTORS
  ldr r5, =scratch
  TIMER_START              @ LDM of 4 registers: 1+4 = 5 -> 8
  ldm r5, {r0-r3}
  TIMER_STOP 0
  TIMER_START              @ PUSH {r4-r7} 5 + POP {r4-r7} 5 = 10 -> 13
  push {r4-r7}
  pop {r4-r7}
  TIMER_STOP 1
  TIMER_START              @ LDRD 1+2 + STRD 1+2 = 6 -> 9
  ldrd r0, r1, [r5]
  strd r0, r1, [r5, #8]
  TIMER_STOP 2
  TIMER_START              @ BL (1+P=3), PUSH {r4,lr} (3), POP {r4,pc} (1+2+P_load=6) = 12 -> 15
  bl push_pop
  TIMER_STOP 3
  TIMER_START              @ BL 3 + BX LR (1+P_indirect, P 3: TRM Table 3-1 BX 1+P, a register target is not speculated) = 7 -> 10
  bl leaf
  TIMER_STOP 4
  EXIT

  .thumb_func
push_pop:
  push {r4, lr}
  pop {r4, pc}
  .thumb_func
leaf:
  bx lr
DATA 5
