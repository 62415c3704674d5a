// The bench engine end to end on a tiny float + int8 pair with a labelled
// data set: reports read back equal to the records, accuracy and agreement
// equal what `tinysim infer` says sample by sample, and interrupted runs
// (cancel flag, real SIGINT to the CLI) leave a valid CSV of finished rows.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/report/bench.h"
#include "core/report/csv_report.h"
#include "core/report/json_report.h"
#include "core/report/spot_check.h"
#include "tests/report/tiny_models.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string run_capture(const std::string& cmd, int* rc) {
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

class BenchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fx_ = new test::TinyFixture(test::make_tiny_fixture("bench", 24)); }
  static void TearDownTestSuite() {
    if (!std::getenv("TINYSIM_KEEP_TEST_FILES")) fs::remove_all(fx_->dir);
    delete fx_;
  }
  BenchRequest request() const {
    BenchRequest r;
    r.models = {fx_->int8_path.string(), fx_->float_path.string()};
    r.dataset = fx_->data_dir.string();
    r.profiles = {"nrf52840", "stm32l4r5"};
    r.jobs = 2;
    r.latency_samples = 3;
    return r;
  }
  static test::TinyFixture* fx_;
};
test::TinyFixture* BenchTest::fx_ = nullptr;

TEST_F(BenchTest, CsvAndJsonReadBackEqualToTheRecords) {
  const fs::path csv = fx_->dir / "out.csv", json = fx_->dir / "out.json", layers = fx_->dir / "layers.csv";
  ResultStream stream;
  CsvReportWriter cw(csv.string());
  JsonReportWriter jw(json.string());
  CsvReportWriter lw(layers.string(), CsvReportWriter::Kind::Layers);
  stream.subscribe(cw);
  stream.subscribe(jw);
  stream.subscribe(lw);
  std::atomic<bool> cancel{false};
  auto outcome = run_bench(request(), stream, cancel);
  ASSERT_TRUE(outcome.ok()) << outcome.error().what();
  const auto& recs = outcome->records;
  ASSERT_EQ(recs.size(), 4u);
  // Float parent first, then int8; each on both profiles.
  EXPECT_EQ(recs[0].variant, "float");
  EXPECT_EQ(recs[0].mcu, "nrf52840");
  EXPECT_EQ(recs[3].variant, "int8");
  EXPECT_EQ(recs[3].mcu, "stm32l4r5");

  const auto rows = parse_csv(slurp(csv), csv.string());
  ASSERT_EQ(rows.size(), 5u);
  ASSERT_EQ(rows[0], csv_columns());
  const std::vector<std::string> required = {
      "model", "variant", "mcu", "accuracy", "agreement", "rmse", "cosine", "latency_ms", "cycles", "cycles_min",
      "cycles_max", "instructions", "cycles_per_mac", "macs", "params", "ram_peak_bytes", "arena_bytes", "stack_bytes",
      "static_ram_bytes", "flash_bytes", "weights_bytes", "code_bytes", "energy_uj", "fits", "overflow_bytes",
      "sparsity", "model_sha256", "tinysim_version", "profile_clock_hz", "firmware_flags"};
  for (size_t c = 0; c < required.size(); ++c) EXPECT_EQ(rows[0][c], required[c]);
  auto col = [&](const std::string& name) {
    return size_t(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
  };
  for (size_t i = 0; i < recs.size(); ++i) {
    const CsvRow& row = rows[i + 1];
    const ResultRecord& r = recs[i];
    ASSERT_EQ(row.size(), rows[0].size());
    EXPECT_EQ(row[col("model")], "tiny");
    EXPECT_EQ(row[col("variant")], r.variant);
    EXPECT_EQ(row[col("mcu")], r.mcu);
    EXPECT_EQ(std::stod(row[col("accuracy")]), *r.accuracy);
    EXPECT_EQ(std::stod(row[col("agreement")]), *r.agreement);
    EXPECT_EQ(std::stod(row[col("rmse")]), *r.rmse);
    EXPECT_EQ(std::stod(row[col("cosine")]), *r.cosine);
    EXPECT_EQ(std::stod(row[col("latency_ms")]), r.latency_ms);
    EXPECT_EQ(std::stoull(row[col("cycles")]), r.cycles);
    EXPECT_EQ(std::stoull(row[col("cycles_min")]), r.cycles_min);
    EXPECT_EQ(std::stoull(row[col("cycles_max")]), r.cycles_max);
    EXPECT_EQ(std::stoull(row[col("instructions")]), r.instructions);
    EXPECT_EQ(std::stod(row[col("cycles_per_mac")]), *r.cycles_per_mac);
    EXPECT_EQ(std::stoll(row[col("macs")]), r.macs);
    EXPECT_EQ(std::stoull(row[col("ram_peak_bytes")]), r.ram_peak_bytes);
    EXPECT_EQ(std::stoull(row[col("flash_bytes")]), r.flash_bytes);
    EXPECT_EQ(std::stod(row[col("energy_uj")]), r.energy_uj);
    EXPECT_EQ(row[col("fits")], "true");
    EXPECT_EQ(row[col("model_sha256")], r.model_sha256);
    EXPECT_EQ(row[col("firmware_flags")], r.firmware_flags);
    EXPECT_EQ(std::stoull(row[col("profile_clock_hz")]), r.profile_clock_hz);
    EXPECT_EQ(std::stoull(row[col("test_samples")]), 24u);
    // Everything the emulator measures is really there.
    EXPECT_GT(r.cycles, 0u);
    EXPECT_LE(r.cycles_min, r.cycles);
    EXPECT_LE(r.cycles, r.cycles_max);
    EXPECT_GT(r.instructions, 0u);
    EXPECT_GT(r.stack_bytes, 0u);
    EXPECT_EQ(r.ram_peak_bytes, r.arena_bytes + r.stack_bytes + r.static_ram_bytes);
    EXPECT_GT(r.code_bytes, 0u);
    EXPECT_GT(r.weights_bytes, 0u);
    EXPECT_GE(r.flash_bytes, r.code_bytes + r.weights_bytes);
    EXPECT_GT(r.energy_uj, 0);
    EXPECT_FALSE(r.firmware_flags.empty());
    EXPECT_EQ(r.layers.size(), load_tflite(r.path).take().ops.size());  // one per op
  }
  // Clock and cycles agree with the latency on each profile.
  EXPECT_EQ(recs[0].profile_clock_hz, 64000000u);
  EXPECT_NEAR(recs[0].latency_ms, 1e3 * double(recs[0].cycles) / 64e6, 1e-9);
  // The int8 model's weights are a quarter of the float model's, give or take biases.
  EXPECT_LT(recs[2].weights_bytes, recs[0].weights_bytes);

  const auto j = nlohmann::json::parse(slurp(json));
  ASSERT_EQ(j["results"].size(), 4u);
  for (size_t i = 0; i < recs.size(); ++i) {
    const auto& jr = j["results"][i];
    EXPECT_EQ(jr["cycles"].get<uint64_t>(), recs[i].cycles);
    EXPECT_EQ(jr["accuracy"].get<double>(), *recs[i].accuracy);
    // Confusion matrix: rows are true labels, and the diagonal is what was right.
    uint64_t total = 0, diag = 0;
    for (size_t a = 0; a < 4; ++a)
      for (size_t b = 0; b < 4; ++b) {
        total += jr["confusion"][a][b].get<uint64_t>();
        if (a == b) diag += jr["confusion"][a][b].get<uint64_t>();
      }
    EXPECT_EQ(total, 24u);
    EXPECT_EQ(diag, recs[i].correct);
    EXPECT_EQ(jr["layers"].size(), recs[i].layers.size());
  }
  const auto layer_rows = parse_csv(slurp(layers));
  size_t n_layers = 0;
  for (const auto& r : recs) n_layers += r.layers.size();
  ASSERT_EQ(layer_rows.size(), n_layers + 1);
  EXPECT_EQ(layer_rows[0], layer_csv_columns());
  EXPECT_EQ(std::stoull(layer_rows[1][6]), recs[0].layers[0].cycles);
}

// Accuracy and agreement recomputed sample by sample from `tinysim infer`
// (another process, raw quantized input files) must match the bench's counts.
TEST_F(BenchTest, AccuracyEqualsTinysimInfer) {
  RecordCollector rc;
  std::atomic<bool> cancel{false};
  auto req = request();
  req.profiles = {"nrf52840"};
  auto outcome = run_bench(req, rc, cancel);
  ASSERT_TRUE(outcome.ok()) << outcome.error().what();
  ASSERT_EQ(outcome->records.size(), 2u);

  std::map<std::string, std::vector<int>> top1;
  for (const fs::path& model_path : {fx_->float_path, fx_->int8_path}) {
    const Model m = load_tflite(model_path.string()).take();
    for (size_t i = 0; i < fx_->data.size(); ++i) {
      const TensorBytes in = dataset_input(m, fx_->data, i);
      const fs::path f = fx_->dir / ("in_" + std::to_string(i) + ".bin");
      std::ofstream(f, std::ios::binary).write(reinterpret_cast<const char*>(in[0].data()), std::streamsize(in[0].size()));
      int rc_code = 0;
      const std::string out =
          run_capture(std::string(TINYSIM_CLI) + " infer " + model_path.string() + " --input " + f.string() + " --json", &rc_code);
      ASSERT_EQ(rc_code, 0) << out;
      top1[model_path.stem().string()].push_back(nlohmann::json::parse(out)["top1"][0].get<int>());
    }
  }
  auto correct = [&](const std::vector<int>& p) {
    uint64_t c = 0;
    for (size_t i = 0; i < p.size(); ++i) c += p[i] == fx_->data.y[i];
    return c;
  };
  const ResultRecord& fr = outcome->records[0];
  const ResultRecord& qr = outcome->records[1];
  ASSERT_EQ(fr.variant, "float");
  ASSERT_EQ(qr.variant, "int8");
  EXPECT_EQ(fr.correct, correct(top1["tiny_float"]));
  EXPECT_EQ(qr.correct, correct(top1["tiny_int8"]));
  EXPECT_DOUBLE_EQ(*qr.accuracy, double(correct(top1["tiny_int8"])) / 24.0);
  // Even samples are labelled with the float model's own top-1, so it gets those right.
  EXPECT_GE(fr.correct, 12u);
  uint64_t same = 0;
  for (size_t i = 0; i < 24; ++i) same += top1["tiny_float"][i] == top1["tiny_int8"][i];
  EXPECT_DOUBLE_EQ(*qr.agreement, double(same) / 24.0);
  EXPECT_DOUBLE_EQ(*fr.agreement, 1.0);
  EXPECT_DOUBLE_EQ(*fr.rmse, 0.0);
  EXPECT_GT(*qr.rmse, 0.0);
  EXPECT_GT(*qr.cosine, 0.9);
  EXPECT_LE(*qr.cosine, 1.0 + 1e-12);
}

// Thread count must not change any count.
TEST_F(BenchTest, JobsDoNotChangeResults) {
  std::atomic<bool> cancel{false};
  auto req = request();
  req.profiles = {"stm32l4r5"};
  req.jobs = 1;
  RecordCollector a, b;
  ASSERT_TRUE(run_bench(req, a, cancel).ok());
  req.jobs = 3;
  ASSERT_TRUE(run_bench(req, b, cancel).ok());
  ASSERT_EQ(a.records.size(), b.records.size());
  for (size_t i = 0; i < a.records.size(); ++i) {
    EXPECT_EQ(a.records[i].correct, b.records[i].correct);
    EXPECT_EQ(a.records[i].confusion, b.records[i].confusion);
    EXPECT_EQ(*a.records[i].rmse, *b.records[i].rmse);
    EXPECT_EQ(a.records[i].cycles, b.records[i].cycles);  // the cycle model is deterministic
    EXPECT_EQ(a.records[i].cycles_min, b.records[i].cycles_min);
  }
}

// Subscribers hear everything on the thread that called run_bench (the GUI
// relies on it), progress only grows, and results come in item order.
class ThreadCheckingSink : public ProgressSink {
 public:
  void on_progress(const BenchProgress& p) override {
    same_thread &= std::this_thread::get_id() == owner;
    monotonic &= p.fraction >= last_fraction && p.fraction <= 1.0;
    last_fraction = p.fraction;
    ++progress_calls;
  }
  void on_result(const ResultRecord&) override {
    same_thread &= std::this_thread::get_id() == owner;
    ++results;
  }
  void on_finish(bool) override { same_thread &= std::this_thread::get_id() == owner; }
  std::thread::id owner = std::this_thread::get_id();
  bool same_thread = true, monotonic = true;
  double last_fraction = 0;
  int progress_calls = 0, results = 0;
};

TEST_F(BenchTest, SinkCallsComeFromTheCallingThread) {
  ThreadCheckingSink sink;
  std::atomic<bool> cancel{false};
  auto req = request();
  req.jobs = 2;
  req.latency_samples = 4;
  ASSERT_TRUE(run_bench(req, sink, cancel).ok());
  EXPECT_TRUE(sink.same_thread);
  EXPECT_TRUE(sink.monotonic);
  EXPECT_GT(sink.progress_calls, 4);
  EXPECT_EQ(sink.results, 4);
}

// Sets the cancel flag as soon as the first row is out.
class CancelAfterFirst : public ProgressSink {
 public:
  explicit CancelAfterFirst(std::atomic<bool>& c) : cancel_(c) {}
  void on_result(const ResultRecord&) override { cancel_ = true; }
  void on_finish(bool cancelled) override { finished_cancelled = cancelled; }
  bool finished_cancelled = false;

 private:
  std::atomic<bool>& cancel_;
};

TEST_F(BenchTest, CancelKeepsFinishedRowsInAValidCsv) {
  const fs::path csv = fx_->dir / "cancel.csv";
  std::atomic<bool> cancel{false};
  ResultStream stream;
  CsvReportWriter cw(csv.string());
  CancelAfterFirst stopper(cancel);
  stream.subscribe(cw);
  stream.subscribe(stopper);
  auto outcome = run_bench(request(), stream, cancel);
  ASSERT_TRUE(outcome.ok()) << outcome.error().what();
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_TRUE(stopper.finished_cancelled);
  ASSERT_EQ(outcome->records.size(), 1u);
  const auto rows = parse_csv(slurp(csv));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], csv_columns());
  EXPECT_EQ(rows[1], csv_row(outcome->records[0]));
}

TEST_F(BenchTest, SigintToTheCliKeepsFinishedRows) {
  // Enough work that the run is still going when the first row lands: a
  // bigger test set (host accuracy per model) and four profiles.
  const test::TinyFixture big = test::make_tiny_fixture("sigint", 60000);
  const fs::path csv = big.dir / "sigint.csv";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(TINYSIM_CLI, TINYSIM_CLI, "bench", big.float_path.c_str(), big.int8_path.c_str(), "--data",
          big.data_dir.c_str(), "--mcu", "nrf52840,stm32l4r5,stm32f407,sam4s16c", "--csv", csv.c_str(), "--jobs", "1",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for the first finished row, then interrupt.
  size_t rows_seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(csv)) {
      rows_seen = parse_csv(slurp(csv)).size();
      if (rows_seen >= 2) break;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) FAIL() << "bench ended before any row was interrupted";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(rows_seen, 2u) << "no row within 3 minutes";
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const auto rows = parse_csv(slurp(csv));
  EXPECT_EQ(rows[0], csv_columns());
  EXPECT_GE(rows.size(), 2u);
  EXPECT_LT(rows.size(), 9u);  // 8 items in all: it did stop early
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), csv_columns().size());
    EXPECT_EQ(rows[i][0], "tiny");
    EXPECT_FALSE(rows[i][8].empty());  // cycles
  }
  fs::remove_all(big.dir);
}

TEST_F(BenchTest, BadInputIsAnErrorNotACrash) {
  std::atomic<bool> cancel{false};
  RecordCollector rc;
  auto req = request();
  req.profiles = {"no_such_board"};
  auto r = run_bench(req, rc, cancel);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("no_such_board"), std::string::npos);
  // 4x4x1 samples do not fit an 8x8x1 input.
  Dataset small = make_random_dataset({4, 4, 1}, 3, 8, 0.f, 1.f);
  const fs::path small_dir = fx_->dir / "small";
  fs::create_directories(small_dir);
  save_dataset(small, small_dir.string(), "test").take();
  req = request();
  req.dataset = small_dir.string();
  r = run_bench(req, rc, cancel);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("input takes 64 values"), std::string::npos) << r.error().what();
  // A missing model file names the file.
  req = request();
  req.models.push_back((fx_->dir / "missing_int8.tflite").string());
  r = run_bench(req, rc, cancel);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("missing_int8.tflite"), std::string::npos);
  EXPECT_TRUE(rc.records.empty());
}

}  // namespace
}  // namespace tinysim::report
