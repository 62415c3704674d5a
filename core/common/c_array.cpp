#include "core/common/c_array.h"

#include <algorithm>
#include <cctype>

namespace tinysim {

bool is_c_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

std::string c_upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string c_byte_rows(const std::vector<uint8_t>& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 6 + 16);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 12 == 0) s += "  ";
    s += "0x";
    s += hex[bytes[i] >> 4];
    s += hex[bytes[i] & 15];
    if (i + 1 < bytes.size()) s += (i % 12 == 11) ? ",\n" : ", ";
  }
  return s;
}

}  // namespace tinysim
