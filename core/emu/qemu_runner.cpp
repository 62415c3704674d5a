#include "core/emu/qemu_runner.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace tinysim::emu {

std::string qemu_missing_reason(const QemuOptions& options) {
  const std::string cmd = fmt::format("command -v '{}' >/dev/null 2>&1", options.binary);
  if (std::system(cmd.c_str()) != 0)
    return fmt::format("{} is not installed (Debian package qemu-system-arm)", options.binary);
  return "";
}

Result<QemuRunResult> run_on_qemu(const std::string& elf_path, const QemuOptions& options) {
  return capture([&]() -> QemuRunResult {
    if (!std::filesystem::exists(elf_path)) throw Error(elf_path, "firmware ELF not found", "check the path");
    if (std::string why = qemu_missing_reason(options); !why.empty()) throw Error(why);
    std::vector<std::string> args = {options.binary, "-M", options.machine, "-nographic", "-monitor", "none",
                                     "-serial", "none", "-semihosting-config", "enable=on,target=native",
                                     "-kernel", elf_path};
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) throw Error("cannot create pipes for qemu");
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid < 0) throw Error("cannot fork to run qemu");
    if (pid == 0) {
      dup2(out[1], 1);
      dup2(err[1], 2);
      close(out[0]);
      close(err[0]);
      int devnull = open("/dev/null", O_RDONLY);
      if (devnull >= 0) dup2(devnull, 0);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    close(err[1]);
    QemuRunResult r;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    bool open_fd[2] = {true, true};
    bool timed_out = false;
    char buf[4096];
    while (open_fd[0] || open_fd[1]) {
      double left = options.timeout_s - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (left <= 0) {
        timed_out = true;
        kill(pid, SIGKILL);
        break;
      }
      for (int i = 0; i < 2; ++i) fds[i].fd = open_fd[i] ? (i ? err[0] : out[0]) : -1;
      int n = poll(fds, 2, int(left * 1000) + 1);
      if (n < 0) continue;
      for (int i = 0; i < 2; ++i) {
        if (!open_fd[i] || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t got = read(fds[i].fd, buf, sizeof buf);
        if (got <= 0) {
          open_fd[i] = false;
        } else {
          (i ? r.errors : r.console).append(buf, size_t(got));
        }
      }
    }
    close(out[0]);
    close(err[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (timed_out)
      throw Error(elf_path, fmt::format("qemu did not finish within {} s", options.timeout_s),
                  "the firmware must end with a semihosting exit; raise the timeout for long runs");
    if (WIFSIGNALED(status)) throw Error(elf_path, fmt::format("qemu was killed by signal {}", WTERMSIG(status)));
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r.exit_code == 127 && r.console.empty()) throw Error(fmt::format("cannot start {}", options.binary));
    return r;
  });
}

}  // namespace tinysim::emu
