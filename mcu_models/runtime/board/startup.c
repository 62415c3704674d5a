/* Reset and vector table for the TinySim Cortex-M4 runtime. The stack sits in
 * its own linker section below the arena so that one image serves every MCU
 * profile whatever its RAM size. */
#include <stdint.h>

#include "ts_runtime.h"

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end;
extern uint32_t __tinysim_stack_top;

int main(void);

__attribute__((noreturn)) void Reset_Handler(void) {
  uint32_t* src = &__data_load;
  for (uint32_t* dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
#if defined(__ARM_FP)
  /* CP10/CP11 full access, or the first VFP instruction faults. */
  *(volatile uint32_t*)0xE000ED88u |= (0xFu << 20);
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  ts_exit(main());
}

static __attribute__((noreturn)) void fault(const char* what) {
  ts_puts("tinysim firmware: ");
  ts_puts(what);
  ts_puts(" in layer ");
  ts_put_u32(ts_current_layer);
  ts_puts("\n");
  ts_exit(TS_EXIT_FAULT);
}

void NMI_Handler(void) { fault("NMI"); }
void HardFault_Handler(void) { fault("HardFault"); }
void MemManage_Handler(void) { fault("MemManage fault"); }
void BusFault_Handler(void) { fault("BusFault"); }
void UsageFault_Handler(void) { fault("UsageFault"); }
void Default_Handler(void) { fault("unexpected interrupt"); }

typedef void (*vector_fn)(void);

__attribute__((section(".isr_vector"), used)) const vector_fn ts_vectors[16] = {
    (vector_fn)(uintptr_t)&__tinysim_stack_top,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    Default_Handler, /* SVC */
    Default_Handler, /* DebugMon */
    0,
    Default_Handler, /* PendSV */
    Default_Handler, /* SysTick */
};
