// The training progress bar on stderr (train and prune commands): one line
// rewritten in place on a terminal, a line per epoch otherwise, so logs of
// non-interactive runs stay readable.
#pragma once

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/train/trainer.h"

namespace tinysim::cli {

inline std::string format_seconds(double s) {
  const int t = static_cast<int>(s + 0.5);
  return t >= 3600 ? fmt::format("{}h{:02}m", t / 3600, t / 60 % 60) : fmt::format("{}:{:02}", t / 60, t % 60);
}

inline void print_train_progress(const train::Progress& p) {
  static const bool tty = isatty(fileno(stderr));
  const bool epoch_end = p.batch == p.batches;
  if (!tty && !epoch_end) return;
  const int width = 24;
  const int filled = static_cast<int>(width * p.batch / std::max<int64_t>(p.batches, 1));
  const std::string bar = std::string(filled, '#') + std::string(width - filled, '.');
  fmt::print(stderr, "{}{:<12} epoch {}/{} [{}] batch {}/{} loss {:.4f} elapsed {} ETA {}{}", tty ? "\r" : "",
             p.phase, p.epoch, p.epochs, bar, p.batch, p.batches, p.loss, format_seconds(p.elapsed_s),
             format_seconds(p.eta_s), tty ? (epoch_end ? "\n" : "\x1b[K") : "\n");
  std::fflush(stderr);
}

}  // namespace tinysim::cli
