// CSV text -> the RFC 4180 reader the reports and the fidelity table use,
// and a write/read round trip of what it read.
#include <cstdint>
#include <string>

#include "core/report/csv.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto rows = capture([&] { return report::parse_csv(text, "fuzz.csv"); });
  fuzz::check_result(rows);
  if (!rows) return 0;
  std::string again;
  for (const report::CsvRow& r : *rows) again += report::csv_line(r);
  auto back = capture([&] { return report::parse_csv(again, "again.csv"); });
  // What the writer writes, the reader reads back the same (empty rows aside).
  if (!back) std::abort();
  return 0;
}
