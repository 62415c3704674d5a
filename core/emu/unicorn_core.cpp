#include "core/emu/unicorn_core.h"

#include <fmt/core.h>
#include <unicorn/unicorn.h>

namespace tinysim::emu {

namespace {

constexpr int kUcReg[16] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,  UC_ARM_REG_R4, UC_ARM_REG_R5,
                            UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8,  UC_ARM_REG_R9,  UC_ARM_REG_R10, UC_ARM_REG_R11,
                            UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR, UC_ARM_REG_PC};

CoreHandler& h(void* user) { return *static_cast<CoreHandler*>(user); }

void on_block(uc_engine*, uint64_t address, uint32_t size, void* user) { h(user).on_block(uint32_t(address), size); }
void on_code(uc_engine*, uint64_t address, uint32_t, void* user) { h(user).on_instruction(uint32_t(address)); }
void on_divide(uc_engine*, uint64_t address, uint32_t, void* user) { h(user).on_divide(uint32_t(address)); }
void on_flash_read(uc_engine*, uc_mem_type, uint64_t address, int, int64_t, void* user) {
  h(user).on_flash_read(uint32_t(address));
}
void on_interrupt(uc_engine*, uint32_t intno, void* user) { h(user).on_interrupt(intno); }
uint64_t on_sys_read(uc_engine*, uint64_t offset, unsigned, void* user) {
  return h(user).on_sys_read(kSysBase + uint32_t(offset));
}
void on_sys_write(uc_engine*, uint64_t offset, unsigned size, uint64_t value, void* user) {
  h(user).on_sys_write(kSysBase + uint32_t(offset), size, uint32_t(value));
}

bool on_invalid(uc_engine*, uc_mem_type type, uint64_t address, int size, int64_t, void* user) {
  InvalidAccess a;
  a.address = uint32_t(address);
  a.write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
  a.fetch = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
  a.fix = "check pointers and array bounds, and that the firmware is linked for this MCU's memory map";
  switch (type) {
    case UC_MEM_READ_UNMAPPED: a.what = fmt::format("read of {} bytes from unmapped address", size); break;
    case UC_MEM_WRITE_UNMAPPED: a.what = fmt::format("write of {} bytes to unmapped address", size); break;
    case UC_MEM_FETCH_UNMAPPED: a.what = "instruction fetch from unmapped address"; break;
    case UC_MEM_WRITE_PROT:
      a.what = fmt::format("write of {} bytes to read-only flash at", size);
      a.fix = "put writable data in RAM (.data/.bss), flash is read-only";
      break;
    case UC_MEM_FETCH_PROT: a.what = "instruction fetch from non-executable memory at"; break;
    default: a.what = "invalid memory access at"; break;
  }
  h(user).on_invalid(a);
  return false;
}

}  // namespace

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

UnicornCore::UnicornCore(const McuProfile& profile, const MemoryMap& mem, CoreHandler& handler, const CoreOptions& options)
    : handler_(handler) {
  uc_err e = uc_open(UC_ARCH_ARM, uc_mode(UC_MODE_THUMB | UC_MODE_MCLASS), &uc_);
  if (e != UC_ERR_OK) throw Error(fmt::format("unicorn: cannot open an ARM M-class engine ({})", uc_strerror(e)));
  e = uc_ctl_set_cpu_model(uc_, UC_CPU_ARM_CORTEX_M4);
  if (e != UC_ERR_OK) {
    uc_close(uc_);
    throw Error(fmt::format("unicorn: cannot select the Cortex-M4 model ({})", uc_strerror(e)));
  }
  auto check = [&](uc_err err, const std::string& what) {
    if (err != UC_ERR_OK) {
      uc_close(uc_);
      throw Error(profile.path, fmt::format("cannot map {} ({})", what, uc_strerror(err)), "fix the profile's memory map");
    }
  };
  check(uc_mem_map_ptr(uc_, profile.flash.base, profile.flash.size, UC_PROT_READ | UC_PROT_EXEC, mem.flash()), "flash");
  for (uint32_t a : profile.flash.aliases)
    check(uc_mem_map_ptr(uc_, a, profile.flash.size, UC_PROT_READ | UC_PROT_EXEC, mem.flash()), fmt::format("flash alias 0x{:08x}", a));
  check(uc_mem_map_ptr(uc_, profile.ram.base, profile.ram.size, UC_PROT_ALL, mem.ram()), "RAM");
  check(uc_mmio_map(uc_, kSysBase, kSysSize, on_sys_read, &handler_, on_sys_write, &handler_), "system region 0xE0000000");

  uc_hook hk;
  if (options.block_hook) uc_hook_add(uc_, &hk, UC_HOOK_BLOCK, reinterpret_cast<void*>(&on_block), &handler_, 1, 0);
  uc_hook_add(uc_, &hk, UC_HOOK_INTR, reinterpret_cast<void*>(&on_interrupt), &handler_, 1, 0);
  uc_hook_add(uc_, &hk, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&on_invalid), &handler_, 1, 0);
  if (options.per_instruction_hook) uc_hook_add(uc_, &hk, UC_HOOK_CODE, reinterpret_cast<void*>(&on_code), &handler_, 1, 0);
  if (options.flash_read_hook) {
    uc_hook_add(uc_, &hk, UC_HOOK_MEM_READ, reinterpret_cast<void*>(&on_flash_read), &handler_, profile.flash.base,
                uint64_t(profile.flash.base) + profile.flash.size - 1);
    for (uint32_t a : profile.flash.aliases)
      uc_hook_add(uc_, &hk, UC_HOOK_MEM_READ, reinterpret_cast<void*>(&on_flash_read), &handler_, a,
                  uint64_t(a) + profile.flash.size - 1);
  }
}

UnicornCore::~UnicornCore() {
  if (uc_) uc_close(uc_);
}

uint32_t UnicornCore::reg(int n) const {
  uint32_t v = 0;
  uc_reg_read(uc_, kUcReg[n], &v);
  return v;
}

void UnicornCore::set_reg(int n, uint32_t v) { uc_reg_write(uc_, kUcReg[n], &v); }

void UnicornCore::reset_core(uint32_t sp) {
  for (int r = 0; r < 13; ++r) set_reg(r, 0);
  set_reg(13, sp);
  set_reg(14, 0xFFFFFFFF);
  uint32_t zero = 0;
  uc_reg_write(uc_, UC_ARM_REG_CONTROL, &zero);
  uc_reg_write(uc_, UC_ARM_REG_FPSCR, &zero);
}

bool UnicornCore::read(uint32_t addr, void* out, size_t n) const { return uc_mem_read(uc_, addr, out, n) == UC_ERR_OK; }

void UnicornCore::hook_divide(uint32_t addr) {
  uc_hook hk;
  uc_hook_add(uc_, &hk, UC_HOOK_CODE, reinterpret_cast<void*>(&on_divide), &handler_, addr, addr);
}

void UnicornCore::drop_translations(uint32_t addr, uint64_t end) { uc_ctl_remove_cache(uc_, addr, end); }

int UnicornCore::start(uint32_t pc) { return uc_emu_start(uc_, pc, 0xFFFFFFFF, 0, 0); }

void UnicornCore::stop() { uc_emu_stop(uc_); }

const char* UnicornCore::error_text(int err) { return uc_strerror(uc_err(err)); }

bool UnicornCore::undefined_instruction(int err) { return err == UC_ERR_INSN_INVALID || err == UC_ERR_EXCEPTION; }

}  // namespace tinysim::emu
