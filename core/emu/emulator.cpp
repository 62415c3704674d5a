// Unicorn glue and the run-time half of the cycle model. Costs are charged
// once per executed block (UC_HOOK_BLOCK): the block's static cycles from the
// decoder, the flash fetch stalls of the lines it spans, and the taken-branch
// refill of the block before it (known once we see where execution went).
// Only divides (operand-dependent) get a per-instruction hook, and only at
// their own addresses; data reads from flash get a memory hook only when the
// profile has wait states. MMIO accesses (markers, DWT_CYCCNT) are pinned to
// the exact instruction inside the block by recomputing candidate addresses
// from the registers, so their cycle stamps are instruction-exact.
#include "core/emu/emulator.h"

#include <fmt/core.h>
#include <unicorn/unicorn.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/emu/block_decoder.h"
#include "core/emu/flash_accelerator.h"
#include "core/emu/semihosting.h"
#include "core/emu/timing_table.h"

namespace tinysim::emu {

namespace {

constexpr uint32_t kSysBase = 0xE0000000, kSysSize = 0x100000;
constexpr uint32_t kItmPort0 = 0xE0000000, kItmPort1 = 0xE0000004, kItmTer = 0xE0000E00, kItmTcr = 0xE0000E80;
constexpr uint32_t kDwtCtrl = 0xE0001000, kDwtCyccnt = 0xE0001004;
constexpr uint32_t kCpuid = 0xE000ED00, kCpacr = 0xE000ED88, kDemcr = 0xE000EDFC;
constexpr uint32_t kEndOfInference = 0xFFFFFFFF;

constexpr int kUcReg[16] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,  UC_ARM_REG_R4, UC_ARM_REG_R5,
                            UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8,  UC_ARM_REG_R9,  UC_ARM_REG_R10, UC_ARM_REG_R11,
                            UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR, UC_ARM_REG_PC};

const char* exception_name(uint32_t intno) {
  switch (intno) {
    case 1: return "undefined instruction (UsageFault)";
    case 2: return "SVC (supervisor call) - not supported";
    case 3: return "prefetch abort (instruction fetch fault)";
    case 4: return "data abort (BusFault)";
    case 5: return "interrupt";
    case 8: return "exception return without an active exception";
    case 16: return "semihosting trap";
    case 17: return "coprocessor access fault (NOCP: FPU disabled or absent)";
    case 18: return "invalid state (branch to an address without the Thumb bit)";
    case 19: return "stack overflow (STKOF)";
    case 22: return "unaligned access fault";
    default: return "processor exception";
  }
}

struct Stamp {
  uint64_t cycles = 0, insns = 0, stalls = 0;
};

}  // namespace

struct Emulator::Impl {
  McuProfile profile;
  EmuOptions opt;
  TimingTable timing;
  std::unique_ptr<BlockDecoder> decoder;
  FlashModel accel;
  uc_engine* uc = nullptr;
  uint8_t* flash = nullptr;
  uint8_t* ram = nullptr;
  std::unordered_map<uint32_t, std::unique_ptr<DecodedBlock>> blocks;
  std::unordered_map<uint32_t, DecodedInsn> div_insns;  // hooked divides
  std::string firmware = "firmware";
  std::optional<ElfInfo> elf;
  uint32_t static_ram_end = 0;
  bool loaded = false;
  uint64_t hooked_instructions = 0;  // per_instruction_hook counter
  uint32_t hooked_pc = 0;
  uint64_t mmio_mismatches = 0;

  // ---- run state ----
  uint64_t cycles = 0, insns = 0, stalls = 0;
  const DecodedBlock* cur = nullptr;
  const DecodedBlock* prev = nullptr;
  Stamp cur_start;
  uint64_t cur_extra_cycles = 0, cur_extra_stalls = 0;
  std::vector<uint64_t> line_stall_cum;
  size_t mmio_cursor = 0;
  bool stopping = false, exited = false;
  int exit_code = 0;
  std::optional<std::string> fault;
  uint32_t initial_sp = 0, min_sp = 0;
  std::string console;
  // layers
  std::vector<LayerCount> layers;
  bool layer_open = false, have_first_marker = false, inference_ended = false;
  int open_layer = 0;
  Stamp layer_start, first_marker, inference_end;
  // system registers
  uint32_t dwt_ctrl = 0, cyccnt_base = 0;
  uint64_t cyccnt_since = 0;
  std::unordered_map<uint32_t, uint32_t> sysregs;
  // semihosting
  uint32_t sh_errno = 0, features_pos = 0;

  explicit Impl(const McuProfile& p, const EmuOptions& o, TimingTable t)
      : profile(p), opt(o), timing(std::move(t)), accel(p.flash) {}

  ~Impl() {
    if (uc) uc_close(uc);
    std::free(flash);
    std::free(ram);
  }

  // ---------- memory helpers ----------
  // Host pointer for [addr, addr+n) inside flash (any alias) or RAM.
  uint8_t* host(uint32_t addr, size_t n) {
    auto inside = [&](uint32_t base, uint32_t size) { return addr >= base && uint64_t(addr) - base + n <= size; };
    if (inside(profile.flash.base, profile.flash.size)) return flash + (addr - profile.flash.base);
    for (uint32_t a : profile.flash.aliases)
      if (inside(a, profile.flash.size)) return flash + (addr - a);
    if (inside(profile.ram.base, profile.ram.size)) return ram + (addr - profile.ram.base);
    return nullptr;
  }
  // Offset into flash if addr is flash (any alias), else -1.
  int64_t flash_offset(uint32_t addr) const {
    if (addr >= profile.flash.base && addr - profile.flash.base < profile.flash.size) return addr - profile.flash.base;
    for (uint32_t a : profile.flash.aliases)
      if (addr >= a && addr - a < profile.flash.size) return addr - a;
    return -1;
  }
  uint32_t read32(uint32_t addr) {
    uint32_t v = 0;
    if (uint8_t* p = host(addr, 4)) std::memcpy(&v, p, 4);
    else uc_mem_read(uc, addr, &v, 4);
    return v;
  }
  uint32_t reg(int n) {
    uint32_t v = 0;
    uc_reg_read(uc, kUcReg[n], &v);
    return v;
  }
  void set_reg(int n, uint32_t v) { uc_reg_write(uc, kUcReg[n], &v); }

  std::string read_string(uint32_t addr, size_t max = 1 << 20) {
    std::string s;
    for (size_t i = 0; i < max; ++i) {
      uint8_t c = 0;
      if (uc_mem_read(uc, addr + i, &c, 1) != UC_ERR_OK || c == 0) break;
      s.push_back(char(c));
    }
    return s;
  }

  // ---------- time stamps ----------
  uint64_t line_stall_before(size_t idx) const {
    uint64_t s = 0;
    if (!cur) return 0;
    for (size_t k = 0; k < line_stall_cum.size() && k < cur->lines.size(); ++k) {
      if (cur->lines[k].second > idx) break;
      s = line_stall_cum[k];
    }
    return s;
  }
  // Counters at the start of instruction idx of the current block.
  Stamp at(int idx) const {
    if (!cur || idx < 0 || size_t(idx) >= cur->insns.size()) return {cycles, insns, stalls};
    uint64_t fetch = opt.cycle_model ? line_stall_before(size_t(idx)) : 0;
    uint64_t c = opt.cycle_model ? cur_start.cycles + cur->prefix[size_t(idx)] + fetch + cur_extra_cycles
                                 : cur_start.cycles + uint64_t(idx);
    return {c, cur_start.insns + uint64_t(idx), cur_start.stalls + fetch + cur_extra_stalls};
  }

  // Which instruction of the current block made the access to `address`.
  // Registers are synced at memory accesses, so each candidate's address is
  // recomputed from them; candidates are taken in program order from the
  // last attributed access (every MMIO access is attributed). A candidate
  // whose address registers are rewritten before the next matching
  // candidate most likely ran with other values: the later one wins.
  int resolve(uint32_t address, bool write) {
    int first = match_from(mmio_cursor, address, write);
    if (first < 0) {
      if (opt.per_instruction_hook) ++mmio_mismatches;
      return -1;
    }
    int chosen = first;
    for (;;) {
      if (cur->insns[size_t(chosen)].static_ea_known) break;  // exact
      int next = match_from(size_t(chosen) + 1, address, write);
      if (next < 0) break;
      const DecodedInsn& c = cur->insns[size_t(chosen)];
      uint32_t regs = (c.base < 15 ? 1u << c.base : 0) | (c.index < 15 ? 1u << c.index : 0);
      bool rewritten = false;
      for (int k = chosen + 1; k < next; ++k) rewritten |= (cur->writes[size_t(k)] & regs) != 0;
      if (!rewritten) break;
      chosen = next;
    }
    const DecodedInsn& d = cur->insns[size_t(chosen)];
    if (opt.per_instruction_hook && d.addr != hooked_pc) ++mmio_mismatches;
    bool stays = d.mem == DecodedInsn::Mem::Multiple || d.cls == InsnClass::LoadPair || d.cls == InsnClass::StorePair;
    mmio_cursor = stays ? size_t(chosen) : size_t(chosen) + 1;
    return chosen;
  }

  int match_from(size_t from, uint32_t address, bool write) {
    if (!cur) return -1;
    for (size_t i = from; i < cur->insns.size(); ++i) {
      const DecodedInsn& d = cur->insns[i];
      if (d.mem == DecodedInsn::Mem::None || d.base == 0xFF) continue;
      if (d.mem == DecodedInsn::Mem::Load && write) continue;
      if (d.mem == DecodedInsn::Mem::Store && !write) continue;
      if (d.static_ea_known) {
        if (address >= d.static_ea && address < d.static_ea + 8) return int(i);
        continue;
      }
      uint32_t base = d.base == 15 ? ((d.addr + 4) & ~3u) : reg(d.base);
      if (d.mem == DecodedInsn::Mem::Multiple) {
        uint32_t span = 4u * (d.nregs + 1);
        if (address + span >= base && address < base + span) return int(i);
        continue;
      }
      uint32_t ea = base;
      if (!d.post_index) {
        int64_t off = d.disp;
        if (d.index != 0xFF) {
          uint32_t iv = reg(d.index) << d.shift;
          off += d.subtracted ? -int64_t(iv) : int64_t(iv);
        }
        ea = uint32_t(int64_t(base) + off);
      }
      if (address >= ea && address < ea + 8) return int(i);
    }
    return -1;
  }

  std::string layer_text() const {
    if (layer_open) return fmt::format("in layer {}", open_layer);
    if (inference_ended) return "after the end-of-inference marker";
    return "before the first layer marker";
  }

  void fail(std::string message) {
    if (!fault) fault = std::move(message);
    stopping = true;
    uc_emu_stop(uc);
  }

  // ---------- blocks ----------
  const DecodedBlock* block_at(uint32_t addr, uint32_t size) {
    auto it = blocks.find(addr);
    if (it != blocks.end() && it->second->size == size) {
      const DecodedBlock* b = it->second.get();
      if (b->in_flash) return b;
      const uint8_t* now = host(addr, size);
      if (now && std::memcmp(now, b->code.data(), size) == 0) return b;
    }
    std::vector<uint8_t> code(size);
    if (uint8_t* p = host(addr, size)) std::memcpy(code.data(), p, size);
    else if (uc_mem_read(uc, addr, code.data(), size) != UC_ERR_OK) return nullptr;
    auto b = std::make_unique<DecodedBlock>(decoder->decode(addr, code.data(), size, &Impl::literal, this));
    int64_t off = flash_offset(addr);
    if (off < 0) b->code = code;
    if (off >= 0) {
      b->in_flash = true;
      const uint32_t lb = profile.flash.accelerator.line_bytes;
      for (size_t i = 0; i < b->insns.size(); ++i) {
        uint32_t o = uint32_t(off) + (b->insns[i].addr - addr);
        for (uint32_t line = o / lb; line <= (o + b->insns[i].size - 1) / lb; ++line)
          if (b->lines.empty() || b->lines.back().first != line) b->lines.push_back({line, uint32_t(i)});
      }
    }
    if (opt.cycle_model && b->has_div) {
      bool added = false;
      for (const auto& d : b->insns)
        if (d.is_div && !div_insns.count(d.addr)) {
          add_div_hook(d);
          added = true;
        }
      // The block was translated before the hook existed: drop it so the
      // next execution is translated with the hook (this one uses the minimum).
      if (added) uc_ctl_remove_cache(uc, addr, uint64_t(addr) + size);
    }
    auto* raw = b.get();
    blocks[addr] = std::move(b);
    return raw;
  }

  static bool literal(void* ctx, uint32_t addr, uint32_t* v) {
    auto* s = static_cast<Impl*>(ctx);
    uint8_t* p = s->host(addr, 4);
    if (!p || s->flash_offset(addr) < 0) return false;  // literal pools live in flash (constant)
    std::memcpy(v, p, 4);
    return true;
  }

  void add_div_hook(const DecodedInsn& d) {
    div_insns[d.addr] = d;
    uc_hook h;
    uc_hook_add(uc, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&Impl::on_divide), this, d.addr, d.addr);
  }

  void enter_block(uint32_t addr, uint32_t size) {
    if (stopping) return;
    if (opt.cycle_model && prev && prev->conditional_end && addr != prev->fallthrough) cycles += prev->taken_penalty;
    const DecodedBlock* b = block_at(addr, size);
    if (!b) {
      fail(fmt::format("cannot read code at pc=0x{:08x} ({})", addr, layer_text()));
      return;
    }
    if (!profile.fpu && b->uses_fp) {
      cur = b;
      fail(fmt::format("floating-point instruction near pc=0x{:08x} but {} has no FPU ({}) (build the firmware with "
                       "-mfloat-abi=soft for this MCU)",
                       addr, profile.name, layer_text()));
      return;
    }
    if (insns + b->insns.size() > opt.max_instructions) {
      fail(fmt::format("instruction budget of {} exhausted at pc=0x{:08x} ({}) (raise --max-instructions or fix the loop)",
                       opt.max_instructions, addr, layer_text()));
      return;
    }
    cur_start = {cycles, insns, stalls};
    cur_extra_cycles = cur_extra_stalls = 0;
    mmio_cursor = 0;
    cur = b;
    if (opt.cycle_model) {
      uint64_t stall = 0;
      line_stall_cum.clear();
      if (b->in_flash && accel.wait_states()) {
        line_stall_cum.resize(b->lines.size());
        for (size_t k = 0; k < b->lines.size(); ++k) {
          stall += accel.fetch(b->lines[k].first, cycles + b->prefix[b->lines[k].second] + stall);
          line_stall_cum[k] = stall;
        }
      }
      cycles += b->static_cycles + stall;
      stalls += stall;
    } else {
      cycles += b->insns.size();
    }
    insns += b->insns.size();
    uint32_t sp = reg(13);
    uint32_t deepest = uint32_t(int64_t(sp) + b->sp_min_delta);
    if (deepest < min_sp) min_sp = deepest;
    prev = b;
    if (opt.max_cycles && cycles > opt.max_cycles)
      fail(fmt::format("cycle budget of {} exhausted at pc=0x{:08x} ({}) (raise the cycle budget or fix the loop)",
                       opt.max_cycles, addr, layer_text()));
  }

  // ---------- hooks ----------
  static void on_block(uc_engine*, uint64_t address, uint32_t size, void* user) {
    static_cast<Impl*>(user)->enter_block(uint32_t(address), size);
  }

  static void on_every_instruction(uc_engine*, uint64_t address, uint32_t, void* user) {
    auto* s = static_cast<Impl*>(user);
    ++s->hooked_instructions;
    s->hooked_pc = uint32_t(address);
  }

  static void on_divide(uc_engine*, uint64_t address, uint32_t, void* user) {
    auto* s = static_cast<Impl*>(user);
    auto it = s->div_insns.find(uint32_t(address));
    if (it == s->div_insns.end() || s->stopping) return;
    const DecodedInsn& d = it->second;
    uint32_t n = s->reg(d.rn), m = s->reg(d.rm);
    if (d.div_signed) {
      n = int32_t(n) < 0 ? uint32_t(-int64_t(int32_t(n))) : n;
      m = int32_t(m) < 0 ? uint32_t(-int64_t(int32_t(m))) : m;
    }
    uint32_t c = s->timing.divide_cycles(n, m);
    uint32_t base = s->timing.of(InsnClass::Div).cycles;
    if (c > base) {
      s->cycles += c - base;
      s->cur_extra_cycles += c - base;
    }
  }

  static void on_flash_read(uc_engine*, uc_mem_type, uint64_t address, int, int64_t, void* user) {
    auto* s = static_cast<Impl*>(user);
    int64_t off = s->flash_offset(uint32_t(address));
    if (off < 0 || s->stopping) return;
    uint32_t st = s->accel.data_read(uint32_t(off) / s->profile.flash.accelerator.line_bytes);
    s->cycles += st;
    s->stalls += st;
    s->cur_extra_cycles += st;
    s->cur_extra_stalls += st;
  }

  static bool on_invalid(uc_engine*, uc_mem_type type, uint64_t address, int size, int64_t, void* user) {
    auto* s = static_cast<Impl*>(user);
    const bool write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
    const bool fetch = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
    uint32_t pc = uint32_t(address);
    if (!fetch) {
      int idx = s->resolve(uint32_t(address), write);
      pc = idx >= 0 ? s->cur->insns[size_t(idx)].addr : s->reg(15);
    }
    std::string what;
    std::string fix = "check pointers and array bounds, and that the firmware is linked for this MCU's memory map";
    switch (type) {
      case UC_MEM_READ_UNMAPPED: what = fmt::format("read of {} bytes from unmapped address", size); break;
      case UC_MEM_WRITE_UNMAPPED: what = fmt::format("write of {} bytes to unmapped address", size); break;
      case UC_MEM_FETCH_UNMAPPED: what = "instruction fetch from unmapped address"; break;
      case UC_MEM_WRITE_PROT:
        what = fmt::format("write of {} bytes to read-only flash at", size);
        fix = "put writable data in RAM (.data/.bss), flash is read-only";
        break;
      case UC_MEM_FETCH_PROT: what = "instruction fetch from non-executable memory at"; break;
      default: what = "invalid memory access at"; break;
    }
    s->fail(fmt::format("{} 0x{:08x}, pc=0x{:08x} ({}) ({})", what, uint32_t(address), pc, s->layer_text(), fix));
    return false;
  }

  static void on_interrupt(uc_engine*, uint32_t intno, void* user) {
    auto* s = static_cast<Impl*>(user);
    if (s->stopping) return;
    if (intno == 7) {  // EXCP_BKPT
      uint32_t addr = (s->cur && s->cur->ends_with_bkpt) ? s->cur->insns.back().addr : s->reg(15);
      uint8_t imm = (s->cur && s->cur->ends_with_bkpt) ? s->cur->bkpt_imm : 0;
      if (imm == semihosting::kBkptImm) {
        s->semihost(addr);
      } else {
        s->exited = true;
        s->exit_code = imm;
        s->stopping = true;
        uc_emu_stop(s->uc);
      }
      return;
    }
    uint32_t pc = s->reg(15);
    s->fail(fmt::format("{} at pc=0x{:08x} ({}) (the firmware hit a fault; TinySim stops instead of entering the "
                        "HardFault handler)",
                        exception_name(intno), pc, s->layer_text()));
  }

  static uint64_t on_sys_read(uc_engine*, uint64_t offset, unsigned, void* user) {
    auto* s = static_cast<Impl*>(user);
    uint32_t addr = kSysBase + uint32_t(offset);
    if (addr == kDwtCyccnt) {
      int idx = s->resolve(addr, false);
      return s->cyccnt(s->at(idx).cycles);
    }
    s->resolve(addr, false);
    if (addr == kDwtCtrl) return s->dwt_ctrl | (4u << 28);  // NUMCOMP = 4 as on a Cortex-M4
    if (addr < kItmPort0 + 0x100) return 1;                 // stimulus port FIFO ready
    if (addr == kItmTer) return 0xFFFFFFFF;
    if (addr == kItmTcr) return 1;                          // ITMENA
    if (addr == kCpuid) return 0x410FC241;                  // Cortex-M4 r0p1
    auto it = s->sysregs.find(addr & ~3u);
    return it == s->sysregs.end() ? 0 : it->second;
  }

  static void on_sys_write(uc_engine*, uint64_t offset, unsigned size, uint64_t value, void* user) {
    auto* s = static_cast<Impl*>(user);
    uint32_t addr = kSysBase + uint32_t(offset);
    uint32_t v = uint32_t(value);
    if (addr == kItmPort0) {
      s->resolve(addr, true);
      s->out(std::string(1, char(v & 0xFF)));
    } else if (addr == kItmPort1) {
      int idx = s->resolve(addr, true);
      s->marker(size == 4 ? v : v & ((1u << (8 * size)) - 1), s->at(idx));
    } else if (addr == kDwtCtrl) {
      int idx = s->resolve(addr, true);
      uint64_t now = s->at(idx).cycles;
      uint32_t current = s->cyccnt(now);
      s->dwt_ctrl = v;
      s->cyccnt_base = current;
      s->cyccnt_since = now;
    } else if (addr == kDwtCyccnt) {
      int idx = s->resolve(addr, true);
      s->cyccnt_base = v;
      s->cyccnt_since = s->at(idx).cycles;
    } else {
      s->resolve(addr, true);
      s->sysregs[addr & ~3u] = v;  // DEMCR, CPACR, ITM lock/enable, ...: accepted
    }
  }

  uint32_t cyccnt(uint64_t now) const {
    if (!(dwt_ctrl & 1)) return cyccnt_base;
    return uint32_t(cyccnt_base + (now - cyccnt_since));
  }

  void out(const std::string& text) {
    console += text;
    if (opt.echo_console) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    }
  }

  void marker(uint32_t value, Stamp t) {
    if (layer_open)
      layers.push_back({open_layer, t.cycles - layer_start.cycles, t.insns - layer_start.insns, t.stalls - layer_start.stalls});
    if (value == kEndOfInference) {
      layer_open = false;
      if (have_first_marker && !inference_ended) {
        inference_ended = true;
        inference_end = t;
      }
      return;
    }
    if (!have_first_marker) {
      have_first_marker = true;
      first_marker = t;
    }
    layer_open = true;
    open_layer = int(int32_t(value));
    layer_start = t;
  }

  // ---------- semihosting ----------
  void semihost(uint32_t bkpt_addr) {
    using namespace semihosting;
    uint32_t op = reg(0), arg = reg(1);
    int64_t ret = 0;
    auto word = [&](uint32_t i) { return read32(arg + 4 * i); };
    switch (op) {
      case kWriteC: {
        uint8_t c = 0;
        uc_mem_read(uc, arg, &c, 1);
        out(std::string(1, char(c)));
        break;
      }
      case kWrite0: out(read_string(arg)); break;
      case kWrite: {
        uint32_t fd = word(0), buf = word(1), len = word(2);
        if (fd == kHandleStdout || fd == kHandleStderr || fd == 1 || fd == 2) {
          std::string s(len, '\0');
          if (len && uc_mem_read(uc, buf, s.data(), len) != UC_ERR_OK) {
            ret = len;
            break;
          }
          out(s);
          ret = 0;  // bytes not written
        } else {
          ret = len;
        }
        break;
      }
      case kOpen: {
        std::string name = read_string(word(0), word(2) + 1);
        uint32_t mode = word(1);
        if (name == ":tt") ret = mode < 4 ? kHandleStdin : mode < 8 ? kHandleStdout : kHandleStderr;
        else if (name == ":semihosting-features") {
          ret = kHandleFeatures;
          features_pos = 0;
        } else {
          ret = -1;
          sh_errno = 2;  // ENOENT: no host file system
        }
        break;
      }
      case kClose: ret = 0; break;
      case kIsTty: ret = (arg == kHandleStdin || arg == kHandleStdout || arg == kHandleStderr) ? 1 : 0; break;
      case kFlen: ret = word(0) == kHandleFeatures ? int64_t(sizeof(kFeatures)) : -1; break;
      case kSeek:
        if (word(0) == kHandleFeatures) features_pos = word(1);
        ret = 0;
        break;
      case kRead: {
        uint32_t fd = word(0), buf = word(1), len = word(2);
        if (fd == kHandleFeatures) {
          uint32_t n = 0;
          while (n < len && features_pos < sizeof(kFeatures)) {
            uc_mem_write(uc, buf + n, &kFeatures[features_pos], 1);
            ++n;
            ++features_pos;
          }
          ret = len - n;
        } else {
          ret = len;  // stdin: end of file
        }
        break;
      }
      case kErrno: ret = sh_errno; break;
      case kIsError: ret = int32_t(word(0)) < 0 ? 1 : 0; break;
      case kHeapInfo: {
        // Zeros tell newlib's crt0 to use the linker script's __stack / end.
        uint32_t block = read32(arg), zero[4] = {0, 0, 0, 0};
        uc_mem_write(uc, block, zero, sizeof zero);
        ret = 0;
        break;
      }
      case kGetCmdline: {
        uint8_t z = 0;
        uc_mem_write(uc, word(0), &z, 1);
        uint32_t zero = 0;
        uc_mem_write(uc, arg + 4, &zero, 4);
        ret = 0;
        break;
      }
      case kClock: ret = int64_t(at(int(cur ? cur->insns.size() - 1 : 0)).cycles * 100 / profile.clock_hz); break;
      case kTime: ret = int64_t(cycles / profile.clock_hz); break;
      case kElapsed: {
        uint64_t c = cycles;
        uc_mem_write(uc, arg, &c, 8);
        ret = 0;
        break;
      }
      case kTickFreq: ret = int64_t(profile.clock_hz); break;
      case kExit:
        exited = true;
        exit_code = arg == kApplicationExit ? 0 : 1;
        break;
      case kExitExtended:
        exited = true;
        exit_code = word(0) == kApplicationExit ? int(int32_t(word(1))) : 1;
        break;
      default: ret = -1; break;
    }
    if (exited) {
      stopping = true;
      uc_emu_stop(uc);
      return;
    }
    set_reg(0, uint32_t(ret));
    set_reg(15, (bkpt_addr + 2) | 1);
  }

  // ---------- set-up ----------
  void map_memory() {
    auto check = [&](uc_err e, const std::string& what) {
      if (e != UC_ERR_OK) throw Error(profile.path, fmt::format("cannot map {} ({})", what, uc_strerror(e)), "fix the profile's memory map");
    };
    flash = static_cast<uint8_t*>(std::aligned_alloc(4096, profile.flash.size));
    ram = static_cast<uint8_t*>(std::aligned_alloc(4096, profile.ram.size));
    if (!flash || !ram) throw Error("out of memory allocating the emulated flash/RAM");
    std::memset(flash, 0xFF, profile.flash.size);  // erased flash
    std::memset(ram, 0, profile.ram.size);
    check(uc_mem_map_ptr(uc, profile.flash.base, profile.flash.size, UC_PROT_READ | UC_PROT_EXEC, flash), "flash");
    for (uint32_t a : profile.flash.aliases)
      check(uc_mem_map_ptr(uc, a, profile.flash.size, UC_PROT_READ | UC_PROT_EXEC, flash), fmt::format("flash alias 0x{:08x}", a));
    check(uc_mem_map_ptr(uc, profile.ram.base, profile.ram.size, UC_PROT_ALL, ram), "RAM");
    check(uc_mmio_map(uc, kSysBase, kSysSize, &Impl::on_sys_read, this, &Impl::on_sys_write, this), "system region 0xE0000000");
  }

  void install_hooks() {
    uc_hook h;
    uc_hook_add(uc, &h, UC_HOOK_BLOCK, reinterpret_cast<void*>(&Impl::on_block), this, 1, 0);
    uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&Impl::on_interrupt), this, 1, 0);
    uc_hook_add(uc, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&Impl::on_invalid), this, 1, 0);
    if (opt.per_instruction_hook)
      uc_hook_add(uc, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&Impl::on_every_instruction), this, 1, 0);
    if (opt.cycle_model && profile.flash.wait_states) {
      uc_hook_add(uc, &h, UC_HOOK_MEM_READ, reinterpret_cast<void*>(&Impl::on_flash_read), this, profile.flash.base,
                  uint64_t(profile.flash.base) + profile.flash.size - 1);
      for (uint32_t a : profile.flash.aliases)
        uc_hook_add(uc, &h, UC_HOOK_MEM_READ, reinterpret_cast<void*>(&Impl::on_flash_read), this, a,
                    uint64_t(a) + profile.flash.size - 1);
    }
  }

  void reset_run_state() {
    cycles = insns = stalls = 0;
    cur = prev = nullptr;
    cur_start = {};
    cur_extra_cycles = cur_extra_stalls = 0;
    line_stall_cum.clear();
    mmio_cursor = 0;
    stopping = exited = false;
    exit_code = 0;
    fault.reset();
    console.clear();
    layers.clear();
    layer_open = have_first_marker = inference_ended = false;
    dwt_ctrl = cyccnt_base = 0;
    cyccnt_since = 0;
    sysregs.clear();
    sh_errno = features_pos = 0;
    hooked_instructions = 0;
    mmio_mismatches = 0;
    accel.reset();
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
    initial_sp = min_sp = sp0;
    std::vector<uint8_t> ram_before(ram, ram + profile.ram.size);

    for (int r = 0; r < 13; ++r) set_reg(r, 0);
    set_reg(13, sp0);
    set_reg(14, 0xFFFFFFFF);
    uint32_t zero = 0;
    uc_reg_write(uc, UC_ARM_REG_CONTROL, &zero);
    uc_reg_write(uc, UC_ARM_REG_FPSCR, &zero);
    uc_err err = uc_emu_start(uc, reset | 1, 0xFFFFFFFF, 0, 0);
    if (fault) throw Error(firmware, *fault);
    if (!exited) {
      uint32_t pc = reg(15);
      if (err == UC_ERR_INSN_INVALID || err == UC_ERR_EXCEPTION)
        throw Error(firmware, fmt::format("undefined or unsupported instruction at pc=0x{:08x} ({})", pc, layer_text()),
                    "the firmware executed data or an instruction a Cortex-M4 does not have");
      if (err != UC_ERR_OK)
        throw Error(firmware, fmt::format("emulation fault: {} at pc=0x{:08x} ({})", uc_strerror(err), pc, layer_text()),
                    "check the firmware");
      throw Error(firmware, fmt::format("execution stopped at pc=0x{:08x} without a semihosting exit ({})", pc, layer_text()),
                  "end main() with exit() or a semihosting SYS_EXIT");
    }

    RunResult r;
    r.exit_code = exit_code;
    r.cycles = cycles;
    r.instructions = insns;
    r.flash_stall_cycles = stalls;
    Stamp final{cycles, insns, stalls};
    if (layer_open) marker(kEndOfInference, final), inference_ended = false;
    r.layers = layers;
    if (have_first_marker) {
      Stamp end = inference_ended ? inference_end : final;
      r.inference_cycles = end.cycles - first_marker.cycles;
      r.inference_instructions = end.insns - first_marker.insns;
      r.inference_flash_stall_cycles = end.stalls - first_marker.stalls;
    }
    r.inference_ended = inference_ended;
    r.stack_high_water_bytes = initial_sp > min_sp ? initial_sp - min_sp : 0;
    uint32_t changed = 0;
    for (size_t i = 0; i < profile.ram.size; ++i) changed += ram[i] != ram_before[i];
    r.ram_touched_bytes = changed;
    r.static_ram_bytes = elf ? uint32_t(elf->static_ram_bytes()) : 0;
    r.console = console;
    r.hooked_instructions = hooked_instructions;
    r.mmio_attribution_mismatches = mmio_mismatches;
    return r;
  }

  ElfInfo load_elf(const std::string& path) {
    ElfInfo info = read_elf(path);
    for (const auto& seg : info.segments) {
      uint8_t* p = host(seg.paddr, seg.memsz);
      if (!p)
        throw Error(path, fmt::format("segment at 0x{:08x} ({} bytes) lies outside flash 0x{:08x}+{} and RAM 0x{:08x}+{} of {}",
                                      seg.paddr, seg.memsz, profile.flash.base, profile.flash.size, profile.ram.base,
                                      profile.ram.size, profile.name),
                    "link the firmware for this MCU (flash at 0x00000000, RAM at 0x20000000) or pick a larger profile");
      if (!seg.bytes.empty()) std::memcpy(p, seg.bytes.data(), seg.bytes.size());
      std::memset(p + seg.bytes.size(), 0, seg.memsz - seg.bytes.size());
      invalidate(seg.paddr, seg.memsz);
      if (opt.cycle_model && seg.executable)
        for (uint32_t a : decoder->find_divides(seg.paddr, seg.bytes.data(), seg.bytes.size()))
          if (!div_insns.count(a)) {
            // Decode the one divide properly for its operands.
            uint8_t code[4];
            std::memcpy(code, p + (a - seg.paddr), 4);
            DecodedBlock one = decoder->decode(a, code, 4);
            if (!one.insns.empty() && one.insns[0].is_div) add_div_hook(one.insns[0]);
          }
      if (seg.vaddr >= profile.ram.base && seg.vaddr - profile.ram.base < profile.ram.size)
        static_ram_end = std::max(static_ram_end, seg.vaddr + seg.memsz);
    }
    firmware = path;
    elf = info;
    loaded = true;
    return info;
  }

  void invalidate(uint32_t addr, size_t size) {
    uc_ctl_remove_cache(uc, addr, uint64_t(addr) + size);
    for (auto it = blocks.begin(); it != blocks.end();) {
      if (it->second->addr < addr + size && addr < it->second->addr + it->second->size) {
        uc_ctl_remove_cache(uc, it->second->addr, uint64_t(it->second->addr) + it->second->size);
        it = blocks.erase(it);
      } else {
        ++it;
      }
    }
  }
};

Emulator::Emulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Emulator::~Emulator() = default;

Result<std::unique_ptr<Emulator>> Emulator::create(const McuProfile& profile, const EmuOptions& options) {
  return capture([&]() -> std::unique_ptr<Emulator> {
    TimingTable table = load_timing_table(options.timing_table.empty() ? default_timing_table_path() : options.timing_table);
    auto impl = std::make_unique<Impl>(profile, options, std::move(table));
    impl->decoder = std::make_unique<BlockDecoder>(impl->timing);
    uc_err e = uc_open(UC_ARCH_ARM, uc_mode(UC_MODE_THUMB | UC_MODE_MCLASS), &impl->uc);
    if (e != UC_ERR_OK) throw Error(fmt::format("unicorn: cannot open an ARM M-class engine ({})", uc_strerror(e)));
    e = uc_ctl_set_cpu_model(impl->uc, UC_CPU_ARM_CORTEX_M4);
    if (e != UC_ERR_OK) throw Error(fmt::format("unicorn: cannot select the Cortex-M4 model ({})", uc_strerror(e)));
    impl->map_memory();
    impl->install_hooks();
    return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
  });
}

Result<ElfInfo> Emulator::load_elf(const std::string& path) {
  return capture([&] { return impl_->load_elf(path); });
}

bool Emulator::write_memory(uint32_t addr, const void* data, size_t size) {
  uint8_t* p = impl_->host(addr, size);
  if (!p) return false;
  std::memcpy(p, data, size);
  impl_->invalidate(addr, size);
  impl_->loaded = true;
  return true;
}

bool Emulator::read_memory(uint32_t addr, void* data, size_t size) {
  if (uint8_t* p = impl_->host(addr, size)) {
    std::memcpy(data, p, size);
    return true;
  }
  return uc_mem_read(impl_->uc, addr, data, size) == UC_ERR_OK;
}

Result<RunResult> Emulator::run() {
  return capture([&] { return impl_->run(); });
}

const McuProfile& Emulator::profile() const { return impl_->profile; }
const EmuOptions& Emulator::options() const { return impl_->opt; }

}  // namespace tinysim::emu
