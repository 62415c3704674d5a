// Which data set a training recipe names: its "use_case" and "dataset" keys.
// The training pipeline's recipe parser (core/train/recipe.h) reads them
// through these functions, and so does model discovery in core/report, which
// must not depend on training; so both resolve a data-set path the same way.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tinysim {

struct RecipeDataset {
  std::string use_case;  // short name without '/', '\\' or space
  std::string dataset;   // load_dataset spec, a directory made absolute (see below)
};

// The JSON of a recipe file. Throws tinysim::Error naming the file when it
// cannot be opened or is not valid JSON.
nlohmann::json read_recipe_json(const std::string& path);

// "use_case" and "dataset" of recipe `j` read from `path`; a data-set
// directory relative to the recipe's folder becomes absolute. Throws
// tinysim::Error naming the file when either key is missing or not a string.
// Other keys are not looked at (the recipe parser checks them).
RecipeDataset recipe_dataset_keys(const nlohmann::json& j, const std::string& path);

// Spec "DIR[:N]" with DIR relative to `dir` becomes "ABSOLUTE_DIR[:N]" when
// that directory exists; any other spec (a built-in name, an absolute path)
// is returned as it is.
std::string resolve_dataset_spec(const std::string& spec, const std::string& dir);

}  // namespace tinysim
