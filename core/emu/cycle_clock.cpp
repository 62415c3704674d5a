#include "core/emu/cycle_clock.h"

namespace tinysim::emu {

void CycleClock::reset() {
  cycles_ = insns_ = stalls_ = 0;
  cur_ = prev_ = nullptr;
  start_ = {};
  extra_cycles_ = extra_stalls_ = 0;
  line_stall_cum_.clear();
  flash_.reset();
}

uint64_t CycleClock::fetch_lines(const CachedBlock& b) {
  const auto& lines = b.d.lines;
  line_stall_cum_.resize(lines.size());
  uint64_t stall = 0;
  for (size_t k = 0; k < lines.size(); ++k) {
    stall += flash_.fetch(lines[k].first, cycles_ + b.d.prefix[lines[k].second] + stall);
    line_stall_cum_[k] = stall;
  }
  return stall;
}

uint64_t CycleClock::line_stall_before(size_t idx) const {
  uint64_t s = 0;
  if (!cur_) return 0;
  for (size_t k = 0; k < line_stall_cum_.size() && k < cur_->d.lines.size(); ++k) {
    if (cur_->d.lines[k].second > idx) break;
    s = line_stall_cum_[k];
  }
  return s;
}

Stamp CycleClock::at(int idx) const {
  if (!cur_ || idx < 0 || size_t(idx) >= cur_->d.insns.size()) return now();
  uint64_t fetch = model_ ? line_stall_before(size_t(idx)) : 0;
  uint64_t c = model_ ? start_.cycles + cur_->d.prefix[size_t(idx)] + fetch + extra_cycles_ : start_.cycles + uint64_t(idx);
  return {c, start_.insns + uint64_t(idx), start_.stalls + fetch + extra_stalls_};
}

}  // namespace tinysim::emu
