#include "core/report/result_record.h"

#include <algorithm>

namespace tinysim::report {

const std::vector<std::string>& known_variants() {
  // Longest first: "pruned_int8" must win over "int8".
  static const std::vector<std::string> v = {"distilled_int8", "pruned_int8", "qat_int8", "float32",
                                             "int16", "float", "fp32", "int8"};
  return v;
}

bool is_float_variant(const std::string& variant) {
  return variant == "float" || variant == "float32" || variant == "fp32";
}

std::pair<std::string, std::string> split_model_variant(const std::string& stem) {
  for (const std::string& v : known_variants()) {
    const std::string suffix = "_" + v;
    if (stem.size() > suffix.size() && stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0)
      return {stem.substr(0, stem.size() - suffix.size()), v};
  }
  return {stem, ""};
}

}  // namespace tinysim::report
