#include "core/report/report_file.h"

#include <filesystem>

#include "core/common/atomic_file.h"

namespace tinysim::report {

ReportFileWriter::ReportFileWriter(std::string path) : path_(std::move(path)) { check_writable_file(path_); }

void ReportFileWriter::on_result(const ResultRecord& r) {
  records_.push_back(r);
  flush();
}

void ReportFileWriter::write_empty_if_missing() {
  std::error_code ec;
  if (written_ || std::filesystem::exists(path_, ec)) return;
  flush();
}

void ReportFileWriter::flush() {
  write_file_atomically(path_, render(records_));
  written_ = true;
}

}  // namespace tinysim::report
