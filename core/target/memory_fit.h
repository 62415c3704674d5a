// Does a model fit an MCU profile, and where its flash and RAM go: the one fit
// verdict that `tinysim run` (text and JSON), the bench's result records, the
// refusal to run a model that does not fit and the GUI's memory bars show.
//
// Flash: the runtime image (code + .data init), then the plan (op records and
// the weights as stored in it, sparse or dense) at its aligned address.
// RAM, two figures for two questions:
//   * planned, before a run: the layout as linked (static data, the stack
//     reserve, the arena with kernel scratch, and the linker's alignment
//     gaps), which the emulated memory must hold, so running refuses on it;
//   * after a run: static + the stack actually used (the measured high-water
//     mark, or the reserve on backends that cannot measure it) + the arena,
//     the verdict of the run.
// Model only, when the runtime cannot place the model: the .tflite's weights
// and the planned arena, a lower bound (no code, stack or static data).
#pragma once

#include <cstdint>
#include <string>

#include "core/emu/mcu_profile.h"
#include "core/target/target_run.h"

namespace tinysim::target {

enum class FitBasis { ModelOnly, Planned, Run };

struct MemoryFit {
  FitBasis basis = FitBasis::Planned;
  std::string profile;
  // flash_bytes = code + alignment + plan; the plan holds weights_bytes of
  // constants (for ModelOnly: the .tflite's weight bytes, no code or plan).
  uint64_t code_bytes = 0, plan_bytes = 0, weights_bytes = 0, flash_bytes = 0, flash_capacity = 0;
  // ram_bytes = static + stack + arena (+ alignment gaps for Planned).
  uint64_t static_ram_bytes = 0, stack_bytes = 0, arena_bytes = 0, ram_bytes = 0, ram_capacity = 0;
  bool stack_measured = false;  // false: the linked reserve stands in
  // used - capacity: > 0 over by that much, <= 0 headroom.
  int64_t ram_overflow_bytes = 0, flash_overflow_bytes = 0;
  int64_t overflow_bytes = 0;  // the larger of the two, 0 when it fits
  bool fits = true;
};

MemoryFit planned_fit(const TargetLayout& layout);
MemoryFit run_fit(const TargetLayout& layout, uint64_t stack_bytes, bool stack_measured);
MemoryFit model_only_fit(uint64_t tflite_weight_bytes, uint64_t arena_bytes, const emu::McuProfile& profile);

// "arena needs 312.0 KiB (+ 4.1 KiB static data and stack), nrf52840 has
// 256.0 KiB RAM" style one-line verdict; empty when it fits. (The overload
// taking a TargetLayout, declared in target_run.h, is defined in
// memory_fit.cpp as fit_problem(planned_fit(layout)).)
std::string fit_problem(const MemoryFit& fit);

}  // namespace tinysim::target
