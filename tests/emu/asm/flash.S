@ Flash wait states and the accelerator. Run on profiles with 0 and 5 wait
@ states (tests/emu/profiles and stm32f407). Lines are 16 bytes; each
@ window starts at a line boundary so the line holding the first timer read
@ is fetched before the window opens (its stall is charged at that read).
.include "harness.inc"
VECTORS
  ldr r6, =table
  @ --- 0: 64 sequential 16-bit ALU ops. Static 2 + 1 + 64 = 67.
  @ Bytes 0..131 + the final read at 132 span lines L0..L8; L1..L8 are
  @ fetched inside the window: no accelerator 8 x 5 = 40 stalls -> 107;
  @ with prefetch each line is ready before it is needed (8 cycles per
  @ line >= 5) -> 67; 0 wait states -> 67.
  .balign 16
  ldr r8, [r9]
  nop
  .rept 64
  adds r0, #1
  .endr
  ldr r7, [r9]
  subs r7, r7, r8
  str r7, [r10, #0]

  @ --- 1: a loop of 10 iterations over lines A (16..31), B (32..47), C (48..).
  @ Static: 2 + 1 + 1 + 5 nops = 9, 10 x 16 body, 9 taken BNE x 2 (pipeline_refill.conditional 1) + 1 = 19 -> 188.
  @ no accelerator: A, B, C miss every iteration: 10 x 15 = 150 -> 338
  @ I-cache only: A, B, C miss in iteration 1 only: 15 -> 203
  @ prefetch only: iteration 1 streams; iterations 2..10 miss A after the
  @ branch (B and C arrive by prefetch in time): 9 x 5 = 45 -> 233
  @ prefetch + I-cache (stm32f407): 0 -> 188
  .balign 16
  ldr r8, [r9]
  nop
  movs r0, #10
  nop
  nop
  nop
  nop
  nop
1:
  .rept 15
  adds r1, #1
  .endr
  subs r0, #1
  bne 1b
  ldr r7, [r9]
  subs r7, r7, r8
  str r7, [r10, #4]

  @ --- 2: data reads from flash (weights).
  @ ldr r8 (2), nop (1), LDR (2), LDR pipelined (1), LDR pipelined (1) = 7, all in one line.
  @ table words 0 and 1 share a 16-byte line, word 4 is the next line:
  @ no D-cache: 3 x 5 = 15 -> 22; 8-line D-cache: 2 misses -> 17; 0 wait states -> 7.
  .balign 16
  ldr r8, [r9]
  nop
  ldr r0, [r6]
  ldr r1, [r6, #4]
  ldr r2, [r6, #16]
  ldr r7, [r9]
  subs r7, r7, r8
  str r7, [r10, #8]
  EXIT
  .section .rodata
  .balign 16
table:
  .word 1, 2, 3, 4, 5, 6, 7, 8
DATA 3
