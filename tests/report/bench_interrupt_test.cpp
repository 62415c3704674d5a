// Issue 14: Ctrl-C at any moment of `tinysim bench` (data loading, host
// accuracy, emulation, writing) exits 130 within two seconds and leaves a
// well-formed CSV of the finished rows, or the earlier report untouched; a
// bench that fails before its first row keeps an existing CSV; report paths
// that cannot be written are one-line errors.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "build_paths.h"
#include "core/report/csv.h"
#include "core/report/csv_report.h"
#include "tests/report/tiny_models.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Outcome {
  int exit_code = -1;              // -1: ended by a signal
  double seconds_after_signal = -1;  // -1: no signal was sent
  double seconds_after_marker = -1;
  std::string err;
};

// Runs the CLI with `args`; sends SIGINT `delay` after stderr first shows
// `marker` (the progress bar: the bench has started). extra_env: "NAME=value"
// entries added to the environment.
Outcome run_and_interrupt(const std::vector<std::string>& args, const std::string& marker,
                          std::chrono::milliseconds delay, const std::vector<std::string>& extra_env = {}) {
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(pipe_fd[1], 2);
    close(pipe_fd[0]);
    for (const std::string& e : extra_env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv = {const_cast<char*>(TINYSIM_CLI)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(TINYSIM_CLI, argv.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  fcntl(pipe_fd[0], F_SETFL, O_NONBLOCK);
  Outcome out;
  std::optional<Clock::time_point> signalled, marked;
  const auto start = Clock::now();
  int status = 0;
  for (;;) {
    char buf[4096];
    const ssize_t n = read(pipe_fd[0], buf, sizeof buf);
    if (n > 0) out.err.append(buf, size_t(n));
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (!marked && out.err.find(marker) != std::string::npos) marked = Clock::now();
    if (!signalled && marked && Clock::now() - *marked >= delay) {
      kill(pid, SIGINT);
      signalled = Clock::now();
    }
    if (Clock::now() - start > std::chrono::minutes(4)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    pollfd p{pipe_fd[0], POLLIN, 0};
    poll(&p, 1, 5);
  }
  const auto end = Clock::now();
  for (char buf[4096];;) {
    const ssize_t n = read(pipe_fd[0], buf, sizeof buf);
    if (n <= 0) break;
    out.err.append(buf, size_t(n));
  }
  close(pipe_fd[0]);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (marked) out.seconds_after_marker = std::chrono::duration<double>(end - *marked).count();
  if (signalled) out.seconds_after_signal = std::chrono::duration<double>(end - *signalled).count();
  return out;
}

// A valid bench CSV: the header, then complete rows of the tiny model.
void expect_valid_csv(const fs::path& csv, size_t max_rows) {
  const auto rows = parse_csv(slurp(csv), csv.string());
  ASSERT_GE(rows.size(), 1u);
  EXPECT_EQ(rows[0], csv_columns());
  EXPECT_LE(rows.size(), max_rows + 1);
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), csv_columns().size());
    EXPECT_EQ(rows[i][0], "tiny");
    EXPECT_FALSE(rows[i][8].empty());  // cycles
  }
}

const std::string kOldReport = "model,note\nearlier,report\n";

class BenchInterrupt : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fx_ = new test::TinyFixture(test::make_tiny_fixture("interrupt", 60000)); }
  static void TearDownTestSuite() {
    fs::remove_all(fx_->dir);
    delete fx_;
  }
  static std::vector<std::string> bench_args(const fs::path& csv, const std::string& jobs = "2",
                                             const test::TinyFixture* fx = nullptr) {
    if (!fx) fx = fx_;
    return {"bench", fx->float_path.string(), fx->int8_path.string(), "--data", fx->data_dir.string(), "--mcu",
            "nrf52840,stm32l4r5", "--csv", csv.string(), "--jobs", jobs, "--progress"};
  }
  static test::TinyFixture* fx_;
};
test::TinyFixture* BenchInterrupt::fx_ = nullptr;

// The hang of issue 14: the host-accuracy workers' early return on cancel
// skipped their count-out, so the wait never ended.
TEST_F(BenchInterrupt, DuringHostAccuracyExitsPromptlyAndKeepsTheOldReport) {
  for (const std::string jobs : {"1", "2"}) {
    const fs::path csv = fx_->dir / ("accuracy_" + jobs + ".csv");
    std::ofstream(csv) << kOldReport;
    const Outcome r = run_and_interrupt(bench_args(csv, jobs), "(accuracy)", {});
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_GE(r.seconds_after_signal, 0) << "never reached the accuracy stage: " << r.err;
    EXPECT_LT(r.seconds_after_signal, 2.0) << r.err;
    EXPECT_EQ(slurp(csv), kOldReport) << "interrupted before the first row: the earlier report stays";
    EXPECT_NE(r.err.find("left as it was"), std::string::npos) << r.err;
  }
  // With no earlier file, a valid empty report (the header) is left.
  const fs::path fresh = fx_->dir / "accuracy_fresh.csv";
  const Outcome r = run_and_interrupt(bench_args(fresh), "(accuracy)", {});
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_LT(r.seconds_after_signal, 2.0) << r.err;
  expect_valid_csv(fresh, 0);
}

// Signals spread over the whole run (loading, accuracy, emulation, the
// writes between rows): every run ends by itself with 130 (or 0 if it had
// finished) within two seconds, the CSV is the old report or a valid new one.
TEST_F(BenchInterrupt, AtAnyMomentTheReportIsOldOrValid) {
  // A smaller test set than the fixture's, so that emulation and the writes
  // between rows take most of the run.
  const test::TinyFixture small = test::make_tiny_fixture("sweep", 600);
  const fs::path csv = small.dir / "sweep.csv";
  auto args = [&] { return bench_args(csv, "2", &small); };
  const Outcome full = run_and_interrupt(args(), "[", std::chrono::hours(1));
  const double full_s = full.seconds_after_marker;
  ASSERT_EQ(full.exit_code, 0) << full.err;
  ASSERT_GT(full_s, 0) << full.err;
  expect_valid_csv(csv, 4);
  ASSERT_EQ(parse_csv(slurp(csv)).size(), 5u);
  int interrupted = 0;
  for (const double f : {0.0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9}) {  // of the run after its first progress line
    std::ofstream(csv) << kOldReport;
    const auto delay = std::chrono::milliseconds(int(1000 * f * full_s));
    const Outcome r = run_and_interrupt(args(), "[", delay);
    ASSERT_NE(r.exit_code, -1) << "killed by a signal at " << f << ": " << r.err;
    if (r.exit_code == 0) continue;  // it had finished
    ++interrupted;
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_LT(r.seconds_after_signal, 2.0) << "at " << f << " of the run: " << r.err;
    const std::string text = slurp(csv);
    if (text != kOldReport) expect_valid_csv(csv, 4);
  }
  EXPECT_GE(interrupted, 4);
  fs::remove_all(small.dir);
}

// KWS synthesis (minutes for a full split) polls the cancel flag per sample,
// and nothing half-made lands in the cache.
TEST(BenchInterruptLoading, DuringDataSynthesisExitsPromptly) {
  if (std::system("command -v espeak-ng >/dev/null 2>&1") != 0) GTEST_SKIP() << "espeak-ng not installed";
  const fs::path dir = fs::temp_directory_path() / ("tinysim_interrupt_kws_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path csv = dir / "kws.csv";
  const std::string model = std::string(TINYSIM_SOURCE_DIR) + "/sample_models/kws/kws_int8.tflite";
  const Outcome r = run_and_interrupt(
      {"bench", model, "--data", "kws:400", "--mcu", "nrf52840", "--csv", csv.string(), "--progress"}, "(load data)",
      {}, {"TINYSIM_CACHE_DIR=" + (dir / "cache").string()});
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_GE(r.seconds_after_signal, 0) << r.err;
  EXPECT_LT(r.seconds_after_signal, 2.0) << r.err;
  expect_valid_csv(csv, 0);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir / "cache", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    EXPECT_NE(it->path().filename(), "dataset.json") << "a cancelled generation was cached: " << it->path();
  fs::remove_all(dir);
}

struct CliResult {
  int code = -1;
  std::string err;
};

CliResult run_cli(const std::string& args) {
  CliResult r;
  const std::string cmd = std::string(TINYSIM_CLI) + " " + args + " 2>&1 >/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.err.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Issue 14: a bench that failed before measuring replaced the CSV with a
// header-only file.
TEST(BenchReports, FailureBeforeTheFirstRowKeepsAnExistingCsv) {
  const test::TinyFixture fx = test::make_tiny_fixture("keep", 8);
  const fs::path csv = fx.dir / "results.csv", json = fx.dir / "results.json";
  const fs::path corrupt = fx.dir / "corrupt_int8.tflite";
  std::ofstream(corrupt) << "this is not a flatbuffer";
  const std::string base = "bench " + fx.float_path.string() + " --data " + fx.data_dir.string() + " --csv " +
                           csv.string() + " --json " + json.string();
  const std::string cases[] = {
      base + " --mcu no_such_board",
      base + " --mcu " + fx.dir.string() + "/",
      "bench " + corrupt.string() + " --mcu nrf52840 --csv " + csv.string() + " --json " + json.string(),
      "bench " + (fx.dir / "missing_int8.tflite").string() + " --mcu nrf52840 --csv " + csv.string(),
  };
  for (const std::string& args : cases) {
    std::ofstream(csv) << kOldReport;
    std::ofstream(json) << "{\"earlier\": true}\n";
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(slurp(csv), kOldReport) << args;
    EXPECT_EQ(slurp(json), "{\"earlier\": true}\n") << args;
  }
  const CliResult dir_mcu = run_cli(cases[1]);
  EXPECT_NE(dir_mcu.err.find("is a directory, not an MCU profile"), std::string::npos) << dir_mcu.err;
  EXPECT_EQ(dir_mcu.err.find("basic_filebuf"), std::string::npos) << dir_mcu.err;
  fs::remove_all(fx.dir);
}

// Issue 14: --csv naming a directory said "cannot replace file: Success".
TEST(BenchReports, ReportPathThatIsADirectoryIsAOneLineError) {
  const test::TinyFixture fx = test::make_tiny_fixture("dircsv", 8);
  for (const std::string opt : {"--csv", "--json", "--layers-csv"}) {
    std::string args = "bench " + fx.float_path.string() + " --mcu nrf52840";
    if (opt != "--csv") args += " --csv " + (fx.dir / "ok.csv").string();
    args += " " + opt + " " + fx.dir.string();
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(fx.dir.string() + ": is a directory, not a file"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("Success"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  const CliResult missing_dir = run_cli("bench " + fx.float_path.string() + " --mcu nrf52840 --csv " +
                                        (fx.dir / "no_such_dir" / "r.csv").string());
  EXPECT_EQ(missing_dir.code, 2);
  EXPECT_NE(missing_dir.err.find("does not exist"), std::string::npos) << missing_dir.err;
  EXPECT_FALSE(fs::exists(fx.dir / "ok.csv")) << "nothing is written when bench cannot start";
  fs::remove_all(fx.dir);
}

}  // namespace
}  // namespace tinysim::report
