/* TinySim's emulated firmware: the host wrote the plan at
 * __tinysim_plan_start and the inputs into the arena; run it once through
 * the runtime's public entry points (tinysim.h), as a user's firmware does. */
#include "tinysim.h"
#include "ts_runtime.h"

extern const uint8_t __tinysim_plan_start[];
extern uint8_t __tinysim_arena_start[];
extern uint8_t __tinysim_ram_end[];

static void print_outputs(void) {
  for (uint32_t i = 0; i < ts_num_outputs(); ++i) {
    ts_puts("TSOUT ");
    ts_put_u32(i);
    ts_putc(' ');
    const uint8_t* p = (const uint8_t*)ts_output(i);
    for (uint32_t b = 0; b < ts_output_bytes(i); ++b) ts_put_hex8(p[b]);
    ts_putc('\n');
  }
  /* The state area too, so the host can carry it into the next run. */
  if (ts_state_bytes()) {
    ts_puts("TSSTATE ");
    const uint8_t* p = (const uint8_t*)ts_state_area();
    for (uint32_t b = 0; b < ts_state_bytes(); ++b) ts_put_hex8(p[b]);
    ts_putc('\n');
  }
}

int main(void) {
  /* The host checks the arena against the MCU profile before the run; here
   * it may reach the end of the linker script's RAM region. */
  const int init = ts_init(__tinysim_plan_start, __tinysim_arena_start,
                           (uint32_t)(__tinysim_ram_end - __tinysim_arena_start));
  if (init == TS_ERR_BAD_MAGIC) ts_puts("tinysim firmware: no plan at __tinysim_plan_start\n");
  if (init == TS_ERR_BAD_VERSION) ts_puts("tinysim firmware: plan version mismatch\n");
  if (init == TS_ERR_BAD_ARENA) ts_puts("tinysim firmware: the plan's arena does not fit the RAM region\n");
  if (init != TS_OK) return init;
  const int run = ts_invoke();
  if (run == TS_ERR_BAD_INPUT) {
    ts_puts("tinysim firmware: bad input in layer ");
    ts_put_u32(ts_bad_input_op());
    ts_puts(" (a GATHER index outside its axis; TFLite Micro's Invoke fails there too)\n");
    return run;
  }
  if (run != TS_OK) {
    ts_puts("tinysim firmware: unknown op kind in layer ");
    ts_put_u32(ts_current_layer);
    ts_puts("\n");
    return TS_ERR_BAD_OP;
  }
  if (ts_flags & TS_FLAG_PRINT_OUTPUTS) print_outputs();
  return TS_OK;
}
