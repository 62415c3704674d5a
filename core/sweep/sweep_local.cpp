#include "core/sweep/sweep_local.h"

#include <sys/wait.h>

#include <cerrno>
#include <filesystem>
#include <map>

#include "core/sweep/sweep_process.h"

namespace tinysim::report {

LocalRunOutcome run_shards_locally(const SweepPlan& plan, const std::vector<int>& shards, int workers,
                                   const std::string& exe, const std::atomic<bool>& stop,
                                   const std::function<void(int, int)>& on_done) {
  LocalRunOutcome out;
  std::filesystem::create_directories(std::filesystem::path(shard_log_path(plan.dir, 0)).parent_path());
  std::map<pid_t, int> running;
  size_t next = 0;
  while (next < shards.size() || !running.empty()) {
    while (!stop.load() && next < shards.size() && int(running.size()) < std::max(1, workers)) {
      const int s = shards[next++];
      running[spawn_logged({exe, "sweep", "--dir", plan.dir, "--run-shard", std::to_string(s)},
                           shard_log_path(plan.dir, s))] = s;
    }
    if (stop.load() && next < shards.size()) {
      out.interrupted = true;
      next = shards.size();
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (rc == 130) out.interrupted = true;
    else if (rc != 0) out.failed.push_back(it->second);
    on_done(it->second, rc);
    running.erase(it);
  }
  return out;
}

}  // namespace tinysim::report
