// CSV views of result records: one row per (model, variant, profile), and a
// per-layer file. The writers keep the file a complete, valid CSV after every
// row (rewritten beside the target and renamed over it), so an interrupted
// bench leaves every finished row readable.
#pragma once

#include <string>
#include <vector>

#include "core/report/csv.h"
#include "core/report/result_record.h"
#include "core/report/result_stream.h"

namespace tinysim::report {

// Column names, in order (the contract documented in benchmarks/RESULTS.md).
const std::vector<std::string>& csv_columns();
CsvRow csv_row(const ResultRecord& r);  // same order as csv_columns()

const std::vector<std::string>& layer_csv_columns();
std::vector<CsvRow> layer_csv_rows(const ResultRecord& r);

// Whole-file text: header plus rows.
std::string results_csv(const std::vector<ResultRecord>& records);
std::string layers_csv(const std::vector<ResultRecord>& records);

// Writes the header at construction (throws tinysim::Error naming the path
// if it cannot), then the whole file again after each result.
class CsvReportWriter : public ProgressSink {
 public:
  enum class Kind { Results, Layers };
  CsvReportWriter(std::string path, Kind kind = Kind::Results);
  void on_result(const ResultRecord& r) override;
  size_t rows() const { return records_.size(); }
  const std::string& path() const { return path_; }

 private:
  void flush() const;
  std::string path_;
  Kind kind_;
  std::vector<ResultRecord> records_;
};

}  // namespace tinysim::report
