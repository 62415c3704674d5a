// Pieces of generated C source shared by the exporters (export-c's model
// header, export-runtime's plan array).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinysim {

// Letters, digits and '_', not starting with a digit.
bool is_c_identifier(const std::string& s);
std::string c_upper(std::string s);
// The initializer body of a byte array: "  0x12, 0x34, ..." twelve to a line
// (the layout `xxd -i` gives), no braces, no trailing comma.
std::string c_byte_rows(const std::vector<uint8_t>& bytes);

}  // namespace tinysim
