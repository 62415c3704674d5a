// Host kernels of UNIDIRECTIONAL_SEQUENCE_LSTM (see lstm.h), TFLite Micro's
// reference arithmetic: tensorflow/lite/micro/kernels/lstm_eval.h
// (CalculateLstmGate, UpdateLstmCell, UpdateLstmHidden, LstmStep, EvalLstm)
// and lstm_eval.cc (the FULLY_CONNECTED, MUL, logistic and tanh it calls).
//
// TFLM runs each step over a [batch, state] block (time major) or one batch
// row at a time (batch major); every operation in a step is row-wise, so
// both are this file's loop over rows: the same values, and the same float
// summation order. The four gates of a row are computed
// before the cell update (TFLM computes the output gate after it, but it
// reads neither the cell nor the hidden state: no peephole).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/common/fixed_point.h"
#include "core/common/int16_activations.h"
#include "core/ops/lstm.h"
#include "core/ops/op_helpers.h"

namespace tinysim::ops {
namespace {

// The sequence, TFLM's LstmStep per row: row r of the input (and output),
// in memory order, is the next step of state row r % batches (time major)
// or r / steps (batch major), the order TFLM visits them in. Act is the
// activation type, Cell the cell state's; gate(g, x, h, out) computes gate
// g's row, update(f, i, g, o, c, h) the cell and hidden rows. The states
// start from hidden = its zero point, cell = 0.
template <class Act, class Cell, class GateFn, class UpdateFn>
void run_sequence(const LstmData& p, void* const* t, Act hidden_reset, GateFn gate, UpdateFn update) {
  const auto* input = at<const Act>(t, p.input);
  auto* output = at<Act>(t, p.output);
  auto* hidden = at<Act>(t, p.hidden);
  auto* cell = at<Cell>(t, p.cell);
  const int64_t I = p.input_size, S = p.state_size, rows = int64_t{p.batches} * p.steps;
  std::fill(hidden, hidden + p.batches * S, hidden_reset);
  std::fill(cell, cell + p.batches * S, Cell{0});
  std::vector<Cell> gates(static_cast<size_t>(4 * S));
  Cell* g[4] = {gates.data(), gates.data() + S, gates.data() + 2 * S, gates.data() + 3 * S};
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t state = (p.time_major ? r % p.batches : r / p.steps) * S;
    const Act* x = input + r * I;
    Act* h = hidden + state;
    for (int k = 0; k < 4; ++k) gate(k, x, h, g[k]);
    update(g[kForgetGate], g[kInputGate], g[kCellGate], g[kOutputGate], cell + state, h);
    std::memcpy(output + r * S, h, static_cast<size_t>(S) * sizeof(Act));
  }
}

int16_t sat16(int32_t v) { return static_cast<int16_t>(std::clamp<int32_t>(v, -32768, 32767)); }

// reference_integer_ops::MulElementwise on symmetric int16 inputs.
int32_t mul_q(int32_t a, int32_t b, const LstmScale& s) {
  return ts_multiply_by_quantized_multiplier(a * b, s.multiplier, s.shift);
}

// One gate row of the integer LSTM: FC(input) with bias + FC(hidden), each
// requantized to int16 Q3.12 and saturated, summed with saturation, then
// sigmoid (the cell gate: tanh at scale 2^-12) to Q0.15. Acc is int32 (int8
// activations) or int64 (int16 activations, int64 bias).
template <class Act, class Bias, class Acc>
void integer_gate(const LstmData& p, int g, const Act* x, const Act* h, void* const* t, int16_t* out, bool sigmoid) {
  const auto* wi = at<const int8_t>(t, p.w_in[size_t(g)]);
  const auto* wr = at<const int8_t>(t, p.w_rec[size_t(g)]);
  const auto* bias = at<const Bias>(t, p.bias[size_t(g)]);
  const LstmScale& si = p.in_scale[size_t(g)];
  const LstmScale& sr = p.rec_scale[size_t(g)];
  const int32_t I = p.input_size, S = p.state_size;
  auto requant = [](Acc acc, const LstmScale& s) -> int32_t {
    if constexpr (sizeof(Acc) == 8)
      return ts_multiply_by_quantized_multiplier_64(acc, s.multiplier, s.shift);
    else
      return ts_multiply_by_quantized_multiplier(acc, s.multiplier, s.shift);
  };
  for (int32_t s = 0; s < S; ++s) {
    Acc a = 0, r = 0;
    for (int32_t k = 0; k < I; ++k) a += Acc{wi[int64_t{s} * I + k]} * (int32_t{x[k]} + p.input_offset);
    if (bias) a += static_cast<Acc>(bias[s]);
    for (int32_t k = 0; k < S; ++k) r += Acc{wr[int64_t{s} * S + k]} * (int32_t{h[k]} + p.hidden_offset);
    const int16_t v = sat16(int32_t{sat16(requant(a, si))} + sat16(requant(r, sr)));
    out[s] = sigmoid ? ts_logistic_s16(v, 0, 0) : ts_tanh_s16(v, 0, 0);
  }
}

template <class Act, class Bias, class Acc>
void eval_integer(const LstmData& p, void* const* t) {
  const auto S = static_cast<size_t>(p.state_size);
  run_sequence<Act, int16_t>(
      p, t, static_cast<Act>(p.hidden_zp),
      [&](int g, const Act* x, const Act* h, int16_t* out) {
        integer_gate<Act, Bias, Acc>(p, g, x, h, t, out, g != kCellGate);
      },
      [&](const int16_t* f, const int16_t* i, const int16_t* g, const int16_t* o, int16_t* c, Act* h) {
        for (size_t s = 0; s < S; ++s) {
          const int32_t kept = sat16(mul_q(f[s], c[s], p.forget_cell));
          const int32_t added = sat16(mul_q(i[s], g[s], p.input_cell));
          int16_t v = sat16(kept + added);
          if (p.clip) v = std::clamp<int16_t>(v, static_cast<int16_t>(-p.cell_clip_q), p.cell_clip_q);
          c[s] = v;
          const int16_t tanh_c = ts_tanh_s16(v, p.tanh_multiplier, p.tanh_shift);
          const int32_t hq = p.hidden_zp + mul_q(tanh_c, o[s], p.hidden_out);
          h[s] = static_cast<Act>(std::clamp(hq, p.hidden_min, p.hidden_max));
        }
      });
}

// reference_ops::Logistic (float) with its cut-offs.
float sigmoid_f(float v) {
  if (v > 16.619047164916992188f) return 1.f;
  if (v < -9.f) return std::exp(v);
  return 1.f / (1.f + std::exp(-v));
}

float no_clamp(float v) {
  return std::min(std::max(v, std::numeric_limits<float>::lowest()), std::numeric_limits<float>::max());
}

void float_gate(const LstmData& p, int g, const float* x, const float* h, void* const* t, float* out, bool sigmoid) {
  const float* wi = at<const float>(t, p.w_in[size_t(g)]);
  const float* wr = at<const float>(t, p.w_rec[size_t(g)]);
  const float* bias = at<const float>(t, p.bias[size_t(g)]);
  const int32_t I = p.input_size, S = p.state_size;
  for (int32_t s = 0; s < S; ++s) {
    float a = 0.f, r = 0.f;
    for (int32_t k = 0; k < I; ++k) a += x[k] * wi[int64_t{s} * I + k];
    for (int32_t k = 0; k < S; ++k) r += h[k] * wr[int64_t{s} * S + k];
    const float v = no_clamp(a + (bias ? bias[s] : 0.f)) + no_clamp(r + 0.f);
    out[s] = sigmoid ? sigmoid_f(v) : std::tanh(v);
  }
}

}  // namespace

void lstm_tanh_params(int32_t scale_power, int32_t* multiplier, int32_t* shift) {
  int32_t left_shift = (15 + scale_power) - 3;
  *multiplier = 0;
  if (left_shift < 0) {
    left_shift = -left_shift;
    *multiplier = 3;
  }
  *shift = left_shift;
}

void lstm_eval_int8(const LstmData& p, void* const* t) { eval_integer<int8_t, int32_t, int32_t>(p, t); }
void lstm_eval_int16(const LstmData& p, void* const* t) { eval_integer<int16_t, int64_t, int64_t>(p, t); }

void lstm_eval_float(const LstmData& p, void* const* t) {
  const auto S = static_cast<size_t>(p.state_size);
  run_sequence<float, float>(
      p, t, 0.f,
      [&](int g, const float* x, const float* h, float* out) { float_gate(p, g, x, h, t, out, g != kCellGate); },
      [&](const float* f, const float* i, const float* g, const float* o, float* c, float* h) {
        for (size_t s = 0; s < S; ++s) {
          float v = no_clamp(f[s] * c[s]) + no_clamp(i[s] * g[s]);
          if (p.clip) v = std::max(std::min(p.cell_clip, v), -p.cell_clip);
          c[s] = v;
          h[s] = no_clamp(std::tanh(v) * o[s]);
        }
      });
}

}  // namespace tinysim::ops
