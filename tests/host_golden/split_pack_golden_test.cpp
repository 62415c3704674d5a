// SPLIT, SPLIT_V, UNPACK and PACK against TFLite Micro's kernel tests (float
// cases compare within 1e-5, integer ones with EXPECT_EQ; the values are
// copies, so exact). Values from tensorflow/lite/micro/kernels/
//   split_test.cc   https://github.com/tensorflow/tflite-micro/blob/3af0696a276b9618b53323e16e0c6a8125cdd718/tensorflow/lite/micro/kernels/split_test.cc
//   split_v_test.cc https://github.com/tensorflow/tflite-micro/blob/101d2bb93599a157dda41e499a6a2fb06d98f553/tensorflow/lite/micro/kernels/split_v_test.cc
//   unpack_test.cc  https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/unpack_test.cc
//   pack_test.cc    https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/pack_test.cc
#include <gtest/gtest.h>

#include <cstring>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

using F = std::vector<float>;
using Shapes = std::vector<std::vector<int32_t>>;
const F kSixteen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

template <class T>
constexpr DType dtype() {
  return sizeof(T) == 1 ? DType::Int8 : sizeof(T) == 2 ? DType::Int16 : std::is_same_v<T, float> ? DType::Float32
                                                                                               : DType::Int32;
}

template <class T>
int data_tensor(test::ModelBuilder& b, const std::vector<int32_t>& shape) {
  // TFLM's quantized split test: scale 1 would do; it uses (0, 10) ranges.
  const DType t = dtype<T>();
  return t == DType::Int8 || t == DType::Int16 ? b.tensor(t, shape, {1.f}, {0}) : b.tensor(t, shape);
}

// Runs the one-op model and returns every output.
template <class T>
std::vector<std::vector<T>> run_all(test::ModelBuilder& b, const std::vector<std::vector<T>>& inputs) {
  HostInterpreter interp(b.m);
  for (size_t i = 0; i < inputs.size(); ++i)
    interp.set_input(static_cast<int>(i), inputs[i].data(), inputs[i].size() * sizeof(T));
  interp.invoke();
  std::vector<std::vector<T>> outs;
  for (int i = 0; i < interp.num_outputs(); ++i) {
    const auto& bytes = interp.output_bytes(i);
    std::vector<T> v(bytes.size() / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
    outs.push_back(v);
  }
  return outs;
}

template <class T>
std::vector<std::vector<T>> split(const std::vector<int32_t>& in_shape, const std::vector<T>& input, int32_t axis,
                                  const Shapes& out_shapes) {
  test::ModelBuilder b;
  const int ax = b.constant<int32_t>(DType::Int32, {1}, {axis});
  const int in = data_tensor<T>(b, in_shape);
  std::vector<int> outs;
  for (const auto& s : out_shapes) outs.push_back(data_tensor<T>(b, s));
  b.op(OpType::Split, {ax, in}, outs).options.extra["num_splits"] = static_cast<double>(outs.size());
  b.io({in}, outs);
  return run_all<T>(b, {input});
}

std::vector<F> split_v(const std::vector<int32_t>& in_shape, const F& input, const std::vector<int32_t>& sizes,
                       int32_t axis, const Shapes& out_shapes) {
  test::ModelBuilder b;
  const int in = data_tensor<float>(b, in_shape);
  const int sz = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(sizes.size())}, sizes);
  const int ax = b.constant<int32_t>(DType::Int32, {1}, {axis});
  std::vector<int> outs;
  for (const auto& s : out_shapes) outs.push_back(data_tensor<float>(b, s));
  b.op(OpType::SplitV, {in, sz, ax}, outs).options.extra["num_splits"] = static_cast<double>(outs.size());
  b.io({in}, outs);
  return run_all<float>(b, {input});
}

template <class T>
std::vector<std::vector<T>> unpack(const std::vector<int32_t>& in_shape, const std::vector<T>& input, int axis,
                                   const Shapes& out_shapes) {
  test::ModelBuilder b;
  const int in = data_tensor<T>(b, in_shape);
  std::vector<int> outs;
  for (const auto& s : out_shapes) outs.push_back(data_tensor<T>(b, s));
  auto& op = b.op(OpType::Unpack, {in}, outs);
  op.options.axis = axis;
  op.options.extra["num"] = static_cast<double>(outs.size());
  b.io({in}, outs);
  return run_all<T>(b, {input});
}

template <class T>
std::vector<T> pack(const std::vector<int32_t>& in_shape, const std::vector<std::vector<T>>& inputs, int axis,
                    const std::vector<int32_t>& out_shape) {
  test::ModelBuilder b;
  std::vector<int> ins;
  for (size_t k = 0; k < inputs.size(); ++k) ins.push_back(data_tensor<T>(b, in_shape));
  const int out = data_tensor<T>(b, out_shape);
  auto& op = b.op(OpType::Pack, ins, {out});
  op.options.axis = axis;
  op.options.extra["values_count"] = static_cast<double>(ins.size());
  b.io(ins, {out});
  return run_all<T>(b, inputs)[0];
}

TEST(TflmSplit, TwoSplitFourDimensional) {
  const Shapes axis0 = {{1, 2, 2, 2}, {1, 2, 2, 2}};
  EXPECT_EQ(split<float>({2, 2, 2, 2}, kSixteen, 0, axis0), (std::vector<F>{{1, 2, 3, 4, 5, 6, 7, 8},
                                                                            {9, 10, 11, 12, 13, 14, 15, 16}}));
  EXPECT_EQ(split<float>({2, 2, 2, 2}, kSixteen, 1, {{2, 1, 2, 2}, {2, 1, 2, 2}}),
            (std::vector<F>{{1, 2, 3, 4, 9, 10, 11, 12}, {5, 6, 7, 8, 13, 14, 15, 16}}));
  EXPECT_EQ(split<float>({2, 2, 2, 2}, kSixteen, 2, {{2, 2, 1, 2}, {2, 2, 1, 2}}),
            (std::vector<F>{{1, 2, 5, 6, 9, 10, 13, 14}, {3, 4, 7, 8, 11, 12, 15, 16}}));
  EXPECT_EQ(split<float>({2, 2, 2, 2}, kSixteen, 3, {{2, 2, 2, 1}, {2, 2, 2, 1}}),
            (std::vector<F>{{1, 3, 5, 7, 9, 11, 13, 15}, {2, 4, 6, 8, 10, 12, 14, 16}}));
  EXPECT_EQ(split<float>({2, 2, 2, 2}, kSixteen, -4, axis0),  // TwoSplitFourDimensionalNegativeAxis
            (std::vector<F>{{1, 2, 3, 4, 5, 6, 7, 8}, {9, 10, 11, 12, 13, 14, 15, 16}}));
}

TEST(TflmSplit, FourSplitAndIntegerTypes) {
  EXPECT_EQ(split<float>({4}, {1, 2, 3, 4}, 0, {{1}, {1}, {1}, {1}}), (std::vector<F>{{1}, {2}, {3}, {4}}));
  const std::vector<int8_t> i8 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  EXPECT_EQ(split<int8_t>({2, 2, 2, 2}, i8, 1, {{2, 1, 2, 2}, {2, 1, 2, 2}}),
            (std::vector<std::vector<int8_t>>{{1, 2, 3, 4, 9, 10, 11, 12}, {5, 6, 7, 8, 13, 14, 15, 16}}));
  const std::vector<int32_t> i32(i8.begin(), i8.end());
  EXPECT_EQ(split<int32_t>({2, 2, 2, 2}, i32, 1, {{2, 1, 2, 2}, {2, 1, 2, 2}}),
            (std::vector<std::vector<int32_t>>{{1, 2, 3, 4, 9, 10, 11, 12}, {5, 6, 7, 8, 13, 14, 15, 16}}));
}

TEST(TflmSplitV, Cases) {
  EXPECT_EQ(split_v({4, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {1, 1, 2}, 0, {{1, 3}, {1, 3}, {2, 3}}),
            (std::vector<F>{{1, 2, 3}, {4, 5, 6}, {7, 8, 9, 10, 11, 12}}));
  EXPECT_EQ(split_v({2, 2, 2, 2}, kSixteen, {1, 1}, 1, {{2, 1, 2, 2}, {2, 1, 2, 2}}),
            (std::vector<F>{{1, 2, 3, 4, 9, 10, 11, 12}, {5, 6, 7, 8, 13, 14, 15, 16}}));
  EXPECT_EQ(split_v({2, 2, 2, 2}, kSixteen, {1, 1}, 3, {{2, 2, 2, 1}, {2, 2, 2, 1}}),
            (std::vector<F>{{1, 3, 5, 7, 9, 11, 13, 15}, {2, 4, 6, 8, 10, 12, 14, 16}}));
  EXPECT_EQ(split_v({2, 2, 2, 2}, kSixteen, {1, 1}, -4, {{1, 2, 2, 2}, {1, 2, 2, 2}}),
            (std::vector<F>{{1, 2, 3, 4, 5, 6, 7, 8}, {9, 10, 11, 12, 13, 14, 15, 16}}));
  // SPLIT_V_OneDimensionalFloatTest2: the -1 piece is empty.
  EXPECT_EQ(split_v({8}, {1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 1, 1, 1, 1, 2, -1}, 0,
                    {{1}, {1}, {1}, {1}, {1}, {1}, {2}, {0}}),
            (std::vector<F>{{1}, {2}, {3}, {4}, {5}, {6}, {7, 8}, {}}));
}

TEST(TflmUnpack, Cases) {
  const Shapes three = {{2}, {2}, {2}};
  EXPECT_EQ(unpack<float>({3, 2}, {1, 2, 3, 4, 5, 6}, 0, three), (std::vector<F>{{1, 2}, {3, 4}, {5, 6}}));
  EXPECT_EQ(unpack<float>({3, 2}, {1, 2, 3, 4, 5, 6}, -2, three), (std::vector<F>{{1, 2}, {3, 4}, {5, 6}}));
  EXPECT_EQ(unpack<float>({1, 6}, {1, 2, 3, 4, 5, 6}, 0, {{6}}), (std::vector<F>{{1, 2, 3, 4, 5, 6}}));
  EXPECT_EQ(unpack<int32_t>({3, 2}, {1, 2, 3, 4, 5, 6}, 0, three),
            (std::vector<std::vector<int32_t>>{{1, 2}, {3, 4}, {5, 6}}));
}

TEST(TflmPack, Cases) {
  EXPECT_EQ(pack<float>({2}, {{1, 4}, {2, 5}, {3, 6}}, 0, {3, 2}), (F{1, 4, 2, 5, 3, 6}));  // PackFloatThreeInputs
  EXPECT_EQ(pack<float>({2}, {{1, 4}, {2, 5}, {3, 6}}, 1, {2, 3}), (F{1, 2, 3, 4, 5, 6}));  // ...DifferentAxis
  EXPECT_EQ(pack<float>({2}, {{1, 4}, {2, 5}, {3, 6}}, -1, {2, 3}), (F{1, 2, 3, 4, 5, 6}));  // ...NegativeAxis
  EXPECT_EQ(pack<float>({2, 3}, {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, 1, {2, 2, 3}),
            (F{1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12}));  // PackFloatMultiDimensions
  EXPECT_EQ(pack<int8_t>({2, 3}, {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, 1, {2, 2, 3}),
            (std::vector<int8_t>{1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12}));
  EXPECT_EQ(pack<int16_t>({2, 3}, {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, 1, {2, 2, 3}),
            (std::vector<int16_t>{1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12}));
  EXPECT_EQ(pack<int32_t>({2, 3}, {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, 1, {2, 2, 3}),
            (std::vector<int32_t>{1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12}));
}

// TinySim's own checks (not from TFLM): pieces that do not add up, an
// output count other than num_splits, and PACK inputs of different shapes
// are refused in one message.
TEST(SplitPackChecks, InconsistentOpsAreRefused) {
  EXPECT_THROW(split<float>({4}, {1, 2, 3, 4}, 0, {{1}, {1}, {1}}), Error);
  EXPECT_THROW(split_v({4}, {1, 2, 3, 4}, {1, 2}, 0, {{1}, {2}}), Error);
  EXPECT_THROW(split_v({4}, {1, 2, 3, 4}, {2, 2}, 0, {{1}, {3}}), Error);
  test::ModelBuilder b;
  const int x = b.tensor(DType::Float32, {2}), y = b.tensor(DType::Float32, {3}), out = b.tensor(DType::Float32, {2, 2});
  b.op(OpType::Pack, {x, y}, {out}).options.extra["values_count"] = 2;
  b.io({x, y}, {out});
  EXPECT_THROW(HostInterpreter{b.m}, Error);
}

}  // namespace
