.include "harness.inc"
@ The same loop four times: once inside one 4 KiB page, then placed so that a
@ page boundary falls between two neighbouring instructions whose cost
@ depends on each other. Unicorn ends a translation block at a page boundary
@ (no branch there), so each split copy runs as two blocks; the cycle clock
@ must charge the pair as if there were no boundary (the block decoder's
@ neighbour rules, carried over a fall-through, cycle_clock.h).
@ Per iteration (TRM 3.3.1/3.3.2, mcu_models/timing/cortex_m4.json):
@   ldr r0,[r5]        2
@   ldr r1,[r5,#4]     1   load pipelining (split point of copy 1)
@   adds r6,r5,#4      1
@   ldr r2,[r6]        3   2 + rules.address_dependency (copy 2)
@   str r0,[r5,#32]    1
@   str r1,[r5,#36]    2   1 + rules.store_buffer (copy 3)
@   cmp r4,#5          1
@   it ne              0   it_folding after a 16-bit instruction (copy 4)
@   addne r3,#1        1
@   subs r4,#1         1
@   bne 1b             2 taken (1 + pipeline_refill.conditional), 1 not taken
@ 10 iterations: 10 x 13 + 9 x 2 + 1 = 149, + movs 1 = 150 -> 153.
@ Every instruction is 16-bit, so the bytes before instruction j of the loop
@ are 8 (TIMER_START: nop, ldr.w, nop) + 2 (movs) + 2 j.

.macro LOOP
  TIMER_START
  movs r4, #10
1:
  ldr r0, [r5]
  ldr r1, [r5, #4]
  adds r6, r5, #4
  ldr r2, [r6]
  str r0, [r5, #32]
  str r1, [r5, #36]
  cmp r4, #5
  it ne
  addne r3, #1
  subs r4, #1
  bne 1b
.endm

@ Copy k: skip to \before bytes ahead of the next 4 KiB boundary, so the
@ boundary falls before loop instruction \j (\before = 10 + 2 j); split_k
@ labels that boundary (the test checks it is page aligned).
.macro SPLIT_COPY k, j
  b.w 2f
  .balign 4096
  .space 4096 - (10 + 2 * \j)
2:
  LOOP
  TIMER_STOP \k
  .pushsection .rodata
  .balign 4
  .global split_\k
  .set split_\k, 2b + 10 + 2 * \j
  .popsection
.endm

VECTORS
  ldr r5, =scratch
  movs r3, #0
  b 3f
  .ltorg                     @ the literals above, within reach (the copies span 16 KiB)
3:
  LOOP                       @ copy 0: in one page
  TIMER_STOP 0
  SPLIT_COPY 1, 1            @ between the two pipelined loads
  SPLIT_COPY 2, 3            @ between ADD and the load using its result as base
  SPLIT_COPY 3, 5            @ between the two stores
  SPLIT_COPY 4, 7            @ between CMP and the folded IT
  EXIT
  .ltorg
DATA 5
