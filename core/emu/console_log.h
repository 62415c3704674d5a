// Console text the firmware writes (semihosting SYS_WRITEC/WRITE0/WRITE, ITM
// port 0), optionally echoed to stdout as it comes. Capped, so a firmware
// printing in a loop cannot grow the report without bound.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/emu/emu_events.h"
#include "core/emu/emulator.h"

namespace tinysim::emu {

class ConsoleLog : public RunListener {
 public:
  static constexpr size_t kMaxBytes = size_t(16) << 20;
  explicit ConsoleLog(bool echo) : echo_(echo) {}
  unsigned events() const override { return kConsole; }
  void run_started(const RunStart&) override { text_.clear(); }
  void console(std::string_view s) override {
    text_.append(s.data(), std::min(s.size(), kMaxBytes - std::min(kMaxBytes, text_.size())));
    if (echo_) {
      std::fwrite(s.data(), 1, s.size(), stdout);
      std::fflush(stdout);
    }
  }
  bool full() const { return text_.size() >= kMaxBytes; }
  void run_finished(const Stamp&, RunResult& r) override { r.console = text_; }

 private:
  bool echo_;
  std::string text_;
};

}  // namespace tinysim::emu
