#include "core/target/target_run.h"

#include <cstdlib>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <regex>

#include "core/emu/elf_image.h"
#include "core/emu/emulator.h"
#include "core/ops/interpreter.h"
#include "core/plan/memory_plan.h"
#include "core/target/memory_fit.h"
#include "core/target/plan_writer.h"
#include "core/target/qemu_backend.h"
#include "mcu_models/runtime/include/tinysim_plan.h"

namespace tinysim::target {
namespace {

struct Prepared {
  TargetLayout layout;
  emu::ElfInfo elf;
  PlanBlob blob;
};

uint32_t symbol(const emu::ElfInfo& elf, const char* name) {
  auto a = elf.symbol_address(name);
  if (!a) throw Error(elf.path, std::string("symbol ") + name + " missing", "rebuild the tinysim_firmware target");
  return *a;
}

// The layout's plan-dependent figures.
void account_plan(TargetLayout& l, const PlanBlob& blob, const emu::McuProfile& profile) {
  l.plan_bytes = blob.bytes.size();
  l.weights_bytes = blob.constant_bytes;
  l.flash_bytes = (l.plan_addr - profile.flash.base) + l.plan_bytes;
  l.arena_bytes = blob.arena_bytes;
  l.ram_layout_bytes = (l.arena_addr - profile.ram.base) + l.arena_bytes;
  l.dense_weight_bytes = blob.dense_weight_bytes;
  l.stored_weight_bytes = blob.stored_weight_bytes;
  l.weights_in_ram = blob.ram_constant_bytes > 0;
  l.ram_weights_bytes = blob.ram_constant_bytes;
}

Prepared prepare(const Model& model, const emu::McuProfile& profile, const TargetOptions& options, uint32_t flags) {
  Prepared p;
  TargetLayout& l = p.layout;
  l.variant = pick_variant(profile, options.firmware);
  const Firmware fw = locate_firmware(l.variant).take();
  l.firmware_path = fw.path;
  l.firmware_flags = fw.flags;
  p.elf = emu::read_elf(fw.path);

  const MemoryPlan memory = plan_memory(model, 16);
  PlanOptions po;
  po.flags = flags;
  po.sparse_threshold = options.sparse_threshold;
  po.flash_wait_states = profile.flash.wait_states;
  p.blob = build_plan(model, memory, po);

  l.plan_addr = symbol(p.elf, "__tinysim_plan_start");
  l.arena_addr = symbol(p.elf, "__tinysim_arena_start");
  const uint32_t stack_bottom = symbol(p.elf, "__tinysim_stack_bottom");
  const uint32_t stack_top = symbol(p.elf, "__tinysim_stack_top");
  l.stack_reserve_bytes = stack_top - stack_bottom;
  // The runtime's flash extent, alignment padding between sections included
  // (the linker script aligns every function to 16 bytes).
  l.code_bytes = symbol(p.elf, "__tinysim_code_end") - profile.flash.base;
  l.static_ram_bytes = p.elf.static_ram_bytes() - l.stack_reserve_bytes;
  l.flash_capacity = profile.flash.size;
  l.ram_capacity = profile.ram.size;
  l.profile = profile.name;
  account_plan(l, p.blob, profile);
  if (po.sparse_threshold == ops::kSparseByCost && l.flash_bytes > l.flash_capacity) {
    // Fit before speed: the smallest storage, if that makes it fit.
    po.sparse_threshold = ops::kSparseSmallest;
    PlanBlob small = build_plan(model, memory, po);
    if (small.bytes.size() < p.blob.bytes.size()) {
      p.blob = std::move(small);
      account_plan(l, p.blob, profile);
    }
  }

  if (options.weights != WeightPlacement::Flash) {
    po.constants_in_ram = true;
    PlanBlob ram = build_plan(model, memory, po);
    const uint64_t ram_layout = (l.arena_addr - profile.ram.base) + ram.arena_bytes;
    // Auto: only into room the arena leaves; a model that fits in flash
    // placement still fits.
    if (options.weights == WeightPlacement::Ram || ram_layout <= profile.ram.size) {
      p.blob = std::move(ram);
      account_plan(l, p.blob, profile);
    }
  }
  if (options.patch_plan) {
    options.patch_plan(p.blob.bytes);
    account_plan(l, p.blob, profile);
  }
  return p;
}

// The run's memory verdict (memory_fit.h) with r.stack_bytes as the stack.
void fill_fit(TargetRun& r, bool stack_measured) {
  const TargetLayout& l = r.layout;
  const MemoryFit f = run_fit(l, r.stack_bytes, stack_measured);
  r.ram_peak_bytes = f.ram_bytes;
  r.ram_overflow_bytes = f.ram_overflow_bytes;
  r.flash_overflow_bytes = f.flash_overflow_bytes;
  r.overflow_bytes = f.overflow_bytes;
  r.fits = f.fits;
  if (l.dense_weight_bytes)
    r.sparsity = 1.0 - double(l.stored_weight_bytes) / double(l.dense_weight_bytes);
}

void check_inputs(const Model& model, const std::vector<std::vector<uint8_t>>& inputs) {
  if (inputs.size() != model.inputs.size())
    throw Error(model.source, fmt::format("model has {} inputs, {} given", model.inputs.size(), inputs.size()),
                "give one input per model input");
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& t = model.tensors[static_cast<size_t>(model.inputs[i])];
    if (int64_t(inputs[i].size()) != t.num_bytes())
      throw Error(model.source, fmt::format("input {} ({}) needs {} bytes, {} given", i, t.name, t.num_bytes(),
                                            inputs[i].size()),
                  "give the input in the model's shape and type");
  }
}

TargetRun run_unicorn(const Model& model, const emu::McuProfile& profile, Prepared& p,
                      const std::vector<std::vector<uint8_t>>& inputs, const TargetOptions& options) {
  const TargetLayout& l = p.layout;
  emu::McuProfile prof = profile;
  // A model that does not fit can still be measured (require_fit = false):
  // the memories grow to what it needs; the verdict stays "does not fit".
  prof.ram.size = std::max<uint64_t>(prof.ram.size, (l.ram_layout_bytes + 4095) & ~uint64_t{4095});
  prof.flash.size = std::max<uint64_t>(prof.flash.size, (l.flash_bytes + 4095) & ~uint64_t{4095});

  emu::EmuOptions eo;
  eo.max_instructions = options.max_instructions;
  eo.cancel = options.cancel;
  eo.cycle_model = options.cycle_model;
  eo.echo_console = options.echo_console;
  auto emu = emu::Emulator::create(prof, eo).take();
  emu->load_elf(l.firmware_path).take();
  if (!emu->write_memory(l.plan_addr, p.blob.bytes.data(), p.blob.bytes.size()))
    throw Error(model.source, fmt::format("cannot write the {}-byte plan at 0x{:08x}", p.blob.bytes.size(), l.plan_addr),
                "the profile's flash is too small for the model");
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!emu->write_memory(l.arena_addr + p.blob.inputs[i].arena_offset, inputs[i].data(), inputs[i].size()))
      throw Error(model.source, "cannot write input " + std::to_string(i) + " into the arena", "");
  if (!options.state_in.empty() &&
      !emu->write_memory(l.arena_addr + p.blob.state_offset, options.state_in.data(), options.state_in.size()))
    throw Error(model.source, "cannot write the ops' state into the arena", "");

  auto rr = emu->run();
  if (!rr) {
    // The emulator names the layer by its marker number; add the op's name.
    std::string msg = rr.error().what();
    std::smatch m;
    if (std::regex_search(msg, m, std::regex("layer (\\d+)"))) {
      const int op = std::stoi(m[1].str());
      if (op >= 0 && op < int(model.ops.size()))
        msg += fmt::format(" [layer {} is op {} {}]", op, op, op_label(model.ops[size_t(op)]));
    }
    throw Error(model.source + " on " + profile.name + ": " + msg);
  }
  const emu::RunResult& res = *rr;
  if (res.exit_code != 0 || !res.inference_ended) {
    std::string layer;
    if (!res.layers.empty()) {
      const int op = res.layers.back().layer;
      if (op >= 0 && op < int(model.ops.size())) layer = fmt::format(" in layer {} ({})", op, op_label(model.ops[size_t(op)]));
    }
    std::string console = res.console;
    while (!console.empty() && (console.back() == '\n' || console.back() == '\r')) console.pop_back();
    // ts_invoke's TS_ERR_BAD_INPUT: a kernel met input TFLM's Invoke fails on (a GATHER index outside
    // its axis); the board says so on the console (its exit code only tells success from failure).
    const bool bad_input = console.find("tinysim firmware: bad input") != std::string::npos;
    throw Error(model.source,
                fmt::format("the Cortex-M4 run on {} stopped with exit code {}{}{}", profile.name, res.exit_code, layer,
                            console.empty() ? "" : ": " + console),
                bad_input ? "feed indices inside the gathered axis (TFLite Micro's Invoke fails on this input too)"
                          : "this is a TinySim bug unless the model is malformed; try --backend host");
  }

  TargetRun r;
  r.backend = "unicorn";
  r.mcu = profile.name;
  r.layout = l;
  r.console = res.console;
  r.cycles = res.inference_cycles;
  r.instructions = res.inference_instructions;
  r.flash_stall_cycles = res.inference_flash_stall_cycles;
  r.total_cycles = res.cycles;
  r.latency_ms = profile.cycles_to_ms(r.cycles);
  r.energy_uj = profile.energy_uj(r.cycles);
  for (const emu::LayerCount& lc : res.layers) {
    if (lc.layer < 0 || lc.layer >= int(p.blob.layers.size())) continue;
    const PlannedLayer& pl = p.blob.layers[size_t(lc.layer)];
    TargetLayer t{pl.op_index, pl.op_name, lc.cycles, lc.instructions, lc.flash_stall_cycles, pl.macs, 0};
    if (pl.macs > 0) t.cycles_per_mac = double(lc.cycles) / double(pl.macs);
    r.layers.push_back(t);
  }
  for (const PlannedIo& io : p.blob.outputs) {
    std::vector<uint8_t> out(io.bytes);
    if (!emu->read_memory(l.arena_addr + io.arena_offset, out.data(), out.size()))
      throw Error(model.source, "cannot read an output back from the arena", "");
    r.outputs.push_back(std::move(out));
  }
  r.state.resize(p.blob.state_bytes);
  if (!r.state.empty() && !emu->read_memory(l.arena_addr + p.blob.state_offset, r.state.data(), r.state.size()))
    throw Error(model.source, "cannot read the ops' state back from the arena", "");
  r.stack_bytes = res.stack_high_water_bytes;
  if (r.stack_bytes >= l.stack_reserve_bytes)
    throw Error(l.firmware_path, fmt::format("the run used {} bytes of stack, more than the {}-byte reserve",
                                             r.stack_bytes, l.stack_reserve_bytes),
                "raise TINYSIM_STACK_BYTES in mcu_models/runtime/linker/tinysim_m4.ld");
  fill_fit(r, true);
  return r;
}

}  // namespace

const char* backend_name(Backend b) {
  switch (b) {
    case Backend::Unicorn: return "unicorn";
    case Backend::Qemu: return "qemu";
    case Backend::Host: return "host";
  }
  return "unicorn";
}

Backend parse_backend(const std::string& name) {
  if (name == "unicorn") return Backend::Unicorn;
  if (name == "qemu") return Backend::Qemu;
  if (name == "host") return Backend::Host;
  throw Error("unknown backend '" + name + "'", "use unicorn, qemu or host");
}

const char* placement_name(WeightPlacement w) {
  switch (w) {
    case WeightPlacement::Flash: return "flash";
    case WeightPlacement::Ram: return "ram";
    case WeightPlacement::Auto: return "auto";
  }
  return "flash";
}

WeightPlacement parse_placement(const std::string& name) {
  if (name == "flash") return WeightPlacement::Flash;
  if (name == "ram") return WeightPlacement::Ram;
  if (name == "auto") return WeightPlacement::Auto;
  throw Error("unknown weight placement '" + name + "'", "use flash, ram or auto");
}

double parse_sparse_threshold(const std::string& text) {
  if (text == "auto") return ops::kSparseByCost;
  if (text == "smallest") return ops::kSparseSmallest;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= 0 && v <= 1))
    throw Error("sparse storage '" + text + "' is not auto, smallest or a fraction of zeros from 0 to 1",
                "use auto (the faster kernel per layer), smallest, 0 (always dense) or e.g. 0.5");
  return v;
}

TargetPlan target_plan(const Model& model, const emu::McuProfile& profile, const TargetOptions& options, uint32_t flags) {
  Prepared p = prepare(model, profile, options, flags);
  return TargetPlan{std::move(p.layout), std::move(p.blob)};
}

Result<TargetLayout> plan_layout(const Model& model, const emu::McuProfile& profile, const TargetOptions& options) {
  return capture([&] { return prepare(model, profile, options, 0).layout; });
}

Result<TargetRun> run_on_target(const Model& model, const emu::McuProfile& profile,
                                const std::vector<std::vector<uint8_t>>& inputs, const TargetOptions& options) {
  return capture([&]() -> TargetRun {
    check_inputs(model, inputs);
    uint32_t flags = options.backend == Backend::Qemu
                         ? (TS_FLAG_PRINT_OUTPUTS | TS_FLAG_SEMIHOSTING | TS_FLAG_NO_MARKERS)
                         : 0;
    if (!options.state_in.empty()) flags |= TS_FLAG_KEEP_STATE;
    Prepared p = prepare(model, profile, options, flags);
    if (!options.state_in.empty() && options.state_in.size() != p.blob.state_bytes)
      throw Error(model.source,
                  fmt::format("the given op state has {} bytes, the plan's state area {}", options.state_in.size(),
                              p.blob.state_bytes),
                  "pass the state of a previous run of the same model");
    if (options.require_fit) {
      const std::string problem = fit_problem(planned_fit(p.layout));
      if (!problem.empty())
        throw Error(model.source, problem, "pick an MCU with more memory, or shrink the model (int8, pruning)");
    }
    if (options.backend == Backend::Unicorn) return run_unicorn(model, profile, p, inputs, options);

    TargetRun r;
    r.backend = backend_name(options.backend);
    r.mcu = profile.name;
    r.layout = p.layout;
    if (options.backend == Backend::Host) {
      r.outputs = run_host(model, inputs).take();
    } else {
      QemuJob job;
      job.elf = p.layout.firmware_path;
      job.plan_addr = p.layout.plan_addr;
      job.plan = p.blob.bytes;
      for (size_t i = 0; i < inputs.size(); ++i)
        job.ram_blobs.push_back({p.layout.arena_addr + p.blob.inputs[i].arena_offset, inputs[i]});
      if (!options.state_in.empty())
        job.ram_blobs.push_back({p.layout.arena_addr + p.blob.state_offset, options.state_in});
      for (const PlannedIo& io : p.blob.outputs) job.output_bytes.push_back(io.bytes);
      job.state_bytes = p.blob.state_bytes;
      job.timeout_s = options.qemu_timeout_s;
      QemuResult q = run_qemu(job).take();
      r.outputs = std::move(q.outputs);
      r.state = std::move(q.state);
      r.console = std::move(q.console);
    }
    // No cycle counts on these backends; sizes are the planned layout with
    // the stack reserve standing in for the measured stack.
    r.stack_bytes = p.layout.stack_reserve_bytes;
    fill_fit(r, false);
    return r;
  });
}

Result<std::vector<TargetRun>> run_frames_on_target(const Model& model, const emu::McuProfile& profile,
                                                    const std::vector<std::vector<std::vector<uint8_t>>>& frames,
                                                    const TargetOptions& options) {
  return capture([&] {
    std::vector<TargetRun> runs;
    TargetOptions o = options;
    if (options.backend == Backend::Host) {
      // One interpreter for every frame: it keeps the ops' state itself.
      HostInterpreter host(model);
      for (const auto& inputs : frames) {
        check_inputs(model, inputs);
        for (size_t i = 0; i < inputs.size(); ++i) host.set_input(int(i), inputs[i].data(), inputs[i].size());
        host.invoke();
        TargetRun r;
        r.backend = backend_name(Backend::Host);
        r.mcu = profile.name;
        for (int i = 0; i < host.num_outputs(); ++i) r.outputs.push_back(host.output_bytes(i));
        runs.push_back(std::move(r));
      }
      return runs;
    }
    for (const auto& inputs : frames) {
      runs.push_back(run_on_target(model, profile, inputs, o).take());
      o.state_in = runs.back().state;
    }
    return runs;
  });
}

}  // namespace tinysim::target
