#include "core/report/csv_report.h"

#include <fmt/format.h>

namespace tinysim::report {
namespace {

// Shortest text that reads back to the same double.
std::string num(double v) { return fmt::format("{}", v); }
std::string num(const std::optional<double>& v) { return v ? num(*v) : std::string(); }
template <class Int>
std::string integer(Int v) { return std::to_string(v); }

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> c = {
      "model", "variant", "mcu", "accuracy", "agreement", "rmse", "cosine",
      "latency_ms", "cycles", "cycles_min", "cycles_max", "instructions", "cycles_per_mac", "macs", "params",
      "ram_peak_bytes", "arena_bytes", "stack_bytes", "static_ram_bytes",
      "flash_bytes", "weights_bytes", "code_bytes", "energy_uj", "fits", "overflow_bytes", "sparsity",
      "model_sha256", "tinysim_version", "profile_clock_hz", "firmware_flags",
      "dataset", "test_samples", "latency_samples"};
  return c;
}

CsvRow csv_row(const ResultRecord& r) {
  return {r.model, r.variant, r.mcu, num(r.accuracy), num(r.agreement), num(r.rmse), num(r.cosine),
          num(r.latency_ms), integer(r.cycles), integer(r.cycles_min), integer(r.cycles_max),
          integer(r.instructions), num(r.cycles_per_mac), integer(r.macs), integer(r.params),
          integer(r.ram_peak_bytes), integer(r.arena_bytes), integer(r.stack_bytes), integer(r.static_ram_bytes),
          integer(r.flash_bytes), integer(r.weights_bytes), integer(r.code_bytes), num(r.energy_uj),
          r.fits ? "true" : "false", integer(r.overflow_bytes), num(r.sparsity),
          r.model_sha256, r.tinysim_version, integer(r.profile_clock_hz), r.firmware_flags,
          r.dataset, r.dataset.empty() ? std::string() : integer(r.test_samples), integer(r.latency_samples)};
}

const std::vector<std::string>& layer_csv_columns() {
  static const std::vector<std::string> c = {"model", "variant", "mcu", "layer", "op",
                                             "macs", "cycles", "cycles_per_mac", "instructions"};
  return c;
}

std::vector<CsvRow> layer_csv_rows(const ResultRecord& r) {
  std::vector<CsvRow> rows;
  for (const LayerRecord& l : r.layers)
    rows.push_back({r.model, r.variant, r.mcu, integer(l.layer), l.op, integer(l.macs), integer(l.cycles),
                    num(l.cycles_per_mac), integer(l.instructions)});
  return rows;
}

std::string results_csv(const std::vector<ResultRecord>& records) {
  std::string out = csv_line(csv_columns());
  for (const ResultRecord& r : records) out += csv_line(csv_row(r));
  return out;
}

std::string layers_csv(const std::vector<ResultRecord>& records) {
  std::string out = csv_line(layer_csv_columns());
  for (const ResultRecord& r : records)
    for (const CsvRow& row : layer_csv_rows(r)) out += csv_line(row);
  return out;
}

}  // namespace tinysim::report
