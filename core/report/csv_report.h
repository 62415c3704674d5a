// CSV views of result records: one row per (model, variant, profile), and a
// per-layer file. The writers keep the file a complete, valid CSV after every
// row and leave an earlier report alone until the first row (report_file.h),
// so an interrupted or failed bench never loses a finished row or an old file.
#pragma once

#include <string>
#include <vector>

#include "core/report/csv.h"
#include "core/report/report_file.h"
#include "core/report/result_record.h"

namespace tinysim::report {

// Column names, in order (the contract documented in benchmarks/RESULTS.md).
const std::vector<std::string>& csv_columns();
CsvRow csv_row(const ResultRecord& r);  // same order as csv_columns()

const std::vector<std::string>& layer_csv_columns();
std::vector<CsvRow> layer_csv_rows(const ResultRecord& r);

// Whole-file text: header plus rows.
std::string results_csv(const std::vector<ResultRecord>& records);
std::string layers_csv(const std::vector<ResultRecord>& records);

class CsvReportWriter : public ReportFileWriter {
 public:
  enum class Kind { Results, Layers };
  explicit CsvReportWriter(std::string path, Kind kind = Kind::Results)
      : ReportFileWriter(std::move(path)), kind_(kind) {}

 protected:
  std::string render(const std::vector<ResultRecord>& records) const override {
    return kind_ == Kind::Results ? results_csv(records) : layers_csv(records);
  }

 private:
  Kind kind_;
};

}  // namespace tinysim::report
