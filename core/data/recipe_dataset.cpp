#include "core/data/recipe_dataset.h"

#include <filesystem>
#include <fstream>

#include "core/common/error.h"

namespace tinysim {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string string_key(const json& j, const char* key, const std::string& file) {
  if (!j.contains(key)) return {};
  try {
    return j.at(key).get<std::string>();
  } catch (const json::exception&) {
    throw Error(file, std::string("\"") + key + "\" in the recipe has the wrong type (" + j.at(key).dump() + ")");
  }
}

}  // namespace

json read_recipe_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open the recipe", "check the path");
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    const std::string what = e.what();
    throw Error(path, "is not valid JSON: " + what.substr(what.find(']') == std::string::npos ? 0 : what.find(']') + 2),
                "fix the JSON syntax");
  }
}

RecipeDataset recipe_dataset_keys(const json& j, const std::string& path) {
  if (!j.is_object()) throw Error(path, "the recipe must be a JSON object");
  RecipeDataset r;
  r.use_case = string_key(j, "use_case", path);
  if (r.use_case.empty() || r.use_case.find_first_of("/\\ ") != std::string::npos)
    throw Error(path, "\"use_case\" is missing or has a '/', '\\' or space", "give a short name such as \"har\"");
  r.dataset = string_key(j, "dataset", path);
  if (r.dataset.empty())
    throw Error(path, "\"dataset\" is missing", "give a data set spec such as \"fashion-mnist\" or \"har\"");
  r.dataset = resolve_dataset_spec(r.dataset, fs::path(path).parent_path().string());
  return r;
}

std::string resolve_dataset_spec(const std::string& spec, const std::string& dir) {
  std::string base = spec, limit;
  const auto colon = base.rfind(':');
  if (colon != std::string::npos && colon + 1 < base.size() &&
      base.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    limit = base.substr(colon);
    base = base.substr(0, colon);
  }
  if (base.empty() || fs::path(base).is_absolute()) return spec;
  const fs::path rel = (fs::path(dir) / base).lexically_normal();
  return fs::is_directory(rel) ? rel.string() + limit : spec;
}

}  // namespace tinysim
