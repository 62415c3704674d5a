@ Stack high-water mark: PUSH 8 registers (32 B), SUB SP #64, then a call
@ whose callee pushes 4 registers (16 B) inside one block: deepest point is
@ 32 + 64 + 16 = 112 bytes below the initial SP.
.include "harness.inc"
VECTORS
  push {r0-r7}
  sub sp, #64
  bl callee
  add sp, #64
  pop {r0-r7}
  EXIT
  .thumb_func
callee:
  push {r4-r7}
  pop {r4-r7}
  bx lr
DATA 1
