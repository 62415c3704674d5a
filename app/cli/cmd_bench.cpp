// `tinysim bench [MODELS... | --samples] [--data DATASET] --mcu P[,P...] --csv FILE
//  [--json FILE] [--layers-csv FILE] [--jobs N] [--latency-samples K] [--progress]`:
// runs core/report's bench engine, writes the reports as rows finish, and
// prints a table. Ctrl-C stops at the next sample or run, keeps the finished
// rows (or an earlier report, before the first row) and exits 130.
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <memory>
#include <sstream>

#include "app/cli/command_registry.h"
#include "core/common/error.h"
#include "core/report/bench.h"
#include "core/report/csv_report.h"
#include "core/report/json_report.h"
#include "core/report/text_table.h"

namespace tinysim::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_sigint(int) {
  g_cancel.store(true);
  // A second Ctrl-C kills at once.
  std::signal(SIGINT, SIG_DFL);
}

struct BenchCliOptions {
  std::vector<std::string> models;
  bool samples = false;
  std::string data, mcu, csv, json, layers_csv;
  int jobs = 0, latency_samples = 3;
  bool progress = false;
};

std::string duration(double s) {
  if (s < 0) return "--";
  const int t = int(s + 0.5);
  return t >= 60 ? fmt::format("{}m{:02}s", t / 60, t % 60) : fmt::format("{}s", t);
}

// The bar on stderr: one line redrawn in place.
class ProgressBar : public report::ProgressSink {
 public:
  explicit ProgressBar(bool show) : show_(show) {}
  void on_progress(const report::BenchProgress& p) override {
    if (!show_) return;
    constexpr int kWidth = 28;
    const int filled = int(p.fraction * kWidth + 0.5);
    std::string line = fmt::format("\r[{}{}] {:3.0f}% {}/{} {} ({}) elapsed {} ETA {}", std::string(size_t(filled), '#'),
                                   std::string(size_t(kWidth - filled), '.'), 100 * p.fraction, p.item, p.items,
                                   p.current, p.stage, duration(p.elapsed_s), duration(p.eta_s));
    const size_t len = line.size();
    if (len < last_len_) line += std::string(last_len_ - len, ' ');
    last_len_ = len;
    fmt::print(stderr, "{}", line);
    std::fflush(stderr);
    drawn_ = true;
  }
  void on_note(const std::string& note) override {
    clear();
    fmt::print(stderr, "note: {}\n", note);
  }
  void on_finish(bool) override { clear(); }
  void clear() {
    if (!drawn_) return;
    fmt::print(stderr, "\r{}\r", std::string(last_len_, ' '));
    drawn_ = false;
  }

 private:
  bool show_;
  bool drawn_ = false;
  size_t last_len_ = 0;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

int run_bench_cli(const BenchCliOptions& o) {
  // From the start to the end, so Ctrl-C while models load or the last files
  // and the table are written still ends with 130 and whole files (every
  // write is a rename).
  g_cancel = false;
  struct SigintScope {
    void (*previous)(int) = std::signal(SIGINT, on_sigint);
    ~SigintScope() { std::signal(SIGINT, previous); }
  } sigint_scope;
  report::BenchRequest req;
  req.models = o.models;
  req.samples = o.samples;
  req.dataset = o.data;
  req.profiles = split_list(o.mcu);
  req.jobs = o.jobs;
  req.latency_samples = o.latency_samples;
  if (req.profiles.empty()) throw Error("--mcu", "no profile named", "pass --mcu nrf52840[,stm32l4r5,...]");

  // The report paths are checked now; the files are written from the first
  // row on, so a bench that fails or is interrupted before it has a row
  // leaves an earlier report where it was.
  report::ResultStream stream;
  ProgressBar bar(o.progress || ::isatty(STDERR_FILENO));
  report::CsvReportWriter csv(o.csv);
  std::unique_ptr<report::JsonReportWriter> json;
  std::unique_ptr<report::CsvReportWriter> layers;
  if (!o.json.empty()) json = std::make_unique<report::JsonReportWriter>(o.json);
  if (!o.layers_csv.empty())
    layers = std::make_unique<report::CsvReportWriter>(o.layers_csv, report::CsvReportWriter::Kind::Layers);
  std::vector<report::ReportFileWriter*> files = {&csv};
  if (json) files.push_back(json.get());
  if (layers) files.push_back(layers.get());
  report::RecordCollector collected;
  stream.subscribe(bar);
  for (report::ReportFileWriter* f : files) stream.subscribe(*f);
  stream.subscribe(collected);

  auto outcome = report::run_bench(req, stream, g_cancel);
  if (!outcome) throw outcome.error();
  // No row at all (interrupted early): a new, empty report where there was
  // none; an old one is kept.
  const bool kept_old = !csv.written() && std::filesystem::exists(o.csv);
  for (report::ReportFileWriter* f : files) f->write_empty_if_missing();

  if (!collected.records.empty()) fmt::print("{}", report::format_table(collected.records));
  if (outcome->cancelled || g_cancel.load()) {
    if (kept_old)
      fmt::print(stderr, "interrupted before the first row: {} left as it was\n", o.csv);
    else
      fmt::print(stderr, "interrupted: {} finished row{} kept in {}\n", csv.rows(), csv.rows() == 1 ? "" : "s", o.csv);
    return 130;
  }
  fmt::print(stderr, "{} row{} written to {} in {:.1f} s\n", csv.rows(), csv.rows() == 1 ? "" : "s", o.csv,
             outcome->wall_s);
  return 0;
}

const RegisterCommand kRegister("bench", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<BenchCliOptions>();
  app.description(
      "Benchmark model variants on MCU profiles: host accuracy on the whole test set, emulated Cortex-M4 "
      "cycles, RAM, flash and energy; CSV/JSON reports and a table. A model with no data set (no --data, no "
      "recipe) gets empty accuracy/agreement/rmse/cosine columns and every emulator column.");
  app.add_option("models", o->models, ".tflite files (named <model>_<variant>.tflite to group variants)");
  app.add_flag("--samples", o->samples, "every .tflite under sample_models/, data sets from their recipes");
  app.add_option("--data", o->data, "data set spec for every model (overrides recipes), e.g. fashion-mnist or DIR[:N]");
  app.add_option("--mcu", o->mcu, "MCU profile name(s) or JSON path(s), comma-separated")->required();
  app.add_option("--csv", o->csv, "CSV report, one row per (model, variant, profile)")->required();
  app.add_option("--json", o->json, "JSON report (adds confusion matrices and per-layer counts)");
  app.add_option("--layers-csv", o->layers_csv, "per-layer CSV: cycles, MACs and cycles/MAC per op");
  app.add_option("--jobs", o->jobs, "host threads for accuracy (default: hardware threads)")->check(CLI::NonNegativeNumber);
  app.add_option("--latency-samples", o->latency_samples, "emulated runs per (model, profile); min/median/max reported")
      ->check(CLI::PositiveNumber);
  app.add_flag("--progress", o->progress, "draw the progress bar even when stderr is not a terminal");
  return [o] {
    if (!o->samples && o->models.empty()) throw Error("bench", "no models given", "pass .tflite files or --samples");
    return run_bench_cli(*o);
  };
});

}  // namespace
}  // namespace tinysim::cli
