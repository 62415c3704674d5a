@ rules.unaligned_wide_run (mcu_models/timing/cortex_m4.json; published board
@ measurements of the Cortex-M4, not a TRM row: "groups of three or more
@ unaligned wide instructions take one extra cycle"): the third consecutive
@ 32-bit instruction at a halfword (addr % 4 == 2) address pays 1 cycle, once
@ per run; a 16-bit instruction ends the run (the next one is word aligned).
@ Every instruction under test is a 1-cycle ALU op (TRM Table 3-1), so a
@ window of n instructions costs n + the run cycles; results = 3 + that.
@ Windows 5 and 6 put a 4 KiB page boundary inside the run (Unicorn ends a
@ block before a 32-bit instruction that crosses a page): the run still
@ costs what it costs in one block.
.include "harness.inc"

.macro WIDE n
  .rept \n
  add.w r3, r3, #1
  .endr
.endm

@ TIMER_START (8 bytes) on a word boundary, then one 16-bit instruction: the
@ wide instructions after it sit at halfword addresses.
.macro HALF_RUN k, n
  .balign 4
  TIMER_START
  adds r2, #1
  WIDE \n
  adds r2, #1
  TIMER_STOP \k
.endm

@ TIMER_START at 2 mod 4, so the wide instructions after it start at a
@ halfword address; the page boundary falls inside wide instruction j+1
@ (at 8 + 4 j + 2 bytes from the label): the second block starts with it.
.macro SPLIT_RUN k, n, j
  b.w 2f
  .balign 4096
  .space 4096 - (10 + 4 * \j)
2:
  TIMER_START
  WIDE \n
  adds r2, #1
  TIMER_STOP \k
  .pushsection .rodata
  .balign 4
  .global split_\k
  .set split_\k, 2b + 10 + 4 * \j
  .popsection
.endm

VECTORS
  b 3f
  .ltorg                     @ the literals above, within reach (the split copies span 8 KiB)
3:
  movs r2, #0
  movs r3, #0
  HALF_RUN 0, 2            @ run of 2: 1 + 2 + 1 = 4 -> 7
  HALF_RUN 1, 3            @ run of 3: 1 + 3 + 1 + 1 = 6 -> 9
  HALF_RUN 2, 5            @ run of 5, charged once: 1 + 5 + 1 + 1 = 8 -> 11
  .balign 4                @ two runs of 3 (16-bit ADDS, ADDS between): 1 + 3 + 2 + 3 + 1 + 2 = 12 -> 15
  TIMER_START
  adds r2, #1
  WIDE 3
  adds r2, #1
  adds r2, #1
  WIDE 3
  adds r2, #1
  TIMER_STOP 3
  .balign 4                @ 3 wide at word addresses: no run: 3 + 1 = 4 -> 7
  TIMER_START
  WIDE 3
  adds r2, #1
  TIMER_STOP 4
  SPLIT_RUN 5, 4, 2        @ run of 4 split 2 | 2: 4 + 1 + 1 = 6 -> 9
  SPLIT_RUN 6, 6, 3        @ run of 6 split 3 | 3, charged once: 6 + 1 + 1 = 8 -> 11
  EXIT
  .ltorg
DATA 7
