#include "core/emu/layer_counts.h"

#include <fmt/core.h>

namespace tinysim::emu {

void LayerCounts::run_started(const RunStart&) {
  layers_.clear();
  layer_open_ = have_first_marker_ = inference_ended_ = false;
  open_layer_ = 0;
  layer_start_ = first_marker_ = inference_end_ = {};
}

void LayerCounts::marker(uint32_t value, const Stamp& t) {
  // An op the plan runs as several records (SPLIT: one walk per output)
  // marks each of them: the open layer goes on.
  if (layer_open_ && value != kEndOfInference && int(int32_t(value)) == open_layer_) return;
  if (layer_open_)
    layers_.push_back({open_layer_, t.cycles - layer_start_.cycles, t.insns - layer_start_.insns, t.stalls - layer_start_.stalls});
  if (value == kEndOfInference) {
    layer_open_ = false;
    if (have_first_marker_ && !inference_ended_) {
      inference_ended_ = true;
      inference_end_ = t;
    }
    return;
  }
  if (!have_first_marker_) {
    have_first_marker_ = true;
    first_marker_ = t;
  }
  layer_open_ = true;
  open_layer_ = int(int32_t(value));
  layer_start_ = t;
}

void LayerCounts::run_finished(const Stamp& final, RunResult& r) {
  // A layer still open at exit ends with the run, but the inference did not end.
  if (layer_open_) marker(kEndOfInference, final), inference_ended_ = false;
  r.layers = layers_;
  if (have_first_marker_) {
    Stamp end = inference_ended_ ? inference_end_ : final;
    r.inference_cycles = end.cycles - first_marker_.cycles;
    r.inference_instructions = end.insns - first_marker_.insns;
    r.inference_flash_stall_cycles = end.stalls - first_marker_.stalls;
  }
  r.inference_ended = inference_ended_;
}

std::string LayerCounts::position() const {
  if (layer_open_) return fmt::format("in layer {}", open_layer_);
  if (inference_ended_) return "after the end-of-inference marker";
  return "before the first layer marker";
}

}  // namespace tinysim::emu
