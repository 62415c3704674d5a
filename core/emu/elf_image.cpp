#include "core/emu/elf_image.h"

#include <fmt/core.h>

#include <cstring>

#include "core/common/error.h"
#include "core/common/input_file.h"

namespace tinysim::emu {

namespace {

// ELF32 constants (System V ABI, ARM ELF supplement).
constexpr uint16_t kEtExec = 2, kEmArm = 40;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfX = 1;
constexpr uint32_t kShtSymtab = 2, kShtNobits = 8;
constexpr uint32_t kShfWrite = 1, kShfAlloc = 2, kShfExec = 4;

struct Reader {
  const std::vector<uint8_t>& b;
  const std::string& path;
  uint32_t u32(uint64_t off) const {
    need(off, 4);
    uint32_t v;
    std::memcpy(&v, b.data() + off, 4);
    return v;
  }
  uint16_t u16(uint64_t off) const {
    need(off, 2);
    uint16_t v;
    std::memcpy(&v, b.data() + off, 2);
    return v;
  }
  void need(uint64_t off, uint64_t n) const {
    if (off + n > b.size())
      throw Error(path, fmt::format("truncated ELF (needs byte {} of {})", off + n, b.size()), "rebuild the firmware");
  }
};

}  // namespace

const ElfSymbol* ElfInfo::find_symbol(const std::string& name) const {
  for (const auto& s : symbols)
    if (s.name == name) return &s;
  return nullptr;
}

std::optional<uint32_t> ElfInfo::symbol_address(const std::string& name) const {
  const ElfSymbol* s = find_symbol(name);
  if (!s) return std::nullopt;
  return s->is_function ? (s->addr & ~1u) : s->addr;
}

ElfInfo read_elf(const std::string& path) {
  // Firmware for a Cortex-M4 is at most a few MiB even with debug info.
  std::vector<uint8_t> b = read_input_file(path, "firmware ELF", "pass the linked firmware (.elf)", uint64_t(256) << 20);
  Reader r{b, path};
  if (b.size() < 52 || std::memcmp(b.data(), "\x7f" "ELF", 4) != 0)
    throw Error(path, "not an ELF file", "pass the linked firmware (.elf), not a .bin or .hex");
  if (b[4] != 1 || b[5] != 1)
    throw Error(path, "not a 32-bit little-endian ELF", "build with arm-none-eabi-gcc for a Cortex-M4");
  if (r.u16(18) != kEmArm) throw Error(path, "ELF machine is not ARM", "build with arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb");
  if (r.u16(16) != kEtExec) throw Error(path, "ELF is not an executable (an object file or shared library?)", "link the firmware");

  ElfInfo info;
  info.path = path;
  info.entry = r.u32(24);
  const uint32_t phoff = r.u32(28), shoff = r.u32(32);
  const uint16_t phentsize = r.u16(42), phnum = r.u16(44), shentsize = r.u16(46), shnum = r.u16(48);

  for (uint16_t i = 0; i < phnum; ++i) {
    uint64_t ph = uint64_t(phoff) + uint64_t(i) * phentsize;
    r.need(ph, 32);
    if (r.u32(ph) != kPtLoad) continue;
    uint32_t offset = r.u32(ph + 4), vaddr = r.u32(ph + 8), paddr = r.u32(ph + 12);
    uint32_t filesz = r.u32(ph + 16), memsz = r.u32(ph + 20), flags = r.u32(ph + 24);
    if (memsz == 0) continue;
    if (filesz > memsz) throw Error(path, fmt::format("segment {} has filesz > memsz", i), "rebuild the firmware");
    r.need(offset, filesz);
    ElfSegment seg;
    seg.paddr = paddr;
    seg.vaddr = vaddr;
    seg.memsz = memsz;
    seg.executable = flags & kPfX;
    seg.bytes.assign(b.begin() + offset, b.begin() + offset + filesz);
    info.segments.push_back(std::move(seg));
  }
  if (info.segments.empty()) throw Error(path, "ELF has no loadable segments", "link the firmware with a linker script");

  if (shoff && shnum) {
    auto sh = [&](uint32_t k) { return uint64_t(shoff) + uint64_t(k) * shentsize; };
    r.need(sh(shnum - 1), 40);
    for (uint16_t i = 0; i < shnum; ++i) {
      uint32_t type = r.u32(sh(i) + 4), flags = r.u32(sh(i) + 8), size = r.u32(sh(i) + 20);
      if (flags & kShfAlloc) {
        if (flags & kShfExec) info.text_bytes += size;
        else if (type == kShtNobits) info.bss_bytes += size;
        else if (flags & kShfWrite) info.data_bytes += size;
        else info.rodata_bytes += size;
      }
      if (type == kShtSymtab) {
        uint32_t symoff = r.u32(sh(i) + 16), entsize = r.u32(sh(i) + 36), link = r.u32(sh(i) + 24);
        if (link >= shnum || entsize < 16) continue;
        uint32_t stroff = r.u32(sh(link) + 16), strsize = r.u32(sh(link) + 20);
        r.need(stroff, strsize);
        for (uint64_t s = symoff + entsize; s + 16 <= uint64_t(symoff) + size; s += entsize) {
          uint32_t name = r.u32(s), value = r.u32(s + 4), ssize = r.u32(s + 8);
          uint8_t stinfo = b.at(s + 12);
          uint8_t stype = stinfo & 0xF;
          if (name == 0 || name >= strsize || stype > 2) continue;  // NOTYPE, OBJECT, FUNC only
          const char* nm = reinterpret_cast<const char*>(b.data() + stroff + name);
          size_t len = strnlen(nm, strsize - name);
          if (len == 0 || nm[0] == '$') continue;  // ARM mapping symbols ($t, $d)
          info.symbols.push_back({std::string(nm, len), value, ssize, stype == 2});
        }
      }
    }
  }
  return info;
}

}  // namespace tinysim::emu
