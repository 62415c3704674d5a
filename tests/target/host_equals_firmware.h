// Host = emulated Cortex-M4, bit for bit, on a hand-built model: two random
// inputs (seeds 3, 4), the DSP (hard float) and portable firmware; per
// layer cycles, per output element and per MAC, printed for the runtime
// README's op table (seed 3, both images: the DSP path's gain side by side).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"

namespace tinysim::target {

inline void expect_host_equals_firmware(const Model& m, const std::string& what) {
  SCOPED_TRACE(what);
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  for (int seed : {3, 4}) {
    const auto inputs = model_inputs(m, {}, seed);
    const auto host = run_host(m, inputs).take();
    for (auto variant : {FirmwareVariant::HardFloat, FirmwareVariant::Portable}) {
      TargetOptions o;
      o.firmware = variant;
      auto dev = run_on_target(m, profile, inputs, o);
      ASSERT_TRUE(dev.ok()) << dev.error().what();
      EXPECT_EQ(dev->outputs, host) << variant_name(variant) << " seed " << seed;
      if (seed != 3) continue;
      for (const TargetLayer& l : dev->layers) {
        const Tensor& t = m.tensors[size_t(m.ops[size_t(l.op_index)].outputs[0])];
        std::printf("[ cycles ] %-40s %-9s layer %d: %llu cycles, %.1f per output element, %.2f per MAC\n",
                    what.c_str(), variant_name(variant), l.op_index, static_cast<unsigned long long>(l.cycles),
                    double(l.cycles) / double(t.num_elements()), l.macs ? double(l.cycles) / double(l.macs) : 0.0);
      }
    }
  }
}

}  // namespace tinysim::target
