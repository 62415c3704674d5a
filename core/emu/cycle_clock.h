// The cycle clock: what a block costs when it runs. At each block entry it
// charges the previous block's taken-branch refill (known now that we see
// where execution went), the flash fetch stalls of the lines the block spans
// (FlashModel) and the block's static cycles from the decoder; divides and
// flash data reads add their run-time extra while the block runs. at(i)
// reconstructs the counters at the start of instruction i of the current
// block, so MMIO stamps are instruction-exact.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/emu/block_table.h"
#include "core/emu/emulator.h"
#include "core/emu/emu_events.h"
#include "core/emu/flash_accelerator.h"

namespace tinysim::emu {

class CycleClock {
 public:
  CycleClock(const FlashSpec& flash, bool cycle_model, const TimingTable& table)
      : model_(cycle_model), table_(table), flash_(flash) {}
  void reset();

  // Execution arrived at block b (at `addr`): the previous block's PC write
  // was taken if it was unconditional, or conditional and addr is not its
  // fall-through; a taken one pays its refill (a conditional one here, an
  // unconditional one is in its static cycles) and b's target-alignment extra.
  void arrive(uint32_t addr, const CachedBlock* b) {
    if (!model_ || !prev_) return;
    const DecodedBlock& p = prev_->d;
    if (p.ends_with_jump || (p.conditional_end && addr != p.fallthrough)) {
      // The target's alignment extra, within the TRM's P <= pipeline_refill.max.
      const uint32_t cap = std::max(p.end_refill, table_.refill_max);
      const uint32_t extra = std::min(p.end_refill + b->d.target_penalty, cap) - p.end_refill;
      uint32_t c = (p.conditional_end ? p.taken_penalty : 0) + extra;
      cycles_ += c;
      counters_.refill_cycles += c;
      ++counters_.taken_branches;
      counters_.taken_conditional += p.conditional_end;
      counters_.misaligned_targets += b->d.target_penalty != 0;
    }
  }
  // Block b starts now. If it continues the previous block without a PC
  // write (Unicorn ended that one at a page boundary or an instruction
  // limit, not at a branch), its first instruction costs what it would after
  // the previous block's last one in the same block (join()), and its flash
  // lines are fetched at the times one block would have fetched them (the
  // line clock below), so the cycles of code do not depend on where its
  // pages begin.
  void enter(const CachedBlock* b) {
    start_ = {cycles_, insns_, stalls_};
    extra_cycles_ = extra_stalls_ = 0;
    cur_ = b;
    if (model_) {
      const bool continues = prev_ && prev_->d.open_end == b->d.addr;
      const uint32_t carry = continues ? run_carry_ : 0;
      join_ = continues ? join(prev_->d, b->d) + join_run(carry, b->d) : 0;
      run_carry_ = continues && b->d.lead_run == b->n_insns ? carry + b->d.lead_run : b->d.trail_run;
      // A block's lines are fetched at its entry with times from its static
      // costs; run-time extras (a flash data read's stall, a divide's steps)
      // come later and are not in them. A continuation block starts its line
      // times where the previous block's static clock ended, as they would
      // run inside one block (the prefetcher's ready time depends on them).
      line_base_ = continues ? line_next_ : cycles_;
      uint64_t stall = 0;
      if (b->d.in_flash && flash_.wait_states()) stall = fetch_lines(*b);
      else line_stall_cum_.clear();
      line_next_ = line_base_ + b->d.static_cycles + join_ + stall;
      cycles_ += b->d.static_cycles + join_ + stall;
      stalls_ += stall;
      const BlockCounts& k = b->d.counts;
      counters_.fetch_stall_cycles += stall;
      counters_.refill_cycles += k.refill;
      counters_.dependency_stall_cycles += k.dependency;
      counters_.store_buffer_stall_cycles += k.store_buffer;
      counters_.literal_contention_cycles += k.literal;
      counters_.fetch_alignment_cycles += k.fetch_alignment;
      counters_.divide_cycles += k.divide;
    } else {
      cycles_ += b->n_insns;
    }
    insns_ += b->n_insns;
    prev_ = b;
  }
  // The current block without charging it (it faults before running).
  void set_current(const CachedBlock* b) { cur_ = b; }
  // Run-time extra cycles of the current block: a divide's early-termination
  // steps beyond its base, a flash data read's stall.
  void add_divide(uint64_t cycles) {
    add(cycles, 0);
    counters_.divide_cycles += cycles;
  }
  void flash_data_read(uint32_t line) {
    uint32_t st = flash_.data_read(line);
    add(st, st);
    counters_.data_stall_cycles += st;
    ++counters_.flash_data_reads;
  }

  Stamp now() const { return {cycles_, insns_, stalls_}; }
  uint64_t cycles() const { return cycles_; }
  uint64_t instructions() const { return insns_; }
  const CachedBlock* current() const { return cur_; }
  const CycleCounters& counters() const { return counters_; }
  // Counters at the start of instruction idx of the current block (now()
  // when idx is out of range).
  Stamp at(int idx) const;

 private:
  // Cycles the first instruction of `next` gains (or loses: pipelining, IT
  // folding) after `prev`'s last instruction; charges the stalls to the counters.
  int64_t join(const DecodedBlock& prev, const DecodedBlock& next);
  // What rules.unaligned_wide_run changes when next's leading run continues
  // a run of `carry` instructions that ended the code before it: one run,
  // charged once, instead of two charged apart.
  int64_t join_run(uint32_t carry, const DecodedBlock& next);
  void add(uint64_t cycles, uint64_t stalls) {
    cycles_ += cycles;
    stalls_ += stalls;
    extra_cycles_ += cycles;
    extra_stalls_ += stalls;
  }
  uint64_t fetch_lines(const CachedBlock& b);
  uint64_t line_stall_before(size_t idx) const;

  bool model_;
  const TimingTable& table_;
  FlashModel flash_;
  uint64_t cycles_ = 0, insns_ = 0, stalls_ = 0;
  CycleCounters counters_;
  const CachedBlock* cur_ = nullptr;
  const CachedBlock* prev_ = nullptr;
  Stamp start_;
  uint64_t extra_cycles_ = 0, extra_stalls_ = 0;
  int64_t join_ = 0;  // join() of cur_: part of its first instruction's cost
  uint32_t run_carry_ = 0;  // run of 32-bit instructions at halfword addresses cur_ ends with, counting blocks it continues
  uint64_t line_base_ = 0, line_next_ = 0;  // the line clock: cur_'s line-fetch time base, and the next block's if it continues cur_
  std::vector<uint64_t> line_stall_cum_;  // stall after each of cur_'s lines (reused, no allocation per block)
};

}  // namespace tinysim::emu
