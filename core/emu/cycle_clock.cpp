#include "core/emu/cycle_clock.h"

namespace tinysim::emu {

void CycleClock::reset() {
  cycles_ = insns_ = stalls_ = 0;
  counters_ = {};
  cur_ = prev_ = nullptr;
  start_ = {};
  extra_cycles_ = extra_stalls_ = 0;
  join_ = 0;
  run_carry_ = 0;
  line_base_ = line_next_ = 0;
  line_stall_cum_.clear();
  flash_.reset();
}

int64_t CycleClock::join(const DecodedBlock& prev, const DecodedBlock& next) {
  BlockCounts with{}, alone{};
  const int64_t d = int64_t(neighbour_cycles(table_, next.first, &prev.last, &with)) -
                    int64_t(neighbour_cycles(table_, next.first, nullptr, &alone));
  counters_.dependency_stall_cycles += with.dependency;
  counters_.store_buffer_stall_cycles += with.store_buffer;
  return d;
}

int64_t CycleClock::join_run(uint32_t carry, const DecodedBlock& next) {
  const uint32_t len = table_.unaligned_wide_run_length, pen = table_.unaligned_wide_run_penalty;
  if (!carry || !next.lead_run || !pen) return 0;
  const int64_t d = int64_t(pen) * (int64_t(carry + next.lead_run >= len) - int64_t(carry >= len) - int64_t(next.lead_run >= len));
  counters_.fetch_alignment_cycles += uint64_t(d);  // may be -pen: two runs charged apart that are one
  return d;
}

uint64_t CycleClock::fetch_lines(const CachedBlock& b) {
  const auto& lines = b.d.lines;
  line_stall_cum_.resize(lines.size());
  uint64_t stall = 0;
  for (size_t k = 0; k < lines.size(); ++k) {
    const uint32_t i = lines[k].second;  // first instruction needing the line; the join is in instruction 0's cost
    stall += flash_.fetch(lines[k].first, line_base_ + b.d.prefix[i] + (i ? join_ : 0) + stall);
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
  uint64_t c = model_ ? start_.cycles + cur_->d.prefix[size_t(idx)] + (idx ? join_ : 0) + fetch + extra_cycles_
                      : start_.cycles + uint64_t(idx);
  return {c, start_.insns + uint64_t(idx), start_.stalls + fetch + extra_stalls_};
}

}  // namespace tinysim::emu
