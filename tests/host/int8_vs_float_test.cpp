// int8 vs float32 agreement of the MLPerf Tiny models shipped in both
// variants, on 20 fixed inputs. Both models get the same float input; the int8
// model gets it quantized with its own input scale/zero point.
//
// Inputs: KWS uniform in [-20, 20] (MFCC-sized values inside the int8 input
// range [-123, 25]; full-range noise saturates the int8 model's calibrated
// activations and says nothing about the kernels); VWW uniform in [0, 1] (the
// image range of the int8 input); AD the first 20 640-value windows of the
// MLPerf Tiny AD reference sample (real log-mel features).
//
// Tolerances, in output quantization steps (LSB): KWS/VWW softmax outputs
// have LSB 1/256; measured max abs error 0.117 (30 LSB) and 0.024 (6 LSB),
// RMSE 0.014 and 0.020 (3.6 and 5 LSB), top-1 20/20 for both. AD output LSB
// 0.3645; measured max 5.37 (15 LSB), RMSE 0.75 (2 LSB), the error of ten
// int8 layers whose calibrated ranges clip a little. The bounds below allow
// roughly twice the measured error so a kernel bug (typically tens of LSB
// RMSE or lost top-1 agreement) fails while rounding noise does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "tests/support/shared_files.h"

using namespace tinysim;

namespace {

struct Agreement {
  double max_abs = 0, rmse = 0;
  int top1_agree = 0, n = 0;
  float out_scale = 0;
};

Agreement compare(const std::string& int8_file, const std::string& float_file,
                  const std::function<std::vector<float>(int, size_t)>& input) {
  const auto dir = test::shared_dir() / "third_party_models";
  Model qm = load_tflite((dir / int8_file).string()).take();
  Model fm = load_tflite((dir / float_file).string()).take();
  HostInterpreter q(qm), f(fm);
  Agreement a;
  a.out_scale = q.output_tensor(0).quant.scale.at(0);
  double se = 0;
  long count = 0;
  for (int k = 0; k < 20; ++k) {
    const auto x = input(k, static_cast<size_t>(q.input_tensor(0).num_elements()));
    q.set_input_from_float(0, x);
    f.set_input_from_float(0, x);
    q.invoke();
    f.invoke();
    const auto qa = q.output_as_float(0), fa = f.output_as_float(0);
    EXPECT_EQ(qa.size(), fa.size());
    for (size_t i = 0; i < qa.size(); ++i) {
      const double d = std::fabs(static_cast<double>(qa[i]) - fa[i]);
      a.max_abs = std::max(a.max_abs, d);
      se += d * d;
      ++count;
    }
    a.top1_agree += (std::max_element(qa.begin(), qa.end()) - qa.begin()) ==
                    (std::max_element(fa.begin(), fa.end()) - fa.begin());
    ++a.n;
  }
  a.rmse = std::sqrt(se / static_cast<double>(count));
  std::printf("[int8 vs float] %s: max abs %.4f (%.1f LSB), RMSE %.4f (%.2f LSB), top-1 %d/%d\n", int8_file.c_str(),
              a.max_abs, a.max_abs / a.out_scale, a.rmse, a.rmse / a.out_scale, a.top1_agree, a.n);
  return a;
}

std::function<std::vector<float>(int, size_t)> uniform(float lo, float hi) {
  auto rng = std::make_shared<std::mt19937>(20240601);
  return [rng, lo, hi](int, size_t n) {
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> x(n);
    for (auto& v : x) v = dist(*rng);
    return x;
  };
}

}  // namespace

TEST(Int8VsFloat, KeywordSpotting) {
  TINYSIM_REQUIRE_SHARED(q, "mlperf_tiny_kws_ref_int8.tflite");
  TINYSIM_REQUIRE_SHARED(f, "mlperf_tiny_kws_ref_float32.tflite");
  const auto a = compare("mlperf_tiny_kws_ref_int8.tflite", "mlperf_tiny_kws_ref_float32.tflite", uniform(-20, 20));
  EXPECT_LE(a.max_abs, 60 * a.out_scale);
  EXPECT_LE(a.rmse, 8 * a.out_scale);
  EXPECT_GE(a.top1_agree, 18);
}

TEST(Int8VsFloat, VisualWakeWords) {
  TINYSIM_REQUIRE_SHARED(q, "mlperf_tiny_vww_96_int8.tflite");
  TINYSIM_REQUIRE_SHARED(f, "mlperf_tiny_vww_96_float.tflite");
  const auto a = compare("mlperf_tiny_vww_96_int8.tflite", "mlperf_tiny_vww_96_float.tflite", uniform(0, 1));
  EXPECT_LE(a.max_abs, 16 * a.out_scale);
  EXPECT_LE(a.rmse, 10 * a.out_scale);
  EXPECT_GE(a.top1_agree, 19);
}

TEST(Int8VsFloat, AnomalyDetection) {
  TINYSIM_REQUIRE_SHARED(q, "mlperf_tiny_ad01_int8.tflite");
  TINYSIM_REQUIRE_SHARED(f, "mlperf_tiny_ad01_fp32.tflite");
  TINYSIM_REQUIRE_SHARED(s, "mlperf_tiny_ad01_sample_normal_id_01_00000000_hist_librosa.bin");
  std::ifstream in(s, std::ios::binary);
  std::vector<float> sample(25600);
  in.read(reinterpret_cast<char*>(sample.data()), static_cast<std::streamsize>(sample.size() * 4));
  ASSERT_TRUE(in.good());
  const auto a = compare("mlperf_tiny_ad01_int8.tflite", "mlperf_tiny_ad01_fp32.tflite", [&](int k, size_t n) {
    return std::vector<float>(sample.begin() + static_cast<long>(k * n), sample.begin() + static_cast<long>((k + 1) * n));
  });
  EXPECT_LE(a.max_abs, 30 * a.out_scale);
  EXPECT_LE(a.rmse, 4 * a.out_scale);
}
