#include <gtest/gtest.h>

#include <cstring>

#include "core/common/error.h"
#include "core/model/hybrid_weights.h"

using namespace tinysim;

namespace {

Tensor int8_tensor(std::vector<int32_t> shape, std::vector<int8_t> values) {
  Tensor t;
  t.type = DType::Int8;
  t.shape = std::move(shape);
  t.data.resize(values.size());
  if (!values.empty()) std::memcpy(t.data.data(), values.data(), values.size());
  return t;
}

}  // namespace

TEST(Dequantize, PerChannelAlongFirstDimension) {
  Tensor t = int8_tensor({2, 3}, {2, 4, -2, 1, 3, -1});
  t.quant.scale = {0.5f, 2.0f};
  t.quant.zero_point = {0, 1};
  t.quant.quantized_dimension = 0;
  EXPECT_EQ(dequantize_constant(t), (std::vector<float>{1, 2, -1, 0, 4, -4}));
}

TEST(Dequantize, PerChannelAlongLastDimension) {
  Tensor t = int8_tensor({2, 3}, {1, 1, 1, -2, 4, 10});
  t.quant.scale = {1.0f, 0.25f, 3.0f};
  t.quant.zero_point = {0, 0, 0};
  t.quant.quantized_dimension = 1;
  EXPECT_EQ(dequantize_constant(t), (std::vector<float>{1, 0.25f, 3, -2, 1, 30}));
}

TEST(Dequantize, RejectsTensorWithoutScale) {
  Tensor t = int8_tensor({2}, {1, 2});
  EXPECT_THROW(dequantize_constant(t), Error);
}

TEST(HybridWeights, OnlyWeightsOfFloatOpsAreConverted) {
  Model m;
  auto add = [&](Tensor t) {
    m.tensors.push_back(std::move(t));
    return static_cast<int>(m.tensors.size() - 1);
  };
  Tensor fin;
  fin.shape = {1, 2};
  Tensor fout;
  fout.shape = {1, 2};
  Tensor w = int8_tensor({2, 2}, {10, -10, 20, 0});
  w.quant.scale = {0.1f, 0.5f};
  w.quant.zero_point = {0, 0};
  Tensor qin = int8_tensor({1, 2}, {});
  qin.data.clear();
  Tensor qout = qin;
  Tensor qw = int8_tensor({2, 2}, {1, 2, 3, 4});
  qw.quant.scale = {0.1f};
  qw.quant.zero_point = {0};
  Operator float_fc;
  float_fc.type = OpType::FullyConnected;
  float_fc.inputs = {add(fin), add(w), -1};
  float_fc.outputs = {add(fout)};
  Operator int8_fc;
  int8_fc.type = OpType::FullyConnected;
  int8_fc.inputs = {add(qin), add(qw), -1};
  int8_fc.outputs = {add(qout)};
  m.ops = {float_fc, int8_fc};

  EXPECT_EQ(dequantize_hybrid_weights(m), 1);
  const Tensor& fw = m.tensors[1];
  ASSERT_EQ(fw.type, DType::Float32);
  EXPECT_FALSE(fw.quant.present());
  ASSERT_EQ(fw.data.size(), 16u);
  EXPECT_FLOAT_EQ(fw.as<float>()[0], 1.0f);
  EXPECT_FLOAT_EQ(fw.as<float>()[1], -1.0f);
  EXPECT_FLOAT_EQ(fw.as<float>()[2], 10.0f);
  EXPECT_FLOAT_EQ(fw.as<float>()[3], 0.0f);
  EXPECT_EQ(m.tensors[4].type, DType::Int8);  // the int8 op's weights stay int8
}
