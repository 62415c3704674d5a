// The emulator's pipeline, after llvm-mca's split: the Unicorn core
// (unicorn_core.h: memory map, hooks, faults) reports each block, divide,
// flash data read, MMIO access and BKPT here; the cycle clock
// (cycle_clock.h) turns blocks into cycles; semihosting.h answers the
// firmware's host calls; and the measurements (layer counts, stack
// watermark, console, RAM footprint) are RunListeners on one event
// interface (emu_events.h). Costs are charged once per executed block; only
// divides (operand-dependent) get a per-instruction hook, at their own
// addresses; data reads from flash get a memory hook only when the profile
// has wait states.
#include "core/emu/emulator.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "core/emu/access_locator.h"
#include "core/emu/block_decoder.h"
#include "core/emu/block_table.h"
#include "core/emu/console_log.h"
#include "core/emu/cycle_clock.h"
#include "core/emu/emu_events.h"
#include "core/emu/layer_counts.h"
#include "core/emu/memory_map.h"
#include "core/emu/ram_footprint.h"
#include "core/emu/semihosting.h"
#include "core/emu/stack_watermark.h"
#include "core/emu/timing_table.h"
#include "core/emu/unicorn_core.h"

namespace tinysim::emu {

namespace {

constexpr uint32_t kItmPort0 = 0xE0000000, kItmPort1 = 0xE0000004, kItmTer = 0xE0000E00, kItmTcr = 0xE0000E80;
constexpr uint32_t kDwtCtrl = 0xE0001000, kDwtCyccnt = 0xE0001004;
constexpr uint32_t kCpuid = 0xE000ED00;

}  // namespace

struct Emulator::Impl final : CoreHandler {
  McuProfile profile;
  EmuOptions opt;
  TimingTable timing;
  BlockDecoder decoder;
  MemoryMap mem;
  UnicornCore core;
  BlockTable blocks;
  CycleClock clock;
  AccessLocator locator;
  RunEvents events;
  LayerCounts layer_counts;
  StackWatermark stack;
  ConsoleLog console;
  RamFootprint ram_footprint;
  Semihosting semihosting;

  std::unordered_map<uint32_t, DecodedInsn> div_insns;  // hooked divides
  std::string firmware = "firmware";
  std::optional<ElfInfo> elf;
  bool loaded = false;
  uint32_t hooked_pc = 0;
  uint64_t hooked_instructions = 0;  // per_instruction_hook counter

  // ---- run state ----
  bool stopping = false, exited = false, prev_touched_sp = true;
  int exit_code = 0;
  std::optional<std::string> fault;
  // system registers
  uint32_t dwt_ctrl = 0, cyccnt_base = 0;
  uint64_t cyccnt_since = 0;
  std::unordered_map<uint32_t, uint32_t> sysregs;

  Impl(const McuProfile& p, const EmuOptions& o, TimingTable t)
      : profile(p),
        opt(o),
        timing(std::move(t)),
        decoder(timing),
        mem(profile),
        core(profile, mem, *this,
             {.block_hook = true, .flash_read_hook = o.cycle_model && p.flash.wait_states != 0, .per_instruction_hook = o.per_instruction_hook}),
        blocks(profile),
        clock(profile.flash, o.cycle_model, timing),
        locator(core),
        console(o.echo_console),
        ram_footprint(mem.ram(), profile.ram.size),
        semihosting(mem, events, profile.clock_hz) {
    events.add(&layer_counts);
    events.add(&stack);
    events.add(&console);
    events.add(&ram_footprint);
  }

  uint32_t read32(uint32_t addr) {
    uint32_t v = 0;
    if (uint8_t* p = mem.host(addr, 4)) std::memcpy(&v, p, 4);
    else core.read(addr, &v, 4);
    return v;
  }

  void fail(std::string message) {
    if (!fault) fault = std::move(message);
    stopping = true;
    core.stop();
  }

  void out(std::string_view text) {
    events.console(text);
    check_console();
  }
  void check_console() {
    if (console.full() && !stopping)
      fail(fmt::format("console output passed {} MiB ({}) (the firmware prints in a loop; end it or print less)",
                       ConsoleLog::kMaxBytes >> 20, layer_counts.position()));
  }

  // ---------- blocks ----------
  const CachedBlock* block_at(uint32_t addr, uint32_t size) {
    CachedBlock* b = blocks.find(addr);
    if (b && b->d.size == size) {
      if (b->d.in_flash) return b;
      const uint8_t* now = mem.host(addr, size);
      if (now && std::memcmp(now, b->d.code.data(), size) == 0) return b;
    }
    return decode(addr, size);
  }

  const CachedBlock* decode(uint32_t addr, uint32_t size) {
    std::vector<uint8_t> code(size);
    if (uint8_t* p = mem.host(addr, size)) std::memcpy(code.data(), p, size);
    else if (!core.read(addr, code.data(), size)) return nullptr;
    auto b = std::make_unique<CachedBlock>();
    b->d = decoder.decode(addr, code.data(), size, &Impl::literal, this);
    DecodedBlock& d = b->d;
    int64_t off = mem.flash_offset(addr);
    if (off < 0) d.code = code;
    if (off >= 0) {
      d.in_flash = true;
      const uint32_t lb = profile.flash.accelerator.line_bytes;
      for (size_t i = 0; i < d.insns.size(); ++i) {
        uint32_t o = uint32_t(off) + (d.insns[i].addr - addr);
        for (uint32_t line = o / lb; line <= (o + d.insns[i].size - 1) / lb; ++line)
          if (d.lines.empty() || d.lines.back().first != line) d.lines.push_back({line, uint32_t(i)});
      }
    }
    b->n_insns = uint32_t(d.insns.size());
    b->touches_sp = d.sp_min_delta < 0 || std::any_of(d.writes.begin(), d.writes.end(), [](uint32_t w) { return (w >> 13) & 1; });
    b->fails_without_fpu = !profile.fpu && d.uses_fp;
    if (opt.cycle_model && d.has_div) {
      bool added = false;
      for (const auto& insn : d.insns)
        if (insn.is_div && !div_insns.count(insn.addr)) {
          add_div_hook(insn);
          added = true;
        }
      // The block was translated before the hook existed: drop it so the
      // next execution is translated with the hook (this one uses the minimum).
      if (added) core.drop_translations(addr, uint64_t(addr) + size);
    }
    return blocks.put(std::move(b));
  }

  static bool literal(void* ctx, uint32_t addr, uint32_t* v) {
    auto* s = static_cast<Impl*>(ctx);
    uint8_t* p = s->mem.host(addr, 4);
    if (!p || s->mem.flash_offset(addr) < 0) return false;  // literal pools live in flash (constant)
    std::memcpy(v, p, 4);
    return true;
  }

  void add_div_hook(const DecodedInsn& d) {
    div_insns[d.addr] = d;
    core.hook_divide(d.addr);
  }

  // ---------- core events ----------
  void on_block(uint32_t addr, uint32_t size) override {
    if (stopping) return;
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) {
      fail("run cancelled");
      return;
    }
    const CachedBlock* b = block_at(addr, size);
    if (!b) {
      fail(fmt::format("cannot read code at pc=0x{:08x} ({})", addr, layer_counts.position()));
      return;
    }
    clock.arrive(addr, b);
    if (b->fails_without_fpu) {
      clock.set_current(b);
      locator.enter(b);
      fail(fmt::format("floating-point instruction near pc=0x{:08x} but {} has no FPU ({}) (build the firmware with "
                       "-mfloat-abi=soft for this MCU)",
                       addr, profile.name, layer_counts.position()));
      return;
    }
    if (clock.instructions() + b->n_insns > opt.max_instructions) {
      fail(fmt::format("instruction budget of {} exhausted at pc=0x{:08x} ({}) (raise --max-instructions or fix the loop)",
                       opt.max_instructions, addr, layer_counts.position()));
      return;
    }
    clock.enter(b);
    locator.enter(b);
    // SP is read only where it can be a new low: blocks that can lower it
    // and the block after one that changed it (stack_watermark.h).
    if (b->touches_sp || prev_touched_sp) events.stack_sampled(uint32_t(int64_t(core.reg(13)) + b->d.sp_min_delta));
    prev_touched_sp = b->touches_sp;
    if (opt.max_cycles && clock.cycles() > opt.max_cycles)
      fail(fmt::format("cycle budget of {} exhausted at pc=0x{:08x} ({}) (raise the cycle budget or fix the loop)",
                       opt.max_cycles, addr, layer_counts.position()));
  }

  void on_instruction(uint32_t addr) override {
    ++hooked_instructions;
    hooked_pc = addr;
    locator.check_against(true, addr);  // MMIO attributions are checked against this pc
  }

  void on_divide(uint32_t addr) override {
    auto it = div_insns.find(addr);
    if (it == div_insns.end() || stopping) return;
    const DecodedInsn& d = it->second;
    uint32_t n = core.reg(d.rn), m = core.reg(d.rm);
    if (d.div_signed) {
      n = int32_t(n) < 0 ? uint32_t(-int64_t(int32_t(n))) : n;
      m = int32_t(m) < 0 ? uint32_t(-int64_t(int32_t(m))) : m;
    }
    uint32_t c = timing.divide_cycles(n, m);
    uint32_t base = timing.of(InsnClass::Div).cycles;
    if (c > base) clock.add_divide(c - base);
  }

  void on_flash_read(uint32_t addr) override {
    int64_t off = mem.flash_offset(addr);
    if (off < 0 || stopping) return;
    clock.flash_data_read(uint32_t(off) / profile.flash.accelerator.line_bytes);
  }

  void on_invalid(const InvalidAccess& a) override {
    uint32_t pc = a.address;
    if (!a.fetch) {
      int idx = locator.resolve(a.address, a.write);
      pc = idx >= 0 ? clock.current()->d.insns[size_t(idx)].addr : core.reg(15);
    }
    fail(fmt::format("{} 0x{:08x}, pc=0x{:08x} ({}) ({})", a.what, a.address, pc, layer_counts.position(), a.fix));
  }

  void on_interrupt(uint32_t intno) override {
    if (stopping) return;
    if (intno == 7) {  // EXCP_BKPT
      const CachedBlock* cur = clock.current();
      bool at_end = cur && cur->d.ends_with_bkpt;
      uint32_t addr = at_end ? cur->d.insns.back().addr : core.reg(15);
      uint8_t imm = at_end ? cur->d.bkpt_imm : 0;
      if (imm == semihosting::kBkptImm) {
        semihost(addr);
      } else {
        exited = true;
        exit_code = imm;
        stopping = true;
        core.stop();
      }
      return;
    }
    fail(fmt::format("{} at pc=0x{:08x} ({}) (the firmware hit a fault; TinySim stops instead of entering the "
                     "HardFault handler)",
                     exception_name(intno), core.reg(15), layer_counts.position()));
  }

  uint64_t on_sys_read(uint32_t addr) override {
    if (addr == kDwtCyccnt) {
      int idx = locator.resolve(addr, false);
      return cyccnt(clock.at(idx).cycles);
    }
    locator.resolve(addr, false);
    if (addr == kDwtCtrl) return dwt_ctrl | (4u << 28);  // NUMCOMP = 4 as on a Cortex-M4
    if (addr < kItmPort0 + 0x100) return 1;              // stimulus port FIFO ready
    if (addr == kItmTer) return 0xFFFFFFFF;
    if (addr == kItmTcr) return 1;                       // ITMENA
    if (addr == kCpuid) return 0x410FC241;               // Cortex-M4 r0p1
    auto it = sysregs.find(addr & ~3u);
    return it == sysregs.end() ? 0 : it->second;
  }

  void on_sys_write(uint32_t addr, unsigned size, uint32_t v) override {
    if (addr == kItmPort0) {
      locator.resolve(addr, true);
      char c = char(v & 0xFF);
      out(std::string_view(&c, 1));
    } else if (addr == kItmPort1) {
      int idx = locator.resolve(addr, true);
      events.marker(size == 4 ? v : v & ((1u << (8 * size)) - 1), clock.at(idx));
    } else if (addr == kDwtCtrl) {
      int idx = locator.resolve(addr, true);
      uint64_t now = clock.at(idx).cycles;
      uint32_t current = cyccnt(now);
      dwt_ctrl = v;
      cyccnt_base = current;
      cyccnt_since = now;
    } else if (addr == kDwtCyccnt) {
      int idx = locator.resolve(addr, true);
      cyccnt_base = v;
      cyccnt_since = clock.at(idx).cycles;
    } else {
      locator.resolve(addr, true);
      sysregs[addr & ~3u] = v;  // DEMCR, CPACR, ITM lock/enable, ...: accepted
    }
  }

  uint32_t cyccnt(uint64_t now) const {
    if (!(dwt_ctrl & 1)) return cyccnt_base;
    return uint32_t(cyccnt_base + (now - cyccnt_since));
  }

  void semihost(uint32_t bkpt_addr) {
    const CachedBlock* cur = clock.current();
    uint64_t at_bkpt = clock.at(int(cur ? cur->n_insns - 1 : 0)).cycles;
    SemihostingOutcome r = semihosting.call(core.reg(0), core.reg(1), at_bkpt, clock.cycles());
    check_console();
    if (stopping) return;
    switch (r.kind) {
      case SemihostingOutcome::kFault:
        fail(fmt::format("{} at pc=0x{:08x} ({}) (pass a pointer and length inside the firmware's flash or RAM)", r.fault,
                         bkpt_addr, layer_counts.position()));
        return;
      case SemihostingOutcome::kExit:
        exited = true;
        exit_code = r.exit_code;
        stopping = true;
        core.stop();
        return;
      case SemihostingOutcome::kReturn:
        core.set_reg(0, r.r0);
        core.set_reg(15, (bkpt_addr + 2) | 1);
        return;
    }
  }

  // ---------- runs ----------
  void reset_run_state() {
    clock.reset();
    locator.reset();
    locator.check_against(opt.per_instruction_hook, 0);
    stopping = exited = false;
    prev_touched_sp = true;
    exit_code = 0;
    fault.reset();
    dwt_ctrl = cyccnt_base = 0;
    cyccnt_since = 0;
    sysregs.clear();
    semihosting.reset();
    hooked_instructions = 0;
  }

  RunResult run() {
    if (!loaded) throw Error("no firmware loaded", "load an ELF (Emulator::load_elf) or write an image before run()");
    const uint32_t sp0 = read32(profile.flash.base), reset = read32(profile.flash.base + 4);
    if (!(reset & 1))
      throw Error(firmware, fmt::format("reset vector 0x{:08x} at 0x{:08x} is not a Thumb address (bit 0 clear) or no firmware is loaded",
                                        reset, profile.flash.base + 4),
                  "put the vector table (initial SP, reset handler) at the start of flash");
    if (sp0 < profile.ram.base || uint64_t(sp0) > uint64_t(profile.ram.base) + profile.ram.size)
      throw Error(firmware, fmt::format("initial stack pointer 0x{:08x} is outside RAM 0x{:08x}-0x{:08x} of {}", sp0,
                                        profile.ram.base, uint64_t(profile.ram.base) + profile.ram.size, profile.name),
                  "link the firmware for this MCU's RAM");
    reset_run_state();
    events.run_started({sp0});
    core.reset_core(sp0);
    int err = core.start(reset | 1);
    if (fault) throw Error(firmware, *fault);
    if (!exited) {
      uint32_t pc = core.reg(15);
      if (UnicornCore::undefined_instruction(err))
        throw Error(firmware, fmt::format("undefined or unsupported instruction at pc=0x{:08x} ({})", pc, layer_counts.position()),
                    "the firmware executed data or an instruction a Cortex-M4 does not have");
      if (err != 0)
        throw Error(firmware,
                    fmt::format("emulation fault: {} at pc=0x{:08x} ({})", UnicornCore::error_text(err), pc, layer_counts.position()),
                    "check the firmware");
      throw Error(firmware, fmt::format("execution stopped at pc=0x{:08x} without a semihosting exit ({})", pc, layer_counts.position()),
                  "end main() with exit() or a semihosting SYS_EXIT");
    }

    RunResult r;
    const Stamp final = clock.now();
    r.exit_code = exit_code;
    r.cycles = final.cycles;
    r.instructions = final.insns;
    r.flash_stall_cycles = final.stalls;
    r.counters = clock.counters();
    events.run_finished(final, r);
    r.static_ram_bytes = elf ? uint32_t(elf->static_ram_bytes()) : 0;
    r.hooked_instructions = hooked_instructions;
    r.mmio_attribution_mismatches = locator.mismatches();
    return r;
  }

  ElfInfo load_elf(const std::string& path) {
    ElfInfo info = read_elf(path);
    for (const auto& seg : info.segments) {
      uint8_t* p = mem.host(seg.paddr, seg.memsz);
      if (!p)
        throw Error(path, fmt::format("segment at 0x{:08x} ({} bytes) lies outside flash 0x{:08x}+{} and RAM 0x{:08x}+{} of {}",
                                      seg.paddr, seg.memsz, profile.flash.base, profile.flash.size, profile.ram.base,
                                      profile.ram.size, profile.name),
                    "link the firmware for this MCU (flash at 0x00000000, RAM at 0x20000000) or pick a larger profile");
      if (!seg.bytes.empty()) std::memcpy(p, seg.bytes.data(), seg.bytes.size());
      std::memset(p + seg.bytes.size(), 0, seg.memsz - seg.bytes.size());
      invalidate(seg.paddr, seg.memsz);
      if (opt.cycle_model && seg.executable)
        for (uint32_t a : decoder.find_divides(seg.paddr, seg.bytes.data(), seg.bytes.size()))
          if (!div_insns.count(a)) {
            // Decode the one divide properly for its operands.
            uint8_t code[4];
            std::memcpy(code, p + (a - seg.paddr), 4);
            DecodedBlock one = decoder.decode(a, code, 4);
            if (!one.insns.empty() && one.insns[0].is_div) add_div_hook(one.insns[0]);
          }
    }
    firmware = path;
    elf = info;
    loaded = true;
    return info;
  }

  void invalidate(uint32_t addr, size_t size) {
    core.drop_translations(addr, uint64_t(addr) + size);
    blocks.erase_overlapping(addr, size, [&](const CachedBlock& b) {
      core.drop_translations(b.d.addr, uint64_t(b.d.addr) + b.d.size);
    });
  }
};

Emulator::Emulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Emulator::~Emulator() = default;

Result<std::unique_ptr<Emulator>> Emulator::create(const McuProfile& profile, const EmuOptions& options) {
  return capture([&]() -> std::unique_ptr<Emulator> {
    TimingTable table = load_timing_table(options.timing_table.empty() ? default_timing_table_path() : options.timing_table);
    auto impl = std::make_unique<Impl>(profile, options, std::move(table));
    return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
  });
}

Result<ElfInfo> Emulator::load_elf(const std::string& path) {
  return capture([&] { return impl_->load_elf(path); });
}

bool Emulator::write_memory(uint32_t addr, const void* data, size_t size) {
  uint8_t* p = impl_->mem.host(addr, size);
  if (!p) return false;
  std::memcpy(p, data, size);
  impl_->invalidate(addr, size);
  impl_->loaded = true;
  return true;
}

bool Emulator::read_memory(uint32_t addr, void* data, size_t size) {
  if (uint8_t* p = impl_->mem.host(addr, size)) {
    std::memcpy(data, p, size);
    return true;
  }
  return impl_->core.read(addr, data, size);
}

Result<RunResult> Emulator::run() {
  return capture([&] { return impl_->run(); });
}

const McuProfile& Emulator::profile() const { return impl_->profile; }
const EmuOptions& Emulator::options() const { return impl_->opt; }

}  // namespace tinysim::emu
