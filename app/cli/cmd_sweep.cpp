// `tinysim sweep SPEC.json --dir DIR [--workers N | --slurm [--wait] ...]`:
// expands the grid of SPEC.json (core/sweep/sweep_grid.h), saves it as
// DIR/sweep.json and measures the shards still missing rows, on local
// worker processes or as one Slurm job array. `--run-shard I` is what each
// worker / array task runs; `--status` shows how far every shard got.
// `tinysim merge DIR` then joins the shard CSVs.
#include <fmt/core.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "app/cli/command_registry.h"
#include "core/common/error.h"
#include "core/common/atomic_file.h"
#include "core/sweep/sweep_grid.h"
#include "core/sweep/sweep_local.h"
#include "core/sweep/sweep_process.h"
#include "core/sweep/sweep_shard.h"
#include "core/sweep/sweep_slurm.h"

namespace tinysim::cli {
namespace {

namespace fs = std::filesystem;
using namespace tinysim::report;

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

// Without SA_RESTART, so a blocking waitpid wakes up to forward the stop.
void catch_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);  // Slurm's scancel and time limit
}

struct SweepCliOptions {
  std::string spec, dir;
  int workers = 0;
  bool slurm = false, wait = false, dry_run = false, status = false;
  std::vector<std::string> sbatch_args;
  int array_limit = 0;
  int run_shard = -1;
};

class NotePrinter : public ProgressSink {
 public:
  void on_note(const std::string& n) override { fmt::print(stderr, "note: {}\n", n); }
};

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

int print_status(const SweepPlan& plan) {
  size_t complete = 0, rows = 0;
  for (const SweepShard& sh : plan.shards) {
    const ShardState s = shard_state(plan, sh.index);
    complete += s.complete();
    rows += s.rows;
    fmt::print("shard {:4}  {:<24} {:<12} {:>3}/{:<3} rows  {}{}\n", sh.index, plan.groups[size_t(sh.group)],
               plan.mcu_names[size_t(sh.profile)], s.rows, s.items,
               s.complete() ? "complete" : (s.state.empty() ? "not started" : "incomplete, last " + s.state),
               s.detail.empty() ? "" : " (" + s.detail + ")");
  }
  fmt::print("{} of {} shards complete, {} of {} rows\n", complete, plan.shards.size(), rows, plan.rows());
  return complete == plan.shards.size() ? 0 : 1;
}

int run_one_shard(const SweepCliOptions& o) {
  const SweepPlan plan = load_manifest(o.dir);
  catch_stop_signals();
  NotePrinter notes;
  auto r = run_shard(plan, o.run_shard, g_stop, &notes);
  if (!r) throw r.error();
  if (r->cancelled) {
    fmt::print(stderr, "shard {} interrupted: {} rows kept\n", o.run_shard, r->rows_before + r->rows_run);
    return 130;
  }
  fmt::print(stderr, "shard {} complete: {} rows measured now{}\n", o.run_shard, r->rows_run,
             r->rows_before ? fmt::format(", {} kept from an earlier run", r->rows_before) : "");
  return 0;
}

// The grid this spec expands to, checked against the one DIR already holds.
SweepPlan prepare(const SweepCliOptions& o) {
  const SweepPlan plan = expand_grid(load_sweep_spec(o.spec), o.dir);
  const std::string text = manifest_text(plan);
  const std::string manifest = manifest_path(plan.dir);
  if (fs::exists(manifest)) {
    if (slurp(manifest) != text)
      throw Error(o.dir, "holds a sweep of another grid (the spec or its model files changed)",
                  "pass a new --dir, or delete " + manifest + " and shards/ to start over");
  } else {
    fs::create_directories(fs::path(plan.dir) / "shards");
    write_file_atomically(manifest, text);
  }
  return plan;
}

int run_sweep(const SweepCliOptions& o) {
  const SweepPlan plan = prepare(o);
  const std::vector<int> todo = incomplete_shards(plan);
  fmt::print(stderr, "sweep {}: {} items x {} profiles = {} rows in {} shards; {} to run\n", plan.dir,
             plan.items.size(), plan.profiles.size(), plan.rows(), plan.shards.size(), todo.size());
  SlurmOptions so;
  so.sbatch_args = o.sbatch_args;
  so.array_limit = o.array_limit;
  so.exe = self_executable();
  if (o.dry_run) {
    for (const SweepShard& sh : plan.shards) {
      fmt::print("shard {}: {} on {}:", sh.index, plan.groups[size_t(sh.group)], plan.mcu_names[size_t(sh.profile)]);
      for (int i : sh.items) {
        const SweepItem& it = plan.items[size_t(i)];
        fmt::print(" {}{}", it.variant, it.option.empty() ? "" : "[" + it.option + "]");
      }
      fmt::print("\n");
    }
    if (o.slurm && !todo.empty()) {
      std::string cmd;
      for (const std::string& a : sbatch_command(plan, todo, so)) cmd += (cmd.empty() ? "" : " ") + a;
      fmt::print("{}\n", cmd);
    }
    return 0;
  }
  if (todo.empty()) {
    fmt::print(stderr, "every shard is complete; merge with: tinysim merge {} -o merged.csv\n", plan.dir);
    return 0;
  }
  catch_stop_signals();
  if (o.slurm) {
    const std::string job = submit_to_slurm(plan, todo, so);
    fmt::print("{}\n", job);
    fmt::print(stderr, "submitted Slurm job {} (array {}); logs in {}/logs; progress: tinysim sweep --dir {} --status\n",
               job, slurm_array_spec(todo, o.array_limit), plan.dir, plan.dir);
    if (!o.wait) return 0;
    if (!wait_for_slurm_job(job, g_stop)) return 130;
  } else {
    // Shards with jobs 0 use every hardware thread each: one at a time then.
    const int workers = o.workers > 0       ? o.workers
                        : plan.spec.jobs > 0 ? std::max(1, int(std::thread::hardware_concurrency()) / plan.spec.jobs)
                                             : 1;
    const LocalRunOutcome r = run_shards_locally(plan, todo, workers, so.exe, g_stop, [&](int shard, int rc) {
      fmt::print(stderr, "shard {} {} (log {})\n", shard, rc == 0 ? "done" : fmt::format("exited {}", rc),
                 shard_log_path(plan.dir, shard));
    });
    if (r.interrupted) {
      fmt::print(stderr, "interrupted: finished rows are kept; run the same command again to measure the rest\n");
      return 130;
    }
  }
  const std::vector<int> left = incomplete_shards(plan);
  if (!left.empty()) {
    fmt::print(stderr, "{} of {} shards incomplete (see tinysim sweep --dir {} --status and logs/); run the same "
               "command again to measure only those\n", left.size(), plan.shards.size(), plan.dir);
    return 1;
  }
  fmt::print(stderr, "all {} shards complete; merge with: tinysim merge {} -o merged.csv\n", plan.shards.size(), plan.dir);
  return 0;
}

const RegisterCommand kRegister("sweep", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<SweepCliOptions>();
  app.description(
      "Benchmark a grid (models x variants x MCU profiles x calibration / sparsity options) in shards: on local "
      "worker processes or as a Slurm job array (--slurm). Each shard writes its own CSV (the columns of "
      "`tinysim bench --csv`) under DIR/shards; running the command again measures only the missing rows. "
      "Join the shards with `tinysim merge DIR`.");
  app.add_option("spec", o->spec, "sweep spec (JSON; see README.md \"Sweeps\")");
  app.add_option("--dir", o->dir, "sweep folder: manifest, shard CSVs, logs, derived models")->required();
  app.add_option("--workers", o->workers, "local worker processes (default: hardware threads / the spec's jobs; 1 when jobs is 0)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--slurm", o->slurm, "submit the missing shards as one sbatch --array job instead of running them");
  app.add_option("--sbatch-arg", o->sbatch_args, "extra sbatch option, repeatable (e.g. --sbatch-arg=--partition=short)")
      ->allow_extra_args(false);
  app.add_option("--array-limit", o->array_limit, "at most N array tasks at once (sbatch --array=...%N)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--wait", o->wait, "with --slurm: wait until the job has left the queue, then report");
  app.add_flag("--dry-run", o->dry_run, "print the shards (and the sbatch command) without running anything");
  app.add_flag("--status", o->status, "print every shard's progress in DIR and exit (0 when all are complete)");
  app.add_option("--run-shard", o->run_shard, "run shard I of DIR in this process (what workers and array tasks run)")
      ->check(CLI::NonNegativeNumber);
  return [o] {
    if (o->status) return print_status(load_manifest(o->dir));
    if (o->run_shard >= 0) return run_one_shard(*o);
    if (o->spec.empty()) throw Error("sweep", "no spec given", "pass SPEC.json (or --status / --run-shard I with --dir)");
    if (o->wait && !o->slurm) throw Error("sweep", "--wait needs --slurm");
    return run_sweep(*o);
  };
});

}  // namespace
}  // namespace tinysim::cli
