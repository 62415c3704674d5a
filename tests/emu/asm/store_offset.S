@ rules.store_register_offset (TRM 3.3.2: "Other instructions cannot be
@ pipelined after STR with register offset", while "STR Rx,[Ry,#imm] is
@ always one cycle"): the instruction after STR/STRB/STRH [Rn, Rm] waits one
@ cycle. Each window ends with an ALU instruction so the wait is inside it.
.include "harness.inc"
VECTORS
  ldr r5, =scratch
  movs r1, #8
  TIMER_START              @ STR [Rn,#imm] then ALU: 1 + 1 = 2 -> 5
  str r0, [r5, #4]
  adds r2, #1
  TIMER_STOP 0
  TIMER_START              @ STR [Rn,Rm] then ALU: 1 + (1+1) = 3 -> 6
  str r0, [r5, r1]
  adds r2, #1
  TIMER_STOP 1
  TIMER_START              @ STRB [Rn,Rm] then LDR: 1 + (2+1) + ALU 1 = 5 -> 8
  strb r0, [r5, r1]
  ldr r3, [r5]
  adds r2, #1
  TIMER_STOP 2
  TIMER_START              @ STR [Rn,Rm] then STR: one wait (the store_buffer one): 1 + (1+1) + ALU 1 = 4 -> 7
  str r0, [r5, r1]
  str r2, [r5, #12]
  adds r2, #1
  TIMER_STOP 3
  TIMER_START              @ STRH [Rn,Rm, LSL #1] then ALU: 1 + (1+1) = 3 -> 6
  strh r0, [r5, r1, lsl #1]
  adds r2, #1
  TIMER_STOP 4
  EXIT
DATA 5
