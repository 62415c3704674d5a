// Issue 10's floor, for whatever ../shared/third_party_models holds (not a
// list written here, so a model added there is checked too): every .tflite
// runs on the host kernels, on Unicorn and on QEMU; integer outputs are
// identical across the three, float outputs within 1e-5 relative, element by
// element. One random input per model (seed 1, as `tinysim run --random 1`).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/ops/interpreter.h"
#include "core/target/model_inputs.h"
#include "core/target/qemu_backend.h"
#include "core/target/target_run.h"
#include "tests/support/float_outputs.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

std::vector<std::string> shared_models() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(test::shared_dir() / "third_party_models", ec))
    if (e.path().extension() == ".tflite") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back("(none)");  // one test that skips with the reason
  return names;
}

class EverySharedModel : public ::testing::TestWithParam<std::string> {};

TEST_P(EverySharedModel, SameOutputsOnHostUnicornAndQemu) {
  TINYSIM_REQUIRE_SHARED(path, GetParam());
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  const auto inputs = model_inputs(m, {}, 1);
  auto host = run_host(m, inputs);
  ASSERT_TRUE(host.ok()) << host.error().what();
  auto unicorn = run_on_target(m, prof, inputs, {});
  ASSERT_TRUE(unicorn.ok()) << unicorn.error().what();
  testing_support::expect_same_outputs(m, *host, unicorn->outputs, "unicorn vs host");
  if (const std::string why = qemu_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  TargetOptions q;
  q.backend = Backend::Qemu;
  auto qemu = run_on_target(m, prof, inputs, q);
  ASSERT_TRUE(qemu.ok()) << qemu.error().what();
  EXPECT_EQ(qemu->outputs, unicorn->outputs) << "qemu runs the same instructions as unicorn";
  testing_support::expect_same_outputs(m, *host, qemu->outputs, "qemu vs host");
}

INSTANTIATE_TEST_SUITE_P(ThirdPartyModels, EverySharedModel, ::testing::ValuesIn(shared_models()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.find('.'));
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n.empty() ? std::string("none") : n;
                         });

}  // namespace
}  // namespace tinysim::target
