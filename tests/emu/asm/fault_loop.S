.include "harness.inc"
VECTORS
  .global fault_here
fault_here:
  b fault_here
DATA 1
