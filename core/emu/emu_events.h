// The one event interface between the emulator's pipeline (Unicorn core ->
// cycle clock) and what is measured about a run, after llvm-mca's split of
// stages and views: each measurement (layer counts, stack watermark, console,
// RAM footprint) is a RunListener in its own file, sees only the events it
// subscribes to, and writes its part of the RunResult at the end.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace tinysim::emu {

struct RunResult;

// Counters at one instant: cycles, instructions, flash stall cycles.
struct Stamp {
  uint64_t cycles = 0, insns = 0, stalls = 0;
};

struct RunStart {
  uint32_t initial_sp = 0;
};

class RunListener {
 public:
  enum Event : unsigned { kMarker = 1, kConsole = 2, kStack = 4 };
  virtual ~RunListener() = default;
  // Which of marker() / console() / stack_sampled() to deliver (Event bits).
  virtual unsigned events() const = 0;
  virtual void run_started(const RunStart&) {}
  // A 32-bit write to ITM stimulus port 1 (layer N, 0xFFFFFFFF = end of inference).
  virtual void marker(uint32_t /*value*/, const Stamp& /*at*/) {}
  virtual void console(std::string_view /*text*/) {}
  // The lowest SP a block reaches (SP at its entry plus its deepest static
  // change), for blocks that can change SP and the block after each.
  virtual void stack_sampled(uint32_t /*deepest_sp*/) {}
  virtual void run_finished(const Stamp& /*final*/, RunResult& /*out*/) {}
};

// Delivers each event to the listeners that asked for it, in the order they
// were added.
class RunEvents {
 public:
  void add(RunListener* l) {
    all_.push_back(l);
    if (l->events() & RunListener::kMarker) marker_.push_back(l);
    if (l->events() & RunListener::kConsole) console_.push_back(l);
    if (l->events() & RunListener::kStack) stack_.push_back(l);
  }
  void run_started(const RunStart& s) const {
    for (RunListener* l : all_) l->run_started(s);
  }
  void marker(uint32_t value, const Stamp& at) const {
    for (RunListener* l : marker_) l->marker(value, at);
  }
  void console(std::string_view text) const {
    for (RunListener* l : console_) l->console(text);
  }
  void stack_sampled(uint32_t sp) const {
    for (RunListener* l : stack_) l->stack_sampled(sp);
  }
  void run_finished(const Stamp& final, RunResult& out) const {
    for (RunListener* l : all_) l->run_finished(final, out);
  }

 private:
  std::vector<RunListener*> all_, marker_, console_, stack_;
};

}  // namespace tinysim::emu
