#include <gtest/gtest.h>

#include "core/model/ir.h"

using namespace tinysim;

TEST(Ir, TensorSizes) {
  Tensor t;
  t.type = DType::Int16;
  t.shape = {1, 8, 166, 2};
  EXPECT_EQ(t.num_elements(), 8 * 166 * 2);
  EXPECT_EQ(t.num_bytes(), 8 * 166 * 2 * 2);
  t.shape = {};
  EXPECT_EQ(t.num_elements(), 1);  // a scalar
}

TEST(Ir, Names) {
  EXPECT_STREQ(op_name(OpType::DepthwiseConv2D), "DEPTHWISE_CONV_2D");
  EXPECT_STREQ(dtype_name(DType::Int8), "int8");
  EXPECT_EQ(dtype_size(DType::Int64), 8u);
}
