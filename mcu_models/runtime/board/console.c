/* Console and exit: ITM stimulus port 0 (what the Unicorn backend and a real
 * SWO probe read) or ARM semihosting (what QEMU implements). */
#include "ts_runtime.h"

static inline int semihost(int op, const void* arg) {
  register int r0 __asm("r0") = op;
  register const void* r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void ts_putc(char c) {
  if (ts_flags & TS_FLAG_SEMIHOSTING)
    semihost(0x03 /* SYS_WRITEC */, &c);
  else
    *(volatile uint32_t*)TS_ITM_PORT0 = (uint8_t)c;
}

void ts_puts(const char* s) {
  while (*s) ts_putc(*s++);
}

void ts_put_u32(uint32_t v) {
  char buf[11];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) ts_putc(buf[--n]);
}

void ts_put_hex8(uint8_t v) {
  static const char digits[] = "0123456789abcdef";
  ts_putc(digits[v >> 4]);
  ts_putc(digits[v & 15]);
}

void ts_exit(int code) {
  /* SYS_EXIT with ADP_Stopped_ApplicationExit (0x20026) for success,
   * ADP_Stopped_RunTimeErrorUnknown (0x20023) otherwise. */
  semihost(0x18, (const void*)(uintptr_t)(code == 0 ? 0x20026u : 0x20023u));
  for (;;) __asm volatile("bkpt 0");
}
