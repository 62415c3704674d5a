// Runs a shell command for a test: exit code and stdout (stderr as the
// command line redirects it).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace tinysim::test {

struct Shell {
  int rc = -1;
  std::string out;
};

inline Shell shell(const std::string& cmd) {
  Shell s;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return s;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) s.out.append(buf.data(), n);
  const int st = pclose(p);
  s.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return s;
}

}  // namespace tinysim::test
