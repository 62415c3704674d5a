.include "harness.inc"
VECTORS
  ldr r0, =0xE0000004
  movs r1, #2
  str r1, [r0]             @ layer 2 starts
  ldr r0, =0x60000000
  .global fault_here
fault_here:
  ldr r1, [r0, #4]         @ unmapped read at 0x60000004
  EXIT
DATA 1
