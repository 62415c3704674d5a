#include "core/report/fidelity_calibration.h"
#include "core/common/json_message.h"

#include "build_paths.h"  // TINYSIM_SHARED_DIR: where the calibration sets are

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "core/emu/emulator.h"
#include "core/emu/mcu_profile.h"

namespace tinysim::report {

namespace fs = std::filesystem;

namespace {

struct Job {
  CalibrationRow row;
  std::string elf, profile;
  std::regex line;  // the firmware's result line; group 1 = cycles
  double clock_hz = 0;  // mlperf: cycles -> ms
};

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw Error(p.string(), "cannot open the calibration data", "put ../shared beside the checkout");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(p.string(), fmt::format("not valid JSON ({})", json_message(e)), "restore the file from ../shared");
  }
}

std::string default_dir(const char* name) { return (fs::path(TINYSIM_SHARED_DIR) / name).lexically_normal().string(); }

void run_job(Job& j, const std::string& timing_table) {
  const emu::McuProfile profile = emu::load_profile(j.profile).take();
  emu::EmuOptions eo;
  eo.timing_table = timing_table;
  auto emu = emu::Emulator::create(profile, eo).take();
  emu->load_elf(j.elf).take();
  const emu::RunResult r = emu->run().take();
  std::smatch m;
  if (!std::regex_search(r.console, m, j.line))
    throw Error(j.elf, fmt::format("no result line in the console output ({:.80})", r.console),
                "use the firmware built as the MANIFEST.md describes");
  j.row.cycles = std::stoull(m[1].str());
  if (m.size() > 2) j.row.verify = m[2].str();
  j.row.instructions = r.instructions;
  j.row.predicted = j.clock_hz > 0 ? double(j.row.cycles) / j.clock_hz * 1000.0 : double(j.row.cycles);
  j.row.error = (j.row.predicted - j.row.board) / j.row.board;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

Result<CalibrationSummary> run_calibration(const CalibrationOptions& o) {
  return capture([&] {
    std::vector<Job> jobs;
    if (o.embench) {
      const fs::path dir = o.embench_dir.empty() ? default_dir("embench_calibration") : o.embench_dir;
      const nlohmann::json board = read_json(dir / "board_cycles.json");
      const std::string profile = (dir / "stm32f4discovery_16mhz_0ws.json").string();
      for (const auto& [name, e] : board.items()) {
        Job j;
        j.row.set = "embench";
        j.row.benchmark = name;
        j.row.board = e.at("board_cycles").get<double>();
        j.elf = (dir / (name + ".elf")).string();
        j.profile = profile;
        j.line = std::regex(R"(EMBENCH cycles=(\d+) verify=(\w+))");
        jobs.push_back(std::move(j));
      }
    }
    if (o.mlperf) {
      const fs::path dir = o.mlperf_dir.empty() ? default_dir("mlperf_calibration") : o.mlperf_dir;
      const nlohmann::json pub = read_json(dir / "published_ms.json");
      const emu::McuProfile profile = emu::load_profile(o.mlperf_profile).take();
      for (const auto& [name, e] : pub.items()) {
        Job j;
        j.row.set = "mlperf";
        j.row.benchmark = name;
        j.row.board = e.at("published_ms").get<double>();
        j.elf = (dir / (name + ".elf")).string();
        j.profile = o.mlperf_profile;
        j.line = std::regex(R"(run0_cycles=(\d+))");
        j.clock_hz = double(profile.clock_hz);
        jobs.push_back(std::move(j));
      }
    }
    // Independent emulators, one per firmware, `jobs` at a time.
    std::atomic<size_t> next{0};
    std::vector<std::string> errors(jobs.size());
    auto worker = [&] {
      for (size_t i; (i = next++) < jobs.size();) {
        try {
          run_job(jobs[i], o.timing_table);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, o.jobs); ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    for (const std::string& e : errors)
      if (!e.empty()) throw Error(e);

    CalibrationSummary s;
    std::vector<double> emb;
    for (Job& j : jobs) {
      if (j.row.set == "embench") emb.push_back(std::fabs(j.row.error));
      else s.mlperf_worst_abs = std::max(s.mlperf_worst_abs, std::fabs(j.row.error));
      s.rows.push_back(std::move(j.row));
    }
    s.embench_median_abs = median(emb);
    s.embench_worst_abs = emb.empty() ? 0 : *std::max_element(emb.begin(), emb.end());
    return s;
  });
}

std::string calibration_table(const CalibrationSummary& s) {
  std::string out = fmt::format("{:<8} {:<16} {:>14} {:>14} {:>9}  {}\n", "set", "benchmark", "board", "TinySim", "error", "verify");
  for (const CalibrationRow& r : s.rows) {
    const bool ms = r.set == "mlperf";
    out += fmt::format("{:<8} {:<16} {:>14} {:>14} {:>+8.2f}%  {}\n", r.set, r.benchmark,
                       ms ? fmt::format("{:.3f} ms", r.board) : fmt::format("{:.0f}", r.board),
                       ms ? fmt::format("{:.3f} ms", r.predicted) : fmt::format("{}", r.cycles), 100 * r.error,
                       ms ? "-" : r.verify);
  }
  out += fmt::format("embench: median |error| {:.2f} %, worst {:.2f} %\n", 100 * s.embench_median_abs, 100 * s.embench_worst_abs);
  out += fmt::format("mlperf:  worst |error| {:.2f} %\n", 100 * s.mlperf_worst_abs);
  return out;
}

}  // namespace tinysim::report
