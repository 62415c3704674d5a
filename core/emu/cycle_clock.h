// The cycle clock: what a block costs when it runs. At each block entry it
// charges the previous block's taken-branch refill (known now that we see
// where execution went), the flash fetch stalls of the lines the block spans
// (FlashModel) and the block's static cycles from the decoder; divides and
// flash data reads add their run-time extra while the block runs. at(i)
// reconstructs the counters at the start of instruction i of the current
// block, so MMIO stamps are instruction-exact.
#pragma once

#include <cstdint>
#include <vector>

#include "core/emu/block_table.h"
#include "core/emu/emu_events.h"
#include "core/emu/flash_accelerator.h"

namespace tinysim::emu {

class CycleClock {
 public:
  CycleClock(const FlashSpec& flash, bool cycle_model) : model_(cycle_model), flash_(flash) {}
  void reset();

  // Execution arrived at `addr`: the previous block's conditional branch was
  // taken unless addr is its fall-through.
  void arrive(uint32_t addr) {
    if (model_ && prev_ && prev_->d.conditional_end && addr != prev_->d.fallthrough) cycles_ += prev_->d.taken_penalty;
  }
  // Block b starts now.
  void enter(const CachedBlock* b) {
    start_ = {cycles_, insns_, stalls_};
    extra_cycles_ = extra_stalls_ = 0;
    cur_ = b;
    if (model_) {
      uint64_t stall = 0;
      if (b->d.in_flash && flash_.wait_states()) stall = fetch_lines(*b);
      else line_stall_cum_.clear();
      cycles_ += b->d.static_cycles + stall;
      stalls_ += stall;
    } else {
      cycles_ += b->n_insns;
    }
    insns_ += b->n_insns;
    prev_ = b;
  }
  // The current block without charging it (it faults before running).
  void set_current(const CachedBlock* b) { cur_ = b; }
  // Run-time extra cycles of the current block (divide, flash data read).
  void add(uint64_t cycles, uint64_t stalls) {
    cycles_ += cycles;
    stalls_ += stalls;
    extra_cycles_ += cycles;
    extra_stalls_ += stalls;
  }
  uint32_t flash_data_read(uint32_t line) { return flash_.data_read(line); }

  Stamp now() const { return {cycles_, insns_, stalls_}; }
  uint64_t cycles() const { return cycles_; }
  uint64_t instructions() const { return insns_; }
  const CachedBlock* current() const { return cur_; }
  // Counters at the start of instruction idx of the current block (now()
  // when idx is out of range).
  Stamp at(int idx) const;

 private:
  uint64_t fetch_lines(const CachedBlock& b);
  uint64_t line_stall_before(size_t idx) const;

  bool model_;
  FlashModel flash_;
  uint64_t cycles_ = 0, insns_ = 0, stalls_ = 0;
  const CachedBlock* cur_ = nullptr;
  const CachedBlock* prev_ = nullptr;
  Stamp start_;
  uint64_t extra_cycles_ = 0, extra_stalls_ = 0;
  std::vector<uint64_t> line_stall_cum_;  // stall after each of cur_'s lines (reused, no allocation per block)
};

}  // namespace tinysim::emu
