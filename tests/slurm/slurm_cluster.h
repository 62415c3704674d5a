// A throw-away single-node Slurm cluster for tests: munged, slurmctld and
// slurmd from the Debian packages, on 127.0.0.1 with free ports, every
// config, key, socket, state and log file under one folder of the build
// tree. The daemons run in the foreground as children of the test with
// PR_SET_PDEATHSIG, so they die with it even if it crashes; stop() cancels
// leftover jobs, stops the daemons and waits for them.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tinysim::test {

class SlurmCluster {
 public:
  SlurmCluster() = default;
  ~SlurmCluster() { stop(); }
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  // Why this machine cannot run the cluster (packages missing, not root);
  // empty if it can.
  static std::string unavailable();
  // Starts the daemons and waits until the node is idle; sets SLURM_CONF for
  // this process (and so for the tinysim processes it starts). Throws
  // std::runtime_error with the daemons' logs when they do not come up.
  void start(const std::filesystem::path& dir, int cpus);
  // true when every daemon exited on SIGTERM within 10 s (none had to be killed).
  bool stop();
  const std::filesystem::path& dir() const { return dir_; }

 private:
  pid_t launch(const std::vector<std::string>& argv, const std::string& log);
  std::string logs() const;
  std::filesystem::path dir_;
  std::vector<pid_t> daemons_;  // started order: munged, slurmctld, slurmd
};

}  // namespace tinysim::test
