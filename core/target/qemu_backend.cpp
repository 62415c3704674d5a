#include "core/target/qemu_backend.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tinysim::target {
namespace fs = std::filesystem;
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void write_file(const fs::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!f) throw Error(p.string(), "cannot write a temporary file for QEMU", "check the temp directory");
}

// Removes the temporary directory whatever happens.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / fmt::format("tinysim-qemu-{}-{}", getpid(), counter++);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string qemu_unavailable_reason() {
  if (std::system("command -v qemu-system-arm >/dev/null 2>&1") != 0)
    return "qemu-system-arm is not installed (Debian package qemu-system-arm)";
  return "";
}

Result<QemuResult> run_qemu(const QemuJob& job) {
  return capture([&]() -> QemuResult {
    if (const std::string why = qemu_unavailable_reason(); !why.empty())
      throw Error(job.elf, why, "install qemu-system-arm or use --backend unicorn");
    TempDir tmp;
    std::string cmd = fmt::format(
        "timeout {} qemu-system-arm -M mps2-an386 -display none -monitor none -serial none "
        "-semihosting-config enable=on,target=native -kernel {}",
        int(job.timeout_s + 0.5), shell_quote(job.elf));
    const fs::path plan = tmp.path / "plan.bin";
    write_file(plan, job.plan);
    cmd += fmt::format(" -device loader,file={},addr=0x{:x},force-raw=on", shell_quote(plan.string()), job.plan_addr);
    for (size_t i = 0; i < job.ram_blobs.size(); ++i) {
      const fs::path p = tmp.path / fmt::format("in{}.bin", i);
      write_file(p, job.ram_blobs[i].bytes);
      cmd += fmt::format(" -device loader,file={},addr=0x{:x},force-raw=on", shell_quote(p.string()),
                         job.ram_blobs[i].addr);
    }
    cmd += " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) throw Error(job.elf, "cannot start qemu-system-arm", "check that it runs from a shell");
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int status = pclose(pipe);
    QemuResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r.exit_code == 124)
      throw Error(job.elf, fmt::format("QEMU run did not finish within {} s", job.timeout_s),
                  "the firmware may be stuck; compare with --backend unicorn");

    r.outputs.resize(job.output_bytes.size());
    std::vector<bool> seen(job.output_bytes.size(), false);
    std::istringstream lines(out);
    std::string line;
    auto hex_bytes = [](const std::string& digits) {
      std::vector<uint8_t> bytes;
      for (size_t i = 0; i + 1 < digits.size(); i += 2) {
        const int hi = hexval(digits[i]), lo = hexval(digits[i + 1]);
        if (hi < 0 || lo < 0) break;
        bytes.push_back(uint8_t(hi * 16 + lo));
      }
      return bytes;
    };
    while (std::getline(lines, line)) {
      unsigned idx = 0;
      if (line.rfind("TSSTATE ", 0) == 0) {
        r.state = hex_bytes(line.substr(8));
        continue;
      }
      if (line.rfind("TSOUT ", 0) != 0) {
        r.console += line + "\n";
        continue;
      }
      std::istringstream ls(line.substr(6));
      std::string digits;
      ls >> idx >> digits;
      if (idx >= r.outputs.size()) continue;
      r.outputs[idx] = hex_bytes(digits);
      seen[idx] = true;
    }
    for (size_t i = 0; i < seen.size(); ++i)
      if (!seen[i] || r.outputs[i].size() != job.output_bytes[i])
        throw Error(job.elf,
                    fmt::format("QEMU run gave no complete output {} (exit code {}){}", i, r.exit_code,
                                r.console.empty() ? "" : ": " + r.console.substr(0, 300)),
                    "compare with --backend unicorn");
    if (r.state.size() != job.state_bytes)
      throw Error(job.elf, fmt::format("QEMU run gave {} of the {} state bytes", r.state.size(), job.state_bytes),
                  "compare with --backend unicorn");
    return r;
  });
}

}  // namespace tinysim::target
