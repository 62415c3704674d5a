// `tinysim run-elf FIRMWARE.elf --mcu PROFILE [--max-instructions N]
//  [--max-cycles N] [--no-cycle-model] [--timing-table FILE] [--json]`: runs any bare-metal Cortex-M4
// ELF on the emulator (vector table at the flash base) until semihosting exit
// or BKPT. Console text goes to stdout as it comes (text mode) or into the
// JSON object. Exit code 0 when the firmware exits with 0, 1 when it exits
// with another code, 2 on faults, budget exhaustion or bad input.
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli/command_registry.h"
#include "app/cli/cycle_counters_json.h"
#include "core/common/error.h"
#include "core/emu/emulator.h"

namespace tinysim::cli {
namespace {

struct RunElfOptions {
  std::string elf, mcu = "nrf52840", timing_table;
  uint64_t max_instructions = 2'000'000'000, max_cycles = 0;
  bool json = false, no_cycle_model = false;
};

int run_elf(const RunElfOptions& o) {
  auto profile = emu::load_profile(o.mcu);
  if (!profile) throw profile.error();
  emu::EmuOptions eo;
  eo.max_instructions = o.max_instructions;
  eo.max_cycles = o.max_cycles;
  eo.cycle_model = !o.no_cycle_model;
  eo.echo_console = !o.json;
  eo.timing_table = o.timing_table;
  auto emu = emu::Emulator::create(*profile, eo).take();
  emu::ElfInfo elf = emu->load_elf(o.elf).take();
  auto run = emu->run();
  if (!run) {
    std::fflush(stdout);
    throw run.error();
  }
  const emu::RunResult& r = *run;
  const double ms = profile->cycles_to_ms(r.cycles);
  if (o.json) {
    nlohmann::json j;
    j["firmware"] = o.elf;
    j["mcu"] = profile->name;
    j["clock_hz"] = profile->clock_hz;
    j["exit_code"] = r.exit_code;
    j["cycles"] = r.cycles;
    j["instructions"] = r.instructions;
    j["latency_ms"] = ms;
    j["flash_stall_cycles"] = r.flash_stall_cycles;
    j["counters"] = counters_json(r.counters);
    j["stack_bytes"] = r.stack_high_water_bytes;
    j["static_ram_bytes"] = r.static_ram_bytes;
    j["ram_touched_bytes"] = r.ram_touched_bytes;
    j["code_bytes"] = elf.text_bytes;
    j["flash_bytes"] = elf.flash_bytes();
    j["energy_uj"] = profile->energy_uj(r.cycles);
    j["console"] = r.console;
    j["cycle_model"] = !o.no_cycle_model;
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : r.layers)
      layers.push_back({{"layer", l.layer}, {"cycles", l.cycles}, {"instructions", l.instructions},
                        {"flash_stall_cycles", l.flash_stall_cycles}, {"latency_ms", profile->cycles_to_ms(l.cycles)}});
    j["layers"] = layers;
    j["inference_cycles"] = r.inference_cycles;
    j["inference_instructions"] = r.inference_instructions;
    j["inference_ended"] = r.inference_ended;
    fmt::print("{}\n", j.dump(2));
  } else {
    if (!r.console.empty() && r.console.back() != '\n') fmt::print("\n");
    fmt::print("--- {} on {} ({} MHz, {} flash wait states)\n", o.elf, profile->name, profile->clock_hz / 1e6,
               profile->flash.wait_states);
    fmt::print("exit code          {}\n", r.exit_code);
    fmt::print("cycles             {}\n", r.cycles);
    fmt::print("instructions       {}  (CPI {:.3f})\n", r.instructions,
               r.instructions ? double(r.cycles) / double(r.instructions) : 0.0);
    fmt::print("latency            {:.6f} ms\n", ms);
    fmt::print("flash stall cycles {} (fetch {}, data {})\n", r.flash_stall_cycles, r.counters.fetch_stall_cycles,
               r.counters.data_stall_cycles);
    fmt::print("taken branches     {} (refill {} cycles)\n", r.counters.taken_branches, r.counters.refill_cycles);
    fmt::print("stall cycles       dependency {}, store buffer {}, literal load {}; divide {} cycles\n",
               r.counters.dependency_stall_cycles, r.counters.store_buffer_stall_cycles,
               r.counters.literal_contention_cycles, r.counters.divide_cycles);
    fmt::print("stack high water   {} B\n", r.stack_high_water_bytes);
    fmt::print("static RAM         {} B, code {} B\n", r.static_ram_bytes, elf.text_bytes);
    if (!r.layers.empty()) {
      fmt::print("layers             {} (inference {} cycles{})\n", r.layers.size(), r.inference_cycles,
                 r.inference_ended ? "" : ", no end marker");
      for (const auto& l : r.layers)
        fmt::print("  layer {:>3}: {:>12} cycles {:>12} instructions {:>10} flash stalls\n", l.layer, l.cycles,
                   l.instructions, l.flash_stall_cycles);
    }
  }
  // 1 = the firmware ran but reported failure (non-zero exit code).
  return r.exit_code == 0 ? 0 : 1;
}

const RegisterCommand kRegister("run-elf", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<RunElfOptions>();
  app.description("run a bare-metal Cortex-M4 ELF on the emulator (semihosting console, cycle model)");
  app.add_option("firmware", o->elf, "firmware .elf (vector table at the flash base)")->required();
  app.add_option("--mcu", o->mcu, "MCU profile name or JSON file (default nrf52840)");
  app.add_option("--max-instructions", o->max_instructions, "instruction budget (default 2e9)");
  app.add_option("--max-cycles", o->max_cycles, "cycle budget (default none)");
  app.add_flag("--no-cycle-model", o->no_cycle_model, "count instructions only (faster)");
  app.add_option("--timing-table", o->timing_table, "Cortex-M4 timing table JSON (default mcu_models/timing/cortex_m4.json)");
  app.add_flag("--json", o->json, "print one JSON object");
  return [o] { return run_elf(*o); };
});

}  // namespace
}  // namespace tinysim::cli
