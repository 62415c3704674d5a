// Output files appear whole or not at all: write beside the target, then rename.
#pragma once

#include <string>

namespace tinysim {

// Throws tinysim::Error naming the path when it cannot be written.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace tinysim
