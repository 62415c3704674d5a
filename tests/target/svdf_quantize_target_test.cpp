// Host = emulated Cortex-M4, bit for bit, for the kernel variants the
// registry's one example per kernel type does not reach: every QUANTIZE /
// DEQUANTIZE type pair the firmware runs, SOFTMAX int8 -> int16, and SVDF
// with int8 and int16 state, non-zero zero points, odd sizes (the DSP loops'
// tails) and a state that already holds values: the integer models load a
// random initial state as a second input, and two SVDF ops share the state,
// so the second shifts what the first wrote (a test-only graph; the kernels
// do not care whose state it is).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "tests/host/model_builder.h"
#include "tests/target/host_equals_firmware.h"

namespace tinysim::target {
namespace {

Model one_op(OpType type, DType in_t, float in_scale, int in_zp, DType out_t, float out_scale, int out_zp) {
  test::ModelBuilder b;
  const int in = in_scale > 0 ? b.tensor(in_t, {4, 64}, {in_scale}, {in_zp}) : b.tensor(in_t, {4, 64});
  const int out = out_scale > 0 ? b.tensor(out_t, {4, 64}, {out_scale}, {out_zp}) : b.tensor(out_t, {4, 64});
  b.op(type, {in}, {out});
  b.io({in}, {out});
  return b.m;
}

TEST(FirmwareQuantizePairs, EveryPairMatchesTheHost) {
  using D = DType;
  expect_host_equals_firmware(one_op(OpType::Quantize, D::Float32, 0, 0, D::Int16, 0.003f, 11), "float -> int16");
  expect_host_equals_firmware(one_op(OpType::Quantize, D::Int8, 0.5f, -3, D::Int16, 0.01f, 5), "int8 -> int16");
  expect_host_equals_firmware(one_op(OpType::Quantize, D::Int8, 0.5f, 7, D::Int32, 0.25f, -9), "int8 -> int32");
  expect_host_equals_firmware(one_op(OpType::Quantize, D::Int16, 0.001f, 0, D::Int8, 0.07f, -20), "int16 -> int8");
  expect_host_equals_firmware(one_op(OpType::Quantize, D::Int16, 0.001f, 0, D::Int16, 0.0007f, 3), "int16 -> int16");
  expect_host_equals_firmware(one_op(OpType::Quantize, D::Int16, 3.05185e-05f, 0, D::Int32, 3.05185e-05f, 0),
                              "int16 -> int32 (the keyword model's same-scale output)");
  expect_host_equals_firmware(one_op(OpType::Dequantize, D::Int16, 0.002f, -4, D::Float32, 0, 0), "int16 -> float");
  expect_host_equals_firmware(one_op(OpType::Softmax, D::Int8, 0.3f, 2, D::Int16, 1.0f / 65536, -32768),
                              "softmax int8 -> int16");
}

// SVDF with 7 inputs, 5 units of rank 2, memory 5, batch 2; the state (T)
// with zero point state_zp is shared by two ops.
template <class T>
Model svdf_pair(DType t, int state_zp, float state_scale, bool state_is_input = true) {
  test::ModelBuilder b;
  const int B = 2, I = 7, U = 5, R = 2, F = U * R, M = 5;
  std::vector<int8_t> wf(F * I);
  for (size_t k = 0; k < wf.size(); ++k) wf[k] = static_cast<int8_t>(int((k * 37 + 11) % 255) - 127);
  std::vector<T> wt(F * M);
  const int range = t == DType::Int16 ? 30000 : 120;
  for (size_t k = 0; k < wt.size(); ++k) wt[k] = static_cast<T>(int((k * 7919 + 5) % (2 * range + 1)) - range);
  const float wt_scale = t == DType::Int16 ? 1.f / 32767 : 1.f / 127;
  const int in = b.tensor(DType::Int8, {B, I}, {0.05f}, {-6});
  const int f = b.constant(DType::Int8, {F, I}, wf, {0.01f});
  const int w = b.constant(t, {F, M}, wt, {wt_scale});
  const int bias = b.constant(DType::Int32, {U}, std::vector<int32_t>{900, -1200, 30, 0, 77}, {state_scale * wt_scale});
  const int state = b.tensor(t, {B, F * M}, {state_scale}, {state_zp});
  b.m.tensors[size_t(state)].is_variable = true;
  const int mid = b.tensor(DType::Int8, {B, U}, {0.04f}, {3});
  const int out = b.tensor(DType::Int8, {B, U}, {0.04f}, {3});
  b.op(OpType::Svdf, {in, f, w, bias, state}, {mid}).options.extra["rank"] = R;
  b.op(OpType::Svdf, {in, f, w, bias, state}, {out}).options.extra["rank"] = R;
  // the state is also an input: it starts from random values, not zeros
  if (state_is_input) b.io({in, state}, {mid, out});
  else b.io({in}, {mid, out});
  return b.m;
}

TEST(FirmwareSvdf, Int16AndInt8StateMatchTheHost) {
  expect_host_equals_firmware(svdf_pair<int16_t>(DType::Int16, 0, 0.004f), "int16 state");
  expect_host_equals_firmware(svdf_pair<int8_t>(DType::Int8, -50, 0.3f), "int8 state, zero point -50");
}

// Without a loaded state both start from TFLM's reset value (the zero point
// -50 in every int8, from the plan's ts_reset table on the target), which a
// wrong start (0) would change: the state is read back from the arena.
TEST(FirmwareSvdf, Int8StateStartsAtItsZeroPointLikeTflm) {
  Model m = svdf_pair<int8_t>(DType::Int8, -50, 0.3f, false);
  expect_host_equals_firmware(m, "int8 state reset to -50");
  // the state tensor as an extra output shows the reset value in the
  // memory the first op's shift has not reached: its first element
  const int state = m.ops[0].inputs[4];
  m.ops.resize(1);
  m.outputs = {state};
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  const auto inputs = model_inputs(m, {}, 3);
  auto dev = run_on_target(m, profile, inputs, {});
  ASSERT_TRUE(dev.ok()) << dev.error().what();
  const auto host = run_host(m, inputs).take();
  EXPECT_EQ(dev->outputs, host);
  ASSERT_FALSE(host.empty());
  EXPECT_EQ(static_cast<int8_t>(host[0][0]), -50);  // shifted in from a reset slot
}

TEST(FirmwareSvdf, FloatMatchesTheHost) {
  test::ModelBuilder b;
  const int B = 2, I = 7, U = 3, R = 2, F = U * R, M = 5;
  std::vector<float> wf(F * I), wt(F * M);
  for (size_t k = 0; k < wf.size(); ++k) wf[k] = 0.01f * float(int((k * 37 + 11) % 41) - 20);
  for (size_t k = 0; k < wt.size(); ++k) wt[k] = 0.02f * float(int((k * 13 + 5) % 31) - 15);
  const int in = b.tensor(DType::Float32, {B, I});
  const int f = b.constant(DType::Float32, {F, I}, wf);
  const int w = b.constant(DType::Float32, {F, M}, wt);
  const int state = b.tensor(DType::Float32, {B, F * M});
  b.m.tensors[size_t(state)].is_variable = true;
  const int mid = b.tensor(DType::Float32, {B, U});
  const int out = b.tensor(DType::Float32, {B, U});
  b.op(OpType::Svdf, {in, f, w, -1, state}, {mid}).options.extra["rank"] = R;
  b.op(OpType::Svdf, {in, f, w, -1, state}, {out}).options.extra["rank"] = R;
  b.io({in}, {mid, out});
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  const auto inputs = model_inputs(b.m, {}, 5);
  const auto host = run_host(b.m, inputs).take();
  auto dev = run_on_target(b.m, profile, inputs, {});
  ASSERT_TRUE(dev.ok()) << dev.error().what();
  ASSERT_EQ(dev->outputs.size(), host.size());
  for (size_t k = 0; k < host.size(); ++k) {
    std::vector<float> a(host[k].size() / 4), d(a.size());
    std::memcpy(a.data(), host[k].data(), host[k].size());
    std::memcpy(d.data(), dev->outputs[k].data(), dev->outputs[k].size());
    for (size_t e = 0; e < a.size(); ++e) EXPECT_NEAR(a[e], d[e], 1e-5f * std::max(1.f, std::fabs(a[e])));
  }
}

}  // namespace
}  // namespace tinysim::target
