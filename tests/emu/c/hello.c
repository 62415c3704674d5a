// run-elf / QEMU cross-check test program: semihosting printf, a float and
// an integer computation, layer markers, and a non-zero exit code.
#include <stdint.h>
#include <stdio.h>

#define ITM_PORT1 (*(volatile uint32_t*)0xE0000004u)

static volatile int divisor = 7;

int main(void) {
  float acc = 0.0f;
  ITM_PORT1 = 0;
  for (int i = 1; i <= 100; ++i) acc += 1.0f / (float)i;
  ITM_PORT1 = 1;
  int q = 0;
  for (int i = 0; i < 1000; ++i) q += (i * 31) / divisor;
  ITM_PORT1 = 0xFFFFFFFFu;
  printf("hello from cortex-m4\n");
  printf("harmonic(100)*1000 = %d\n", (int)(acc * 1000.0f));
  printf("divsum = %d\n", q);
  return 3;
}
