// SVDF (float32; int8 with int16 and with int8 time weights / state)
// against TensorFlow Lite Micro's kernel tests. Values from
// tensorflow/lite/micro/kernels/svdf_test.cc
// https://github.com/tensorflow/tflite-micro/blob/03b1a1c7b3cbe1bd3f49720e52db7213588e8055/tensorflow/lite/micro/kernels/svdf_test.cc
// The 2x2x10 cases: batch 2, input 2, 4 units of rank 2, memory 10, ten
// invocations on one persistent (initially zero) activation state.
// TestSVDF compares floats within 1e-5; TestIntegerSVDF quantizes inputs
// and goldens with TFLM's Quantize (tflm_quantize.h) and compares within 1
// (quantized units). The integer kernel applies no fused activation (the
// test passes RELU; TFLM's integer reference ignores it, so the goldens keep
// their negative values).
// The 1x16x64 cases (svdf_16x1x1_data.h): one step from a non-zero initial
// state (TinySim starts a state at zero, so the test loads it as a second
// model input), input zero point 2, output zero point 0 or -128 (RELU's
// golden), time weights and state scaled by TFLM's ScaleFromMinMax<T>
// (test_helpers.h) of +-0.81 and +-17.73, state zero point 0 as the test's
// tensor has it; float within 1e-5.
#include <gtest/gtest.h>

#include <limits>

#include "core/ops/interpreter.h"
#include "tests/host_golden/svdf_16x1x1_data.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

constexpr int kBatch = 2, kUnits = 4, kInput = 2, kMemory = 10, kRank = 2, kFilters = kUnits * kRank;

const std::vector<float> kInputs = {
    0.12609188,  -0.46347019, 0.35867718,  0.36897406,  0.14278367,  -1.64410412, -0.57290924, 0.12729003,
    0.49837467,  0.19278903,  0.17660543,  0.52949083,  -0.11186574, 0.13164264,  -0.72674477, -0.5683046,
    -0.68892461, 0.37783599,  -0.63690937, 0.44483393,  -0.81299269, -0.86831826, -0.95760226, 1.82078898,
    -1.45006323, -0.82251364, -1.65087092, -1.89238167, 0.03966608,  -0.24936394, 2.06740379,  -1.51439476,
    0.11771342,  -0.23761693, 0.31088525,  -1.55601168, -0.89477462, 1.67204106,  -0.6230064,  0.29819036};

const std::vector<float> kFeatureWeights = {-0.31930989, 0.0079667,   0.39296314,  0.37613347,
                                            0.12416199,  0.15785322,  0.27901134,  0.3905206,
                                            0.21931258,  -0.36137494, -0.10640851, 0.31053296,
                                            -0.36118156, -0.0976817,  -0.36916667, 0.22197971};

const std::vector<float> kTimeWeights = {
    -0.31930989, 0.37613347,  0.27901134,  -0.36137494, -0.36118156, 0.22197971,  0.27557442,  -0.06634006,
    0.0079667,   0.12416199,  0.3905206,   -0.10640851, -0.0976817,  0.15294972,  0.39635518,  -0.02702999,
    0.39296314,  0.15785322,  0.21931258,  0.31053296,  -0.36916667, 0.38031587,  -0.21580373, 0.27072677,
    0.23622236,  0.34936687,  0.18174365,  0.35907319,  -0.17493086, 0.324846,    -0.10781813, 0.27201805,
    0.14324132,  -0.23681851, -0.27115166, -0.01580888, -0.14943552, 0.15465137,  0.09784451,  -0.0337657,
    -0.14884081, 0.19931212,  -0.36002168, 0.34663299,  -0.11405486, 0.12672701,  0.39463779,  -0.07886535,
    -0.06384811, 0.08249187,  -0.26816407, -0.19905911, 0.29211238,  0.31264046,  -0.28664589, 0.05698794,
    0.11613581,  0.14078894,  0.02187902,  -0.21781836, -0.15567942, 0.08693647,  -0.38256618, 0.36580828,
    -0.22922277, -0.0226903,  0.12878349,  -0.28122205, -0.10850525, -0.11955214, 0.27179423,  -0.04710215,
    0.31069002,  0.22672787,  0.09580326,  0.08682203,  0.1258215,   0.1851041,   0.29228821,  0.12366763};

const std::vector<float> kGolden = {
    -0.044205, -0.013757, 0.050369,  -0.018447, 0.073010,  0.025142,  -0.021154, 0.013551,  -0.209613, -0.062421,
    0.150209,  -0.108334, 0.028256,  -0.006950, -0.030885, 0.009603,  -0.076800, -0.037075, -0.087198, -0.155183,
    0.091069,  0.098446,  -0.016083, 0.106475,  -0.082123, -0.162238, -0.084434, -0.141074, -0.029340, -0.090685,
    0.053302,  -0.030604, -0.201440, 0.088424,  0.139877,  0.012416,  -0.113212, 0.103893,  -0.100842, 0.122780,
    -0.166632, -0.116705, 0.175298,  -0.047163, 0.313077,  -0.166485, -0.285860, 0.129069,  -0.625911, 0.046134,
    0.138081,  -0.129581, -0.521455, -0.061579, 0.230289,  0.114963,  -0.216693, -0.161643, -0.179177, -0.052599,
    -0.213239, 0.029502,  0.260858,  0.275045,  -0.213689, -0.323608, -0.285635, -0.317687, -0.324092, -0.317972,
    -0.208450, -0.462504, -0.255126, -0.218576, -0.041528, 0.179421,  -0.440583, 0.072127,  -0.284136, 0.241570};

constexpr int kSteps = static_cast<int>(40 / (kBatch * kInput));

// Ten invocations of one interpreter (the state persists between them);
// output of step s against the golden's rows s.
template <class T>
void run_steps(const Model& m, const std::vector<T>& inputs, const std::vector<T>& golden, double tolerance) {
  HostInterpreter interp(m);
  const size_t per_step = kBatch * kInput, out_per_step = kBatch * kUnits;
  for (int s = 0; s < kSteps; ++s) {
    interp.set_input(0, inputs.data() + s * per_step, per_step * sizeof(T));
    interp.invoke();
    const auto& bytes = interp.output_bytes(0);
    ASSERT_EQ(bytes.size(), out_per_step * sizeof(T));
    std::vector<T> got(out_per_step);
    std::memcpy(got.data(), bytes.data(), bytes.size());
    for (size_t k = 0; k < out_per_step; ++k)
      EXPECT_NEAR(double(got[k]), double(golden[s * out_per_step + k]), tolerance) << "step " << s << " output " << k;
  }
}

TEST(TflmSvdf, Float2x2Input2x4OutputShouldMatchGolden) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, {kBatch, kInput});
  const int wf = b.constant(DType::Float32, {kFilters, kInput}, kFeatureWeights);
  const int wt = b.constant(DType::Float32, {kFilters, kMemory}, kTimeWeights);
  const int bias = b.constant(DType::Float32, {kUnits}, std::vector<float>(kUnits, 0.f));
  const int state = b.tensor(DType::Float32, {kBatch, kMemory * kFilters});
  b.m.tensors[size_t(state)].is_variable = true;
  const int out = b.tensor(DType::Float32, {kBatch, kUnits});
  b.op(OpType::Svdf, {in, wf, wt, bias, state}, {out}).options.extra["rank"] = kRank;
  b.io({in}, {out});
  run_steps<float>(b.m, kInputs, kGolden, 1e-5);
}

// SvdfQuantized2x2Input2x4OutputShouldMatchGolden<T>: T is the time
// weights' and the state's type.
template <class T>
void quantized_2x2(DType t) {
  const float input_scale = 2.5f / 127, feature_scale = 1.0f / 127;
  const float time_scale = 1.0f / float(std::numeric_limits<T>::max());
  const float state_scale = 1.49f / float(std::numeric_limits<T>::max());
  const float output_scale = 1.0f / 127;
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {kBatch, kInput}, {input_scale}, {0});
  const int wf = b.constant(DType::Int8, {kFilters, kInput}, quantize<int8_t>(kFeatureWeights, feature_scale, 0),
                            {feature_scale});
  const int wt =
      b.constant(t, {kFilters, kMemory}, quantize<T>(kTimeWeights, time_scale, 0), {time_scale});
  const int bias =
      b.constant(DType::Int32, {kUnits}, std::vector<int32_t>(kUnits, 0), {time_scale * state_scale});
  const int state = b.tensor(t, {kBatch, kMemory * kFilters}, {state_scale}, {0});
  b.m.tensors[size_t(state)].is_variable = true;
  const int out = b.tensor(DType::Int8, {kBatch, kUnits}, {output_scale}, {0});
  Operator& op = b.op(OpType::Svdf, {in, wf, wt, bias, state}, {out});
  op.options.extra["rank"] = kRank;
  op.options.activation = Activation::Relu;
  b.io({in}, {out});
  run_steps<int8_t>(b.m, quantize<int8_t>(kInputs, input_scale, 0), quantize<int8_t>(kGolden, output_scale, 0), 1);
}

TEST(TflmSvdf, Quantized2x2Input2x4OutputShouldMatchGoldenInt8) { quantized_2x2<int8_t>(DType::Int8); }
TEST(TflmSvdf, Quantized2x2Input2x4OutputShouldMatchGoldenInt16) { quantized_2x2<int16_t>(DType::Int16); }

// TFLM's PrepareSvdf refuses these; so does TinySim, with the reason.
TEST(TflmSvdf, RefusesAStateThatIsNotVariableAndAMismatchedBias) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 2}, {0.1f}, {0});
  const int wf = b.constant(DType::Int8, {2, 2}, std::vector<int8_t>{1, 2, 3, 4}, {0.1f});
  const int wt = b.constant(DType::Int16, {2, 3}, std::vector<int16_t>{1, 2, 3, 4, 5, 6}, {0.01f});
  const int bias = b.constant(DType::Int32, {2}, std::vector<int32_t>{0, 0}, {0.5f});
  const int state = b.tensor(DType::Int16, {1, 6}, {0.2f}, {0});
  const int out = b.tensor(DType::Int8, {1, 2}, {0.1f}, {0});
  b.op(OpType::Svdf, {in, wf, wt, bias, state}, {out}).options.extra["rank"] = 1;
  b.io({in}, {out});
  try {
    HostInterpreter interp(b.m);
    FAIL() << "a non-variable state was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a variable tensor"), std::string::npos) << e.what();
  }
  b.m.tensors[size_t(state)].is_variable = true;
  try {
    HostInterpreter interp(b.m);
    FAIL() << "a bias scale unlike state * time scale was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bias scale"), std::string::npos) << e.what();
  }
  b.m.tensors[size_t(bias)].quant.scale = {0.2f * 0.01f};
  EXPECT_NO_THROW(HostInterpreter interp(b.m));
}

// TFLM test_helpers.h ScaleFromMinMax<T>: (max - min) / (T max - T min), in float.
template <class T>
float scale_from_min_max(float lo, float hi) {
  return (hi - lo) / static_cast<float>((std::numeric_limits<T>::max() * 1.0) - std::numeric_limits<T>::min());
}

// Runs the 1x16x64 SVDF once with the initial state loaded as input 1.
template <class Out, class In, class S>
std::vector<Out> run_16x1x1(const Model& m, const std::vector<In>& input, const std::vector<S>& state) {
  HostInterpreter interp(m);
  interp.set_input(0, input.data(), input.size() * sizeof(In));
  interp.set_input(1, state.data(), state.size() * sizeof(S));
  interp.invoke();
  const auto& bytes = interp.output_bytes(0);
  std::vector<Out> out(bytes.size() / sizeof(Out));
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

void float_16x1x1(Activation act, const std::vector<float>& golden) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, {1, 16});
  const int wf = b.constant(DType::Float32, {64, 16}, svdf16::kFeatureWeights);
  const int wt = b.constant(DType::Float32, {64, 8}, svdf16::kTimeWeights);
  const int bias = b.constant(DType::Float32, {64}, svdf16::kBias);
  const int state = b.tensor(DType::Float32, {1, 512});
  b.m.tensors[size_t(state)].is_variable = true;
  const int out = b.tensor(DType::Float32, {1, 64});
  Operator& op = b.op(OpType::Svdf, {in, wf, wt, bias, state}, {out});
  op.options.extra["rank"] = 1;
  op.options.activation = act;
  b.io({in, state}, {out});
  const auto got = run_16x1x1<float>(b.m, svdf16::kInput, svdf16::kInitialState);
  ASSERT_EQ(got.size(), golden.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], golden[k], 1e-5) << "output " << k;
}

TEST(TflmSvdf, Float1x16Input64x1OutputShouldMatchGolden) { float_16x1x1(Activation::None, svdf16::kGolden); }
TEST(TflmSvdf, Float1x16Input64x1OutputReluShouldMatchGolden) { float_16x1x1(Activation::Relu, svdf16::kGoldenRelu); }

// SvdfQuantized1x16Input64x1Output(Relu)ShouldMatchGolden<T>.
template <class T>
void quantized_16x1x1(DType t, Activation act, int output_zero_point, const std::vector<float>& golden) {
  const float input_scale = 0.10075444f, feature_scale = 0.00649388f, output_scale = 0.051445257f;
  const float time_scale = scale_from_min_max<T>(-.81f, .81f);
  const float state_scale = scale_from_min_max<T>(-17.73f, 17.73f);
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 16}, {input_scale}, {2});
  const int wf = b.constant(DType::Int8, {64, 16}, quantize<int8_t>(svdf16::kFeatureWeights, feature_scale, 0),
                            {feature_scale});
  const int wt = b.constant(t, {64, 8}, quantize<T>(svdf16::kTimeWeights, time_scale, 0), {time_scale});
  const int bias = b.constant(DType::Int32, {64}, quantize_bias<int32_t>(svdf16::kBias, time_scale, {state_scale}),
                              {time_scale * state_scale});
  const int state = b.tensor(t, {1, 512}, {state_scale}, {0});
  b.m.tensors[size_t(state)].is_variable = true;
  const int out = b.tensor(DType::Int8, {1, 64}, {output_scale}, {output_zero_point});
  Operator& op = b.op(OpType::Svdf, {in, wf, wt, bias, state}, {out});
  op.options.extra["rank"] = 1;
  op.options.activation = act;
  b.io({in, state}, {out});
  const auto got = run_16x1x1<int8_t>(b.m, quantize<int8_t>(svdf16::kInput, input_scale, 2),
                                      quantize<T>(svdf16::kInitialState, state_scale, 0));
  expect_near_each(got, quantize<int8_t>(golden, output_scale, output_zero_point), 1, "svdf 1x16x64");
}

TEST(TflmSvdf, Quantized1x16Input64x1OutputShouldMatchGoldenInt8) {
  quantized_16x1x1<int8_t>(DType::Int8, Activation::None, 0, svdf16::kGolden);
}
TEST(TflmSvdf, Quantized1x16Input64x1OutputShouldMatchGoldenInt16) {
  quantized_16x1x1<int16_t>(DType::Int16, Activation::None, 0, svdf16::kGolden);
}
TEST(TflmSvdf, Quantized1x16Input64x1OutputReluShouldMatchGoldenInt8) {
  quantized_16x1x1<int8_t>(DType::Int8, Activation::Relu, -128, svdf16::kGoldenRelu);
}
TEST(TflmSvdf, Quantized1x16Input64x1OutputReluShouldMatchGoldenInt16) {
  quantized_16x1x1<int16_t>(DType::Int16, Activation::Relu, -128, svdf16::kGoldenRelu);
}

}  // namespace
