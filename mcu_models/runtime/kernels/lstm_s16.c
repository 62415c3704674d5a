/* UNIDIRECTIONAL_SEQUENCE_LSTM int16x8 (int16 activations with zero point
 * 0, int8 weights, int64 bias, int16 cell state), TFLite Micro's integer
 * LSTM bit for bit: the int8 kind's steps (ts_lstm.h) with int64 FC
 * accumulators, requantized by TFLite's 64-bit MultiplyByQuantizedMultiplier.
 * Plain C (no DSP path). */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_kernels.h"
#include "ts_lstm.h"

static int64_t dot(const int8_t* w, const int16_t* x, int n) {
  int64_t s = 0;
  for (int k = 0; k < n; ++k) s += (int32_t)w[k] * x[k];
  return s;
}

static void gate_row(const ts_ctx* ctx, const ts_op_lstm* op, int g, const int16_t* x, const int16_t* h,
                     int16_t* gate) {
  const ts_lstm_gate* q = &op->gates[g];
  const int8_t* wi = (const int8_t*)ts_plan_data(ctx, q->w_in_offset);
  const int8_t* wr = (const int8_t*)ts_plan_data(ctx, q->w_rec_offset);
  const int64_t* bi = (const int64_t*)ts_plan_data(ctx, q->bias_offset);
  const int I = op->input_size, S = op->state_size;
  for (int u = 0; u < S; ++u) {
    const int64_t a = bi[u] + dot(wi + (size_t)u * I, x, I);
    const int64_t r = dot(wr + (size_t)u * S, h, S);
    gate[u] = ts_lstm_gate_s16(ts_multiply_by_quantized_multiplier_64(a, q->in_multiplier, q->in_shift),
                               ts_multiply_by_quantized_multiplier_64(r, q->rec_multiplier, q->rec_shift), g == 2);
  }
}

void ts_lstm_s16(const ts_ctx* ctx, const ts_op_lstm* op) {
  const int16_t* in = (const int16_t*)ts_tensor_data(ctx, &op->input);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  int16_t* hidden = (int16_t*)ts_tensor_data(ctx, &op->hidden);
  int16_t* cell = (int16_t*)ts_tensor_data(ctx, &op->cell);
  const int I = op->input_size, S = op->state_size;
  int16_t* gates = (int16_t*)(ctx->arena + op->scratch_offset);
  memset(hidden, 0, (size_t)op->batches * S * sizeof(int16_t)); /* zero point 0 */
  memset(cell, 0, (size_t)op->batches * S * sizeof(int16_t));
  const int32_t rows = op->batches * op->steps;
  for (int32_t r = 0; r < rows; ++r) {
    const int16_t* x = in + (size_t)r * I;
    const int32_t st = ts_lstm_state_row(op, r);
    int16_t* h = hidden + (size_t)st * S;
    int16_t* c = cell + (size_t)st * S;
    for (int g = 0; g < 4; ++g) gate_row(ctx, op, g, x, h, gates + g * S);
    for (int s = 0; s < S; ++s) {
      c[s] = ts_lstm_cell_s16(op, gates[s], gates[S + s], gates[2 * S + s], c[s]);
      h[s] = (int16_t)ts_lstm_hidden_s16(op, c[s], gates[3 * S + s]);
    }
    memcpy(out + (size_t)r * S, h, (size_t)S * sizeof(int16_t));
  }
}
