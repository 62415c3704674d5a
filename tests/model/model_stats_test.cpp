#include <gtest/gtest.h>

#include <cmath>

#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "tests/support/shared_files.h"

using namespace tinysim;

namespace {

struct Anchor {
  const char* file;
  int64_t macs;  // ../shared/ANCHORS.md (reference Keras definitions)
};

// Published MAC counts; each model is checked in every variant we have.
const Anchor kAnchors[] = {
    {"mlperf_tiny_kws_ref_int8.tflite", 2'656'768},
    {"mlperf_tiny_kws_ref_float32.tflite", 2'656'768},
    {"mlperf_tiny_vww_96_int8.tflite", 7'489'664},
    {"mlperf_tiny_vww_96_float.tflite", 7'489'664},
    {"mlperf_tiny_ic_pretrainedResnet_float.tflite", 12'501'632},
    {"mlperf_tiny_ad01_int8.tflite", 264'192},
    {"mlperf_tiny_ad01_fp32.tflite", 264'192},
};

}  // namespace

class MacAnchor : public ::testing::TestWithParam<Anchor> {};

TEST_P(MacAnchor, WithinOnePercentOfPublishedFigure) {
  TINYSIM_REQUIRE_SHARED(path, GetParam().file);
  auto m = load_tflite(path.string());
  ASSERT_TRUE(m.ok()) << m.error().what();
  const ModelStats s = model_stats(*m);
  const double rel = std::abs(static_cast<double>(s.total_macs - GetParam().macs)) / GetParam().macs;
  EXPECT_LE(rel, 0.01) << GetParam().file << ": " << s.total_macs << " MACs vs " << GetParam().macs;
  int64_t sum = 0;
  for (const OpStats& op : s.ops) sum += op.macs;
  EXPECT_EQ(sum, s.total_macs);
}

INSTANTIATE_TEST_SUITE_P(Mlperf, MacAnchor, ::testing::ValuesIn(kAnchors));

TEST(ModelStats, HandCountedConvDepthwiseFc) {
  Model m;
  auto add = [&](DType type, std::vector<int32_t> shape, bool constant) {
    Tensor t;
    t.type = type;
    t.shape = std::move(shape);
    if (constant) t.data.assign(static_cast<size_t>(t.num_bytes()), 0);
    m.tensors.push_back(t);
    return static_cast<int>(m.tensors.size() - 1);
  };
  // conv: 1x8x8x3 -> 1x4x4x16, 3x3 filter: 16*16 outputs * 27 = 6912 MACs.
  Operator conv;
  conv.type = OpType::Conv2D;
  conv.inputs = {add(DType::Int8, {1, 8, 8, 3}, false), add(DType::Int8, {16, 3, 3, 3}, true),
                 add(DType::Int32, {16}, true)};
  conv.outputs = {add(DType::Int8, {1, 4, 4, 16}, false)};
  // depthwise 3x3 on 4x4x16 (SAME): 256 outputs * 9 = 2304 MACs.
  Operator dw;
  dw.type = OpType::DepthwiseConv2D;
  dw.inputs = {conv.outputs[0], add(DType::Int8, {1, 3, 3, 16}, true), -1};
  dw.outputs = {add(DType::Int8, {1, 4, 4, 16}, false)};
  // fc 256 -> 10: 2560 MACs.
  Operator fc;
  fc.type = OpType::FullyConnected;
  fc.inputs = {dw.outputs[0], add(DType::Int8, {10, 256}, true), add(DType::Int32, {10}, true)};
  fc.outputs = {add(DType::Int8, {1, 10}, false)};
  // reshape with a constant shape operand: no params, 8 weight bytes.
  Operator reshape;
  reshape.type = OpType::Reshape;
  reshape.inputs = {fc.outputs[0], add(DType::Int32, {2}, true)};
  reshape.outputs = {add(DType::Int8, {10, 1}, false)};
  // a second FC sharing the first FC's weights: counted once in totals.
  Operator fc2 = fc;
  m.ops = {conv, dw, fc, reshape, fc2};
  const ModelStats s = model_stats(m);
  ASSERT_EQ(s.ops.size(), 5u);
  EXPECT_EQ(s.ops[0].macs, 6912);
  EXPECT_EQ(s.ops[0].params, 16 * 27 + 16);
  EXPECT_EQ(s.ops[0].weight_bytes, 16 * 27 + 16 * 4);
  EXPECT_EQ(s.ops[1].macs, 2304);
  EXPECT_EQ(s.ops[1].params, 144);
  EXPECT_EQ(s.ops[2].macs, 2560);
  EXPECT_EQ(s.ops[2].params, 2570);
  EXPECT_EQ(s.ops[3].macs, 0);
  EXPECT_EQ(s.ops[3].params, 0);
  EXPECT_EQ(s.ops[3].weight_bytes, 8);
  EXPECT_EQ(s.total_macs, 6912 + 2304 + 2560 * 2);
  EXPECT_EQ(s.total_params, 448 + 144 + 2570);
  EXPECT_EQ(s.weight_bytes, (432 + 64) + 144 + (2560 + 40) + 8);
}
