// The one stream of bench results that every report subscribes to (CSV, JSON,
// text table, the GUI's models). run_bench calls these on its own thread, in
// order: on_progress many times, on_result once per finished
// (model, variant, profile), on_finish once. A GUI subscriber re-posts to its
// event loop (queued signal); the CLI's writers act directly.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/report/result_record.h"

namespace tinysim::report {

struct BenchProgress {
  size_t item = 0, items = 0;  // finished (model, variant, profile) items / all
  std::string current;         // "kws int8 on nrf52840"
  std::string stage;           // "load", "accuracy", "emulate"
  double fraction = 0;         // of the whole run's estimated work, 0..1
  double elapsed_s = 0;
  double eta_s = -1;           // -1 until there is enough to estimate
};

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void on_progress(const BenchProgress&) {}
  virtual void on_result(const ResultRecord&) {}
  // Things a user should read that are not errors ("no data set for X: accuracy left empty").
  virtual void on_note(const std::string&) {}
  virtual void on_finish(bool /*cancelled*/) {}
};

// Fans the stream out to any number of subscribers, in subscription order.
class ResultStream : public ProgressSink {
 public:
  void subscribe(ProgressSink& s) { subs_.push_back(&s); }
  void on_progress(const BenchProgress& p) override { for (auto* s : subs_) s->on_progress(p); }
  void on_result(const ResultRecord& r) override { for (auto* s : subs_) s->on_result(r); }
  void on_note(const std::string& n) override { for (auto* s : subs_) s->on_note(n); }
  void on_finish(bool c) override { for (auto* s : subs_) s->on_finish(c); }

 private:
  std::vector<ProgressSink*> subs_;
};

// Keeps every record (for the text table at the end, tests, the GUI).
class RecordCollector : public ProgressSink {
 public:
  void on_result(const ResultRecord& r) override { records.push_back(r); }
  std::vector<ResultRecord> records;
};

}  // namespace tinysim::report
