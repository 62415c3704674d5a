// JSON view of result records: everything in the CSV plus the confusion
// matrix, class names and per-layer counts. Keys match the CSV column names
// (and `tinysim run --json` where they overlap).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/report/report_file.h"
#include "core/report/result_record.h"

namespace tinysim::report {

nlohmann::json to_json(const ResultRecord& r);
// The inverse of to_json (tinysim bench --json results, GUI sessions): keys
// absent from older files keep their defaults; a missing model / variant /
// mcu or a mistyped field throws tinysim::Error.
ResultRecord record_from_json(const nlohmann::json& j);
// {"tinysim_version": ..., "results": [...]}
nlohmann::json results_json(const std::vector<ResultRecord>& records);

// Like CsvReportWriter: the file is complete valid JSON after every result.
class JsonReportWriter : public ReportFileWriter {
 public:
  explicit JsonReportWriter(std::string path) : ReportFileWriter(std::move(path)) {}

 protected:
  std::string render(const std::vector<ResultRecord>& records) const override {
    return results_json(records).dump(2) + "\n";
  }
};

}  // namespace tinysim::report
