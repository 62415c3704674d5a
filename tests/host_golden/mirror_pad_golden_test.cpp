// MIRROR_PAD against TFLite Micro's kernel tests (int8, every element
// compared exactly). Values from
// tensorflow/lite/micro/kernels/mirror_pad_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0c7b9ba1025796ba3f06d525a2a301c893d06a5a/tensorflow/lite/micro/kernels/mirror_pad_test.cc
// The same cases also run as float32 and int16 (the op moves elements, so
// the goldens are the same values; TFLM's test has int8 only).
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

using Shape = std::vector<int32_t>;

template <class T>
std::vector<T> mirror_pad(const Shape& in_shape, const std::vector<T>& input, const std::vector<int32_t>& pads,
                          const Shape& out_shape, bool symmetric) {
  test::ModelBuilder b;
  const DType t = std::is_same_v<T, float> ? DType::Float32 : std::is_same_v<T, int8_t> ? DType::Int8 : DType::Int16;
  const bool q = t != DType::Float32;
  const int in = q ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const int p = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(in_shape.size()), 2}, pads);
  const int out = q ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  auto& op = b.op(OpType::MirrorPad, {in, p}, {out});
  if (symmetric) op.options.extra["symmetric"] = 1;
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

struct Case {
  const char* name;
  Shape in_shape;
  std::vector<int32_t> pads;
  Shape out_shape;
  bool symmetric;
  std::vector<int> golden;
};

const std::vector<int> kInput = {1, 2, 3, 4, 5, 6};

const std::vector<Case> kCases = {
    {"EmptyPad", {2, 3}, {0, 0, 0, 0}, {2, 3}, false, {1, 2, 3, 4, 5, 6}},
    {"PadOneSide_right_Reflect", {2, 3}, {0, 1, 0, 1}, {3, 4}, false, {1, 2, 3, 2, 4, 5, 6, 5, 1, 2, 3, 2}},
    {"PadOneSide_left_Reflect", {2, 3}, {1, 0, 1, 0}, {3, 4}, false, {5, 4, 5, 6, 2, 1, 2, 3, 5, 4, 5, 6}},
    {"PadOneSide_right_Symmetric", {2, 3}, {0, 1, 0, 1}, {3, 4}, true, {1, 2, 3, 3, 4, 5, 6, 6, 4, 5, 6, 6}},
    {"PadOneSide_left_Symmetric", {2, 3}, {1, 0, 1, 0}, {3, 4}, true, {1, 1, 2, 3, 1, 1, 2, 3, 4, 4, 5, 6}},
    {"PadBothSides_Symmetric", {2, 3}, {1, 1, 1, 1}, {4, 5}, true,
     {1, 1, 2, 3, 3, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 4, 4, 5, 6, 6}},
    {"PadBothSides_Reflect", {2, 3}, {1, 1, 1, 1}, {4, 5}, false,
     {5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 2, 1, 2, 3, 2}},
    {"PadBothSides_Symmetric_Whole", {2, 3}, {2, 2, 3, 3}, {6, 9}, true,
     {6, 5, 4, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 2, 1, 3, 2, 1, 1, 2, 3, 3, 2, 1,
      6, 5, 4, 4, 5, 6, 6, 5, 4, 6, 5, 4, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 2, 1}},
    {"PadBothSides_Reflect_Whole", {2, 3}, {1, 1, 2, 2}, {4, 7}, false,
     {6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1}},
    {"Pad_Symmetric", {2, 3}, {1, 1, 2, 2}, {4, 7}, true,
     {2, 1, 1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 3, 2, 5, 4, 4, 5, 6, 6, 5, 5, 4, 4, 5, 6, 6, 5}},
    {"Pad_1D_Reflect", {3}, {0, 2}, {5}, false, {1, 2, 3, 2, 1}},
    {"Pad_1D_Symmetric", {3}, {0, 2}, {5}, true, {1, 2, 3, 3, 2}},
};

template <class T>
void run_all() {
  for (const Case& c : kCases) {
    int64_t n = 1;
    for (int32_t d : c.in_shape) n *= d;
    const std::vector<T> in(kInput.begin(), kInput.begin() + n);  // TFLM's 1-D cases read the first 3
    const std::vector<T> want(c.golden.begin(), c.golden.end());
    EXPECT_EQ(mirror_pad<T>(c.in_shape, in, c.pads, c.out_shape, c.symmetric), want) << c.name;
  }
}

TEST(TflmMirrorPad, Int8) { run_all<int8_t>(); }
TEST(TflmMirrorPad, SameCasesAsFloat32AndInt16) {
  run_all<float>();
  run_all<int16_t>();
}

// TinySim's own check: a padding the mode cannot mirror (TFLM would read
// outside the input) is refused at prepare time.
TEST(MirrorPadChecks, RefusesPaddingsBeyondTheInput) {
  EXPECT_THROW(mirror_pad<int8_t>({3}, {1, 2, 3}, {0, 3}, {6}, false), Error);  // REFLECT: at most 2
  EXPECT_NO_THROW(mirror_pad<int8_t>({3}, {1, 2, 3}, {0, 3}, {6}, true));      // SYMMETRIC: at most 3
  EXPECT_THROW(mirror_pad<int8_t>({3}, {1, 2, 3}, {0, 4}, {7}, true), Error);
}

}  // namespace
