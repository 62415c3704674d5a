/* What the three LSTM kernels (kernels/lstm_{s8,s16,f32}.c) share: where a
 * step's rows are, and the int16 cell and hidden-state updates of the two
 * integer kinds (TFLite Micro's UpdateLstmCell and UpdateLstmHidden, one
 * element at a time; core/ops/lstm_eval.cpp is the host's form).
 *
 * Rows: TFLM runs time major [steps, batches, ...] one step (all batches) at
 * a time and batch major [batches, steps, ...] one batch row at a time; both
 * visit the input rows in memory order, so row r of the input is step r of
 * state row r % batches (time major) or r / steps (batch major). */
#ifndef TS_LSTM_H
#define TS_LSTM_H

#include <stdint.h>

#include "core/common/int16_activations.h"
#include "ts_requant.h"
#include "tinysim_plan.h"

static inline int32_t ts_lstm_state_row(const ts_op_lstm* op, int32_t r) {
  return (op->flags & TS_LSTM_TIME_MAJOR) ? r % op->batches : r / op->steps;
}

static inline int16_t ts_lstm_sat16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

/* One gate value from its two FC accumulators (already requantized to
 * Q3.12): saturating add, then sigmoid (forget / input / output gates) or
 * tanh (cell gate) to Q0.15. */
static inline int16_t ts_lstm_gate_s16(int32_t in_fc, int32_t rec_fc, int cell_gate) {
  const int16_t v = ts_lstm_sat16((int32_t)ts_lstm_sat16(in_fc) + ts_lstm_sat16(rec_fc));
  return cell_gate ? ts_tanh_s16(v, 0, 0) : ts_logistic_s16(v, 0, 0);
}

/* cell = clip(sat(forget * cell + input * cell_gate)) in the cell's scale. */
static inline int16_t ts_lstm_cell_s16(const ts_op_lstm* op, int16_t f, int16_t i, int16_t g, int16_t c) {
  const int32_t kept = ts_lstm_sat16(ts_requant((int32_t)f * c, op->forget_cell_multiplier, op->forget_cell_shift));
  const int32_t added = ts_lstm_sat16(ts_requant((int32_t)i * g, op->input_cell_multiplier, op->input_cell_shift));
  int16_t v = ts_lstm_sat16(kept + added);
  if (op->flags & TS_LSTM_CLIP) {
    const int16_t clip = (int16_t)op->cell_clip;
    v = v > clip ? clip : v < -clip ? (int16_t)-clip : v;
  }
  return v;
}

/* hidden = tanh(cell) * output gate, in the hidden state's scale and range. */
static inline int32_t ts_lstm_hidden_s16(const ts_op_lstm* op, int16_t cell, int16_t o) {
  const int16_t t = ts_tanh_s16(cell, op->tanh_multiplier, op->tanh_shift);
  const int32_t h = op->hidden_zp + ts_requant((int32_t)t * o, op->hidden_multiplier, op->hidden_shift);
  return h < op->hidden_min ? op->hidden_min : h > op->hidden_max ? op->hidden_max : h;
}

#endif
