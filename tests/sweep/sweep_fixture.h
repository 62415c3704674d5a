// A sweep over the tiny float + int8 pair of tests/report/tiny_models.h plus
// one calibration point and one sparsity (both derived by the sweep), and the
// helpers the sweep tests share: running the CLI, reading files, and the
// one-process `tinysim bench` of the same grid that merged CSVs must equal.
#pragma once

#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/report/csv.h"
#include "tests/report/tiny_models.h"

namespace tinysim::test {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline void write_text(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
}

struct CommandResult {
  int rc = -1;
  std::string output;  // stdout + stderr
};

inline CommandResult run_cli(const std::string& args) {
  const std::string cmd = std::string(TINYSIM_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  CommandResult r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

struct SweepFixture {
  TinyFixture tiny;
  fs::path spec;  // SPEC.json
};

// profiles: the grid's MCU profiles; the data set gets calib and train
// splits too (the derived variants need them).
inline SweepFixture make_sweep_fixture(const std::string& tag, const std::vector<std::string>& profiles) {
  SweepFixture f{make_tiny_fixture(tag, 24), {}};
  save_dataset(f.tiny.data, f.tiny.data_dir.string(), "calib").take();
  save_dataset(f.tiny.data, f.tiny.data_dir.string(), "train").take();
  std::string list;
  for (const std::string& p : profiles) list += (list.empty() ? "\"" : ", \"") + p + "\"";
  f.spec = f.tiny.dir / "spec.json";
  write_text(f.spec, R"({
  "models": [")" + f.tiny.float_path.filename().string() + R"(", ")" + f.tiny.int8_path.filename().string() + R"("],
  "data": "data",
  "profiles": [)" + list + R"(],
  "latency_samples": 2,
  "jobs": 1,
  "options": {
    "calibration": [{"method": "percentile", "percentile": 99.9, "samples": 16}],
    "sparsity": [0.5],
    "prune": {"epochs": 1, "batch_size": 8, "frequency": 1}
  }
})");
  return f;
}

// The model files of every merged row, from `tinysim merge --grid`, in order
// of first appearance.
inline std::vector<std::string> grid_models(const fs::path& grid_csv) {
  std::vector<std::string> out;
  const auto rows = report::parse_csv(slurp(grid_csv));
  for (size_t i = 1; i < rows.size(); ++i)
    if (std::find(out.begin(), out.end(), rows[i].back()) == out.end()) out.push_back(rows[i].back());
  return out;
}

// The one-process bench of the same model files, data set and profiles:
// the CSV merged shards must equal byte for byte. Every CSV column is
// measured or provenance; none is a wall time, so nothing is excluded.
inline std::string reference_bench(const SweepFixture& f, const std::vector<std::string>& models,
                                   const std::string& profiles, const fs::path& out) {
  std::string args = "bench";
  for (const std::string& m : models) args += " " + m;
  args += " --data " + f.tiny.data_dir.string() + " --mcu " + profiles + " --latency-samples 2 --jobs 2 --csv " +
          out.string();
  const CommandResult r = run_cli(args);
  EXPECT_EQ(r.rc, 0) << r.output;
  return slurp(out);
}

}  // namespace tinysim::test
