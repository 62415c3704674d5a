// TFLM's MNIST LSTM test models (one UNIDIRECTIONAL_SEQUENCE_LSTM over the
// 28 image rows, then FULLY_CONNECTED + SOFTMAX) classify hand-drawn digits:
// strokes rasterised into 28x28 with anti-aliased edges, white on black in
// [0, 1] like MNIST. The float and the int8 model must name the digit drawn,
// on the host and (int8 bit for bit, float within 1e-5) on the emulated
// Cortex-M4. There is no MNIST digit data in ../shared, hence drawn digits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/ops/interpreter.h"
#include "core/target/target_run.h"
#include "tests/support/float_outputs.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

struct Segment {
  float ax, ay, bx, by;
};

float distance(float px, float py, const Segment& s) {
  const float dx = s.bx - s.ax, dy = s.by - s.ay;
  const float t = std::clamp(((px - s.ax) * dx + (py - s.ay) * dy) / (dx * dx + dy * dy), 0.f, 1.f);
  return std::hypot(px - (s.ax + t * dx), py - (s.ay + t * dy));
}

// Strokes of width ~3 px, 1 inside, fading to 0 over one pixel.
std::vector<float> draw(const std::vector<Segment>& strokes) {
  std::vector<float> img(28 * 28);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      float d = 1e9f;
      for (const Segment& s : strokes) d = std::min(d, distance(float(x), float(y), s));
      img[size_t(y * 28 + x)] = std::clamp(2.1f - d, 0.f, 1.f);
    }
  return img;
}

std::vector<Segment> ellipse(float cx, float cy, float rx, float ry) {
  std::vector<Segment> s;
  const int n = 40;
  for (int k = 0; k < n; ++k) {
    const double a0 = 2 * M_PI * k / n, a1 = 2 * M_PI * (k + 1) / n;
    s.push_back({float(cx + rx * std::cos(a0)), float(cy + ry * std::sin(a0)), float(cx + rx * std::cos(a1)),
                 float(cy + ry * std::sin(a1))});
  }
  return s;
}

struct Digit {
  int label;
  std::vector<Segment> strokes;
};

const std::vector<Digit>& digits() {
  static const std::vector<Digit> d = {{0, ellipse(14, 14, 5.5f, 8.5f)},
                                       {1, {{14, 4, 14, 23}}},
                                       {4, {{17, 4, 17, 23}, {17, 4, 7, 16}, {7, 16, 21, 16}}},
                                       {7, {{8, 5, 20, 5}, {20, 5, 12, 23}}}};
  return d;
}

// The input tensor's bytes: floats, or TFLite's quantization of them.
std::vector<uint8_t> input_bytes(const Model& m, const std::vector<float>& img) {
  return quantize_for_tensor(m.tensors[size_t(m.inputs[0])], img);
}

int argmax(const Model& m, const std::vector<uint8_t>& out) {
  const std::vector<float> v = tensor_values_as_float(m.tensors[size_t(m.outputs[0])], out);
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

class MnistLstmDigits : public ::testing::TestWithParam<const char*> {};

TEST_P(MnistLstmDigits, NameTheDrawnDigitOnHostAndEmulator) {
  TINYSIM_REQUIRE_SHARED(path, GetParam());
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  const bool is_float = m.tensors[size_t(m.outputs[0])].type == DType::Float32;
  for (const Digit& d : digits()) {
    SCOPED_TRACE("digit " + std::to_string(d.label));
    const std::vector<std::vector<uint8_t>> in = {input_bytes(m, draw(d.strokes))};
    const auto host = run_host(m, in).take();
    EXPECT_EQ(argmax(m, host[0]), d.label);
    auto dev = run_on_target(m, prof, in, {});
    ASSERT_TRUE(dev.ok()) << dev.error().what();
    if (!is_float) {
      EXPECT_EQ(dev->outputs, host);
      continue;
    }
    testing_support::expect_floats_near(host[0], dev->outputs[0], "output");
  }
}

INSTANTIATE_TEST_SUITE_P(TflmTestModels, MnistLstmDigits,
                         ::testing::Values("tflm_test_mnist_lstm_float.tflite", "tflm_test_mnist_lstm_int8.tflite"),
                         [](const auto& info) { return std::string(info.param).find("float") != std::string::npos
                                                           ? std::string("Float")
                                                           : std::string("Int8"); });

}  // namespace
}  // namespace tinysim::target
