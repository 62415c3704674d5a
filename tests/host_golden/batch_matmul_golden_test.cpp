// BATCH_MATMUL against TFLite Micro's kernel tests: float cases within
// TFLM's kFloatTolerance (1e-5), quantized cases exact (TFLM compares the
// int8 / int16 outputs with EXPECT_EQ). Values from
// tensorflow/lite/micro/kernels/batch_matmul_test.cc
// https://github.com/tensorflow/tflite-micro/blob/2a2e14c00b88c958ed4b5d352f243c476e4cc8e6/tensorflow/lite/micro/kernels/batch_matmul_test.cc
#include <gtest/gtest.h>

#include <numeric>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

using F = std::vector<float>;
using Shape = std::vector<int32_t>;

F iota(size_t n, float first) {
  F v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

struct Case {
  Shape lhs_shape, rhs_shape, out_shape;
  bool adj_x = false, adj_y = false;
};

void set_adj(Operator& op, const Case& c) {
  if (c.adj_x) op.options.extra["adj_x"] = 1;
  if (c.adj_y) op.options.extra["adj_y"] = 1;
}

// TestBatchMatMulFloat; rhs_constant as ConstRHSBatchMatMulOpModel.
F run_float(const Case& c, const F& lhs, const F& rhs, bool rhs_constant = false) {
  test::ModelBuilder b;
  const int l = b.tensor(DType::Float32, c.lhs_shape);
  const int r = rhs_constant ? b.constant<float>(DType::Float32, c.rhs_shape, rhs) : b.tensor(DType::Float32, c.rhs_shape);
  const int out = b.tensor(DType::Float32, c.out_shape);
  set_adj(b.op(OpType::BatchMatmul, {l, r}, {out}), c);
  if (rhs_constant) {
    b.io({l}, {out});
    return run1<float>(b.m, lhs);
  }
  b.io({l, r}, {out});
  return run2<float>(b.m, lhs, rhs);
}

void expect_float(const Case& c, const F& lhs, const F& rhs, const F& golden, bool rhs_constant = false) {
  const F got = run_float(c, lhs, rhs, rhs_constant);
  ASSERT_EQ(got.size(), golden.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], golden[i], 1e-5) << "element " << i;
}

// The 74 ... 218 product and its adjoint / broadcast variants.
const F kSimple = {74., 80., 86., 92., 173., 188., 203., 218.};
const F kBroadcast = {74., 80., 86., 92., 173., 188., 203., 218., 272., 296., 320., 344., 371., 404., 437., 470.};
const F kBroadcast2 = {29.,  32.,  35.,  38.,  65.,  72.,  79.,  86.,  101., 112., 123., 134., 53.,  56.,  59.,
                       62.,  121., 128., 135., 142., 189., 200., 211., 222., 77.,  80.,  83.,  86.,  177., 184.,
                       191., 198., 277., 288., 299., 310., 137., 152., 167., 182., 173., 192., 211., 230., 209.,
                       232., 255., 278., 257., 272., 287., 302., 325., 344., 363., 382., 393., 416., 439., 462.,
                       377., 392., 407., 422., 477., 496., 515., 534., 577., 600., 623., 646.};
const F kAdjLhs2 = {1, 3, 5, 2, 4, 6, 7, 9, 11, 8, 10, 12};
const F kAdjRhs2 = {7, 11, 8, 12, 9, 13, 10, 14, 15, 19, 16, 20, 17, 21, 18, 22, 23, 27, 24, 28, 25, 29, 26, 30};

TEST(TflmBatchMatmul, Float32) {
  expect_float({{3, 2, 1, 4}, {3, 1, 4, 1}, {3, 2, 1, 1}}, iota(24, 1), iota(12, 1), {30, 70, 278, 382, 782, 950});  // Ones
  expect_float({{3, 2, 2, 4}, {3, 1, 4, 1}, {3, 2, 2, 1}}, iota(48, 1), iota(12, 1),                               // Flatten
               {30, 70, 110, 150, 486, 590, 694, 798, 1454, 1622, 1790, 1958});
  expect_float({{1, 2, 3}, {1, 3, 4}, {1, 2, 4}}, iota(6, 1), iota(12, 7), kSimple);  // Simple
  expect_float({{1, 2, 3}, {1, 4, 3}, {1, 2, 4}, false, true}, iota(6, 1),            // SimpleRHSAdjoint
               {7, 11, 15, 8, 12, 16, 9, 13, 17, 10, 14, 18}, kSimple);
  expect_float({{1, 3, 2}, {1, 3, 4}, {1, 2, 4}, true}, {1, 4, 2, 5, 3, 6}, iota(12, 7), kSimple);  // SimpleLHSAdjoint
  expect_float({{2, 2, 3}, {2, 3, 4}, {2, 2, 4}}, iota(12, 1), iota(24, 7),                           // BatchSizeTwo
               {74., 80., 86., 92., 173., 188., 203., 218., 560., 584., 608., 632., 767., 800., 833., 866.});
  expect_float({{2, 2, 3}, {3, 4}, {2, 2, 4}}, iota(12, 1), iota(12, 7), kBroadcast);  // Broadcast
  expect_float({{2, 3, 2}, {3, 4}, {2, 2, 4}, true}, {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, iota(12, 7),
               kBroadcast);                                                                       // BroadcastLHSAdjoint
  expect_float({{2, 1, 3, 2}, {3, 2, 4}, {2, 3, 3, 4}}, iota(12, 1), iota(24, 7), kBroadcast2);  // Broadcast2
  expect_float({{2, 1, 2, 3}, {3, 2, 4}, {2, 3, 3, 4}, true}, kAdjLhs2, iota(24, 7), kBroadcast2);
  expect_float({{2, 1, 3, 2}, {3, 4, 2}, {2, 3, 3, 4}, false, true}, iota(12, 1), kAdjRhs2, kBroadcast2);
  expect_float({{2, 1, 2, 3}, {3, 4, 2}, {2, 3, 3, 4}, true, true}, kAdjLhs2, kAdjRhs2, kBroadcast2);
  expect_float({{4, 5}, {3, 1, 5, 2}, {3, 1, 4, 2}}, iota(20, 1), iota(30, 7),  // BroadcastFromRHS
               {185., 200., 460., 500., 735., 800., 1010., 1100., 335., 350., 860., 900.,
                1385., 1450., 1910., 2000., 485., 500., 1260., 1300., 2035., 2100., 2810., 2900.});
  // ConstRHSBatchMatMulOpModelRHSNotAdjoint (TFLM runs it twice: the constant stays put).
  const Case c{{1, 6, 2}, {2, 3}, {1, 6, 3}};
  const F lhs = {6, 3, 7, 4, 6, 9, 2, 6, 7, 4, 3, 7}, rhs = {6, 3, 7, 4, 6, 9};
  const F golden = {48, 36, 69, 58, 45, 85, 72, 72, 123, 36, 42, 68, 58, 45, 85, 46, 51, 84};
  expect_float(c, lhs, rhs, golden, true);
  expect_float(c, lhs, rhs, golden, true);
}

const F kQLhs = {1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10};
const F kQRhs = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10};

template <class T>
std::vector<T> run_quantized(QParams ql, QParams qr, QParams qo) {
  const DType t = dtype_of(T{});
  test::ModelBuilder b;
  const int l = b.tensor(t, {2, 10}, {ql.scale}, {ql.zero_point});
  const int r = b.tensor(t, {10, 3}, {qr.scale}, {qr.zero_point});
  const int out = b.tensor(t, {2, 3}, {qo.scale}, {qo.zero_point});
  b.op(OpType::BatchMatmul, {l, r}, {out});
  b.io({l, r}, {out});
  return run2<T>(b.m, quantize<T>(kQLhs, ql.scale, ql.zero_point), quantize<T>(kQRhs, qr.scale, qr.zero_point));
}

TEST(TflmBatchMatmul, QuantizedInt8AndInt16) {
  // SimpleTestQuantizedInt8: TFLM's ScaleFromMinMax / ZeroPointFromMinMax
  // of [-63.5, 64] (inputs: 0.5, -1) and [-127, 128] (output: 1, -1).
  EXPECT_EQ(run_quantized<int8_t>({0.5f, -1}, {0.5f, -1}, {1.f, -1}), (std::vector<int8_t>{22, 22, 22, 56, 56, 56}));
  // SimpleTestQuantizedInt16: inputs 10 / 32767, output 1, zero points 0.
  const float s = 10.0f / 32767;
  EXPECT_EQ(run_quantized<int16_t>({s, 0}, {s, 0}, {1.f, 0}), (std::vector<int16_t>{23, 23, 23, 57, 57, 57}));
}

// TinySim's own checks of what TFLM's Prepare refuses: int16 with a zero
// point, mixed input types, inner dimensions that differ, batch dimensions
// that do not broadcast.
TEST(BatchMatmulChecks, RefusesWhatTflmRefuses) {
  const auto model = [](DType lt, DType rt, Shape ls, Shape rs, Shape os, int zp) {
    test::ModelBuilder b;
    const auto q = [&](DType t) { return t == DType::Float32 ? std::vector<float>{} : std::vector<float>{0.5f}; };
    const auto z = [&](DType t) { return t == DType::Float32 ? std::vector<int64_t>{} : std::vector<int64_t>{zp}; };
    const int l = b.tensor(lt, ls, q(lt), z(lt));
    const int r = b.tensor(rt, rs, q(rt), z(rt));
    const int out = b.tensor(lt, os, q(lt), z(lt));
    b.op(OpType::BatchMatmul, {l, r}, {out});
    b.io({l, r}, {out});
    return b.m;
  };
  EXPECT_NO_THROW(HostInterpreter{model(DType::Int16, DType::Int16, {2, 3}, {3, 4}, {2, 4}, 0)});
  EXPECT_THROW(HostInterpreter{model(DType::Int16, DType::Int16, {2, 3}, {3, 4}, {2, 4}, 1)}, Error);
  EXPECT_THROW(HostInterpreter{model(DType::Float32, DType::Int8, {2, 3}, {3, 4}, {2, 4}, 0)}, Error);
  EXPECT_THROW(HostInterpreter{model(DType::Float32, DType::Float32, {2, 3}, {2, 4}, {2, 4}, 0)}, Error);
  EXPECT_THROW(HostInterpreter{model(DType::Float32, DType::Float32, {2, 2, 3}, {3, 3, 4}, {3, 2, 4}, 0)}, Error);
}

}  // namespace
