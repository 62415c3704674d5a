#include "core/sweep/sweep_slurm.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/common/error.h"
#include "core/common/atomic_file.h"
#include "core/sweep/sweep_process.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string first_line(const std::string& s) { return trim(s.substr(0, s.find('\n'))); }

}  // namespace

std::string slurm_array_spec(const std::vector<int>& shards, int limit) {
  std::string out;
  for (size_t i = 0; i < shards.size();) {
    size_t j = i;
    while (j + 1 < shards.size() && shards[j + 1] == shards[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += j == i ? std::to_string(shards[i]) : fmt::format("{}-{}", shards[i], shards[j]);
    i = j + 1;
  }
  if (limit > 0) out += fmt::format("%{}", limit);
  return out;
}

std::string slurm_batch_script(const SweepPlan& plan, const std::string& exe) {
  return fmt::format(
      "#!/bin/sh\n"
      "# One shard of the TinySim sweep in {dir}; submitted by `tinysim sweep --slurm`\n"
      "# as a job array (task I = shard I). Re-running a finished shard is a no-op.\n"
      "exec {exe} sweep --dir {dir} --run-shard \"$SLURM_ARRAY_TASK_ID\"\n",
      fmt::arg("dir", shell_quote(plan.dir)), fmt::arg("exe", shell_quote(exe)));
}

std::vector<std::string> sbatch_command(const SweepPlan& plan, const std::vector<int>& shards, const SlurmOptions& o) {
  std::vector<std::string> cmd = {"sbatch",
                                  "--parsable",
                                  "--job-name=tinysim-sweep",
                                  "--array=" + slurm_array_spec(shards, o.array_limit),
                                  // %4a: the task id zero-padded like shard_log_path().
                                  "--output=" + (fs::path(plan.dir) / "logs" / "shard-%4a.log").string(),
                                  "--open-mode=append",
                                  "--chdir=" + plan.dir};
  // jobs 0 takes what the site's defaults (or --sbatch-arg=--cpus-per-task) give.
  if (plan.spec.jobs > 0) cmd.push_back(fmt::format("--cpus-per-task={}", plan.spec.jobs));
  cmd.insert(cmd.end(), o.sbatch_args.begin(), o.sbatch_args.end());
  cmd.push_back((fs::path(plan.dir) / "sweep.sbatch").string());
  return cmd;
}

std::string submit_to_slurm(const SweepPlan& plan, const std::vector<int>& shards, const SlurmOptions& o) {
  if (shards.empty()) throw Error(plan.dir, "no shards to submit");
  fs::create_directories(fs::path(plan.dir) / "logs");
  const std::string script = (fs::path(plan.dir) / "sweep.sbatch").string();
  write_file_atomically(script, slurm_batch_script(plan, o.exe));
  fs::permissions(script, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  const CommandOutput r = run_command(sbatch_command(plan, shards, o));
  if (r.rc == 127)
    throw Error("sbatch", "not found on PATH", "install Slurm's client (Debian: slurm-wlm) or run without --slurm");
  if (r.rc != 0) throw Error("sbatch", "submission failed: " + first_line(r.err.empty() ? r.out : r.err));
  // --parsable prints "jobid" or "jobid;cluster".
  const std::string id = first_line(r.out).substr(0, first_line(r.out).find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw Error("sbatch", "printed no job id (\"" + first_line(r.out) + "\")");
  return id;
}

bool wait_for_slurm_job(const std::string& job_id, const std::atomic<bool>& stop, double poll_s) {
  int failures = 0;
  while (!stop.load()) {
    const CommandOutput r = run_command({"squeue", "--noheader", "--jobs=" + job_id, "--format=%i"});
    if (r.rc == 0) {
      failures = 0;
      if (trim(r.out).empty()) return true;
    } else if (r.err.find("Invalid job id") != std::string::npos) {
      return true;  // finished and already purged from the controller
    } else if (++failures >= 10) {
      throw Error("squeue", "keeps failing: " + first_line(r.err), "check the Slurm controller (scontrol ping)");
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(poll_s));
  }
  return false;
}

}  // namespace tinysim::report
