// A report::ProgressSink that forwards the bench stream to callables. The
// adapter gives it lambdas that re-post each event to the GUI thread.
#pragma once

#include <functional>

#include "core/report/result_stream.h"

namespace tinysim::gui {

class FunctionSink : public report::ProgressSink {
 public:
  std::function<void(const report::BenchProgress&)> progress;
  std::function<void(const report::ResultRecord&)> result;
  std::function<void(const std::string&)> note;

  void on_progress(const report::BenchProgress& p) override {
    if (progress) progress(p);
  }
  void on_result(const report::ResultRecord& r) override {
    if (result) result(r);
  }
  void on_note(const std::string& n) override {
    if (note) note(n);
  }
};

}  // namespace tinysim::gui
