// The emulated Cortex-M4: Unicorn 2 runs the firmware's real Thumb-2 code and
// the cycle model (cycle_model.h) counts what the board would spend.
//
// Contract with firmware (also valid on real hardware, where an ITM/SWO probe
// sees the same writes):
//   * vector table at the profile's flash base: word 0 = initial SP, word 1 =
//     reset handler;
//   * semihosting through BKPT 0xAB: SYS_WRITEC, SYS_WRITE0, SYS_WRITE (fd 1/2)
//     -> RunResult::console; SYS_EXIT / SYS_EXIT_EXTENDED end the run with the
//     exit code (ADP_Stopped_ApplicationExit -> 0 unless a code is given);
//     SYS_CLOCK, SYS_TIME answer from the modelled cycle count; any other BKPT
//     ends the run with exit code = its immediate;
//   * 32-bit write of N to ITM stimulus port 1 (0xE0000004) starts layer N;
//     0xFFFFFFFF ends the inference; writes to ITM port 0 (0xE0000000) are
//     console characters;
//   * DWT_CYCCNT (0xE0001004) reads the modelled cycle count (DWT_CTRL bit 0
//     enables it; writes set it), so self-timing firmware works.
// Faults (unmapped or protected access, undefined instruction, runaway code)
// end run() with an Error naming the address, the pc and the current layer.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/emu/elf_image.h"
#include "core/emu/mcu_profile.h"

namespace tinysim::emu {

struct EmuOptions {
  uint64_t max_instructions = 2'000'000'000;
  uint64_t max_cycles = 0;      // 0 = no cycle budget
  bool cycle_model = true;      // false: count instructions only (cycles = instructions)
  bool echo_console = false;    // also print semihosting/ITM console text to stdout as it comes
  std::string timing_table;     // empty = <source>/mcu_models/timing/cortex_m4.json
  // Benchmark knob: also install an empty per-instruction code hook, the cost
  // a naive instruction-by-instruction cycle counter pays (bench_emulator).
  bool per_instruction_hook = false;
  // Set from another thread (Ctrl-C in bench): run() stops at the next
  // executed block with the Error "run cancelled". nullptr: never.
  const std::atomic<bool>* cancel = nullptr;
};

// Counts between a layer's start marker and the next marker.
struct LayerCount {
  int layer = 0;
  uint64_t cycles = 0, instructions = 0, flash_stall_cycles = 0;
};

// Where a run's cycles went beyond one per instruction (whole run).
struct CycleCounters {
  uint64_t fetch_stall_cycles = 0;         // instruction fetches waiting for flash (wait states not hidden)
  uint64_t data_stall_cycles = 0;          // data reads waiting for flash
  uint64_t flash_data_reads = 0;           // data reads of flash through the accelerator (counted when it has wait states)
  uint64_t taken_branches = 0;             // PC writes that redirected execution (calls and returns included)
  uint64_t taken_conditional = 0;          // of which conditional (B<cond>, CBZ/CBNZ, IT-conditional PC writes)
  uint64_t misaligned_targets = 0;         // of which landed on a 32-bit instruction at a halfword address
  uint64_t refill_cycles = 0;              // pipeline refills of those
  uint64_t dependency_stall_cycles = 0;    // address-register and FP-result dependencies
  uint64_t store_buffer_stall_cycles = 0;  // a store right after a store
  uint64_t literal_contention_cycles = 0;  // LDR [PC] competing with instruction fetch
  uint64_t fetch_alignment_cycles = 0;     // runs of 32-bit instructions at halfword addresses outpacing the fetch unit
  uint64_t divide_cycles = 0;              // SDIV/UDIV in total (early termination included)
};

struct RunResult {
  int exit_code = 0;
  uint64_t cycles = 0, instructions = 0, flash_stall_cycles = 0;
  CycleCounters counters;
  std::vector<LayerCount> layers;
  // Between the first layer marker and the end marker (0 if no markers).
  uint64_t inference_cycles = 0, inference_instructions = 0, inference_flash_stall_cycles = 0;
  bool inference_ended = false;          // the 0xFFFFFFFF marker was seen
  uint32_t stack_high_water_bytes = 0;   // initial SP minus the lowest stack word written (paint and scan)
  uint32_t ram_touched_bytes = 0;        // bytes above static data (heap + stack area) changed by the run
  uint32_t static_ram_bytes = 0;         // .data + .bss of the loaded ELF
  std::string console;
  // Instructions counted one by one by the per_instruction_hook knob (0 when
  // off): a cross-check of the block-level count in `instructions`.
  uint64_t hooked_instructions = 0;
  // per_instruction_hook only: MMIO accesses (markers, DWT, ITM) whose
  // instruction, as found from the registers, differs from the hooked pc.
  uint64_t mmio_attribution_mismatches = 0;
};

class Emulator {
 public:
  static Result<std::unique_ptr<Emulator>> create(const McuProfile& profile, const EmuOptions& options = {});
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Loads the PT_LOAD segments at their load addresses (flash or RAM).
  Result<ElfInfo> load_elf(const std::string& path);
  // Raw bytes at an address inside flash or RAM (e.g. a plan and its weights).
  bool write_memory(uint32_t addr, const void* data, size_t size);
  bool read_memory(uint32_t addr, void* data, size_t size);
  // Resets the core from the vector table and runs to exit. May be called
  // again (memory is kept as the previous run left it; counters restart).
  Result<RunResult> run();

  const McuProfile& profile() const;
  const EmuOptions& options() const;

  struct Impl;
 private:
  explicit Emulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tinysim::emu
