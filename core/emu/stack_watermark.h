// Stack high-water mark: initial SP minus the lowest SP any block reached.
// Only blocks that can lower SP (and the block after each) are sampled; the
// SP of any other block equals one already sampled, so the minimum is the
// same as sampling every block.
#pragma once

#include "core/emu/emu_events.h"
#include "core/emu/emulator.h"

namespace tinysim::emu {

class StackWatermark : public RunListener {
 public:
  unsigned events() const override { return kStack; }
  void run_started(const RunStart& s) override { initial_sp_ = min_sp_ = s.initial_sp; }
  void stack_sampled(uint32_t sp) override {
    if (sp < min_sp_) min_sp_ = sp;
  }
  void run_finished(const Stamp&, RunResult& r) override {
    r.stack_high_water_bytes = initial_sp_ > min_sp_ ? initial_sp_ - min_sp_ : 0;
  }

 private:
  uint32_t initial_sp_ = 0, min_sp_ = 0;
};

}  // namespace tinysim::emu
