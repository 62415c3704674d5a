@ SYS_WRITE to stdout with a length of 0x7fffffff (issue 14): the run must
@ end with a fault naming the call, not allocate 2 GiB.
.include "harness.inc"
VECTORS
  ldr r1, =write_block
  movs r0, #0x05
  bkpt 0xab
  EXIT
DATA 1
  .section .rodata
  .balign 4
write_block:
  .word 1, 0x20000000, 0x7fffffff
