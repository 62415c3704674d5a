#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include "core/report/model_discovery.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/common/error.h"
#include "core/data/recipe_dataset.h"
#include "core/report/result_record.h"

namespace tinysim::report {
namespace fs = std::filesystem;
namespace {

int variant_rank(const std::string& v) {
  if (is_float_variant(v)) return 0;
  static const std::vector<std::string> order = {"int8", "qat_int8", "pruned_int8", "distilled_int8", "int16"};
  const auto it = std::find(order.begin(), order.end(), v);
  return it == order.end() ? 100 : 1 + int(it - order.begin());
}

}  // namespace

void order_models(std::vector<BenchModel>& models) {
  std::stable_sort(models.begin(), models.end(), [](const BenchModel& a, const BenchModel& b) {
    if (a.model != b.model) return a.model < b.model;
    const int ra = variant_rank(a.variant), rb = variant_rank(b.variant);
    if (ra != rb) return ra < rb;
    return a.variant != b.variant ? a.variant < b.variant : a.path < b.path;
  });
}

namespace {

BenchModel describe(const fs::path& p, const std::string& dataset_override) {
  BenchModel m;
  m.path = p.string();
  std::tie(m.model, m.variant) = split_model_variant(p.stem().string());
  if (!dataset_override.empty()) {
    m.dataset = dataset_override;
  } else {
    m.dataset = recipe_dataset(p.has_parent_path() ? p.parent_path().string() : ".", m.model, &m.recipe);
  }
  return m;
}

}  // namespace

std::string find_sample_models_dir() {
  if (const char* env = std::getenv("TINYSIM_SAMPLE_MODELS"); env && *env) {
    if (fs::is_directory(env)) return env;
    throw Error(env, "TINYSIM_SAMPLE_MODELS is not a directory", "point it at the sample_models folder");
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (fs::is_directory(dir / "sample_models")) return (dir / "sample_models").string();
      if (fs::is_directory(dir / "share/tinysim/sample_models")) return (dir / "share/tinysim/sample_models").string();
    }
  const fs::path src = fs::path(TINYSIM_SOURCE_DIR) / "sample_models";
  if (fs::is_directory(src)) return src.string();
  throw Error("sample_models", "folder not found beside the executable or in " + std::string(TINYSIM_SOURCE_DIR),
              "set TINYSIM_SAMPLE_MODELS or pass model files instead of --samples");
}

std::string recipe_dataset(const std::string& dir, const std::string& model, std::string* recipe_path) {
  const fs::path base(dir);
  // The recipe beside the model's folder, or the one in the same folder when
  // the models sit in sample_models/<use_case>/ themselves.
  for (const fs::path& p : {base / model / "recipe.json", base / "recipe.json", base / (model + ".recipe.json"),
                            base / "recipes" / (model + ".json")}) {
    if (!fs::is_regular_file(p)) continue;
    // The keys the training pipeline's parser reads, read by the same code,
    // so a data-set directory relative to the recipe resolves as it did for
    // training.
    const RecipeDataset r = recipe_dataset_keys(read_recipe_json(p.string()), p.string());
    if (r.use_case != model) continue;
    if (recipe_path) *recipe_path = p.string();
    return r.dataset;
  }
  return {};
}

std::vector<BenchModel> discover_models(const std::string& dir, const std::string& dataset_override) {
  if (!fs::is_directory(dir)) throw Error(dir, "is not a directory", "pass the folder holding the .tflite files");
  std::vector<BenchModel> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".tflite") out.push_back(describe(e.path(), dataset_override));
  if (out.empty()) throw Error(dir, "holds no .tflite files", "train the sample models first (see sample_models/README.md)");
  order_models(out);
  return out;
}

std::vector<BenchModel> describe_models(const std::vector<std::string>& paths, const std::string& dataset_override) {
  std::vector<BenchModel> out;
  for (const std::string& p : paths) {
    if (!fs::is_regular_file(p)) throw Error(p, "model file not found", "check the path");
    if (fs::path(p).extension() != ".tflite") throw Error(p, "is not a .tflite file", "pass .tflite models");
    out.push_back(describe(fs::path(p), dataset_override));
  }
  order_models(out);
  return out;
}

}  // namespace tinysim::report
