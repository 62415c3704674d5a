// nlohmann::json's exception text without its "[json.exception.type_error.302] "
// prefix: the rest says what is wrong ("parse error at line 1, column 1:
// ..."), the prefix is the library's internal name and reads as a crash.
#pragma once

#include <exception>
#include <string>

namespace tinysim {

inline std::string json_message(const std::exception& e) {
  std::string s = e.what();
  if (s.rfind("[json.exception.", 0) == 0) {
    const size_t end = s.find("] ");
    if (end != std::string::npos) s.erase(0, end + 2);
  }
  return s;
}

}  // namespace tinysim
