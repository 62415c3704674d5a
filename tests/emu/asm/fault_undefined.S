.include "harness.inc"
VECTORS
  nop
  .global fault_here
fault_here:
  udf #0
  EXIT
DATA 1
