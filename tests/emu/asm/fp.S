.include "harness.inc"
VECTORS
  ldr r5, =scratch
  str r5, [r5, #12]        @ scratch[3] = &scratch, for the dependent VLDR
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ independent VADD, VMUL, VSUB: 1 each = 3 -> 6
  vadd.f32 s0, s1, s2
  vmul.f32 s3, s4, s5
  vsub.f32 s6, s7, s8
  TIMER_STOP 0
  TIMER_START              @ VMUL uses the VADD result: 1 + (1+1) = 3 -> 6
  vadd.f32 s0, s1, s2
  vmul.f32 s3, s0, s4
  TIMER_STOP 1
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ VMLA chain on one accumulator: 3 + 3 x (3+1) = 15 -> 18
  vmla.f32 s0, s1, s2
  vmla.f32 s0, s3, s4
  vmla.f32 s0, s5, s6
  vmla.f32 s0, s7, s8
  TIMER_STOP 2
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ independent VMLA: 3 x 3 = 9 -> 12
  vmla.f32 s10, s1, s2
  vmla.f32 s11, s3, s4
  vfma.f32 s12, s5, s6
  TIMER_STOP 3
  TIMER_START              @ VDIV 14 + VSQRT 14 = 28 -> 31
  vdiv.f32 s13, s1, s2
  vsqrt.f32 s14, s4
  TIMER_STOP 4
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ VLDR 2 + VSTR 2 + VPUSH {s16-s19} 5 + VPOP 5 = 14 -> 17
  vldr s0, [r5]
  vstr s1, [r5, #4]
  vpush {s16-s19}
  vpop {s16-s19}
  TIMER_STOP 5
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ VMOV s<-r 1, r<-s 1, pair 2 = 4 -> 7
  vmov s0, r0
  vmov r1, s1
  vmov r2, r3, s2, s3
  TIMER_STOP 6
  .balign 4                @ word-aligned window: its 32-bit instructions are no run at halfword addresses (rules.unaligned_wide_run, wide_run.S)
  TIMER_START              @ 3 independent VLDR pipeline as LDR (fp_load pipelined 1, TRM 3.3.2 load pipelining): 2+1+1 = 4 -> 7
  vldr s0, [r5]
  vldr s1, [r5, #4]
  vldr s2, [r5, #8]
  TIMER_STOP 7
  TIMER_START              @ LDR then VLDR, VLDR then LDR: single loads pipeline across the FPU: 2+1, then 1 = 4 -> 7
  ldr r0, [r5]
  vldr s3, [r5, #4]
  ldr r1, [r5, #8]
  TIMER_STOP 8
  TIMER_START              @ VLDM then VLDR: nothing pipelines after LDM/VLDM (TRM 3.3.2): 1+2, then 2 = 5 -> 8
  vldmia r5, {s4, s5}
  vldr s6, [r5, #8]
  TIMER_STOP 9
  TIMER_START              @ VLDR whose base the LDR before loaded: no pipelining, +1 address dependency: 2 + 2+1 = 5 -> 8
  ldr r6, [r5, #12]        @ scratch[3] = &scratch (set above)
  vldr s7, [r6]
  TIMER_STOP 10
  EXIT
DATA 11
