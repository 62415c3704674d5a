#include "core/common/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"

namespace tinysim {

void check_writable_file(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (path.empty()) throw Error("an output file name is empty", "name a file");
  if (fs::is_directory(target, ec))
    throw Error(path, "is a directory, not a file", "name a file inside it, e.g. " + (target / "out").string());
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::exists(dir, ec))
    throw Error(path, "directory " + dir.string() + " does not exist", "create it first");
  if (!fs::is_directory(dir, ec))
    throw Error(path, dir.string() + " is not a directory", "name a file in an existing directory");
  if (::access(dir.c_str(), W_OK) != 0)
    throw Error(path, "directory " + dir.string() + " is not writable", "choose a writable directory");
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  check_writable_file(path);
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
  std::error_code rename_ec;
  fs::rename(tmp, target, rename_ec);
  if (rename_ec) {
    fs::remove(tmp, ec);  // its own error code: the message is the rename's
    throw Error(path, "cannot replace the file: " + rename_ec.message(), "check the path and its permissions");
  }
}

namespace fs = std::filesystem;

StagedDirectory::StagedDirectory(const std::string& path) : path_(path) {
  std::error_code ec;
  // "out/" names the directory out: its staging directory goes beside it, not into it.
  fs::path target = fs::path(path).lexically_normal();
  if (!target.has_filename() && target.has_parent_path()) target = target.parent_path();
  if (target.empty() || target == "." || target == "..")
    throw Error(path, "is not a directory name to create", "name a new output directory");
  path_ = target.string();
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) throw Error(path, "exists and is not a directory", "choose another output directory");
    if (!fs::is_empty(target, ec))
      throw Error(path, "exists and is not empty", "choose a new output directory, or remove this one first");
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    throw Error(path, "directory " + parent.string() + " does not exist", "create it first");
  fs::path staging = target;
  staging += ".tmp" + std::to_string(::getpid());
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec))
    throw Error(path, "cannot create a directory in " + parent.string() + (ec ? ": " + ec.message() : ""),
                "choose a writable output directory");
  staging_ = staging.string();
}

StagedDirectory::~StagedDirectory() {
  std::error_code ec;
  if (!committed_) fs::remove_all(staging_, ec);
}

std::string StagedDirectory::target(const std::string& relative) {
  const fs::path p = fs::path(staging_) / relative;
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) throw Error(path_, "cannot create " + p.parent_path().string() + ": " + ec.message(), "check the disk");
  return p.string();
}

void StagedDirectory::write(const std::string& relative, const std::string& bytes) {
  const std::string p = target(relative);
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.flush();
  if (!f) throw Error(path_, "cannot write " + relative + " (disk full?)", "free space and retry");
}

void StagedDirectory::copy(const std::string& relative, const std::string& from) {
  std::error_code ec;
  fs::copy_file(from, target(relative), fs::copy_options::overwrite_existing, ec);
  if (ec) throw Error(from, "cannot copy into " + path_ + ": " + ec.message(), "check the file and the disk");
}

void StagedDirectory::commit() {
  std::error_code ec;
  // rename(2) replaces an empty directory; one that filled up since the
  // constructor's check makes it fail, and nothing is overwritten.
  fs::rename(staging_, path_, ec);
  if (ec) throw Error(path_, "cannot move the finished output into place: " + ec.message(),
                      "choose a new output directory");
  committed_ = true;
}

}  // namespace tinysim
