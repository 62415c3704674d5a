/* Runtime services the kernels and the plan interpreter share: console,
 * layer markers, exit. */
#ifndef TS_RUNTIME_H
#define TS_RUNTIME_H

#include <stdint.h>

#include "tinysim_plan.h"

#define TS_EXIT_FAULT 10

extern uint32_t ts_current_layer;
extern uint32_t ts_flags;

void ts_putc(char c);
void ts_puts(const char* s);
void ts_put_u32(uint32_t v);
void ts_put_hex8(uint8_t v);
__attribute__((noreturn)) void ts_exit(int code);

static inline void ts_mark_layer(uint32_t n) {
  ts_current_layer = n;
  if (!(ts_flags & TS_FLAG_NO_MARKERS)) *(volatile uint32_t*)TS_ITM_PORT1 = n;
}

#endif
