// UNIDIRECTIONAL_SEQUENCE_LSTM against TFLite Micro's kernel tests: the
// 2-batch, 3-step, 2-input, 2-unit LSTM of
// tensorflow/lite/micro/kernels/unidirectional_sequence_lstm_test.cc
// (TestUnidirectionalLSTMFloat / Int8 / Int16) with its data from
// tensorflow/lite/micro/kernels/testdata/lstm_test_data.cc
// (Create2x3x2X2FloatNodeContents, Get2X2LstmEvalCheckData,
// Get2X2Int8LstmQuantizationSettings, Get2X2Int16LstmQuantizationSettings)
// and lstm_test_data.h (CreateQuantizedGateData, CreateIntegerNodeContents):
// https://github.com/tensorflow/tflite-micro/blob/58a5aa22789c63d9d32ef9af1edf68d5f9be64a7/tensorflow/lite/micro/kernels/unidirectional_sequence_lstm_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0fb58056fdee83f0f3691107b977f20b9361ca2f/tensorflow/lite/micro/kernels/testdata/lstm_test_data.cc
// Tolerances as TFLM asserts them on the dequantized values: float 1e-6;
// int8 1e-2 (hidden state and output) and 1e-2 (cell state); int16 1e-3
// and 1e-2. TFLM checks the first batch x state outputs only; this checks
// all twelve (and both states), with the same tolerances.
//
// Plus: the int16 sigmoid / tanh TFLite uses (core/common/int16_activations.h)
// at points whose values follow from the table by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/common/int16_activations.h"
#include "core/ops/op_emission.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

constexpr int B = 2, T = 3, I = 2, S = 2;

struct GateData {
  std::vector<float> w_in, w_rec, bias;
};
// forget, input, cell, output (lstm_test_data.cc's four GateData)
const GateData kGates[4] = {{{-10, -10, -20, -20}, {-10, -10, -20, -20}, {1, 2}},
                            {{10, 10, 20, 20}, {10, 10, 20, 20}, {-1, -2}},
                            {{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 0}},
                            {{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 0}}};
// LSTM input slots of each gate's input weights, recurrent weights, bias.
const int kInSlot[4] = {2, 1, 3, 4}, kRecSlot[4] = {6, 5, 7, 8}, kBiasSlot[4] = {13, 12, 14, 15};

// Get2X2LstmEvalCheckData
const std::vector<float> kInput = {0.2, 0.3, 0.2, 0.3, 0.2, 0.3, -0.98, 0.62, 0.01, 0.99, 0.49, -0.32};
const std::vector<float> kExpectedOutput = {0.26455893,      0.26870455,      0.47935803, 0.47937014,
                                            0.58013272,      0.58013278,      -1.41184672e-3f,
                                            -1.43329117e-5f, 0.46887168,      0.46891281, 0.50054074,
                                            0.50054148};
const std::vector<float> kExpectedHidden = {0.58013272, 0.58013278, 0.50054074, 0.50054148};
const std::vector<float> kExpectedCell = {0.89740515, 0.8974053, 0.80327607, 0.80327785};

struct Q {
  double scale;
  int zp;
};
// NodeQuantizationParameters, the parts the kernel sees.
struct Settings {
  DType act, bias;
  Q input, hidden, cell;
  Q w_in[4], w_rec[4], b[4];
};
// Get2X2Int8LstmQuantizationSettings
const Settings kInt8 = {DType::Int8,
                        DType::Int32,
                        {0.00784313725490196, 0},
                        {0.004705882165580988, -21},
                        {0.00024414062, 0},
                        {{0.15748031496062992, 0}, {0.15748031496062992, 0}, {0.007874015748031496, 0},
                         {0.007874015748031496, 0}},
                        {{0.15748031496062992, 0}, {0.15748031496062992, 0}, {0.007874015748031496, 0},
                         {0.007874015748031496, 0}},
                        {{0.0012351397251814111, 0}, {0.0012351397251814111, 0}, {6.175698625907056e-5, 0},
                         {6.175698625907056e-5, 0}}};
// Get2X2Int16LstmQuantizationSettings
const Settings kInt16 = {DType::Int16,
                         DType::Int64,
                         {3.0518044e-5, 0},
                         {2.1362956633198035e-05, 0},
                         {0.00024414062, 0},
                         {{0.15748031496062992, 0}, {0.15748031496062992, 0}, {0.007874015748031496, 0},
                          {0.007874015748031496, 0}},
                         {{0.15748031496062992, 0}, {0.15748031496062992, 0}, {0.007874015748031496, 0},
                          {0.007874015748031496, 0}},
                         {{4.8059911474468205e-06, 0}, {4.8059911474468205e-06, 0}, {2.40299557372341e-07, 0},
                          {2.40299557372341e-07, 0}}};

// TFLM SymmetricQuantize (FloatToSymmetricQuantizedType): round(x / scale)
// with a float scale, clamped to [min + 1, max].
template <class T>
std::vector<T> symmetric(const std::vector<float>& v, double scale) {
  std::vector<T> q;
  for (float x : v) {
    const auto r = static_cast<int64_t>(std::round(x / static_cast<float>(scale)));
    q.push_back(static_cast<T>(std::clamp<int64_t>(r, int64_t{std::numeric_limits<T>::min()} + 1,
                                                   int64_t{std::numeric_limits<T>::max()})));
  }
  return q;
}

struct Lstm {
  Model m;
  int hidden = -1, cell = -1;
};

// kDefaultBuiltinData: TANH, cell_clip 6, proj_clip 3, batch major.
Lstm build(const Settings* s) {
  test::ModelBuilder b;
  const bool f = s == nullptr;
  auto act = [&](std::vector<int32_t> shape, Q q, DType t) {
    return f ? b.tensor(DType::Float32, shape)
             : b.tensor(t, shape, {static_cast<float>(q.scale)}, {q.zp});
  };
  std::vector<int> in(24, -1);
  in[0] = act({B, T, I}, f ? Q{} : s->input, f ? DType::Float32 : s->act);
  for (int g = 0; g < 4; ++g) {
    const GateData& d = kGates[g];
    if (f) {
      in[size_t(kInSlot[g])] = b.constant<float>(DType::Float32, {S, I}, d.w_in);
      in[size_t(kRecSlot[g])] = b.constant<float>(DType::Float32, {S, S}, d.w_rec);
      in[size_t(kBiasSlot[g])] = b.constant<float>(DType::Float32, {S}, d.bias);
      continue;
    }
    const auto fs = [](Q q) { return std::vector<float>{static_cast<float>(q.scale)}; };
    in[size_t(kInSlot[g])] = b.constant<int8_t>(DType::Int8, {S, I}, symmetric<int8_t>(d.w_in, s->w_in[g].scale),
                                                fs(s->w_in[g]));
    in[size_t(kRecSlot[g])] = b.constant<int8_t>(DType::Int8, {S, S}, symmetric<int8_t>(d.w_rec, s->w_rec[g].scale),
                                                 fs(s->w_rec[g]));
    in[size_t(kBiasSlot[g])] =
        s->bias == DType::Int32
            ? b.constant<int32_t>(DType::Int32, {S}, symmetric<int32_t>(d.bias, s->b[g].scale), fs(s->b[g]))
            : b.constant<int64_t>(DType::Int64, {S}, symmetric<int64_t>(d.bias, s->b[g].scale), fs(s->b[g]));
  }
  in[18] = act({B, S}, f ? Q{} : s->hidden, f ? DType::Float32 : s->act);
  in[19] = act({B, S}, f ? Q{} : s->cell, f ? DType::Float32 : DType::Int16);
  const int out = act({B, T, S}, f ? Q{} : s->hidden, f ? DType::Float32 : s->act);
  Operator& op = b.op(OpType::UnidirectionalSequenceLstm, in, {out});
  op.options.activation = Activation::Tanh;
  op.options.extra["cell_clip"] = 6;
  op.options.extra["proj_clip"] = 3;
  b.m.tensors[size_t(in[18])].is_variable = true;
  b.m.tensors[size_t(in[19])].is_variable = true;
  b.io({in[0]}, {out});
  return {b.m, in[18], in[19]};
}

void expect_close(const std::vector<float>& got, const std::vector<float>& want, float tol, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(want[i], got[i], tol) << what << " [" << i << "]";
}

std::vector<float> as_float(const Model& m, int tensor, const HostInterpreter& h) {
  return tensor_values_as_float(m.tensors[size_t(tensor)], h.tensor_bytes(tensor));
}

void run_and_check(const Settings* s, float hidden_tol, float cell_tol) {
  const Lstm l = build(s);
  HostInterpreter h(l.m);
  if (s == nullptr) {
    h.set_input_from_float(0, kInput);
  } else if (s->act == DType::Int8) {
    const auto q = quantize<int8_t>(kInput, static_cast<float>(s->input.scale), s->input.zp);
    h.set_input(0, q.data(), q.size());
  } else {
    const auto q = quantize<int16_t>(kInput, static_cast<float>(s->input.scale), s->input.zp);
    h.set_input(0, q.data(), q.size() * 2);
  }
  h.invoke();
  expect_close(h.output_as_float(0), kExpectedOutput, hidden_tol, "output");
  expect_close(as_float(l.m, l.hidden, h), kExpectedHidden, hidden_tol, "hidden state");
  expect_close(as_float(l.m, l.cell, h), kExpectedCell, cell_tol, "cell state");
}

TEST(TflmUnidirectionalSequenceLstm, Float) { run_and_check(nullptr, 1e-6f, 1e-6f); }
TEST(TflmUnidirectionalSequenceLstm, Int8) { run_and_check(&kInt8, 1e-2f, 1e-2f); }
TEST(TflmUnidirectionalSequenceLstm, Int16) { run_and_check(&kInt16, 1e-3f, 1e-2f); }

// A second inference starts from reset states: the same outputs.
TEST(TflmUnidirectionalSequenceLstm, EveryInferenceStartsFromResetStates) {
  const Lstm l = build(&kInt8);
  HostInterpreter h(l.m);
  const auto q = quantize<int8_t>(kInput, static_cast<float>(kInt8.input.scale), kInt8.input.zp);
  h.set_input(0, q.data(), q.size());
  h.invoke();
  const auto first = h.output_bytes(0);
  h.invoke();
  EXPECT_EQ(h.output_bytes(0), first);
}

// Time major [steps, batches, input] is the same LSTM on the transposed
// input: the transposed output, bit for bit.
TEST(TflmUnidirectionalSequenceLstm, TimeMajorIsTheTransposedBatchMajor) {
  Lstm l = build(&kInt8);
  const auto q = quantize<int8_t>(kInput, static_cast<float>(kInt8.input.scale), kInt8.input.zp);
  const auto batch_major = test::run_model<int8_t, int8_t>(l.m, {q});
  std::vector<int8_t> qt(q.size());
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t)
      for (int i = 0; i < I; ++i) qt[size_t((t * B + b) * I + i)] = q[size_t((b * T + t) * I + i)];
  l.m.ops[0].options.extra["time_major"] = 1;
  l.m.tensors[size_t(l.m.inputs[0])].shape = {T, B, I};
  l.m.tensors[size_t(l.m.outputs[0])].shape = {T, B, S};
  const auto time_major = test::run_model<int8_t, int8_t>(l.m, {qt});
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t)
      for (int s = 0; s < S; ++s)
        EXPECT_EQ(time_major[size_t((t * B + b) * S + s)], batch_major[size_t((b * T + t) * S + s)]);
}

// The LSTM variants TFLM's kernel refuses (and parameters whose arithmetic
// would overflow) are refused by name, in one line, and the support check
// behind `inspect` says the same for both backends.
TEST(TflmUnidirectionalSequenceLstm, VariantsAreRefusedByName) {
  struct Variant {
    const char* what;
    void (*apply)(Lstm&);
  };
  const Variant variants[] = {
      {"peephole", [](Lstm& l) {
         l.m.ops[0].inputs[10] = l.m.ops[0].inputs[13];  // any [state] constant as cell-to-forget weights
       }},
      {"projection", [](Lstm& l) { l.m.ops[0].inputs[16] = l.m.ops[0].inputs[5]; }},
      {"layer normalisation", [](Lstm& l) { l.m.ops[0].inputs[21] = l.m.ops[0].inputs[13]; }},
      {"CIFG", [](Lstm& l) { l.m.ops[0].inputs[1] = l.m.ops[0].inputs[5] = l.m.ops[0].inputs[12] = -1; }},
      {"a cell activation other than TANH", [](Lstm& l) { l.m.ops[0].options.activation = Activation::Relu; }},
      {"cell_clip is not a finite number", [](Lstm& l) { l.m.ops[0].options.extra["cell_clip"] = NAN; }},
      {"out of the int16 tanh's range", [](Lstm& l) { l.m.tensors[size_t(l.cell)].quant.scale = {1024.f}; }},
  };
  for (const Variant& v : variants) {
    SCOPED_TRACE(v.what);
    Lstm l = build(&kInt8);
    v.apply(l);
    try {
      HostInterpreter h(l.m);
      ADD_FAILURE() << "not refused";
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("op 0 (UNIDIRECTIONAL_SEQUENCE_LSTM)"), std::string::npos) << msg;
      EXPECT_NE(msg.find(v.what), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
    const auto support = ops::check_support(l.m);
    ASSERT_EQ(support.size(), 1u);
    EXPECT_FALSE(support[0].host);
    EXPECT_FALSE(support[0].firmware);
    EXPECT_NE(support[0].host_reason.find(v.what), std::string::npos) << support[0].host_reason;
  }
}

// The int16 activations at points worked out by hand from TFLite's
// formulas: 0 is the table's first entry (sigmoid 0.5 = 16384 in Q0.15,
// tanh 0); tanh saturates beyond the table (|3x| >> 8 >= 255) to
// (0xFFFF << 8 - 2^23 + 2^7) >> 8 = 32767 and its negative branch to
// -32767; tanh is odd up to rounding.
TEST(TfliteInt16Activations, TableEndpointsAndSymmetry) {
  EXPECT_EQ(ts_logistic_s16(0, 0, 0), 16384);
  EXPECT_EQ(ts_tanh_s16(0, 0, 0), 0);
  EXPECT_EQ(ts_tanh_s16(32767, 0, 0), 32767);
  EXPECT_EQ(ts_tanh_s16(-32768, 0, 0), -32767);
  for (int x = -32767; x <= 32767; x += 97) {
    const int16_t p = ts_tanh_s16(static_cast<int16_t>(x), 0, 0), n = ts_tanh_s16(static_cast<int16_t>(-x), 0, 0);
    EXPECT_LE(std::abs(p + n), 1) << x;  // TFLite rounds the two halves separately
    // Q3.12 input, Q0.15 output: within TFLite's interpolation error of the real functions
    EXPECT_NEAR(p / 32768.0, std::tanh(x / 4096.0), 2e-3) << x;
    EXPECT_NEAR(ts_logistic_s16(static_cast<int16_t>(x), 0, 0) / 32768.0, 1 / (1 + std::exp(-x / 4096.0)), 1e-3)
        << x;
  }
}

}  // namespace
