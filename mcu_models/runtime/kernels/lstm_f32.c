/* UNIDIRECTIONAL_SEQUENCE_LSTM float32, TFLite Micro's float LSTM
 * (lstm_eval.h: reference FULLY_CONNECTED sums in input order, the
 * reference logistic with its cut-offs, tanhf), in the host kernel's order
 * (core/ops/lstm_eval.cpp). The hidden state is the step's output. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "ts_kernels.h"
#include "ts_lstm.h"

static inline float no_clamp(float v) { return v < -FLT_MAX ? -FLT_MAX : v > FLT_MAX ? FLT_MAX : v; }

static inline float sigmoid(float v) {
  if (v > 16.619047164916992188f) return 1.f;
  if (v < -9.f) return expf(v);
  return 1.f / (1.f + expf(-v));
}

static void gate_row(const ts_ctx* ctx, const ts_op_lstm* op, int g, const float* x, const float* h, float* gate) {
  const ts_lstm_gate* q = &op->gates[g];
  const float* wi = (const float*)ts_plan_data(ctx, q->w_in_offset);
  const float* wr = (const float*)ts_plan_data(ctx, q->w_rec_offset);
  const float* bi = (const float*)ts_plan_data(ctx, q->bias_offset);
  const int I = op->input_size, S = op->state_size;
  for (int u = 0; u < S; ++u) {
    const float* wu = wi + (size_t)u * I;
    const float* ru = wr + (size_t)u * S;
    float a = 0.f, r = 0.f;
    for (int k = 0; k < I; ++k) a += x[k] * wu[k];
    for (int k = 0; k < S; ++k) r += h[k] * ru[k];
    const float v = no_clamp(a + bi[u]) + no_clamp(r + 0.f);
    gate[u] = g == 2 ? tanhf(v) : sigmoid(v);
  }
}

void ts_lstm_f32(const ts_ctx* ctx, const ts_op_lstm* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  float* hidden = (float*)ts_tensor_data(ctx, &op->hidden);
  float* cell = (float*)ts_tensor_data(ctx, &op->cell);
  const int I = op->input_size, S = op->state_size;
  float* gates = (float*)(ctx->arena + op->scratch_offset);
  const size_t states = (size_t)op->batches * S;
  for (size_t k = 0; k < states; ++k) hidden[k] = cell[k] = 0.f;
  const int32_t rows = op->batches * op->steps;
  for (int32_t r = 0; r < rows; ++r) {
    const float* x = in + (size_t)r * I;
    const int32_t st = ts_lstm_state_row(op, r);
    float* h = hidden + (size_t)st * S;
    float* c = cell + (size_t)st * S;
    for (int g = 0; g < 4; ++g) gate_row(ctx, op, g, x, h, gates + g * S);
    for (int s = 0; s < S; ++s) {
      float v = no_clamp(gates[s] * c[s]) + no_clamp(gates[S + s] * gates[2 * S + s]);
      if (op->flags & TS_LSTM_CLIP) v = fmaxf(fminf(op->cell_clip_f, v), -op->cell_clip_f);
      c[s] = v;
      h[s] = no_clamp(tanhf(v) * gates[3 * S + s]);
    }
    memcpy(out + (size_t)r * S, h, (size_t)S * sizeof(float));
  }
}
