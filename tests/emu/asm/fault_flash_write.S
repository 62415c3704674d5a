.include "harness.inc"
VECTORS
  ldr r0, =0x100
  .global fault_here
fault_here:
  str r0, [r0]
  EXIT
DATA 1
