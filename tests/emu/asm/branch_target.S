@ rules.branch_target_alignment and pipeline_refill (TRM 3.3.1, Table 3-1
@ note on P: "1 to 3 depending on the alignment and width of the target
@ instruction"). A taken branch costs 1 + P: P = pipeline_refill for its
@ kind (direct 2, conditional 1, indirect 3: a register target cannot be
@ speculated early, the top of the TRM's 1..3) plus 1, P never above
@ pipeline_refill.max (3, the TRM's range), when the target is a 32-bit
@ instruction at a halfword (addr % 4 == 2) address. The timer read
@ `ldr r7, [r9]` is a 32-bit instruction (high registers); each window but
@ the first ends with it as the branch target itself, so the target's
@ alignment is part of the window.
.include "harness.inc"

.macro STOP_WIDE k
  ldr.w r7, [r9]
  subs r7, r7, r8
  str r7, [r10, #(4 * \k)]
.endm

VECTORS
  TIMER_START              @ B to a 16-bit target (NOP): 1+2, + NOP 1 = 4 -> 7
  b 1f
  nop
1:
  nop
  TIMER_STOP 0
  TIMER_START              @ B to a word-aligned 32-bit target: 1+2 = 3 -> 6
  b 2f
  .balign 4
2:
  STOP_WIDE 1
  TIMER_START              @ B to a halfword-aligned 32-bit target: 1+2+1 = 4 -> 7
  b 3f
  .balign 4
  nop
3:
  STOP_WIDE 2
  TIMER_START              @ CMP 1 + BEQ taken to a halfword-aligned 32-bit target 1+1+1 = 4 -> 7
  cmp r0, r0
  beq 4f
  .balign 4
  nop
4:
  STOP_WIDE 3
  movw r0, #:lower16:(5f + 1)
  movt r0, #:upper16:(5f + 1)
  TIMER_START              @ BX (indirect, P=3) to a halfword-aligned 32-bit target: 1+min(3+1, pipeline_refill.max 3) = 4 -> 7
  bx r0
  .balign 4
  nop
5:
  STOP_WIDE 4
  movw r0, #:lower16:(6f + 1)
  movt r0, #:upper16:(6f + 1)
  TIMER_START              @ BX to a word-aligned 32-bit target: 1+3 = 4 -> 7
  bx r0
  .balign 4
6:
  STOP_WIDE 5
  EXIT
DATA 6
