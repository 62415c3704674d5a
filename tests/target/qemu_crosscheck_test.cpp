// Second, independent check: the same firmware and plan on QEMU's
// mps2-an386 give the same int8 outputs as the Unicorn run (and the host).
// The keyword_scrambled pair (int16 input, SVDF with int8 / int16 state,
// int8 -> int16 SOFTMAX, int32 output) must run on all three.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/qemu_backend.h"
#include "core/target/target_run.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

class QemuCrossCheck : public ::testing::TestWithParam<const char*> {};

TEST_P(QemuCrossCheck, SameInt8OutputsAsUnicornAndHost) {
  if (const std::string why = qemu_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  TINYSIM_REQUIRE_SHARED(path, GetParam());
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  for (int seed : {11, 12}) {
    const auto inputs = model_inputs(m, {}, seed);
    TargetOptions q;
    q.backend = Backend::Qemu;
    auto rq = run_on_target(m, prof, inputs, q);
    ASSERT_TRUE(rq.ok()) << rq.error().what();
    auto ru = run_on_target(m, prof, inputs, {});
    ASSERT_TRUE(ru.ok()) << ru.error().what();
    EXPECT_EQ(rq->outputs, ru->outputs);
    EXPECT_EQ(rq->outputs, run_host(m, inputs).take());
  }
}

INSTANTIATE_TEST_SUITE_P(Int8Models, QemuCrossCheck,
                         ::testing::Values("mlperf_tiny_kws_ref_int8.tflite", "mlperf_tiny_ad01_int8.tflite",
                                           "mlperf_tiny_vww_96_int8.tflite", "tflm_micro_speech_int8.tflite",
                                           "tflm_test_keyword_scrambled_int8.tflite",
                                           "tflm_test_keyword_scrambled_int16.tflite",
                                           "tflm_test_mnist_lstm_int8.tflite",
                                           "tflm_test_xtensa_micro_speech_lstm_int8.tflite"));

// Float: QEMU runs the same instructions as Unicorn, so the outputs are the
// same bits; against the host (other libm, other summation) within 1e-5 of
// the output's largest magnitude, as bit_exact_test.cpp compares floats.
TEST(QemuCrossCheckFloat, SameOutputsAsUnicornAndHostWithinTolerance) {
  if (const std::string why = qemu_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  TINYSIM_REQUIRE_SHARED(path, "tflm_test_mnist_lstm_float.tflite");
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  const auto inputs = model_inputs(m, {}, 11);
  TargetOptions q;
  q.backend = Backend::Qemu;
  auto rq = run_on_target(m, prof, inputs, q);
  ASSERT_TRUE(rq.ok()) << rq.error().what();
  auto ru = run_on_target(m, prof, inputs, {});
  ASSERT_TRUE(ru.ok()) << ru.error().what();
  EXPECT_EQ(rq->outputs, ru->outputs);
  const auto host = run_host(m, inputs).take();
  ASSERT_EQ(host.size(), 1u);
  ASSERT_EQ(host[0].size(), rq->outputs[0].size());
  std::vector<float> a(host[0].size() / 4), b(a.size());
  std::memcpy(a.data(), host[0].data(), host[0].size());
  std::memcpy(b.data(), rq->outputs[0].data(), host[0].size());
  float scale = 0;
  for (float v : a) scale = std::max(scale, std::fabs(v));
  for (size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], b[k], 1e-5 * scale) << k;
}

}  // namespace
}  // namespace tinysim::target
