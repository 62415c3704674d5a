#include "core/report/text_table.h"

#include <fmt/format.h>

#include <algorithm>

namespace tinysim::report {
namespace {

std::string pct(const std::optional<double>& v) { return v ? fmt::format("{:.2f}%", 100.0 * *v) : "-"; }

// Display width: the table holds ASCII plus a few UTF-8 symbols (µ).
size_t width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string bytes_with_kib(uint64_t bytes) { return fmt::format("{} ({:.1f} KiB)", bytes, double(bytes) / 1024.0); }

std::string format_table(const std::vector<ResultRecord>& records) {
  const std::vector<std::string> head = {"model", "variant", "mcu", "accuracy", "agree", "latency ms", "cycles (min..max)",
                                         "cyc/MAC", "peak RAM", "flash", "energy µJ", "fits"};
  // Right-align numbers, left-align names.
  const std::vector<bool> right = {false, false, false, true, true, true, true, true, true, true, true, false};
  std::vector<std::vector<std::string>> rows = {head};
  for (const ResultRecord& r : records) {
    rows.push_back({r.model, r.variant, r.mcu, pct(r.accuracy), pct(r.agreement), fmt::format("{:.3f}", r.latency_ms),
                    r.cycles_min == r.cycles_max ? fmt::format("{}", r.cycles)
                                                 : fmt::format("{} ({}..{})", r.cycles, r.cycles_min, r.cycles_max),
                    r.cycles_per_mac ? fmt::format("{:.2f}", *r.cycles_per_mac) : "-",
                    bytes_with_kib(r.ram_peak_bytes), bytes_with_kib(r.flash_bytes), fmt::format("{:.1f}", r.energy_uj),
                    r.fits ? "yes" : fmt::format("NO (+{})", bytes_with_kib(uint64_t(std::max<int64_t>(0, r.overflow_bytes))))});
  }
  std::vector<size_t> w(head.size(), 0);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], width(row[c]));
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (size_t c = 0; c < rows[i].size(); ++c) {
      const std::string pad(w[c] - width(rows[i][c]), ' ');
      line += (c ? "  " : "") + (right[c] ? pad + rows[i][c] : rows[i][c] + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (i == 0) {
      size_t total = 0;
      for (size_t c = 0; c < w.size(); ++c) total += w[c] + (c ? 2 : 0);
      out += std::string(total, '-') + "\n";
    }
  }
  return out;
}

}  // namespace tinysim::report
