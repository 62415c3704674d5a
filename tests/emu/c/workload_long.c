// bench_emulator's steady-state firmware: workload.c's kernels (int8 matmul,
// CRC-32, float saxpy between layer markers) run kRepeat times in one ELF, so
// a run is ~100 M instructions and translation is a small part of it.
#define main workload_once
#include "workload.c"
#undef main

enum { kRepeat = 100 };

int main(void) {
  int rc = 0;
  for (int i = 0; i < kRepeat; ++i) rc |= workload_once();
  return rc;
}
