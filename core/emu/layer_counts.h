// Per-layer counts from the ITM port-1 markers: a marker N closes the open
// layer and opens layer N (a repeated N continues it: one op, several plan
// records); 0xFFFFFFFF closes it and ends the inference
// (inference totals run from the first marker to that one, or to the end of
// the run when it never comes).
#pragma once

#include <string>
#include <vector>

#include "core/emu/emu_events.h"
#include "core/emu/emulator.h"

namespace tinysim::emu {

class LayerCounts : public RunListener {
 public:
  static constexpr uint32_t kEndOfInference = 0xFFFFFFFF;
  unsigned events() const override { return kMarker; }
  void run_started(const RunStart&) override;
  void marker(uint32_t value, const Stamp& at) override;
  void run_finished(const Stamp& final, RunResult& out) override;
  // Where the run is, for fault messages: "in layer 3", ...
  std::string position() const;

 private:
  std::vector<LayerCount> layers_;
  bool layer_open_ = false, have_first_marker_ = false, inference_ended_ = false;
  int open_layer_ = 0;
  Stamp layer_start_, first_marker_, inference_end_;
};

}  // namespace tinysim::emu
