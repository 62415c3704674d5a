/* The TinySim runtime's entry points: what a firmware that links the runtime
 * calls. TinySim's own emulated board (board/main.c) calls exactly these, so
 * a user firmware built from `tinysim export-runtime` runs the code TinySim
 * measured.
 *
 *   static uint8_t arena[PLAN_ARENA_BYTES] __attribute__((aligned(16)));
 *   ts_init(plan, arena, sizeof arena);   once
 *   fill ts_input(0) .. ; ts_invoke(); read ts_output(0) ..
 *
 * ts_invoke writes each op's index to ITM stimulus port 1 before the op and
 * 0xFFFFFFFF after the last one (ignored on a board whose ITM is off): TinySim
 * counts the inference from the first marker to the end marker. */
#ifndef TINYSIM_H
#define TINYSIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes of ts_init / ts_invoke (the emulated firmware's exit codes). */
#define TS_OK 0
#define TS_ERR_BAD_MAGIC 1   /* not a TinySim plan */
#define TS_ERR_BAD_VERSION 2 /* a plan written for another runtime version */
#define TS_ERR_BAD_OP 3      /* an op kind this runtime does not have (ts_invoke) */
#define TS_ERR_BAD_ARENA 4   /* arena smaller than the plan needs, or not 16-byte aligned */
#define TS_ERR_NO_PLAN 5     /* ts_invoke before a successful ts_init */
#define TS_ERR_BAD_INPUT 6   /* an input TFLM's Invoke fails on, e.g. a GATHER index outside its axis (ts_invoke; ts_bad_input_op) */

/* Checks the plan (16-byte aligned, in flash or RAM) and the arena and keeps
 * both for ts_invoke. */
int ts_init(const void* plan, void* arena, uint32_t arena_bytes);
/* One inference: every op of the plan in order, inputs already in place. */
int ts_invoke(void);

/* Where input / output i lives in the arena (0 past the last one or before
 * ts_init), and its size in bytes. */
/* After TS_ERR_BAD_INPUT: the index of the first op that reported it. */
uint32_t ts_bad_input_op(void);

uint32_t ts_num_inputs(void);
uint32_t ts_num_outputs(void);
void* ts_input(uint32_t i);
void* ts_output(uint32_t i);
uint32_t ts_input_bytes(uint32_t i);
uint32_t ts_output_bytes(uint32_t i);

/* The state stateful ops keep from one ts_invoke to the next (an audio
 * front end's noise estimate): its bytes in the arena, 0 / NULL when the
 * plan has none. ts_init zeroes it; a firmware that powers the RAM down
 * between frames saves and restores it here. */
void* ts_state_area(void);
uint32_t ts_state_bytes(void);

#ifdef __cplusplus
}
#endif

#endif
