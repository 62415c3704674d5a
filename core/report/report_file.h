// A report file that grows one result at a time and never destroys an
// earlier report by failing: the path is checked (writable, not a directory)
// when the writer is made but nothing is written until the first result; from
// then on the whole file is rewritten beside the target and renamed over it
// after every result, so it is always complete and valid. A run that fails or
// is cancelled before its first result leaves an existing file as it was.
#pragma once

#include <string>
#include <vector>

#include "core/report/result_record.h"
#include "core/report/result_stream.h"

namespace tinysim::report {

class ReportFileWriter : public ProgressSink {
 public:
  // Throws tinysim::Error naming the path if it cannot become the report.
  explicit ReportFileWriter(std::string path);
  void on_result(const ResultRecord& r) override;
  // For a run that ended without a result: writes a valid empty report (the
  // header) unless a file is already there, which is kept.
  void write_empty_if_missing();
  size_t rows() const { return records_.size(); }
  const std::string& path() const { return path_; }
  // True once this writer has written the file (false: an old file, if any, is untouched).
  bool written() const { return written_; }

 protected:
  virtual std::string render(const std::vector<ResultRecord>& records) const = 0;

 private:
  void flush();
  std::string path_;
  std::vector<ResultRecord> records_;
  bool written_ = false;
};

}  // namespace tinysim::report
