// The requantization multipliers are formed the way each op's TFLite / TFLM
// prepare function forms them: some multiply and divide the float scales in
// float and convert the result to double, others convert each scale first.
// The float step rounds to 24 bits and QuantizeMultiplier keeps 31, so the
// two forms give multipliers that differ in their low bits, and an output
// that sits on a rounding tie comes out one step apart. Each test computes
// the multiplier with the expression of the cited TFLM source and checks
// that the double form would have given a different multiplier (and, where
// the scales put outputs on ties, different outputs), so the test can tell
// the forms apart. Sources (https://github.com/tensorflow/tflite-micro):
//   kernels/kernel_util.cc  GetQuantizedConvolutionMultipler:
//     static_cast<double>(input->params.scale * filter->params.scale) / static_cast<double>(output->params.scale)
//   micro/kernels/fully_connected_common.cc CalculateOpDataFullyConnected: one filter scale takes that path,
//     several take static_cast<double>(input_scale) * filter_scale / static_cast<double>(output_scale)
//   micro/kernels/sub_common.cc CalculateOpDataSub: float twice_max_input_scale,
//     static_cast<double>(input1->params.scale / twice_max_input_scale), ...
//   micro/kernels/leaky_relu_common.cc CalculateOpDataLeakyRelu:
//     static_cast<double>(input->params.scale * params->alpha / output->params.scale)
//   lite/kernels/activations.cc ReluPrepare (RELU_N1_TO_1): double real_multiplier = input scale / output scale
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/common/fixed_point.h"
#include "core/host/op_data.h"
#include "core/host/quantization_util.h"
#include "core/ops/op_registry.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

struct Multiplier {
  int32_t m = 0;
  int shift = 0;
  bool operator==(const Multiplier& o) const { return m == o.m && shift == o.shift; }
};

Multiplier quantized(double real) {
  Multiplier q;
  quantize_multiplier(real, &q.m, &q.shift);
  return q;
}

int32_t apply(const Multiplier& q, int32_t x) { return ts_multiply_by_quantized_multiplier(x, q.m, q.shift); }

// FC scales whose float product is not their double product.
// (Found by a search over 4-digit scales for one whose forms round an int8 output differently.)
constexpr float kFcInputScale = 0.0052f, kFcWeightScale = 0.0142f, kFcOutputScale = 0.0202f;

Model fc_model(std::vector<float> weight_scales, int32_t bias) {
  const auto outputs = static_cast<int32_t>(weight_scales.size());
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 2}, {kFcInputScale}, {0});
  const int w = b.constant<int8_t>(DType::Int8, {outputs, 2}, std::vector<int8_t>(size_t(outputs) * 2, 1),
                                   weight_scales, std::vector<int64_t>(weight_scales.size(), 0));
  std::vector<float> bias_scales;
  for (float s : weight_scales) bias_scales.push_back(kFcInputScale * s);
  const int bi = b.constant<int32_t>(DType::Int32, {outputs}, std::vector<int32_t>(size_t(outputs), bias), bias_scales,
                                     std::vector<int64_t>(weight_scales.size(), 0));
  const int out = b.tensor(DType::Int8, {1, outputs}, {kFcOutputScale}, {0});
  b.op(OpType::FullyConnected, {in, w, bi}, {out});
  b.io({in}, {out});
  return b.m;
}

}  // namespace

TEST(MultiplierForms, PerTensorFullyConnectedMultipliesTheScalesInFloat) {
  // GetQuantizedConvolutionMultipler, as TFLM's per-tensor FC path calls it
  const Multiplier tflm = quantized(static_cast<double>(kFcInputScale * kFcWeightScale) /
                                    static_cast<double>(kFcOutputScale));
  const Multiplier doubled = quantized(static_cast<double>(kFcInputScale) * static_cast<double>(kFcWeightScale) /
                                       static_cast<double>(kFcOutputScale));
  ASSERT_FALSE(tflm == doubled) << "the scales must tell the forms apart";
  // The same two values from an independent Python model of the expressions (float32 rounding via struct):
  EXPECT_EQ(tflm.m, 2009602455);
  EXPECT_EQ(doubled.m, 2009602537);
  EXPECT_EQ(tflm.shift, -8);

  const auto p = ops::prepare_op(fc_model({kFcWeightScale}, 0), 0);
  const auto& fc = static_cast<const FullyConnectedData&>(*p);
  EXPECT_EQ(fc.output_multiplier[0], tflm.m);
  EXPECT_EQ(fc.output_shift[0], tflm.shift);

  // An accumulator on which the two multipliers round differently: the output is TFLM's.
  int32_t acc = 1;
  while (acc < (1 << 24) && apply(tflm, acc) == apply(doubled, acc)) ++acc;
  ASSERT_LT(apply(tflm, acc), 128) << "no accumulator in the int8 output range separates the forms";
  const std::vector<int8_t> input = {3, -1};  // dot product with weights {1, 1}: 2
  const auto got = run1<int8_t>(fc_model({kFcWeightScale}, acc - 2), input);
  EXPECT_EQ(got, std::vector<int8_t>{static_cast<int8_t>(apply(tflm, acc))});
  EXPECT_NE(got[0], apply(doubled, acc));
}

TEST(MultiplierForms, PerChannelFullyConnectedKeepsDoubleProducts) {
  // CalculateOpDataFullyConnected's per-channel loop converts every scale to double first
  const std::vector<float> scales = {kFcWeightScale, 0.0101f};
  const auto p = ops::prepare_op(fc_model(scales, 0), 0);
  const auto& fc = static_cast<const FullyConnectedData&>(*p);
  for (size_t c = 0; c < scales.size(); ++c) {
    const Multiplier want = quantized(static_cast<double>(kFcInputScale) * static_cast<double>(scales[c]) /
                                      static_cast<double>(kFcOutputScale));
    EXPECT_EQ(fc.output_multiplier[c], want.m) << "channel " << c;
    EXPECT_EQ(fc.output_shift[c], want.shift) << "channel " << c;
  }
}

TEST(MultiplierForms, SubDividesInFloatAndAddInDouble) {
  const float sa = 0.0105f, sb = 0.0123f, so = 0.0217f;
  // CalculateOpDataSub (left_shift 20 for int8)
  const float twice_max = 2 * std::max(sa, sb);
  const Multiplier sub_in1 = quantized(static_cast<double>(sa / twice_max));
  const Multiplier sub_out = quantized(static_cast<double>(twice_max / ((1 << 20) * so)));
  // CalculateOpDataAdd
  const double twice_max_d = 2 * static_cast<double>(std::max(sa, sb));
  const Multiplier add_in1 = quantized(static_cast<double>(sa) / twice_max_d);
  const Multiplier add_out = quantized(twice_max_d / ((1 << 20) * static_cast<double>(so)));
  ASSERT_FALSE(sub_in1 == add_in1);
  ASSERT_FALSE(sub_out == add_out);
  for (OpType type : {OpType::Sub, OpType::Add}) {
    test::ModelBuilder b;
    const int x = b.tensor(DType::Int8, {1, 4}, {sa}, {3});
    const int y = b.tensor(DType::Int8, {1, 4}, {sb}, {-2});
    const int out = b.tensor(DType::Int8, {1, 4}, {so}, {1});
    b.op(type, {x, y}, {out});
    b.io({x, y}, {out});
    const auto p = ops::prepare_op(b.m, 0);
    const auto& d = static_cast<const BinaryData&>(*p);
    const bool sub = type == OpType::Sub;
    SCOPED_TRACE(sub ? "SUB" : "ADD");
    EXPECT_EQ(d.input1_multiplier, (sub ? sub_in1 : add_in1).m);
    EXPECT_EQ(d.input1_shift, (sub ? sub_in1 : add_in1).shift);
    EXPECT_EQ(d.input2_multiplier, quantized(0.5).m);  // the larger scale over twice itself: exact in both forms
    EXPECT_EQ(d.output_multiplier[0], (sub ? sub_out : add_out).m);
    EXPECT_EQ(d.output_shift[0], (sub ? sub_out : add_out).shift);
  }
}

TEST(MultiplierForms, LeakyReluFormsItsMultipliersInFloat) {
  // Scales that put several outputs on rounding ties (found by a search over 4-digit scales).
  const float in_s = 0.0315f, out_s = 0.0546f, alpha = 0.2f;
  const int32_t in_zp = 10, out_zp = -6;
  const Multiplier identity = quantized(static_cast<double>(in_s / out_s));
  const Multiplier negative = quantized(static_cast<double>(in_s * alpha / out_s));
  const Multiplier identity_d = quantized(static_cast<double>(in_s) / static_cast<double>(out_s));
  const Multiplier negative_d =
      quantized(static_cast<double>(in_s) * static_cast<double>(alpha) / static_cast<double>(out_s));
  std::vector<int8_t> input, want, want_double;
  for (int v = -128; v <= 127; ++v) {
    input.push_back(static_cast<int8_t>(v));
    const int32_t x = v - in_zp;
    auto out = [&](const Multiplier& pos, const Multiplier& neg) {
      return static_cast<int8_t>(std::clamp(out_zp + apply(x >= 0 ? pos : neg, x), -128, 127));
    };
    want.push_back(out(identity, negative));  // reference_integer_ops / QuantizeLeakyRelu
    want_double.push_back(out(identity_d, negative_d));
  }
  ASSERT_NE(want, want_double) << "the scales must put an output on a tie";
  test::ModelBuilder b;
  const int i = b.tensor(DType::Int8, {1, 256}, {in_s}, {in_zp});
  const int o = b.tensor(DType::Int8, {1, 256}, {out_s}, {out_zp});
  b.op(OpType::LeakyRelu, {i}, {o}).options.extra["alpha"] = static_cast<double>(alpha);
  b.io({i}, {o});
  EXPECT_EQ(run1<int8_t>(b.m, input), want);
}

TEST(MultiplierForms, ReluN1To1DividesTheScalesInFloat) {
  // 0.0105 / 0.01 = 1.05 puts every input 10 + 20k on a tie.
  const float in_s = 0.0105f, out_s = 0.01f;
  const Multiplier tflite = quantized(static_cast<double>(in_s / out_s));
  const Multiplier doubled = quantized(static_cast<double>(in_s) / static_cast<double>(out_s));
  std::vector<int8_t> input, want, want_double;
  for (int v = -128; v <= 127; ++v) {
    input.push_back(static_cast<int8_t>(v));
    // QuantizedReluX: requantize, clamp to the quantized [-1, 1] = [-100, 100]
    want.push_back(static_cast<int8_t>(std::clamp(apply(tflite, v), -100, 100)));
    want_double.push_back(static_cast<int8_t>(std::clamp(apply(doubled, v), -100, 100)));
  }
  ASSERT_NE(want, want_double);
  test::ModelBuilder b;
  const int i = b.tensor(DType::Int8, {1, 256}, {in_s}, {0});
  const int o = b.tensor(DType::Int8, {1, 256}, {out_s}, {0});
  b.op(OpType::ReluN1To1, {i}, {o});
  b.io({i}, {o});
  EXPECT_EQ(run1<int8_t>(b.m, input), want);
}
