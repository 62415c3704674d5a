/* UNIDIRECTIONAL_SEQUENCE_LSTM int8 (int8 activations and weights, int16
 * cell state), TFLite Micro's integer LSTM bit for bit (see ts_lstm.h and
 * core/ops/lstm_eval.cpp). Per row: the four gates (an input and a
 * recurrent FC each, requantized to Q3.12), then the cell and hidden
 * updates; the hidden row is the step's output.
 *
 * The zero points are in the biases (the plan writer folds
 * input_offset * sum(w) and hidden_offset * sum(w) in), so the FCs multiply
 * raw int8 values. DSP path: the input and hidden rows are expanded once per
 * step to int16 pairs in SXTB16 order and reused by the four gates; two
 * units at a time accumulate with SMLAD over the raw weight words. */
#include <string.h>

#include "ts_kernels.h"
#include "ts_lstm.h"

/* Scratch: the four gate rows (int16 or float), then for the DSP path the
 * input and hidden rows as int16 pairs. */
uint32_t ts_lstm_get_buffer_size(int32_t input_size, int32_t state_size, int32_t elem_bytes) {
  const uint32_t gates = ((uint32_t)(4 * state_size * elem_bytes) + 3u) & ~3u;
  const uint32_t pairs = elem_bytes == 2 ? (uint32_t)(input_size / 4 + state_size / 4) * 8u : 0u;
  return gates + pairs;
}

#if TS_USE_DSP
/* x[0..4*k4) as int16 pairs: col[2i] = (x[4i], x[4i+2]), col[2i+1] = (x[4i+1], x[4i+3]). */
static void expand(const int8_t* x, int k4, int32_t* col) {
  for (int i = 0; i < k4; ++i) {
    uint32_t v;
    memcpy(&v, x + 4 * i, 4);
    col[2 * i] = (int32_t)__sxtb16(v);
    col[2 * i + 1] = (int32_t)__sxtb16((v >> 8) | (v << 24));
  }
}

/* a0 += w0 . x, a1 += w1 . x over n values (col: x expanded). */
static inline void dot2(const int8_t* w0, const int8_t* w1, const int8_t* x, const int32_t* col, int n, int32_t* a0,
                        int32_t* a1) {
  const int k4 = n >> 2;
  int32_t s0 = *a0, s1 = *a1;
  for (int i = 0; i < k4; ++i) {
    uint32_t u0, u1;
    memcpy(&u0, w0 + 4 * i, 4);
    memcpy(&u1, w1 + 4 * i, 4);
    const int32_t c0 = col[2 * i], c1 = col[2 * i + 1];
    s0 = __smlad((int32_t)__sxtb16(u0), c0, s0);
    s0 = __smlad((int32_t)__sxtb16((u0 >> 8) | (u0 << 24)), c1, s0);
    s1 = __smlad((int32_t)__sxtb16(u1), c0, s1);
    s1 = __smlad((int32_t)__sxtb16((u1 >> 8) | (u1 << 24)), c1, s1);
  }
  for (int k = k4 * 4; k < n; ++k) {
    s0 += (int32_t)w0[k] * x[k];
    s1 += (int32_t)w1[k] * x[k];
  }
  *a0 = s0;
  *a1 = s1;
}
#endif

static inline int32_t dot(const int8_t* w, const int8_t* x, int n) {
  int32_t s = 0;
  for (int k = 0; k < n; ++k) s += (int32_t)w[k] * x[k];
  return s;
}

/* One gate row: gate[u] for every unit u. */
static void gate_row(const ts_ctx* ctx, const ts_op_lstm* op, int g, const int8_t* x, const int8_t* h,
                     const int32_t* col_x, const int32_t* col_h, int16_t* gate) {
  const ts_lstm_gate* q = &op->gates[g];
  const int8_t* wi = (const int8_t*)ts_plan_data(ctx, q->w_in_offset);
  const int8_t* wr = (const int8_t*)ts_plan_data(ctx, q->w_rec_offset);
  const int32_t* bi = (const int32_t*)ts_plan_data(ctx, q->bias_offset);
  const int32_t* br = (const int32_t*)ts_plan_data(ctx, q->rec_bias_offset);
  const int I = op->input_size, S = op->state_size;
  const int cell_gate = g == 2;
  int u = 0;
#if TS_USE_DSP
  for (; u + 1 < S; u += 2) {
    int32_t a0 = bi[u], a1 = bi[u + 1], r0 = br[u], r1 = br[u + 1];
    dot2(wi + (size_t)u * I, wi + (size_t)(u + 1) * I, x, col_x, I, &a0, &a1);
    dot2(wr + (size_t)u * S, wr + (size_t)(u + 1) * S, h, col_h, S, &r0, &r1);
    gate[u] = ts_lstm_gate_s16(ts_requant(a0, q->in_multiplier, q->in_shift),
                               ts_requant(r0, q->rec_multiplier, q->rec_shift), cell_gate);
    gate[u + 1] = ts_lstm_gate_s16(ts_requant(a1, q->in_multiplier, q->in_shift),
                                   ts_requant(r1, q->rec_multiplier, q->rec_shift), cell_gate);
  }
#else
  (void)col_x;
  (void)col_h;
#endif
  for (; u < S; ++u) {
    const int32_t a = bi[u] + dot(wi + (size_t)u * I, x, I);
    const int32_t r = br[u] + dot(wr + (size_t)u * S, h, S);
    gate[u] = ts_lstm_gate_s16(ts_requant(a, q->in_multiplier, q->in_shift),
                               ts_requant(r, q->rec_multiplier, q->rec_shift), cell_gate);
  }
}

void ts_lstm_s8(const ts_ctx* ctx, const ts_op_lstm* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  int8_t* hidden = (int8_t*)ts_tensor_data(ctx, &op->hidden);
  int16_t* cell = (int16_t*)ts_tensor_data(ctx, &op->cell);
  const int I = op->input_size, S = op->state_size;
  uint8_t* scratch = ctx->arena + op->scratch_offset;
  int16_t* gates = (int16_t*)scratch;
  int32_t* col_x = (int32_t*)(scratch + ts_lstm_get_buffer_size(0, S, 2));
  int32_t* col_h = col_x + 2 * (I / 4);
  memset(hidden, (int8_t)op->hidden_zp, (size_t)op->batches * S);
  memset(cell, 0, (size_t)op->batches * S * sizeof(int16_t));
  const int32_t rows = op->batches * op->steps;
  for (int32_t r = 0; r < rows; ++r) {
    const int8_t* x = in + (size_t)r * I;
    const int32_t st = ts_lstm_state_row(op, r);
    int8_t* h = hidden + (size_t)st * S;
    int16_t* c = cell + (size_t)st * S;
#if TS_USE_DSP
    expand(x, I / 4, col_x);
    expand(h, S / 4, col_h);
#endif
    for (int g = 0; g < 4; ++g) gate_row(ctx, op, g, x, h, col_x, col_h, gates + g * S);
    const int16_t* f = gates;
    const int16_t* ig = gates + S;
    const int16_t* cg = gates + 2 * S;
    const int16_t* o = gates + 3 * S;
    for (int s = 0; s < S; ++s) {
      c[s] = ts_lstm_cell_s16(op, f[s], ig[s], cg[s], c[s]);
      h[s] = (int8_t)ts_lstm_hidden_s16(op, c[s], o[s]);
    }
    memcpy(out + (size_t)r * S, h, (size_t)S);
  }
}
