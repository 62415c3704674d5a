// Output files appear whole or not at all: write beside the target, then rename.
#pragma once

#include <string>

namespace tinysim {

// Throws tinysim::Error naming the path when it cannot be written.
void write_file_atomically(const std::string& path, const std::string& bytes);

// The checks write_file_atomically makes before writing (the path is not a
// directory, its directory exists and is writable), without touching
// anything: lets a report writer fail early yet leave an old file alone.
void check_writable_file(const std::string& path);

// A directory that appears whole or not at all: files are written into a
// staging directory beside `path`, and commit() renames it to `path`. The
// destructor removes an uncommitted staging directory, so an error half-way
// leaves nothing behind. `path` may exist only as an empty directory.
class StagedDirectory {
 public:
  // Throws tinysim::Error: path exists (non-empty, or not a directory), its
  // parent is missing, or the parent is not writable.
  explicit StagedDirectory(const std::string& path);
  ~StagedDirectory();
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  // relative: a path inside the directory ("a/b.c"); parents are created.
  void write(const std::string& relative, const std::string& bytes);
  void copy(const std::string& relative, const std::string& from);
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string target(const std::string& relative);
  std::string path_, staging_;
  bool committed_ = false;
};

}  // namespace tinysim
