// GATHER with an index outside the gathered axis (TFLM's Invoke fails):
// constant indices are refused at prepare time; computed indices stop the
// host run with an error naming the op and make the firmware's ts_invoke
// return TS_ERR_BAD_INPUT, which run_on_target reports with a fix, instead
// of the zero-filled row the firmware wrote before.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/common/error.h"
#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/target/target_run.h"
#include "tests/host/model_builder.h"

using namespace tinysim;

namespace {

Model gather_model(bool constant_index, int32_t index) {
  test::ModelBuilder b;
  const int params = b.tensor(DType::Float32, {3, 2});
  const int idx = constant_index ? b.constant<int32_t>(DType::Int32, {1}, {index}) : b.tensor(DType::Int32, {1});
  const int out = b.tensor(DType::Float32, {1, 2});
  b.op(OpType::Gather, {params, idx}, {out});
  if (constant_index)
    b.io({params}, {out});
  else
    b.io({params, idx}, {out});
  return b.m;
}

std::vector<std::vector<uint8_t>> inputs(int32_t index) {
  std::vector<uint8_t> p(6 * 4, 0), i(4);
  std::memcpy(i.data(), &index, 4);
  return {p, i};
}

TEST(GatherBadIndex, ConstantIndexIsRefusedAtPrepare) {
  try {
    HostInterpreter interp(gather_model(true, 3));
    FAIL() << "an out-of-range constant index was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("outside the gathered axis"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(HostInterpreter{gather_model(true, 2)});
}

TEST(GatherBadIndex, ComputedIndexFailsOnHostAndFirmware) {
  const Model m = gather_model(false, 0);
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  auto good = target::run_on_target(m, profile, inputs(2), {});
  ASSERT_TRUE(good.ok()) << good.error().what();
  EXPECT_FALSE(run_host(m, inputs(3)).ok());
  for (int32_t bad : {3, -1}) {
    auto dev = target::run_on_target(m, profile, inputs(bad), {});
    ASSERT_FALSE(dev.ok()) << "index " << bad << " ran on the firmware";
    const std::string msg = dev.error().what();
    EXPECT_NE(msg.find("bad input in layer 0"), std::string::npos) << msg;
    EXPECT_NE(msg.find("inside the gathered axis"), std::string::npos) << msg;
  }
}

}  // namespace
