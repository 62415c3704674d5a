#include "core/emu/access_locator.h"

namespace tinysim::emu {

// A candidate whose address registers are rewritten before the next matching
// candidate most likely ran with other values: the later one wins.
int AccessLocator::resolve(uint32_t address, bool write) {
  int first = match_from(cursor_, address, write);
  if (first < 0) {
    if (checking_) ++mismatches_;
    return -1;
  }
  const DecodedBlock& b = cur_->d;
  int chosen = first;
  for (;;) {
    if (b.insns[size_t(chosen)].static_ea_known) break;  // exact
    int next = match_from(size_t(chosen) + 1, address, write);
    if (next < 0) break;
    const DecodedInsn& c = b.insns[size_t(chosen)];
    uint32_t regs = (c.base < 15 ? 1u << c.base : 0) | (c.index < 15 ? 1u << c.index : 0);
    bool rewritten = false;
    for (int k = chosen + 1; k < next; ++k) rewritten |= (b.writes[size_t(k)] & regs) != 0;
    if (!rewritten) break;
    chosen = next;
  }
  const DecodedInsn& d = b.insns[size_t(chosen)];
  if (checking_ && d.addr != hooked_pc_) ++mismatches_;
  bool stays = d.mem == DecodedInsn::Mem::Multiple || d.cls == InsnClass::LoadPair || d.cls == InsnClass::StorePair;
  cursor_ = stays ? size_t(chosen) : size_t(chosen) + 1;
  return chosen;
}

int AccessLocator::match_from(size_t from, uint32_t address, bool write) const {
  if (!cur_) return -1;
  const DecodedBlock& b = cur_->d;
  for (size_t i = from; i < b.insns.size(); ++i) {
    const DecodedInsn& d = b.insns[i];
    if (d.mem == DecodedInsn::Mem::None || d.base == 0xFF) continue;
    if (d.mem == DecodedInsn::Mem::Load && write) continue;
    if (d.mem == DecodedInsn::Mem::Store && !write) continue;
    if (d.static_ea_known) {
      if (address >= d.static_ea && address < d.static_ea + 8) return int(i);
      continue;
    }
    uint32_t base = d.base == 15 ? ((d.addr + 4) & ~3u) : core_.reg(d.base);
    if (d.mem == DecodedInsn::Mem::Multiple) {
      uint32_t span = 4u * (d.nregs + 1);
      if (address + span >= base && address < base + span) return int(i);
      continue;
    }
    uint32_t ea = base;
    if (!d.post_index) {
      int64_t off = d.disp;
      if (d.index != 0xFF) {
        uint32_t iv = core_.reg(d.index) << d.shift;
        off += d.subtracted ? -int64_t(iv) : int64_t(iv);
      }
      ea = uint32_t(int64_t(base) + off);
    }
    if (address >= ea && address < ea + 8) return int(i);
  }
  return -1;
}

}  // namespace tinysim::emu
