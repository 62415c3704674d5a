// Loop-heavy workload for bench_emulator and the run-elf tests: an int8
// matrix multiply (the inner loop of a TinyML conv/FC layer), CRC-32 over a
// buffer, and a float saxpy, each between layer markers. Prints checksums.
#include <stdint.h>
#include <stdio.h>

#define ITM_PORT1 (*(volatile uint32_t*)0xE0000004u)
#define N 48

static int8_t a[N * N], b[N * N];
static int32_t c[N * N];
static uint8_t buf[8192];
static float x[2048], y[2048];

static uint32_t lcg(uint32_t* s) {
  *s = *s * 1664525u + 1013904223u;
  return *s >> 24;
}

static uint32_t crc32(const uint8_t* p, int n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (int i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

int main(void) {
  uint32_t s = 1;
  for (int i = 0; i < N * N; ++i) {
    a[i] = (int8_t)lcg(&s);
    b[i] = (int8_t)lcg(&s);
  }
  for (int i = 0; i < (int)sizeof buf; ++i) buf[i] = (uint8_t)lcg(&s);
  for (int i = 0; i < 2048; ++i) {
    x[i] = (float)(int)lcg(&s) / 256.0f;
    y[i] = 1.0f;
  }

  ITM_PORT1 = 0;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      int32_t acc = 0;
      for (int k = 0; k < N; ++k) acc += a[i * N + k] * b[k * N + j];
      c[i * N + j] = acc;
    }
  ITM_PORT1 = 1;
  uint32_t crc = crc32(buf, sizeof buf);
  ITM_PORT1 = 2;
  for (int r = 0; r < 8; ++r)
    for (int i = 0; i < 2048; ++i) y[i] = 0.5f * x[i] + y[i];
  ITM_PORT1 = 0xFFFFFFFFu;

  int32_t sum = 0;
  for (int i = 0; i < N * N; ++i) sum += c[i];
  float fs = 0;
  for (int i = 0; i < 2048; ++i) fs += y[i];
  printf("matmul %ld crc %08lx saxpy %ld\n", (long)sum, (unsigned long)crc, (long)fs);
  return 0;
}
