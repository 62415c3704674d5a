#include "core/emu/flash_accelerator.h"

namespace tinysim::emu {

LruLines::LruLines(uint32_t capacity, uint32_t line_count) : capacity_(capacity) {
  if (!capacity_) return;
  slot_of_.assign(size_t(line_count) + 1, kNone);  // +1: the prefetcher asks about the line after the last
  line_.assign(capacity_, kNone);
  prev_.assign(capacity_, kNone);
  next_.assign(capacity_, kNone);
}

void LruLines::unlink(uint32_t s) {
  if (prev_[s] != kNone) next_[prev_[s]] = next_[s];
  else head_ = next_[s];
  if (next_[s] != kNone) prev_[next_[s]] = prev_[s];
  else tail_ = prev_[s];
}

void LruLines::push_front(uint32_t s) {
  prev_[s] = kNone;
  next_[s] = head_;
  if (head_ != kNone) prev_[head_] = s;
  head_ = s;
  if (tail_ == kNone) tail_ = s;
}

bool LruLines::access(uint32_t line) {
  if (!capacity_) return false;
  if (contains(line)) {
    uint32_t s = slot_of_[line];
    if (s != head_) {
      unlink(s);
      push_front(s);
    }
    return true;
  }
  insert(line);
  return false;
}

void LruLines::insert(uint32_t line) {
  if (!capacity_ || line >= slot_of_.size()) return;
  if (slot_of_[line] != kNone) {  // already cached: becomes the most recent
    access(line);
    return;
  }
  uint32_t s;
  if (used_ < capacity_) {
    s = used_++;
  } else {  // evict the least recently used
    s = tail_;
    unlink(s);
    slot_of_[line_[s]] = kNone;
  }
  line_[s] = line;
  slot_of_[line] = s;
  push_front(s);
}

void LruLines::clear() {
  for (uint32_t s = 0; s < used_; ++s) slot_of_[line_[s]] = kNone;
  used_ = 0;
  head_ = tail_ = kNone;
}

namespace {
uint32_t line_count(const FlashSpec& f) {
  uint32_t lb = f.accelerator.line_bytes ? f.accelerator.line_bytes : 1;
  return uint32_t((uint64_t(f.size) + lb - 1) / lb);
}
}  // namespace

FlashModel::FlashModel(const FlashSpec& flash)
    : ws_(flash.wait_states),
      data_contention_(flash.wait_states ? flash.accelerator.data_read_contention : 0),
      prefetch_(flash.accelerator.prefetch),
      icache_(flash.wait_states ? flash.accelerator.icache_lines : 0, line_count(flash)),
      dcache_(flash.wait_states ? flash.accelerator.dcache_lines : 0, line_count(flash)) {}

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
  return data_contention_ + (dcache_.access(line) ? 0 : ws_);
}

}  // namespace tinysim::emu
