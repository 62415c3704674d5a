#include "core/emu/flash_accelerator.h"

#include <algorithm>

namespace tinysim::emu {

bool LruLines::access(uint32_t line) {
  if (!capacity_) return false;
  auto it = where_.find(line);
  if (it != where_.end()) {
    it->second = ++clock_;
    return true;
  }
  insert(line);
  return false;
}

void LruLines::insert(uint32_t line) {
  if (!capacity_) return;
  if (where_.size() >= capacity_ && !where_.count(line)) {
    auto victim = std::min_element(where_.begin(), where_.end(), [](auto& a, auto& b) { return a.second < b.second; });
    where_.erase(victim);
  }
  where_[line] = ++clock_;
}

void LruLines::clear() {
  where_.clear();
  clock_ = 0;
}

FlashModel::FlashModel(const FlashSpec& flash)
    : ws_(flash.wait_states),
      prefetch_(flash.accelerator.prefetch),
      icache_(flash.accelerator.icache_lines),
      dcache_(flash.accelerator.dcache_lines) {}

void FlashModel::reset() {
  icache_.clear();
  dcache_.clear();
  current_line_ = prefetch_line_ = -1;
  prefetch_ready_ = 0;
}

uint32_t FlashModel::fetch(uint32_t line, uint64_t now) {
  if (ws_ == 0) return 0;
  if (int64_t(line) == current_line_) return 0;
  uint32_t stall;
  if (icache_.access(line)) {
    stall = 0;
  } else if (prefetch_ && int64_t(line) == prefetch_line_) {
    stall = prefetch_ready_ > now ? uint32_t(prefetch_ready_ - now) : 0;
  } else {
    stall = ws_;
  }
  current_line_ = line;
  if (prefetch_) {
    uint32_t next = line + 1;
    if (!icache_.contains(next) && prefetch_line_ != int64_t(next)) {
      prefetch_line_ = next;
      prefetch_ready_ = now + stall + ws_;
    }
  }
  return stall;
}

uint32_t FlashModel::data_read(uint32_t line) {
  if (ws_ == 0) return 0;
  return dcache_.access(line) ? 0 : ws_;
}

}  // namespace tinysim::emu
