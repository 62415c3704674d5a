#include "core/emu/semihosting.h"

#include <fmt/core.h>

#include <cstring>

namespace tinysim::emu {

namespace semihosting {
const char* op_name(uint32_t op) {
  switch (op) {
    case kOpen: return "SYS_OPEN";
    case kClose: return "SYS_CLOSE";
    case kWriteC: return "SYS_WRITEC";
    case kWrite0: return "SYS_WRITE0";
    case kWrite: return "SYS_WRITE";
    case kRead: return "SYS_READ";
    case kReadC: return "SYS_READC";
    case kIsError: return "SYS_ISERROR";
    case kIsTty: return "SYS_ISTTY";
    case kSeek: return "SYS_SEEK";
    case kFlen: return "SYS_FLEN";
    case kRemove: return "SYS_REMOVE";
    case kClock: return "SYS_CLOCK";
    case kTime: return "SYS_TIME";
    case kErrno: return "SYS_ERRNO";
    case kGetCmdline: return "SYS_GET_CMDLINE";
    case kHeapInfo: return "SYS_HEAPINFO";
    case kExit: return "SYS_EXIT";
    case kExitExtended: return "SYS_EXIT_EXTENDED";
    case kElapsed: return "SYS_ELAPSED";
    case kTickFreq: return "SYS_TICKFREQ";
    default: return "semihosting call";
  }
}
}  // namespace semihosting

using namespace semihosting;

namespace {
struct BadPointer {
  std::string what;
};
}  // namespace

const uint8_t* Semihosting::readable(uint32_t addr, uint64_t n, const char* what) const {
  if (n == 0) return nullptr;
  const uint8_t* p = n <= mem_.bytes_to_region_end(addr) ? mem_.host(addr, size_t(n)) : nullptr;
  if (!p)
    throw BadPointer{fmt::format("{} 0x{:08x} + {} bytes is outside mapped memory ({})", what, addr, n, mem_.describe())};
  return p;
}

uint8_t* Semihosting::writable(uint32_t addr, uint64_t n, const char* what) const {
  if (n == 0) return nullptr;
  uint8_t* p = n <= mem_.bytes_to_region_end(addr) ? mem_.ram_host(addr, size_t(n)) : nullptr;
  if (!p)
    throw BadPointer{fmt::format("{} 0x{:08x} + {} bytes is not writable RAM (RAM 0x{:08x}-0x{:08x})", what, addr, n,
                                 mem_.ram_spec().base, uint64_t(mem_.ram_spec().base) + mem_.ram_spec().size - 1)};
  return p;
}

// Word i of the parameter block at arg.
uint32_t Semihosting::word(uint32_t arg, uint32_t i) const {
  uint32_t v;
  std::memcpy(&v, readable(arg + 4 * i, 4, "parameter block"), 4);
  return v;
}

// A NUL-terminated string; the NUL must come before the end of its region.
std::string Semihosting::c_string(uint32_t addr) const {
  size_t room = mem_.bytes_to_region_end(addr);
  const uint8_t* p = room ? mem_.host(addr, room) : nullptr;
  if (!p) throw BadPointer{fmt::format("string pointer 0x{:08x} is outside mapped memory ({})", addr, mem_.describe())};
  const void* nul = std::memchr(p, 0, room);
  if (!nul) throw BadPointer{fmt::format("string at 0x{:08x} has no NUL before the end of its memory region", addr)};
  return std::string(reinterpret_cast<const char*>(p), static_cast<const uint8_t*>(nul) - p);
}

SemihostingOutcome Semihosting::call(uint32_t op, uint32_t arg, uint64_t clock_cycles, uint64_t now_cycles) {
  SemihostingOutcome out;
  try {
    int64_t ret = dispatch(op, arg, clock_cycles, now_cycles, out);
    if (out.kind == SemihostingOutcome::kReturn) out.r0 = uint32_t(ret);
  } catch (const BadPointer& bad) {
    out.kind = SemihostingOutcome::kFault;
    out.fault = fmt::format("semihosting {} (r1=0x{:08x}): {}", op_name(op), arg, bad.what);
  }
  return out;
}

int64_t Semihosting::dispatch(uint32_t op, uint32_t arg, uint64_t clock_cycles, uint64_t now_cycles, SemihostingOutcome& out) {
  auto w = [&](uint32_t i) { return word(arg, i); };
  auto is_console = [](uint32_t fd) { return fd == kHandleStdout || fd == kHandleStderr || fd == 1 || fd == 2; };
  switch (op) {
    case kWriteC:
      events_.console(std::string_view(reinterpret_cast<const char*>(readable(arg, 1, "character pointer")), 1));
      return 0;
    case kWrite0: {
      std::string s = c_string(arg);
      events_.console(s);
      return 0;
    }
    case kWrite: {
      uint32_t fd = w(0), buf = w(1), len = w(2);
      if (!is_console(fd)) return len;  // nothing written
      if (len) events_.console(std::string_view(reinterpret_cast<const char*>(readable(buf, len, "buffer")), len));
      return 0;  // bytes not written
    }
    case kOpen: {
      uint32_t name_ptr = w(0), mode = w(1), len = w(2);
      const uint8_t* p = readable(name_ptr, uint64_t(len) + 1, "file name");
      std::string name(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), len + 1));
      if (name == ":tt") return mode < 4 ? kHandleStdin : mode < 8 ? kHandleStdout : kHandleStderr;
      if (name == ":semihosting-features") {
        features_pos_ = 0;
        return kHandleFeatures;
      }
      errno_ = 2;  // ENOENT: no host file system
      return -1;
    }
    case kClose: return 0;
    // The handle is taken from r1 itself (not from a parameter block as the
    // specification says): kept as is, since newlib's buffering and so the
    // cycle counts of every firmware depend on this answer.
    case kIsTty: return (arg == kHandleStdin || arg == kHandleStdout || arg == kHandleStderr) ? 1 : 0;
    case kFlen: return w(0) == kHandleFeatures ? int64_t(sizeof(kFeatures)) : -1;
    case kSeek:
      if (w(0) == kHandleFeatures) features_pos_ = w(1);
      return 0;
    case kRead: {
      uint32_t fd = w(0), buf = w(1), len = w(2);
      uint8_t* dst = writable(buf, len, "buffer");
      if (fd != kHandleFeatures) return len;  // stdin: end of file
      uint32_t n = 0;
      while (n < len && features_pos_ < sizeof(kFeatures)) dst[n++] = kFeatures[features_pos_++];
      return len - n;
    }
    case kErrno: return errno_;
    case kIsError: return int32_t(w(0)) < 0 ? 1 : 0;
    case kHeapInfo: {
      // Zeros tell newlib's crt0 to use the linker script's __stack / end.
      std::memset(writable(w(0), 16, "heap info block"), 0, 16);
      return 0;
    }
    case kGetCmdline: {
      *writable(w(0), 1, "command line buffer") = 0;
      std::memset(writable(arg + 4, 4, "parameter block"), 0, 4);
      return 0;
    }
    case kClock: return int64_t(clock_cycles * 100 / clock_hz_);
    case kTime: return int64_t(now_cycles / clock_hz_);
    case kElapsed:
      std::memcpy(writable(arg, 8, "tick count block"), &now_cycles, 8);
      return 0;
    case kTickFreq: return int64_t(clock_hz_);
    case kExit:  // AArch32: r1 is the reason code itself
      out.kind = SemihostingOutcome::kExit;
      out.exit_code = arg == kApplicationExit ? 0 : 1;
      return 0;
    case kExitExtended: {
      uint32_t reason = w(0), code = w(1);
      out.kind = SemihostingOutcome::kExit;
      out.exit_code = reason == kApplicationExit ? int(int32_t(code)) : 1;
      return 0;
    }
    default: return -1;
  }
}

}  // namespace tinysim::emu
