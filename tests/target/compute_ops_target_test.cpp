// Host = emulated Cortex-M4, bit for bit, for the compute ops of issue 10 at
// layer sizes the registry's tiny examples do not reach: the int16x8
// FULLY_CONNECTED DSP loop (SMLALD) with and without a 4-MAC tail and
// per-channel scales, int16x8 DEPTHWISE_CONV_2D with padding, TRANSPOSE_CONV
// int8 with stride 2, CONV_2D int8 with dilation, SUM int8 over H and W. The printed cycles per MAC are
// the runtime README's figures for these ops.
#include <gtest/gtest.h>

#include <vector>

#include "tests/host/model_builder.h"
#include "tests/target/host_equals_firmware.h"

namespace tinysim::target {
namespace {

std::vector<int8_t> weights(size_t n, int salt) {
  std::vector<int8_t> w(n);
  for (size_t k = 0; k < n; ++k) w[k] = static_cast<int8_t>(int((k * 37 + salt * 11) % 255) - 127);
  return w;
}

template <class B>
std::vector<B> biases(int n, int spread) {
  std::vector<B> b(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) b[static_cast<size_t>(k)] = static_cast<B>((k * 7919) % (2 * spread + 1) - spread);
  return b;
}

Model fc_int16x8(int batches, int depth, int units, bool per_channel) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int16, {batches, depth}, {1.f / 4096}, {0});
  std::vector<float> ws(per_channel ? static_cast<size_t>(units) : 1u);
  for (size_t k = 0; k < ws.size(); ++k) ws[k] = 0.002f + 0.0001f * static_cast<float>(k % 7);
  const int w = b.constant(DType::Int8, {units, depth}, weights(size_t(units) * depth, 1), ws,
                           std::vector<int64_t>(ws.size(), 0), 0);
  const int bias = b.constant(DType::Int64, {units}, biases<int64_t>(units, 100000), {1.f / 4096 * 0.002f}, {0});
  const int out = b.tensor(DType::Int16, {batches, units}, {1.f / 1024}, {0});
  b.op(OpType::FullyConnected, {in, w, bias}, {out});
  b.io({in}, {out});
  return b.m;
}

TEST(FirmwareComputeOps, FullyConnectedInt16x8MatchesTheHost) {
  expect_host_equals_firmware(fc_int16x8(1, 256, 64, false), "FC int16x8 256 -> 64");
  expect_host_equals_firmware(fc_int16x8(2, 250, 30, true), "FC int16x8 250 -> 30, per-channel, 2 batches");
}

TEST(FirmwareComputeOps, DepthwiseInt16x8MatchesTheHost) {
  test::ModelBuilder b;
  const int C = 8, M = 2, OC = C * M;
  const int in = b.tensor(DType::Int16, {1, 12, 12, C}, {1.f / 2048}, {0});
  std::vector<float> ws(static_cast<size_t>(OC));
  for (int k = 0; k < OC; ++k) ws[size_t(k)] = 0.003f + 0.0002f * float(k);
  const int f = b.constant(DType::Int8, {1, 3, 3, OC}, weights(9u * OC, 2), ws, std::vector<int64_t>(ws.size(), 0), 3);
  const int bias = b.constant(DType::Int64, {OC}, biases<int64_t>(OC, 5000), {1.f / 2048 * 0.003f}, {0});
  const int out = b.tensor(DType::Int16, {1, 12, 12, OC}, {1.f / 512}, {0});
  auto& o = b.op(OpType::DepthwiseConv2D, {in, f, bias}, {out}).options;
  o.padding = Padding::Same;
  o.depth_multiplier = M;
  b.io({in}, {out});
  expect_host_equals_firmware(b.m, "DWCONV int16x8 12x12x8 3x3 dm 2 SAME");
}

TEST(FirmwareComputeOps, TransposeConvInt8MatchesTheHost) {
  test::ModelBuilder b;
  const int IC = 8, OC = 8;
  const int shape = b.constant(DType::Int32, {4}, std::vector<int32_t>{1, 16, 16, OC});
  std::vector<float> ws(static_cast<size_t>(OC), 0.01f);
  const int f = b.constant(DType::Int8, {OC, 3, 3, IC}, weights(size_t(OC) * 9 * IC, 3), ws,
                           std::vector<int64_t>(ws.size(), 0), 0);
  const int in = b.tensor(DType::Int8, {1, 8, 8, IC}, {0.05f}, {-7});
  const int bias = b.constant(DType::Int32, {OC}, biases<int32_t>(OC, 300), {0.05f * 0.01f}, {0});
  const int out = b.tensor(DType::Int8, {1, 16, 16, OC}, {0.2f}, {4});
  auto& o = b.op(OpType::TransposeConv, {shape, f, in, bias}, {out}).options;
  o.padding = Padding::Same;
  o.stride_w = o.stride_h = 2;
  b.io({in}, {out});
  expect_host_equals_firmware(b.m, "TRANSPOSE_CONV int8 8x8x8 -> 16x16x8");
}

// CONV_2D with dilation 2 x 3 (main's kernels take dilation already; this pins host = target for it).
TEST(FirmwareComputeOps, DilatedConvInt8MatchesTheHost) {
  test::ModelBuilder b;
  const int IC = 4, OC = 6;
  std::vector<float> ws(static_cast<size_t>(OC), 0.02f);
  const int f = b.constant(DType::Int8, {OC, 3, 3, IC}, weights(size_t(OC) * 9 * IC, 4), ws,
                           std::vector<int64_t>(ws.size(), 0), 0);
  const int in = b.tensor(DType::Int8, {1, 10, 11, IC}, {0.05f}, {3});
  const int bias = b.constant(DType::Int32, {OC}, biases<int32_t>(OC, 200), {0.05f * 0.02f}, {0});
  const int out = b.tensor(DType::Int8, {1, 10, 11, OC}, {0.1f}, {-2});
  auto& o = b.op(OpType::Conv2D, {in, f, bias}, {out}).options;
  o.padding = Padding::Same;
  o.dilation_h = 2;
  o.dilation_w = 3;
  b.io({in}, {out});
  expect_host_equals_firmware(b.m, "CONV_2D int8 dilation 2x3 SAME");
}

TEST(FirmwareComputeOps, SumInt8MatchesTheHost) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 8, 8, 16}, {0.1f}, {-5});
  const int axes = b.constant(DType::Int32, {2}, std::vector<int32_t>{1, 2});
  const int out = b.tensor(DType::Int8, {1, 16}, {2.5f}, {3});
  b.op(OpType::Sum, {in, axes}, {out});
  b.io({in}, {out});
  expect_host_equals_firmware(b.m, "SUM int8 8x8x16 over H, W");
}

}  // namespace
}  // namespace tinysim::target
