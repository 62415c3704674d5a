// Second, independent check: the same firmware and plan on QEMU's
// mps2-an386 give the same outputs as the Unicorn run (and, int8, the host).
// The keyword_scrambled pair (int16 input, SVDF with int8 / int16 state,
// int8 -> int16 SOFTMAX, int32 output) must run on all three.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/qemu_backend.h"
#include "core/target/target_run.h"
#include "tests/support/float_outputs.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

class QemuCrossCheck : public ::testing::TestWithParam<const char*> {};

// QEMU runs the same instructions as Unicorn: the same output bits, float
// included; int8 outputs equal the host's too.
TEST_P(QemuCrossCheck, SameOutputsAsUnicornAndHost) {
  if (const std::string why = qemu_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  TINYSIM_REQUIRE_SHARED(path, GetParam());
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  const bool is_float = m.tensors[size_t(m.outputs[0])].type == DType::Float32;
  for (int seed : {11, 12}) {
    const auto inputs = model_inputs(m, {}, seed);
    TargetOptions q;
    q.backend = Backend::Qemu;
    auto rq = run_on_target(m, prof, inputs, q);
    ASSERT_TRUE(rq.ok()) << rq.error().what();
    auto ru = run_on_target(m, prof, inputs, {});
    ASSERT_TRUE(ru.ok()) << ru.error().what();
    EXPECT_EQ(rq->outputs, ru->outputs);
    const auto host = run_host(m, inputs).take();
    if (!is_float) {
      EXPECT_EQ(rq->outputs, host);
      continue;
    }
    ASSERT_EQ(host.size(), rq->outputs.size());
    for (size_t i = 0; i < host.size(); ++i)
      testing_support::expect_floats_near(host[i], rq->outputs[i], "output " + std::to_string(i));
  }
}

INSTANTIATE_TEST_SUITE_P(Models, QemuCrossCheck,
                         ::testing::Values("mlperf_tiny_kws_ref_int8.tflite", "mlperf_tiny_ad01_int8.tflite",
                                           "mlperf_tiny_vww_96_int8.tflite", "tflm_micro_speech_int8.tflite",
                                           "tflm_test_keyword_scrambled_int8.tflite",
                                           "tflm_test_keyword_scrambled_int16.tflite",
                                           "tflm_test_mnist_lstm_int8.tflite",
                                           "tflm_test_xtensa_micro_speech_lstm_int8.tflite",
                                           "tflm_test_mnist_lstm_float.tflite"));

}  // namespace
}  // namespace tinysim::target
