// Reading a file the user named: the messages say what the file was meant to
// be ("is a directory, not an MCU profile"), never a stream library's
// internal text, and a size cap keeps a wrong path from filling memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinysim {

// what: "MCU profile", "firmware ELF", "input file", ... ; fix: what to pass
// instead. Throws tinysim::Error naming the path: missing, a directory,
// unreadable, or larger than max_bytes.
std::vector<uint8_t> read_input_file(const std::string& path, const std::string& what, const std::string& fix,
                                     uint64_t max_bytes = uint64_t(1) << 31);
std::string read_input_text(const std::string& path, const std::string& what, const std::string& fix,
                            uint64_t max_bytes = uint64_t(1) << 31);

}  // namespace tinysim
