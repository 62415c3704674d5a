#include "core/common/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"

namespace tinysim {

void write_file_atomically(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path() && !fs::exists(target.parent_path()))
    throw Error(path, "directory " + target.parent_path().string() + " does not exist", "create it first");
  // The pid keeps two processes writing the same file from sharing a temp name.
  fs::path tmp = target;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(path, "cannot write", "check the directory exists and is writable");
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.flush();
    if (!f) {
      f.close();
      fs::remove(tmp, ec);
      throw Error(path, "write failed (disk full?)");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error(path, "cannot replace file: " + ec.message());
  }
}

}  // namespace tinysim
