// UNIDIRECTIONAL_SEQUENCE_LSTM's prepared data and host kernels, shared by
// its registry entry (lstm.cpp: schema, prepare, plan record) and the host
// evaluation (lstm_eval.cpp). The arithmetic is TFLite Micro's generic LSTM
// (kernels/unidirectional_sequence_lstm.cc, lstm_eval.h/.cc, lstm_shared.h):
// per gate an input FULLY_CONNECTED with the gate bias plus a recurrent one
// without, each to int16 Q3.12 (float: plain sums), a saturating add, sigmoid
// (tanh for the cell gate) to Q0.15; then cell = forget * cell + input * cell
// gate (int16 MULs, saturating add, optional clip) and hidden = tanh(cell) *
// output gate, copied to the output at each step.
#pragma once

#include <array>
#include <cstdint>

#include "core/host/op_data.h"

namespace tinysim::ops {

// Gates in TFLM's LstmStep order.
enum LstmGate : int { kForgetGate = 0, kInputGate = 1, kCellGate = 2, kOutputGate = 3 };
inline constexpr std::array<int, 4> kLstmInputWeightSlot = {2, 1, 3, 4};      // input-to-gate weights
inline constexpr std::array<int, 4> kLstmRecurrentWeightSlot = {6, 5, 7, 8};  // recurrent-to-gate weights
inline constexpr std::array<int, 4> kLstmBiasSlot = {13, 12, 14, 15};
inline constexpr int kLstmHiddenSlot = 18, kLstmCellSlot = 19;

// A requantization multiplier: real = multiplier * 2^(shift - 31).
struct LstmScale {
  int32_t multiplier = 0;
  int32_t shift = 0;
};

struct LstmData : OpData {
  int32_t batches = 1, steps = 1, input_size = 0, state_size = 0;
  bool time_major = false;
  int hidden = -1, cell = -1;  // variable state tensors
  std::array<int, 4> w_in{}, w_rec{}, bias{};

  // Integer kernels (int8 and int16 activations, int16 cell state).
  std::array<LstmScale, 4> in_scale{}, rec_scale{};  // input / recurrent FC -> Q3.12
  int32_t input_offset = 0, hidden_offset = 0;        // -zero points of input and hidden state
  int32_t hidden_zp = 0, hidden_min = 0, hidden_max = 0;
  LstmScale forget_cell{}, input_cell{}, hidden_out{};  // the three element-wise MULs
  int32_t tanh_multiplier = 0, tanh_shift = 0;          // tanh of the cell state (ts_tanh_s16's parameters)
  bool clip = false;                                    // cell_clip > 0
  int16_t cell_clip_q = 0;
  float cell_clip = 0.f;
};

// The host kernels: tensors[i] is model tensor i. The states are reset
// before the sequence (hidden = its zero point, cell = 0), so one inference
// is one sequence, as after TFLM's ResetVariableTensors.
void lstm_eval_float(const LstmData& p, void* const* tensors);
void lstm_eval_int8(const LstmData& p, void* const* tensors);
void lstm_eval_int16(const LstmData& p, void* const* tensors);

// (multiplier, left shift) of ts_tanh_s16 for a cell state of scale
// 2^scale_power, as TFLM's lstm_internal::Tanh derives them.
void lstm_tanh_params(int32_t scale_power, int32_t* multiplier, int32_t* shift);

}  // namespace tinysim::ops
