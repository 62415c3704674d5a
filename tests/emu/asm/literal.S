@ rules.literal_load_contention (TRM 3.3.2: "LDR Rx,[PC,#imm] might add a
@ cycle because of contention with the fetch unit"): a PC-relative load
@ costs its load timing plus rules.literal_load_contention cycles (0 in the
@ shipped table: see its "fitted" note).
.include "harness.inc"
VECTORS
  TIMER_START              @ one literal load: 2 + 0 = 2 -> 5
  ldr r0, =0x12345678
  TIMER_STOP 0
  TIMER_START              @ two literal loads pipeline: 2 + 1 = 3 -> 6
  ldr r0, =0x12345678
  ldr r1, =0x9abcdef0
  TIMER_STOP 1
  EXIT
  .ltorg
DATA 2
