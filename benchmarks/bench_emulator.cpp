// Emulation speed in emulated instructions per second on a loop-heavy
// firmware (tests/emu/c/workload.c: int8 matmul, CRC-32, float saxpy),
// cycle accounting on vs off, and against a naive per-instruction hook.
// The firmware is built with the tests (target tinysim_emu_test_firmware).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

#include "core/emu/emulator.h"

namespace {

std::string workload() { return std::string(TINYSIM_BINARY_DIR) + "/tests/emu/firmware/workload.elf"; }

void run_emulator(benchmark::State& state, const char* mcu, bool cycle_model, bool per_instruction_hook) {
  if (!std::filesystem::exists(workload())) {
    state.SkipWithError("build target tinysim_emu_test_firmware first (tests/emu/c/workload.c)");
    return;
  }
  auto profile = tinysim::emu::load_profile(mcu);
  if (!profile) {
    state.SkipWithError(profile.error().what());
    return;
  }
  tinysim::emu::EmuOptions opt;
  opt.cycle_model = cycle_model;
  opt.per_instruction_hook = per_instruction_hook;
  auto emu = tinysim::emu::Emulator::create(*profile, opt);
  if (!emu || !(*emu)->load_elf(workload())) {
    state.SkipWithError("cannot set up the emulator");
    return;
  }
  uint64_t instructions = 0, cycles = 0;
  for (auto _ : state) {
    auto r = (*emu)->run();
    if (!r) {
      state.SkipWithError(r.error().what());
      return;
    }
    instructions += r->instructions;
    cycles += r->cycles;
  }
  state.counters["emulated_instr_per_s"] =
      benchmark::Counter(double(instructions), benchmark::Counter::kIsRate);
  state.counters["instr_per_run"] = double(instructions) / double(state.iterations());
  state.counters["cycles_per_run"] = double(cycles) / double(state.iterations());
}

void BM_CountOnly_nrf52840(benchmark::State& s) { run_emulator(s, "nrf52840", false, false); }
void BM_CycleModel_nrf52840(benchmark::State& s) { run_emulator(s, "nrf52840", true, false); }
void BM_CycleModel_stm32l4r5(benchmark::State& s) { run_emulator(s, "stm32l4r5", true, false); }
void BM_CycleModel_stm32f407(benchmark::State& s) { run_emulator(s, "stm32f407", true, false); }
void BM_NaivePerInstructionHook_nrf52840(benchmark::State& s) { run_emulator(s, "nrf52840", false, true); }

BENCHMARK(BM_CountOnly_nrf52840)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CycleModel_nrf52840)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CycleModel_stm32l4r5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CycleModel_stm32f407)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaivePerInstructionHook_nrf52840)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
