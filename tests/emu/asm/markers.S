@ Layer markers (ITM port 1) and console (ITM port 0), 0 wait states.
@ Marker stamps are taken at the start of the marking STR, so
@ layer 0 = STR + 10 ADDS + MOVS = 12 cycles, 12 instructions;
@ layer 1 = STR + 20 ADDS + MOV.W r1,#-1 (the assembler's choice for
@ ldr r1,=0xFFFFFFFF) = 22 cycles, 22 instructions.
.include "harness.inc"
VECTORS
  ldr r0, =0xE0000000
  movs r1, #'h'
  str r1, [r0]
  movs r1, #'i'
  str r1, [r0]
  ldr r0, =0xE0000004
  movs r1, #0
  str r1, [r0]
  .rept 10
  adds r2, #1
  .endr
  movs r1, #1
  str r1, [r0]
  .rept 20
  adds r2, #1
  .endr
  ldr r1, =0xFFFFFFFF
  str r1, [r0]
  EXIT
DATA 1
