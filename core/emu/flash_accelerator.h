// Flash wait states and the read accelerator in front of them (ST's ART,
// Atmel's CMCC, Nordic's I-cache), modelled at the granularity of one flash
// read (line_bytes). Small on purpose:
//   * a flash read takes wait_states + 1 cycles; the timing table already
//     counts the 1, so a demand miss stalls the core `wait_states` cycles;
//   * the interface keeps the line it read last (sequential code in one line
//     is free even with everything off);
//   * I-cache / D-cache: fully associative, LRU, icache_lines / dcache_lines
//     entries of one line each; 0 = no cache;
//   * prefetch: after an instruction line is delivered, the next line is read
//     in the background; it is ready wait_states cycles later, so code that
//     spends at least that long in a line never waits for the next.
// Instruction fetches and data reads (literal pools, weights in flash) use
// separate caches; prefetch applies to instruction fetches only.
#pragma once

#include <cstdint>
#include <vector>

#include "core/emu/mcu_profile.h"

namespace tinysim::emu {

// Fully associative LRU set of flash lines. Fixed arrays sized once: a
// line -> slot index over the whole flash and a doubly linked recency list
// over the slots, so a lookup, a hit and a miss (evicting the least recently
// used) are O(1) and never allocate.
class LruLines {
 public:
  LruLines(uint32_t capacity, uint32_t line_count);
  bool enabled() const { return capacity_ > 0; }
  bool contains(uint32_t line) const { return line < slot_of_.size() && slot_of_[line] != kNone; }
  // Looks up `line`; returns true on a hit. Inserts it on a miss.
  bool access(uint32_t line);
  void insert(uint32_t line);
  void clear();

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  void unlink(uint32_t s);
  void push_front(uint32_t s);

  uint32_t capacity_, used_ = 0;
  uint32_t head_ = kNone, tail_ = kNone;  // most / least recently used slot
  std::vector<uint32_t> slot_of_;         // line -> slot (kNone = not cached)
  std::vector<uint32_t> line_, prev_, next_;
};

class FlashModel {
 public:
  explicit FlashModel(const FlashSpec& flash);
  void reset();
  // Instruction fetch of `line` needed at cycle `now`: stall cycles.
  uint32_t fetch(uint32_t line, uint64_t now);
  // Data read of `line`: stall cycles (wait states on a D-cache miss, plus
  // the contention with instruction fetch every read pays).
  uint32_t data_read(uint32_t line);
  uint32_t wait_states() const { return ws_; }

 private:
  uint32_t ws_;
  uint32_t data_contention_;
  bool prefetch_;
  LruLines icache_, dcache_;
  int64_t current_line_ = -1;    // line held by the fetch buffer
  int64_t prefetch_line_ = -1;
  uint64_t prefetch_ready_ = 0;  // cycle at which prefetch_line_ is available
};

}  // namespace tinysim::emu
