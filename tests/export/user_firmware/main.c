/* A user's application on the NUCLEO-L4R5ZI, built from the files
 * `tinysim export-runtime` wrote (model.h, model_plan.c, runtime/): copies
 * a sample into the model's input, runs one inference, prints the outputs
 * as hex and the DWT cycle count of ts_invoke() over semihosting. */
#include <stdio.h>
#include <string.h>

#include "model.h"

/* input_data.c: the sample, made by the test like a user's converted recording. */
extern const uint8_t input_data[];
extern const uint32_t input_data_bytes;

extern void initialise_monitor_handles(void);

#define DEMCR (*(volatile uint32_t*)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t*)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t*)0xE0001004u)

static uint8_t arena[MODEL_ARENA_BYTES] __attribute__((aligned(16)));

int main(void) {
  initialise_monitor_handles();
  int rc = ts_init(model_plan, arena, sizeof arena);
  if (rc != TS_OK || input_data_bytes != MODEL_INPUT0_BYTES) {
    printf("ts_init failed: %d (input %lu bytes)\n", rc, (unsigned long)input_data_bytes);
    return 1;
  }
  memcpy(ts_input(0), input_data, input_data_bytes);

  DEMCR |= 1u << 24; /* TRCENA */
  DWT_CYCCNT = 0;
  DWT_CTRL |= 1u;
  const uint32_t start = DWT_CYCCNT;
  rc = ts_invoke();
  const uint32_t cycles = DWT_CYCCNT - start;
  if (rc != TS_OK) {
    printf("ts_invoke failed: %d\n", rc);
    return 2;
  }
  for (uint32_t i = 0; i < ts_num_outputs(); ++i) {
    const uint8_t* out = (const uint8_t*)ts_output(i);
    printf("output %lu ", (unsigned long)i);
    for (uint32_t b = 0; b < ts_output_bytes(i); ++b) printf("%02x", out[b]);
    printf("\n");
  }
  printf("dwt_cycles %lu\n", (unsigned long)cycles);
  return 0;
}
