// Runs a model as real Cortex-M4 code: the runtime image (firmware.h) plus
// the model's execution plan (plan_writer.h) on the emulated MCU (Unicorn
// with the cycle model) or on QEMU's mps2-an386 (outputs only), and accounts
// RAM and flash against the MCU profile.
//
// Memory layout on the target (linker script mcu_models/runtime/linker/):
//   flash: vectors | code | .data init | plan + weights (at __tinysim_plan_start)
//   RAM:   .data | .bss | stack (2 KiB reserve) | arena (at __tinysim_arena_start)
// The fit verdict of a run uses the measured peak (static + measured stack +
// arena); refusing to run (require_fit) uses the layout as linked (static +
// stack reserve + arena), which is what the emulated memory must hold.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/emu/mcu_profile.h"
#include "core/model/ir.h"
#include "core/target/firmware.h"
#include "core/target/plan_writer.h"

namespace tinysim::target {

enum class Backend { Unicorn, Qemu, Host };

// Where the kernels read the constant data (weights, biases, tables) from.
// Flash: in place (the default: RAM as small as it can be). Ram: a copy in the
// arena's tail made by ts_init (no flash wait states; more RAM, same flash).
// Auto: RAM when the arena leaves room for the copy on the profile, else
// flash, so it never changes whether the model fits.
enum class WeightPlacement { Flash, Ram, Auto };
const char* placement_name(WeightPlacement w);
WeightPlacement parse_placement(const std::string& name);  // throws tinysim::Error
// --sparse-threshold: "auto" (ops::kSparseByCost), "smallest" or a fraction
// of zeros in [0, 1]; throws tinysim::Error.
double parse_sparse_threshold(const std::string& text);
const char* backend_name(Backend b);
Backend parse_backend(const std::string& name);  // throws tinysim::Error

struct TargetOptions {
  Backend backend = Backend::Unicorn;
  std::optional<FirmwareVariant> firmware;  // default: by the profile's fpu flag
  // true: a model that does not fit the profile is an error. false: it runs
  // anyway on a memory map enlarged to what it needs and TargetRun says by
  // how much it overflows.
  bool require_fit = true;
  uint64_t max_instructions = 4'000'000'000ull;
  bool cycle_model = true;
  // See PlanOptions. With the default, a plan that would overflow flash is
  // rebuilt with sparse storage wherever it is smaller (fit before speed).
  double sparse_threshold = ops::kSparseByCost;
  WeightPlacement weights = WeightPlacement::Flash;
  bool echo_console = false;
  double qemu_timeout_s = 120;
  // The state stateful ops keep across invocations (TargetRun::state of the
  // previous run: an audio front end's next frame); empty = from zero, as
  // ts_init / TFLM's Reset leave it. Its size must be the plan's state area.
  std::vector<uint8_t> state_in;
  // Edits the plan blob before it is loaded: fault-injection tests only.
  std::function<void(std::vector<uint8_t>& plan)> patch_plan;
  // Unicorn backend: a run stops soon after this is set (Error "run cancelled").
  const std::atomic<bool>* cancel = nullptr;
};

struct TargetLayer {
  int op_index = 0;
  std::string op_name;
  uint64_t cycles = 0, instructions = 0, flash_stall_cycles = 0;
  int64_t macs = 0;
  double cycles_per_mac = 0;  // 0 for ops without MACs
};

// Where a model would sit on a profile, before anything runs.
struct TargetLayout {
  std::string firmware_path, firmware_flags;
  FirmwareVariant variant = FirmwareVariant::HardFloat;
  uint64_t code_bytes = 0;        // .text + .rodata + .data init of the runtime image
  uint64_t plan_bytes = 0;        // the whole plan blob (records + constants)
  uint64_t weights_bytes = 0;     // constant data inside the plan (weights, biases, tables)
  uint64_t flash_bytes = 0;       // image + alignment + plan
  uint64_t arena_bytes = 0;       // activations + kernel scratch
  uint64_t static_ram_bytes = 0;  // .data + .bss (without the stack reserve)
  uint64_t stack_reserve_bytes = 0;
  uint64_t ram_layout_bytes = 0;  // static + stack reserve + arena as linked
  uint64_t dense_weight_bytes = 0, stored_weight_bytes = 0;
  bool weights_in_ram = false;        // the kernels read the constants from RAM (WeightPlacement)
  uint64_t ram_weights_bytes = 0;     // their copy in the arena (part of arena_bytes), else 0
  uint32_t plan_addr = 0, arena_addr = 0;
  uint64_t flash_capacity = 0, ram_capacity = 0;
  std::string profile;
};

struct TargetRun {
  std::string backend, mcu;
  std::vector<std::vector<uint8_t>> outputs;  // raw bytes per model output
  uint64_t cycles = 0;        // inference: first layer marker to end marker
  uint64_t instructions = 0;
  uint64_t total_cycles = 0;  // whole run incl. reset and C start-up
  uint64_t flash_stall_cycles = 0;
  double latency_ms = 0;
  double energy_uj = 0;
  std::vector<TargetLayer> layers;
  TargetLayout layout;
  uint64_t stack_bytes = 0;      // measured high-water mark
  uint64_t ram_peak_bytes = 0;   // arena + stack + static
  bool fits = true;
  int64_t ram_overflow_bytes = 0, flash_overflow_bytes = 0;
  int64_t overflow_bytes = 0;    // the larger of the two (0 when it fits)
  double sparsity = 0;           // 1 - stored/dense weight bytes
  std::vector<uint8_t> state;    // the state area after the run (empty without stateful ops)
  std::string console;
};

// The execution plan run_on_target loads for this model on this profile
// (flags: ts_flags, 0 for the Unicorn backend), with its layout: also what
// export-runtime ships. Throws tinysim::Error for what the runtime cannot run.
struct TargetPlan {
  TargetLayout layout;
  PlanBlob blob;
};
TargetPlan target_plan(const Model& model, const emu::McuProfile& profile, const TargetOptions& options,
                       uint32_t flags = 0);

// Builds the plan and checks sizes; no emulation. Result error for models the
// runtime cannot run (unsupported op) or a missing firmware image.
Result<TargetLayout> plan_layout(const Model& model, const emu::McuProfile& profile,
                                 const TargetOptions& options = {});

// "arena needs 312 KiB, nrf52840 has 256 KiB RAM" style verdict; empty if it fits.
std::string fit_problem(const TargetLayout& layout);

// inputs: raw bytes per model input (exact sizes).
Result<TargetRun> run_on_target(const Model& model, const emu::McuProfile& profile,
                                const std::vector<std::vector<uint8_t>>& inputs,
                                const TargetOptions& options = {});

// One run per element of `frames` (each: raw bytes per model input), the ops'
// state carried from each run into the next as one firmware keeps it across
// ts_invoke calls (frame after frame of an audio front end). The first run
// starts from options.state_in (empty: from zero).
Result<std::vector<TargetRun>> run_frames_on_target(const Model& model, const emu::McuProfile& profile,
                                                    const std::vector<std::vector<std::vector<uint8_t>>>& frames,
                                                    const TargetOptions& options = {});

}  // namespace tinysim::target
