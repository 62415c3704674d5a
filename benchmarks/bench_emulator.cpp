// Emulation speed in emulated instructions per second, TinySim next to raw
// Unicorn on the same ELF in the same process. Firmware:
// tests/emu/c/workload_long.c (workload.c's int8 matmul, CRC-32 and float
// saxpy, 100 times: ~116 M instructions), built with the tests (target
// tinysim_emu_test_firmware).
//
// Each iteration runs the ELF twice, back to back: once on a raw Unicorn
// engine (the same memory map, no block/code/memory hooks; only the
// interrupt hook answering semihosting, which costs nothing per instruction)
// and once on TinySim's Emulator; the counters are both rates and their
// ratio (per CPU second of the benchmark thread), so machine load affects
// both alike.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <benchmark/benchmark.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

#include "core/emu/elf_image.h"
#include "core/emu/emulator.h"
#include "core/emu/semihosting.h"
#include "core/emu/unicorn_core.h"

namespace {

using namespace tinysim::emu;

std::string workload() { return std::string(TINYSIM_BINARY_DIR) + "/tests/emu/firmware/workload_long.elf"; }

// Raw Unicorn: the firmware runs with no per-block or per-access hook.
// Semihosting is answered from the interrupt hook (start-up, console, exit).
class RawUnicorn final : public CoreHandler {
 public:
  explicit RawUnicorn(const McuProfile& p)
      : profile_(p), mem_(p), core_(p, mem_, *this, CoreOptions{.block_hook = false, .flash_read_hook = false, .per_instruction_hook = false}), semihosting_(mem_, events_, p.clock_hz) {}

  bool load(const std::string& path) {
    ElfInfo elf = read_elf(path);
    for (const auto& seg : elf.segments) {
      uint8_t* host = mem_.host(seg.paddr, seg.memsz);
      if (!host) return false;
      std::memcpy(host, seg.bytes.data(), seg.bytes.size());
      std::memset(host + seg.bytes.size(), 0, seg.memsz - seg.bytes.size());
    }
    return true;
  }
  // Exit code, -1 if the run did not end with a semihosting exit.
  int run() {
    uint32_t sp = 0, reset = 0;
    std::memcpy(&sp, mem_.host(profile_.flash.base, 4), 4);
    std::memcpy(&reset, mem_.host(profile_.flash.base + 4, 4), 4);
    exit_code_ = -1;
    semihosting_.reset();
    core_.reset_core(sp);
    core_.start(reset | 1);
    return exit_code_;
  }

  void on_interrupt(uint32_t intno) override {
    // The pc Unicorn reports is the BKPT's or the next instruction's.
    uint32_t pc = core_.reg(15) & ~1u;
    auto is_semihosting_bkpt = [&](uint32_t at) {
      uint16_t insn = 0;
      return core_.read(at, &insn, 2) && insn == (0xBE00 | semihosting::kBkptImm);
    };
    if (intno == 7 && !is_semihosting_bkpt(pc) && is_semihosting_bkpt(pc - 2)) pc -= 2;
    if (intno != 7 || !is_semihosting_bkpt(pc)) {
      core_.stop();
      return;
    }
    SemihostingOutcome r = semihosting_.call(core_.reg(0), core_.reg(1), 0, 0);
    if (r.kind == SemihostingOutcome::kReturn) {
      core_.set_reg(0, r.r0);
      core_.set_reg(15, (pc + 2) | 1);
      return;
    }
    if (r.kind == SemihostingOutcome::kExit) exit_code_ = r.exit_code;
    core_.stop();
  }
  void on_block(uint32_t, uint32_t) override {}
  void on_divide(uint32_t) override {}
  void on_flash_read(uint32_t) override {}
  void on_instruction(uint32_t) override {}
  void on_invalid(const InvalidAccess&) override { core_.stop(); }
  uint64_t on_sys_read(uint32_t) override { return 1; }
  void on_sys_write(uint32_t, unsigned, uint32_t) override {}

 private:
  McuProfile profile_;
  MemoryMap mem_;
  RunEvents events_;
  UnicornCore core_;
  Semihosting semihosting_;
  int exit_code_ = -1;
};

// CPU seconds of this thread: on a shared machine wall time mostly measures
// the other processes.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

void run_emulator(benchmark::State& state, const char* mcu, bool cycle_model, bool per_instruction_hook) {
  if (!std::filesystem::exists(workload())) {
    state.SkipWithError("build target tinysim_emu_test_firmware first (tests/emu/c/workload_long.c)");
    return;
  }
  auto profile = load_profile(mcu);
  if (!profile) {
    state.SkipWithError(profile.error().what());
    return;
  }
  EmuOptions opt;
  opt.cycle_model = cycle_model;
  opt.per_instruction_hook = per_instruction_hook;
  auto emu = Emulator::create(*profile, opt);
  if (!emu || !(*emu)->load_elf(workload())) {
    state.SkipWithError("cannot set up the emulator");
    return;
  }
  RawUnicorn raw(*profile);
  if (!raw.load(workload())) {
    state.SkipWithError("cannot load the workload into raw Unicorn");
    return;
  }
  // Warm-up: both engines translate the firmware once outside the timing.
  auto first = (*emu)->run();
  if (!first || raw.run() != first->exit_code) {
    state.SkipWithError(first ? "raw Unicorn run did not exit like TinySim's" : first.error().what());
    return;
  }
  uint64_t instructions = 0, cycles = 0;
  double tinysim_s = 0, raw_s = 0;
  for (auto _ : state) {
    double t0 = cpu_seconds();
    raw.run();
    double t1 = cpu_seconds();
    auto r = (*emu)->run();
    raw_s += t1 - t0;
    tinysim_s += cpu_seconds() - t1;
    if (!r) {
      state.SkipWithError(r.error().what());
      return;
    }
    instructions += r->instructions;
    cycles += r->cycles;
  }
  state.counters["tinysim_instr_per_s"] = double(instructions) / tinysim_s;
  state.counters["raw_unicorn_instr_per_s"] = double(instructions) / raw_s;
  state.counters["tinysim_over_raw"] = tinysim_s / raw_s;
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
