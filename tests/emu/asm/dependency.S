@ rules.address_dependency (TRM 3.3.2: "Any load or store that generates an
@ address dependent on the result of a preceding data processing operation
@ stalls the pipeline for an additional cycle ... There is no forwarding
@ path for this scenario"): +1 when the instruction just before (a
@ data-processing one, or a load: its result has no forwarding path to
@ address generation either, see the table's "fitted" note) writes the
@ base or index register; a base write-back does not count.
.include "harness.inc"
VECTORS
  ldr r5, =scratch
  str r5, [r5]             @ scratch[0] = &scratch
  movs r6, #1
  TIMER_START              @ MUL writes the store's base: 1 + 1 + 1 = 3 -> 6
  mul r6, r5, r6
  str r0, [r6, #32]
  TIMER_STOP 0
  TIMER_START              @ ALU writes the stored value, not the address: 1 + 1 = 2 -> 5
  adds r0, r0, #1
  str r0, [r5, #32]
  TIMER_STOP 1
  TIMER_START              @ ALU writes the index register: 1 + 2 + 1 = 4 -> 7
  movs r1, #4
  ldr r0, [r5, r1]
  TIMER_STOP 2
  TIMER_START              @ ALU result two instructions before the load: 1 + 1 + 2 = 4 -> 7
  adds r6, r5, #4
  nop
  ldr r0, [r6]
  TIMER_STOP 3
  TIMER_START              @ load result forms the next address: 2 + 2 (not pipelined) + 1 = 5 -> 8
  ldr r0, [r5]
  ldr r1, [r0]
  TIMER_STOP 4
  EXIT
DATA 5
