#include "tests/slurm/slurm_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace tinysim::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* const kPrograms[] = {"/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd",
                                 "/usr/bin/sbatch",  "/usr/bin/squeue",     "/usr/bin/scancel",
                                 "/usr/bin/sinfo"};

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("cannot find a free TCP port on 127.0.0.1");
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string output_of(const std::string& cmd) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  char buf[1024];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (p) pclose(p);
  return out;
}

std::string short_hostname() {
  char h[256] = {};
  ::gethostname(h, sizeof h - 1);
  std::string s(h);
  return s.substr(0, s.find('.'));
}

bool wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    int status;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

std::string SlurmCluster::unavailable() {
  for (const char* p : kPrograms)
    if (::access(p, X_OK) != 0)
      return std::string(p) + " not found: install the Debian packages slurm-wlm and munge (scripts/setup.sh)";
  if (::geteuid() != 0) return "slurmd has to run as root to start jobs; run this test as root";
  return {};
}

pid_t SlurmCluster::launch(const std::vector<std::string>& argv, const std::string& log) {
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Dies with the test process, whatever happens to it.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    ::setpgid(0, 0);  // a terminal's Ctrl-C reaches the test, which stops us in order
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  daemons_.push_back(pid);
  return pid;
}

std::string SlurmCluster::logs() const {
  std::string out;
  for (const char* f : {"munged.out", "slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out"}) {
    std::ifstream in(dir_ / "log" / f);
    std::stringstream s;
    s << in.rdbuf();
    out += std::string("--- ") + f + "\n" + s.str();
  }
  return out;
}

void SlurmCluster::start(const fs::path& dir, int cpus) {
  dir_ = fs::absolute(dir);
  fs::remove_all(dir_);
  for (const char* d : {"munge", "munge-key", "state", "spool", "log"}) fs::create_directories(dir_ / d);
  // munged insists: the key readable by its owner only, the socket folder
  // open to everyone.
  fs::permissions(dir_ / "munge-key", fs::perms::owner_all);
  fs::permissions(dir_ / "munge", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
  const fs::path key = dir_ / "munge-key" / "munge.key", socket = dir_ / "munge" / "munge.socket";
  if (socket.string().size() > 100) throw std::runtime_error(socket.string() + ": too long for a Unix socket path");
  {
    std::random_device rd;
    std::ofstream k(key, std::ios::binary);
    for (int i = 0; i < 256; ++i) k.put(char(rd()));
  }
  fs::permissions(key, fs::perms::owner_read);

  const std::string host = short_hostname();
  const std::string user = ::getpwuid(::geteuid())->pw_name;
  const fs::path conf = dir_ / "slurm.conf";
  {
    std::ofstream c(conf);
    c << "ClusterName=tinysimtest\n"
      << "SlurmctldHost=" << host << "(127.0.0.1)\n"
      << "SlurmctldPort=" << free_port() << "\nSlurmdPort=" << free_port() << "\n"
      << "AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=" << socket.string() << "\n"
      << "SlurmUser=" << user << "\nSlurmdUser=root\n"
      << "StateSaveLocation=" << (dir_ / "state").string() << "\nSlurmdSpoolDir=" << (dir_ / "spool").string() << "\n"
      << "SlurmctldPidFile=" << (dir_ / "slurmctld.pid").string() << "\nSlurmdPidFile=" << (dir_ / "slurmd.pid").string()
      << "\nSlurmctldLogFile=" << (dir_ / "log" / "slurmctld.log").string()
      << "\nSlurmdLogFile=" << (dir_ / "log" / "slurmd.log").string() << "\n"
      // No cgroups, accounting or MPI: nothing outside this folder is touched.
      << "ProctrackType=proctrack/pgid\nTaskPlugin=task/none\nJobAcctGatherType=jobacct_gather/none\n"
      << "AccountingStorageType=accounting_storage/none\nJobCompType=jobcomp/none\nSwitchType=switch/none\n"
      << "MpiDefault=none\nMailProg=/bin/true\n"
      << "SchedulerType=sched/builtin\nSelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n"
      << "ReturnToService=2\nSlurmctldTimeout=30\nSlurmdTimeout=30\nInactiveLimit=0\nMinJobAge=5\nKillWait=2\n"
      << "NodeName=" << host << " NodeAddr=127.0.0.1 CPUs=" << cpus << " State=UNKNOWN\n"
      << "PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n";
  }
  ::setenv("SLURM_CONF", conf.c_str(), 1);

  const std::string log = (dir_ / "log").string();
  launch({"/usr/sbin/munged", "--foreground", "--force", "--key-file=" + key.string(), "--socket=" + socket.string(),
          "--pid-file=" + (dir_ / "munge" / "munged.pid").string(), "--log-file=" + log + "/munged.log",
          "--seed-file=" + (dir_ / "munge" / "munged.seed").string()},
         log + "/munged.out");
  const auto munge_deadline = Clock::now() + std::chrono::seconds(10);
  while (!fs::exists(socket)) {
    if (Clock::now() > munge_deadline) throw std::runtime_error("munged did not create its socket\n" + logs());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  launch({"/usr/sbin/slurmctld", "-D", "-i", "-f", conf.string()}, log + "/slurmctld.out");
  launch({"/usr/sbin/slurmd", "-D", "-f", conf.string()}, log + "/slurmd.out");
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  for (;;) {
    const std::string state = output_of("/usr/bin/sinfo --noheader --format=%T");
    if (state.rfind("idle", 0) == 0) return;
    if (Clock::now() > deadline) throw std::runtime_error("the Slurm node did not become idle (sinfo: " + state + ")\n" + logs());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

bool SlurmCluster::stop() {
  if (daemons_.empty()) return true;
  bool clean = true;
  // Jobs first, so no slurmstepd outlives slurmd.
  output_of("/usr/bin/scancel --user=" + std::string(::getpwuid(::geteuid())->pw_name));
  const auto deadline = Clock::now() + std::chrono::seconds(15);
  for (std::string q = output_of("/usr/bin/squeue --noheader --format=%i");
       Clock::now() < deadline && !q.empty() && q.find("error") == std::string::npos;
       q = output_of("/usr/bin/squeue --noheader --format=%i"))
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // Newest first: slurmd, slurmctld, then munged, which they talk through.
  for (auto it = daemons_.rbegin(); it != daemons_.rend(); ++it) {
    ::kill(*it, SIGTERM);
    if (!wait_exit(*it, std::chrono::seconds(10))) {
      clean = false;
      ::kill(*it, SIGKILL);
      wait_exit(*it, std::chrono::seconds(5));
    }
  }
  daemons_.clear();
  ::unsetenv("SLURM_CONF");
  return clean;
}

}  // namespace tinysim::test
