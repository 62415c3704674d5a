#include "core/sweep/sweep_shard.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/report/bench.h"
#include "core/report/csv_report.h"
#include "core/report/result_record.h"
#include "core/report/sha256.h"
#include "core/sweep/sweep_derive.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

size_t column(const std::string& name) {
  const auto& c = csv_columns();
  return size_t(std::find(c.begin(), c.end(), name) - c.begin());
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string where_running() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::string s = fmt::format("{} pid {}", host, ::getpid());
  const char* job = std::getenv("SLURM_ARRAY_JOB_ID");
  const char* task = std::getenv("SLURM_ARRAY_TASK_ID");
  if (job && task) s += fmt::format(", slurm job {}_{}", job, task);
  return s;
}

// The status file: state, how far, where. Written whole (atomic rename).
class StatusFile {
 public:
  StatusFile(std::string path, int shard, size_t items) : path_(std::move(path)), shard_(shard), items_(items) {}
  void write(const std::string& state, size_t rows, const std::string& stage = {}, double fraction = 0,
             const std::string& error = {}) {
    const json j = {{"shard", shard_}, {"state", state},       {"rows", rows},   {"items", items_},
                    {"stage", stage},  {"fraction", fraction}, {"where", where_}, {"updated", now_utc()},
                    {"error", error}};
    write_file_atomically(path_, j.dump(2) + "\n");
    last_ = std::chrono::steady_clock::now();
  }
  // Progress at most once a second: it is for people watching, not a log.
  void progress(size_t rows, const BenchProgress& p) {
    if (std::chrono::steady_clock::now() - last_ < std::chrono::seconds(1)) return;
    write("running", rows, p.current + " (" + p.stage + ")", p.fraction);
  }

 private:
  std::string path_;
  int shard_;
  size_t items_;
  std::string where_ = where_running();
  std::chrono::steady_clock::time_point last_{};
};

// Appends the shard's rows to its CSV as the bench finishes them, dropping
// the row of a float parent measured again only for agreement.
class ShardWriter : public ProgressSink {
 public:
  ShardWriter(const SweepPlan& plan, const SweepShard& shard, std::vector<CsvRow> rows, std::string skip_path,
              StatusFile& status, ProgressSink* notes)
      : plan_(plan), shard_(shard), rows_(std::move(rows)), skip_(std::move(skip_path)), status_(status),
        notes_(notes), path_(shard_csv_path(plan.dir, shard.index)) {}

  void on_result(const ResultRecord& r) override {
    if (r.path == skip_) return;
    if (rows_.size() >= shard_.items.size()) throw Error(path_, "the bench produced more rows than the shard has items");
    const SweepItem& want = plan_.items[size_t(shard_.items[rows_.size()])];
    if (r.path != want.model.path || r.mcu != plan_.mcu_names[size_t(shard_.profile)])
      throw Error(path_, fmt::format("row {} is {} on {}, expected {} on {}", rows_.size(), r.path, r.mcu,
                                     want.model.path, plan_.mcu_names[size_t(shard_.profile)]));
    rows_.push_back(csv_row(r));
    std::string text = csv_line(csv_columns());
    for (const CsvRow& row : rows_) text += csv_line(row);
    write_file_atomically(path_, text);
    status_.write("running", rows_.size());
  }
  void on_progress(const BenchProgress& p) override { status_.progress(rows_.size(), p); }
  void on_note(const std::string& n) override {
    if (notes_) notes_->on_note(n);
  }
  size_t rows() const { return rows_.size(); }

 private:
  const SweepPlan& plan_;
  const SweepShard& shard_;
  std::vector<CsvRow> rows_;
  std::string skip_;
  StatusFile& status_;
  ProgressSink* notes_;
  std::string path_;
};

const SweepShard& shard_at(const SweepPlan& plan, int shard) {
  if (shard < 0 || size_t(shard) >= plan.shards.size())
    throw Error(manifest_path(plan.dir), fmt::format("has no shard {} (shards are 0..{})", shard, plan.shards.size() - 1),
                "check the array index");
  return plan.shards[size_t(shard)];
}

}  // namespace

std::vector<CsvRow> read_shard_rows(const SweepPlan& plan, const SweepShard& shard, const std::string& csv_path) {
  if (!fs::exists(csv_path)) return {};
  std::vector<CsvRow> rows = parse_csv(slurp(csv_path), csv_path);
  if (rows.empty() || rows[0] != csv_columns())
    throw Error(csv_path, "is not a shard CSV of this TinySim (its header differs from `tinysim bench --csv`)",
                "delete it to measure the shard again");
  rows.erase(rows.begin());
  if (rows.size() > shard.items.size())
    throw Error(csv_path, fmt::format("holds {} rows, shard {} has {} items", rows.size(), shard.index, shard.items.size()),
                "it belongs to another sweep; delete it or use the right --dir");
  static const size_t kSha = column("model_sha256");
  std::map<std::string, std::string> sha;  // file -> digest, computed once per call
  for (size_t i = 0; i < rows.size(); ++i) {
    const SweepItem& it = plan.items[size_t(shard.items[i])];
    const CsvRow& r = rows[i];
    if (r.size() != csv_columns().size() || r[0] != it.model.model || r[1] != it.variant ||
        r[2] != plan.mcu_names[size_t(shard.profile)])
      throw Error(csv_path, fmt::format("row {} is not {} {} on {}", i + 1, it.model.model, it.variant,
                                        plan.mcu_names[size_t(shard.profile)]),
                  "it belongs to another sweep; delete it or use the right --dir");
    if (fs::exists(it.model.path)) {
      auto [pos, fresh] = sha.try_emplace(it.model.path);
      if (fresh) pos->second = sha256_file(it.model.path);
      if (r[kSha] != pos->second)
        throw Error(csv_path, fmt::format("row {} was measured on another version of {}", i + 1, it.model.path),
                    "the model changed since; delete the shard CSV to measure it again");
    }
  }
  return rows;
}

ShardState shard_state(const SweepPlan& plan, int shard) {
  const SweepShard& sh = shard_at(plan, shard);
  ShardState s;
  s.shard = shard;
  s.items = sh.items.size();
  s.rows = read_shard_rows(plan, sh, shard_csv_path(plan.dir, shard)).size();
  const std::string status = shard_status_path(plan.dir, shard);
  if (fs::exists(status)) {
    try {
      const json j = json::parse(slurp(status));
      s.state = j.value("state", "");
      s.detail = j.value("where", "") + ", " + j.value("updated", "");
      if (!j.value("error", "").empty()) s.detail += ": " + j.value("error", "");
      else if (!j.value("stage", "").empty() && s.state == "running") s.detail += ", at " + j.value("stage", "");
    } catch (const json::exception&) {
      s.state = "unreadable status";
    }
  }
  return s;
}

std::vector<int> incomplete_shards(const SweepPlan& plan) {
  std::vector<int> out;
  for (const SweepShard& sh : plan.shards)
    if (!shard_state(plan, sh.index).complete()) out.push_back(sh.index);
  return out;
}

Result<ShardOutcome> run_shard(const SweepPlan& plan, int shard, const std::atomic<bool>& cancel, ProgressSink* notes) {
  return capture([&] {
    const SweepShard& sh = shard_at(plan, shard);
    fs::create_directories(fs::path(shard_csv_path(plan.dir, shard)).parent_path());
    StatusFile status(shard_status_path(plan.dir, shard), shard, sh.items.size());
    ShardOutcome out;
    try {
      std::vector<CsvRow> rows = read_shard_rows(plan, sh, shard_csv_path(plan.dir, shard));
      out.rows_before = rows.size();
      if (rows.size() == sh.items.size()) {
        status.write("done", rows.size());
        return out;
      }
      status.write("running", rows.size(), "deriving models");
      for (int i : sh.items) ensure_derived_model(plan, plan.items[size_t(i)]);

      // The float parent (first float variant of the use case) is measured
      // again when its row is done but later rows need it for agreement.
      BenchRequest req;
      std::string skip;
      for (size_t k = 0; k < sh.items.size(); ++k) {
        const SweepItem& it = plan.items[size_t(sh.items[k])];
        if (k >= rows.size()) req.models.push_back(it.model.path);
        else if (skip.empty() && is_float_variant(it.variant)) skip = it.model.path;
      }
      if (!skip.empty()) req.models.push_back(skip);
      req.dataset = plan.items[size_t(sh.items.front())].model.dataset;
      req.profiles = {plan.profiles[size_t(sh.profile)]};
      req.jobs = plan.spec.jobs;
      // jobs 0: what Slurm gave the task, else (0) every hardware thread.
      if (const char* cpus = std::getenv("SLURM_CPUS_PER_TASK"); req.jobs == 0 && cpus) req.jobs = std::atoi(cpus);
      req.latency_samples = plan.spec.latency_samples;

      ShardWriter writer(plan, sh, std::move(rows), skip, status, notes);
      auto bench = run_bench(req, writer, cancel);
      if (!bench) throw bench.error();
      out.rows_run = writer.rows() - out.rows_before;
      out.cancelled = bench->cancelled;
      status.write(out.cancelled ? "cancelled" : "done", writer.rows());
      if (!out.cancelled && writer.rows() != sh.items.size())
        throw Error(shard_csv_path(plan.dir, shard), fmt::format("the bench produced {} of {} rows", writer.rows(), sh.items.size()));
    } catch (const Error& e) {
      const std::string msg = fmt::format("shard {} ({} on {}): {}", shard, plan.groups[size_t(sh.group)],
                                          plan.mcu_names[size_t(sh.profile)], e.what());
      try {
        status.write("failed", read_shard_rows(plan, sh, shard_csv_path(plan.dir, shard)).size(), "", 0, e.what());
      } catch (const Error&) {
      }
      throw Error(msg);
    }
    return out;
  });
}

}  // namespace tinysim::report
