// Independent evidence that the host kernels agree with TensorFlow Lite Micro:
// the int8/int16 cases of TFLM's own kernel unit tests, re-run through
// prepare_op + HostInterpreter on a one-op IR model.
//
// TFLM's tests mostly give float inputs/goldens and quantize them with the
// helpers below; these re-implement those helpers' arithmetic (float division,
// round half away from zero, clamp) so the integers fed to TinySim and the
// integers compared against are the ones TFLM's test sees. Sources:
//   tensorflow/lite/micro/micro_utils.h   FloatToQuantizedType,
//                                         FloatToSymmetricQuantizedType
//   tensorflow/lite/micro/test_helpers.cc SignedSymmetricPerChannelQuantize,
//                                         CreatePerChannelQuantizedBiasTensor,
//                                         CreateQuantizedBiasTensor
// (https://github.com/tensorflow/tflite-micro, commit f16cec1860159fbb63c90d07d69fc6a2010cc4be)
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "tests/host/model_builder.h"

namespace tinysim::golden {

// TFLM Quantize / FloatToQuantizedType: round(value / scale) + zero_point,
// clamped to T. The division is float / float, as in TFLM.
template <class T>
std::vector<T> quantize(const std::vector<float>& values, float scale, int zero_point) {
  std::vector<T> q;
  q.reserve(values.size());
  for (float v : values) {
    const float quotient = v / scale;
    int32_t r = static_cast<int32_t>(std::round(quotient)) + zero_point;
    r = std::clamp<int32_t>(r, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
    q.push_back(static_cast<T>(r));
  }
  return q;
}

// int8 (scale, zero point) from a real range [lo, hi] (lo <= 0 <= hi), the
// nudged zero point of TFLite's ChooseQuantizationParams
// (kernels/internal/quantization_util.h, F = double, used by TFLM tests) and
// of TFLite's SingleOpModel::QuantizationParams (kernels/test_util.h,
// F = float): the zero point whose error is smaller, clamped, rounded.
template <class F>
std::pair<float, int> choose_quantization_params(F lo, F hi) {
  const F qmin = -128, qmax = 127;
  const F scale = (hi - lo) / (qmax - qmin);
  const F from_min = qmin - lo / scale, from_max = qmax - hi / scale;
  const F err_min = std::abs(qmin) + std::abs(lo / scale), err_max = std::abs(qmax) + std::abs(hi / scale);
  const F zp = err_min < err_max ? from_min : from_max;
  const int z = zp <= qmin ? -128 : zp >= qmax ? 127 : static_cast<int>(std::round(zp));
  return {static_cast<float>(scale), z};
}

// TFLM SignedSymmetricPerChannelQuantize (int8): per channel along
// `qdim` (0 = conv OHWI, last = depthwise 1HWO), scale = max|x| / 127 over
// the channel (min/max start at 0), q = roundf(x / scale) in [-127, 127].
struct PerChannelWeights {
  std::vector<int8_t> q;
  std::vector<float> scales;
};
inline PerChannelWeights symmetric_per_channel(const std::vector<float>& values, const std::vector<int32_t>& shape,
                                               size_t qdim) {
  const int channels = shape[qdim];
  const int per_channel = static_cast<int>(values.size()) / channels;
  // qdim 0: a channel is a contiguous block; last dim: channels interleave.
  const bool first = qdim == 0;
  PerChannelWeights w;
  w.q.resize(values.size());
  for (int c = 0; c < channels; ++c) {
    auto idx = [&](int i) { return static_cast<size_t>(first ? c * per_channel + i : c + i * channels); };
    float lo = 0.f, hi = 0.f;
    for (int i = 0; i < per_channel; ++i) {
      lo = std::fmin(lo, values[idx(i)]);
      hi = std::fmax(hi, values[idx(i)]);
    }
    const float scale = std::fmax(std::fabs(lo), std::fabs(hi)) / 127;
    w.scales.push_back(scale);
    for (int i = 0; i < per_channel; ++i) {
      const auto q = static_cast<int32_t>(std::round(values[idx(i)] / scale));
      w.q[idx(i)] = static_cast<int8_t>(std::clamp<int32_t>(q, -127, 127));
    }
  }
  return w;
}

// TFLM FloatToSymmetricQuantizedType for biases: scale_c = input_scale *
// weight_scale_c (a float product), q = round(x / scale_c), clamped to
// [min + 1, max]. One weight scale means per-tensor.
template <class T>
std::vector<T> quantize_bias(const std::vector<float>& values, float input_scale,
                             const std::vector<float>& weight_scales) {
  std::vector<T> q;
  for (size_t i = 0; i < values.size(); ++i) {
    const float scale = input_scale * weight_scales[weight_scales.size() == 1 ? 0 : i];
    const double r = std::round(values[i] / scale);
    const double lo = static_cast<double>(std::numeric_limits<T>::min()) + 1;
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    q.push_back(static_cast<T>(std::clamp(r, lo, hi)));
  }
  return q;
}

// TFLM's EXPECT_NEAR(golden[i], output[i], tolerance) on every element;
// tolerance 0 is exact equality. Also records how many elements were off by
// a non-zero amount, so the log shows how close to bit-exact a ±1 case is.
template <class T>
void expect_near_each(const std::vector<T>& got, const std::vector<T>& golden, int tolerance,
                      const std::string& what = {}) {
  ASSERT_EQ(got.size(), golden.size()) << what;
  int off = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const int d = std::abs(int{got[i]} - int{golden[i]});
    if (d != 0) ++off;
    EXPECT_LE(d, tolerance) << what << " element " << i << ": got " << int{got[i]} << ", TFLM golden "
                            << int{golden[i]};
  }
  if (tolerance > 0 && off > 0)
    std::printf("[ note ] %s: %d of %zu elements differ from the quantized float golden (within TFLM's +-%d)\n",
                what.c_str(), off, got.size(), tolerance);
}

template <class T>
std::vector<T> run1(const Model& m, const std::vector<T>& input) {
  return test::run_model<T, T>(m, std::vector<std::vector<T>>{input});
}
template <class T>
std::vector<T> run2(const Model& m, const std::vector<T>& a, const std::vector<T>& b) {
  return test::run_model<T, T>(m, std::vector<std::vector<T>>{a, b});
}

// A one-op binary model (ADD, SUB, MUL) on float values quantized with
// TFLM's helper, as TFLM's TestAddQuantized / TestSubQuantized build it.
inline constexpr DType dtype_of(int8_t) { return DType::Int8; }
inline constexpr DType dtype_of(int16_t) { return DType::Int16; }

struct QParams {
  float scale;
  int zero_point;
};

template <class T>
std::vector<T> run_binary(OpType op, Activation act, const std::vector<int32_t>& shape1,
                          const std::vector<float>& in1, QParams q1, const std::vector<int32_t>& shape2,
                          const std::vector<float>& in2, QParams q2, const std::vector<int32_t>& out_shape,
                          QParams qo) {
  const DType t = dtype_of(T{});
  test::ModelBuilder b;
  const int a = b.tensor(t, shape1, {q1.scale}, {q1.zero_point});
  const int c = b.tensor(t, shape2, {q2.scale}, {q2.zero_point});
  const int out = b.tensor(t, out_shape, {qo.scale}, {qo.zero_point});
  b.op(op, {a, c}, {out}).options.activation = act;
  b.io({a, c}, {out});
  return run2<T>(b.m, quantize<T>(in1, q1.scale, q1.zero_point), quantize<T>(in2, q2.scale, q2.zero_point));
}

}  // namespace tinysim::golden
