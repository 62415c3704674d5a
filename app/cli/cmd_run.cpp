// `tinysim run MODEL.tflite --mcu PROFILE [--input FILE|--random SEED]
//  [--backend unicorn|host|qemu] [--firmware hard|soft|portable] [--weights flash|ram|auto] [--allow-overflow] [--json]`:
// runs the model as Cortex-M4 code on the emulated MCU and reports outputs,
// cycles, per-layer costs, RAM, flash, energy and whether it fits.
// Exit code 1 when the model does not fit the MCU.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "app/cli/command_registry.h"
#include "core/ops/interpreter.h"
#include "core/common/error.h"
#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/report/input_samples.h"
#include "core/target/target_run.h"
#include "core/target/memory_fit.h"

namespace tinysim::cli {
namespace {

struct RunOptions {
  std::string model, mcu = "nrf52840", backend = "unicorn", firmware, weights = "flash";
  std::vector<std::string> inputs;
  int64_t seed = -1;
  bool json = false, allow_overflow = false, trace_console = false;
  std::string sparse = "auto";
};

nlohmann::json values(const Tensor& t, const std::vector<uint8_t>& b) {
  nlohmann::json arr = nlohmann::json::array();
  for (int64_t k = 0; k < t.num_elements(); ++k) {
    const size_t i = size_t(k);
    switch (t.type) {
      case DType::Float32: { float f; std::memcpy(&f, &b[4 * i], 4); arr.push_back(f); break; }
      case DType::Int8: arr.push_back(int8_t(b[i])); break;
      case DType::UInt8: arr.push_back(b[i]); break;
      case DType::Int16: { int16_t x; std::memcpy(&x, &b[2 * i], 2); arr.push_back(x); break; }
      case DType::Int32: { int32_t x; std::memcpy(&x, &b[4 * i], 4); arr.push_back(x); break; }
      case DType::UInt32: { uint32_t x; std::memcpy(&x, &b[4 * i], 4); arr.push_back(x); break; }
      case DType::UInt64: { uint64_t x; std::memcpy(&x, &b[8 * i], 8); arr.push_back(x); break; }
      default: arr.push_back(nullptr);
    }
  }
  return arr;
}

std::string kib(uint64_t b) { return fmt::format("{} B ({:.1f} KiB)", b, double(b) / 1024.0); }

// The host kernels' outputs only: the Cortex-M4 plan (and with it arena,
// flash and fit) is not available because the firmware refuses an op.
int run_host_only(const RunOptions& o, const Model& model, const std::string& why) {
  const auto inputs = report::inputs_from_files(model, o.inputs, o.seed);
  const auto outputs = run_host(model, inputs).take();
  nlohmann::json outs = nlohmann::json::array();
  for (size_t i = 0; i < outputs.size(); ++i) outs.push_back(values(model.tensors[size_t(model.outputs[i])], outputs[i]));
  if (o.json) {
    fmt::print("{}\n", nlohmann::json{{"model", o.model}, {"backend", "host"}, {"outputs", outs},
                                      {"memory_unavailable", why}}.dump());
    return 0;
  }
  fmt::print("model {}, backend host\n", o.model);
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& t = model.tensors[size_t(model.outputs[i])];
    fmt::print("output {} '{}' {} [{}]: {}\n", i, t.name, dtype_name(t.type), fmt::join(t.shape, ", "), outs[i].dump());
  }
  fmt::print("\n(no memory figures: the Cortex-M4 firmware cannot plan this model: {})\n", why);
  return 0;
}

int run(const RunOptions& o) {
  const Model model = load_tflite(o.model).take();
  const emu::McuProfile profile = emu::load_profile(o.mcu).take();
  target::TargetOptions to;
  to.backend = target::parse_backend(o.backend);
  if (!o.firmware.empty()) to.firmware = target::parse_variant(o.firmware);
  to.require_fit = !o.allow_overflow;
  to.echo_console = o.trace_console;
  to.sparse_threshold = target::parse_sparse_threshold(o.sparse);
  to.weights = target::parse_placement(o.weights);

  // --backend host needs only the host kernels: a model the firmware cannot
  // plan still runs, without the memory figures the plan would give.
  if (to.backend == target::Backend::Host) {
    auto planned = target::plan_layout(model, profile, to);
    if (!planned.ok()) return run_host_only(o, model, planned.error().what());
  }
  // Fit first, so that a model too big for the MCU gets the verdict (exit 1)
  // rather than an error.
  const target::TargetLayout layout = target::plan_layout(model, profile, to).take();
  const target::MemoryFit planned = target::planned_fit(layout);
  if (const std::string problem = target::fit_problem(planned); !problem.empty() && !o.allow_overflow) {
    if (o.json) {
      nlohmann::json j{{"model", o.model}, {"mcu", profile.name}, {"fits", false}, {"problem", problem},
                       {"arena_bytes", layout.arena_bytes}, {"flash_bytes", layout.flash_bytes},
                       {"ram_layout_bytes", layout.ram_layout_bytes}, {"ram_capacity", layout.ram_capacity},
                       {"flash_capacity", layout.flash_capacity},
                       {"overflow_bytes", planned.overflow_bytes}};
      fmt::print("{}\n", j.dump());
    }
    fmt::print(stderr, "does not fit: {}: {} (pick a bigger MCU, shrink the model, or pass --allow-overflow to measure it anyway)\n",
               o.model, problem);
    return 1;
  }

  const auto inputs = report::inputs_from_files(model, o.inputs, o.seed);
  const target::TargetRun r = target::run_on_target(model, profile, inputs, to).take();
  const target::TargetLayout& l = r.layout;

  nlohmann::json outs = nlohmann::json::array();
  for (size_t i = 0; i < r.outputs.size(); ++i)
    outs.push_back(values(model.tensors[size_t(model.outputs[i])], r.outputs[i]));
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& t : r.layers)
    layers.push_back({{"index", t.op_index}, {"op", t.op_name}, {"cycles", t.cycles},
                      {"instructions", t.instructions}, {"flash_stall_cycles", t.flash_stall_cycles},
                      {"macs", t.macs}, {"cycles_per_mac", t.cycles_per_mac}});

  if (o.json) {
    nlohmann::json j{{"model", o.model},
                     {"mcu", profile.name},
                     {"clock_hz", profile.clock_hz},
                     {"backend", r.backend},
                     {"firmware", target::variant_name(l.variant)},
                     {"firmware_path", l.firmware_path},
                     {"firmware_flags", l.firmware_flags},
                     {"outputs", outs},
                     {"cycles", r.cycles},
                     {"total_cycles", r.total_cycles},
                     {"instructions", r.instructions},
                     {"flash_stall_cycles", r.flash_stall_cycles},
                     {"latency_ms", r.latency_ms},
                     {"energy_uj", r.energy_uj},
                     {"layers", layers},
                     {"arena_bytes", l.arena_bytes},
                     {"stack_bytes", r.stack_bytes},
                     {"static_ram_bytes", l.static_ram_bytes},
                     {"ram_peak_bytes", r.ram_peak_bytes},
                     {"ram_capacity", l.ram_capacity},
                     {"code_bytes", l.code_bytes},
                     {"weights_bytes", l.weights_bytes},
                     {"plan_bytes", l.plan_bytes},
                     {"flash_bytes", l.flash_bytes},
                     {"flash_capacity", l.flash_capacity},
                     {"weights_in", l.weights_in_ram ? "ram" : "flash"},
                     {"ram_weights_bytes", l.ram_weights_bytes},
                     {"dense_weight_bytes", l.dense_weight_bytes},
                     {"stored_weight_bytes", l.stored_weight_bytes},
                     {"sparsity", r.sparsity},
                     {"fits", r.fits},
                     {"overflow_bytes", r.overflow_bytes},
                     {"ram_overflow_bytes", std::max<int64_t>(0, r.ram_overflow_bytes)},
                     {"flash_overflow_bytes", std::max<int64_t>(0, r.flash_overflow_bytes)}};
    fmt::print("{}\n", j.dump());
    return r.fits ? 0 : 1;
  }

  fmt::print("model {} on {} ({}, {:.0f} MHz), backend {}, firmware {} [{}]\n", o.model, profile.name, profile.board,
             double(profile.clock_hz) / 1e6, r.backend, target::variant_name(l.variant), l.firmware_flags);
  for (size_t i = 0; i < r.outputs.size(); ++i) {
    const Tensor& t = model.tensors[size_t(model.outputs[i])];
    fmt::print("output {} '{}' {} [{}]: {}\n", i, t.name, dtype_name(t.type), fmt::join(t.shape, ", "), outs[i].dump());
  }
  if (to.backend == target::Backend::Unicorn) {
    fmt::print("\n{:>5}  {:<20} {:>12} {:>12} {:>12} {:>10}\n", "layer", "op", "cycles", "instructions", "MACs",
               "cycles/MAC");
    for (const auto& t : r.layers)
      fmt::print("{:>5}  {:<20} {:>12} {:>12} {:>12} {:>10}\n", t.op_index, t.op_name, t.cycles, t.instructions, t.macs,
                 t.macs ? fmt::format("{:.2f}", t.cycles_per_mac) : "-");
    fmt::print("\ncycles {}  instructions {}  latency {:.3f} ms  energy {:.1f} uJ  (flash stalls {} cycles)\n",
               r.cycles, r.instructions, r.latency_ms, r.energy_uj, r.flash_stall_cycles);
  } else {
    fmt::print("\n(no cycle counts on the {} backend)\n", r.backend);
  }
  fmt::print("RAM    arena {}  stack {}{}  static {}  peak {} of {}\n", kib(l.arena_bytes), kib(r.stack_bytes),
             to.backend == target::Backend::Unicorn ? " (measured)" : " (reserve)", kib(l.static_ram_bytes),
             kib(r.ram_peak_bytes), kib(l.ram_capacity));
  fmt::print("flash  weights {}  plan {}  code {}  total {} of {}\n", kib(l.weights_bytes), kib(l.plan_bytes),
             kib(l.code_bytes), kib(l.flash_bytes), kib(l.flash_capacity));
  if (l.weights_in_ram)
    fmt::print("weights read from RAM: a {} copy in the arena, made once by ts_init\n", kib(l.ram_weights_bytes));
  if (l.dense_weight_bytes != l.stored_weight_bytes)
    fmt::print("sparse weights: {} stored for {} dense ({:.1f} % saved)\n", kib(l.stored_weight_bytes),
               kib(l.dense_weight_bytes), 100.0 * r.sparsity);
  if (r.fits)
    fmt::print("fits {}\n", profile.name);
  else
    fmt::print("DOES NOT FIT {}: over by {} (RAM {} B, flash {} B)\n", profile.name, kib(uint64_t(r.overflow_bytes)),
               std::max<int64_t>(0, r.ram_overflow_bytes), std::max<int64_t>(0, r.flash_overflow_bytes));
  return r.fits ? 0 : 1;
}

const RegisterCommand kRegister("run", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<RunOptions>();
  app.description("Run a model as Cortex-M4 code on an emulated MCU: outputs, cycles, RAM, flash, energy, fit");
  app.add_option("model", o->model, "model .tflite file")->required();
  app.add_option("--mcu", o->mcu, "MCU profile name or JSON file (default nrf52840)");
  auto* in = app.add_option("--input", o->inputs, "input file per model input: raw tensor bytes, a .csv of values, an image (PNG/BMP/PGM/JPEG, pixels in [0,1] resized to the input) or a 16 kHz WAV (MFCC 49x10)");
  auto* rnd = app.add_option("--random", o->seed, "fill inputs with seeded uniform random values")
                  ->check(CLI::NonNegativeNumber);
  in->excludes(rnd);
  rnd->excludes(in);
  app.add_option("--backend", o->backend, "unicorn (cycles), qemu (outputs cross-check) or host")
      ->check(CLI::IsMember({"unicorn", "qemu", "host"}));
  app.add_option("--firmware", o->firmware, "runtime build: hard, soft or portable (default: by the MCU's FPU)")
      ->check(CLI::IsMember({"hard", "soft", "portable"}));
  app.add_option("--sparse-threshold", o->sparse,
                 "int8 conv/FC weights stored sparsely: auto (default: per layer where the sparse kernel is faster), smallest (wherever it saves bytes), or a fraction of zeros from which on (0 = always dense)");
  app.add_option("--weights", o->weights, "where the kernels read the weights: flash (default), ram (a copy in the "
                                          "arena), or auto (RAM when the arena leaves room on the MCU)")
      ->check(CLI::IsMember({"flash", "ram", "auto"}));
  app.add_flag("--allow-overflow", o->allow_overflow, "measure a model even if it does not fit the MCU");
  app.add_flag("--console", o->trace_console, "echo the firmware's console output");
  app.add_flag("--json", o->json, "print one JSON object");
  return [o, in, rnd] {
    if (in->count() == 0 && rnd->count() == 0)
      throw Error(o->model, "no input given", "pass --input FILE or --random SEED");
    return run(*o);
  };
});

}  // namespace
}  // namespace tinysim::cli
