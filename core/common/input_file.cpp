#include "core/common/input_file.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/common/error.h"

namespace tinysim {
namespace {

// "an input file", "an MCU profile", "a firmware ELF": an acronym takes "an"
// when its first letter is read with a vowel sound.
std::string an(const std::string& what) {
  if (what.empty()) return what;
  const bool acronym = what.size() > 1 && std::isupper(static_cast<unsigned char>(what[0])) &&
                       std::isupper(static_cast<unsigned char>(what[1]));
  const bool vowel_sound = std::string(acronym ? "AEFHILMNORSX" : "aeiouAEIOU").find(what[0]) != std::string::npos;
  return (vowel_sound ? "an " : "a ") + what;
}

template <class Bytes>
Bytes read_bytes(const std::string& path, const std::string& what, const std::string& fix, uint64_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw Error(path, "cannot open the " + what + ": no such file", fix);
  if (fs::is_directory(st)) throw Error(path, "is a directory, not " + an(what), fix);
  if (fs::is_regular_file(st)) {
    const uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_bytes)
      throw Error(path, "is " + std::to_string(size) + " bytes, too large for " + an(what), fix);
  }
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error(path, "cannot open the " + what + " (permissions?)", "check that the file is readable");
  Bytes out;
  // Files without a size (pipes, /dev/...) are read in chunks up to the cap.
  char buf[1 << 16];
  for (;;) {
    const size_t n = std::fread(buf, 1, sizeof buf, f.get());
    if (n > 0) {
      if (out.size() + n > max_bytes)
        throw Error(path, "is larger than " + std::to_string(max_bytes) + " bytes, too large for " + an(what), fix);
      out.insert(out.end(), buf, buf + n);
    }
    if (n < sizeof buf) break;
  }
  if (std::ferror(f.get())) throw Error(path, "cannot read the " + what + " (I/O error)", "check the file");
  return out;
}

}  // namespace

std::vector<uint8_t> read_input_file(const std::string& path, const std::string& what, const std::string& fix,
                                     uint64_t max_bytes) {
  return read_bytes<std::vector<uint8_t>>(path, what, fix, max_bytes);
}

std::string read_input_text(const std::string& path, const std::string& what, const std::string& fix,
                            uint64_t max_bytes) {
  return read_bytes<std::string>(path, what, fix, max_bytes);
}

}  // namespace tinysim
