#include "core/report/fidelity.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/data/dataset.h"
#include "core/optimize/quantize.h"
#include "core/report/bench.h"
#include "core/report/csv.h"

namespace tinysim::report {
namespace fs = std::filesystem;
namespace {

// ANCHORS.md, "MLPerf Tiny on NUCLEO-L4R5ZI": latency = 1000 / median
// throughput from mlcommons/tiny_results_v0.5 ... v1.3.
const std::map<std::string, std::vector<double>>& table() {
  static const std::map<std::string, std::vector<double>> t = {
      {"IC", {704.2, 389.6, 226.9, 167.8, 165.1}},
      {"KWS", {181.9, 99.8, 75.1, 47.8, 43.2}},
      {"VWW", {600.6, 301.2, 230.5, 98.8, 88.9}},
      {"AD", {10.05, 8.60, 7.58, 4.05, 5.26}},
  };
  return t;
}

struct Entry {
  const char* benchmark;
  const char* file;        // in third_party_models
  const char* bench_name;  // the file TinySim benches
};
constexpr Entry kEntries[] = {
    {"IC", "mlperf_tiny_ic_pretrainedResnet_float.tflite", "mlperf_tiny_ic_int8.tflite"},
    {"KWS", "mlperf_tiny_kws_ref_int8.tflite", "mlperf_tiny_kws_ref_int8.tflite"},
    {"VWW", "mlperf_tiny_vww_96_int8.tflite", "mlperf_tiny_vww_96_int8.tflite"},
    {"AD", "mlperf_tiny_ad01_int8.tflite", "mlperf_tiny_ad01_int8.tflite"},
};

}  // namespace

const std::vector<std::string>& published_submissions() {
  static const std::vector<std::string> s = {
      "v0.5 reference: TFLM 2.3.1 + CMSIS-NN", "v1.0 microTVM + CMSIS-NN", "v1.0 STMicroelectronics X-CUBE-AI 7.3",
      "v1.1 Plumerai", "v1.2 STMicroelectronics X-CUBE-AI 9.0"};
  return s;
}

std::vector<PublishedLatency> published_latencies(const std::string& benchmark) {
  std::vector<PublishedLatency> out;
  const auto it = table().find(benchmark);
  if (it == table().end()) return out;
  for (size_t i = 0; i < it->second.size(); ++i) out.push_back({published_submissions()[i], it->second[i]});
  return out;
}

int64_t published_macs(const std::string& benchmark) {
  // ANCHORS.md "Model sizes" (reference Keras definitions, batch norm folded).
  static const std::map<std::string, int64_t> m = {
      {"IC", 12501632}, {"KWS", 2656768}, {"VWW", 7489664}, {"AD", 264192}};
  const auto it = m.find(benchmark);
  return it == m.end() ? 0 : it->second;
}

double FidelityRow::ratio_to_reference() const {
  return published.empty() ? 0 : latency_ms / published.front().latency_ms;
}

double FidelityRow::ratio_to_best() const {
  double best = 0;
  for (const auto& p : published) best = best == 0 ? p.latency_ms : std::min(best, p.latency_ms);
  return best > 0 ? latency_ms / best : 0;
}

Result<std::vector<FidelityRow>> run_fidelity(const std::string& third_party_dir, const std::string& work_dir,
                                              const std::string& profile, int latency_samples, int jobs) {
  return capture([&] {
    fs::create_directories(work_dir);
    BenchRequest req;
    req.profiles = {profile};
    req.latency_samples = latency_samples;
    req.jobs = jobs;
    for (const Entry& e : kEntries) {
      const fs::path src = fs::path(third_party_dir) / e.file;
      if (!fs::exists(src)) throw Error(src.string(), "MLPerf Tiny model not found", "put ../shared beside the checkout");
      if (std::string(e.file) == e.bench_name) {
        req.models.push_back(src.string());
        continue;
      }
      // IC: TinySim's own int8 from the float model.
      const Model f = load_tflite(src.string()).take();
      const Tensor& in = f.tensors[size_t(f.inputs.at(0))];
      const std::vector<int> shape(in.shape.begin() + 1, in.shape.end());
      const Dataset calib = make_random_dataset(shape, 1, 100, 0.0f, 255.0f);
      const Model q = quantize_model(f, calib, QuantizeOptions{}).take();
      const std::string out = (fs::path(work_dir) / e.bench_name).string();
      save_tflite(q, out).take();
      req.models.push_back(out);
    }
    std::atomic<bool> cancel{false};
    ProgressSink quiet;
    const BenchOutcome outcome = run_bench(req, quiet, cancel).take();
    std::vector<FidelityRow> rows;
    for (const Entry& e : kEntries) {
      const std::string stem = fs::path(e.bench_name).stem().string();
      const auto it = std::find_if(outcome.records.begin(), outcome.records.end(), [&](const ResultRecord& r) {
        return fs::path(r.path).stem().string() == stem;
      });
      if (it == outcome.records.end()) throw Error(std::string(e.bench_name) + ": no result from the bench");
      FidelityRow row;
      row.benchmark = e.benchmark;
      row.model_file = e.file;
      row.macs = it->macs;
      row.published_macs = published_macs(e.benchmark);
      row.cycles = it->cycles;
      row.cycles_min = it->cycles_min;
      row.cycles_max = it->cycles_max;
      row.cycles_per_mac = it->cycles_per_mac.value_or(0);
      row.latency_ms = it->latency_ms;
      row.published = published_latencies(e.benchmark);
      rows.push_back(row);
    }
    return rows;
  });
}

std::string fidelity_csv(const std::vector<FidelityRow>& rows) {
  CsvRow head = {"benchmark", "model_file", "macs", "published_macs", "cycles", "cycles_min", "cycles_max",
                 "cycles_per_mac", "latency_ms"};
  for (const std::string& s : published_submissions()) head.push_back("published_ms: " + s);
  head.push_back("ratio_to_reference");
  head.push_back("ratio_to_best");
  std::string out = csv_line(head);
  for (const FidelityRow& r : rows) {
    CsvRow row = {r.benchmark, r.model_file, std::to_string(r.macs), std::to_string(r.published_macs),
                  std::to_string(r.cycles), std::to_string(r.cycles_min), std::to_string(r.cycles_max),
                  fmt::format("{:.4f}", r.cycles_per_mac), fmt::format("{:.3f}", r.latency_ms)};
    for (const PublishedLatency& p : r.published) row.push_back(fmt::format("{}", p.latency_ms));
    row.push_back(fmt::format("{:.3f}", r.ratio_to_reference()));
    row.push_back(fmt::format("{:.3f}", r.ratio_to_best()));
    out += csv_line(row);
  }
  return out;
}

std::string fidelity_markdown(const std::vector<FidelityRow>& rows) {
  std::string out =
      "| benchmark | MACs (TinySim / published) | TinySim cycles (min..max) | cycles/MAC | TinySim ms | "
      "v0.5 TFLM+CMSIS-NN ms | v1.0 microTVM ms | v1.0 X-CUBE-AI 7.3 ms | v1.1 Plumerai ms | v1.2 X-CUBE-AI 9.0 ms | "
      "TinySim / reference | TinySim / best |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const FidelityRow& r : rows) {
    out += fmt::format("| {} | {} / {} | {} ({}..{}) | {:.2f} | {:.2f} |", r.benchmark, r.macs, r.published_macs,
                       r.cycles, r.cycles_min, r.cycles_max, r.cycles_per_mac, r.latency_ms);
    for (const PublishedLatency& p : r.published) out += fmt::format(" {} |", p.latency_ms);
    out += fmt::format(" {:.2f} | {:.2f} |\n", r.ratio_to_reference(), r.ratio_to_best());
  }
  return out;
}

}  // namespace tinysim::report
