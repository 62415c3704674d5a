@ One semihosting call chosen by the test: it writes the operation to
@ sh_op, r1 to sh_arg (and a parameter block to sh_block if the call takes
@ one) before run(), then the firmware exits normally if the call returns.
.include "harness.inc"
VECTORS
  ldr r2, =sh_op
  ldr r0, [r2]
  ldr r2, =sh_arg
  ldr r1, [r2]
  .global sh_call
sh_call:
  bkpt 0xab
  EXIT
DATA 1
  .bss
  .balign 4
  .global sh_op
sh_op: .space 4
  .global sh_arg
sh_arg: .space 4
  .global sh_block
sh_block: .space 16
  .global sh_text
sh_text: .space 16
