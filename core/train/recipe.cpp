#include "core/train/recipe.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/data/recipe_dataset.h"

namespace tinysim::train {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void check_keys(const json& j, const std::set<std::string>& allowed, const std::string& where,
                const std::string& file) {
  if (!j.is_object()) throw Error(file, where + " must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!allowed.count(it.key())) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw Error(file, "unknown key \"" + it.key() + "\" in " + where, "valid keys: " + list);
    }
}

template <class T>
T get(const json& j, const char* key, T def, const std::string& where, const std::string& file) {
  if (!j.contains(key)) return def;
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw Error(file, std::string("\"") + key + "\" in " + where + " has the wrong type (" +
                          j.at(key).dump() + ")");
  }
}

// 3 or [3, 3] -> (h, w). For 1-D layers a scalar k means (1, k).
void pair_of(const json& j, const char* key, int& h, int& w, bool one_d, const std::string& where,
             const std::string& file) {
  if (!j.contains(key)) return;
  const json& v = j.at(key);
  if (v.is_number_integer()) {
    w = v.get<int>();
    h = one_d ? 1 : w;
  } else if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer()) {
    h = v[0].get<int>();
    w = v[1].get<int>();
  } else {
    throw Error(file, std::string("\"") + key + "\" in " + where + " must be an integer or [h, w]");
  }
  if (h <= 0 || w <= 0) throw Error(file, std::string("\"") + key + "\" in " + where + " must be positive");
}

Activation parse_activation(const std::string& s, const std::string& where, const std::string& file) {
  if (s == "none" || s == "linear" || s.empty()) return Activation::None;
  if (s == "relu") return Activation::Relu;
  if (s == "relu6") return Activation::Relu6;
  throw Error(file, "activation \"" + s + "\" in " + where + " is not supported", "use relu, relu6 or none");
}

std::vector<LayerSpec> parse_layers(const json& j, const std::string& where, const std::string& file) {
  if (!j.is_array() || j.empty())
    throw Error(file, where + " must be a non-empty array of layers");
  std::vector<LayerSpec> out;
  for (size_t i = 0; i < j.size(); ++i)
    out.push_back(parse_layer(j[i], where + "[" + std::to_string(i) + "]", file));
  return out;
}

FitOptions parse_fit(const json& j, FitOptions f, const std::string& where, const std::string& file) {
  check_keys(j, {"epochs", "batch_size", "optimizer", "lr", "lr_decay", "momentum", "weight_decay", "seed",
                 "threads"},
             where, file);
  f.epochs = get(j, "epochs", f.epochs, where, file);
  f.batch_size = get(j, "batch_size", f.batch_size, where, file);
  const std::string opt = get<std::string>(j, "optimizer", f.optimizer == OptimizerKind::Adam ? "adam" : "sgd", where, file);
  if (opt == "adam")
    f.optimizer = OptimizerKind::Adam;
  else if (opt == "sgd")
    f.optimizer = OptimizerKind::Sgd;
  else
    throw Error(file, "optimizer \"" + opt + "\" in " + where + " is unknown", "use \"adam\" or \"sgd\"");
  f.lr = get(j, "lr", f.lr, where, file);
  f.lr_decay = get(j, "lr_decay", f.lr_decay, where, file);
  f.momentum = get(j, "momentum", f.momentum, where, file);
  f.weight_decay = get(j, "weight_decay", f.weight_decay, where, file);
  f.seed = get<uint64_t>(j, "seed", f.seed, where, file);
  f.threads = get(j, "threads", f.threads, where, file);
  if (f.epochs < 0 || f.batch_size < kShards || !(f.lr > 0))
    throw Error(file, where + " needs epochs >= 0, batch_size >= " + std::to_string(kShards) + " and lr > 0");
  return f;
}

std::string resolve_path(const std::string& p, const std::string& dir) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(dir) / p).lexically_normal().string();
}

}  // namespace

const std::vector<std::string>& known_variants() {
  static const std::vector<std::string> v{"float", "int8", "qat_int8", "pruned_int8", "distilled_int8"};
  return v;
}

bool Recipe::wants(const std::string& v) const {
  return std::find(variants.begin(), variants.end(), v) != variants.end();
}

LayerSpec parse_layer(const json& j, const std::string& where, const std::string& file) {
  check_keys(j, {"type", "filters", "units", "kernel", "stride", "dilation", "padding", "activation",
                 "depth_multiplier", "pool", "from"},
             where, file);
  LayerSpec L;
  L.type = get<std::string>(j, "type", "", where, file);
  if (L.type.empty()) throw Error(file, where + " has no \"type\"");
  const bool one_d = L.type == "conv1d";
  L.filters = get(j, "filters", get(j, "units", 0, where, file), where, file);
  pair_of(j, "kernel", L.kernel_h, L.kernel_w, one_d, where, file);
  pair_of(j, "stride", L.stride_h, L.stride_w, one_d, where, file);
  pair_of(j, "dilation", L.dilation_h, L.dilation_w, one_d, where, file);
  L.depth_multiplier = get(j, "depth_multiplier", 1, where, file);
  if (L.type == "maxpool" || L.type == "avgpool") {
    L.kernel_h = L.kernel_w = 2;
    pair_of(j, "pool", L.kernel_h, L.kernel_w, false, where, file);
    L.stride_h = L.kernel_h;
    L.stride_w = L.kernel_w;
    pair_of(j, "stride", L.stride_h, L.stride_w, false, where, file);
    L.padding = Padding::Valid;
  }
  if (L.type == "depthwise" && !j.contains("kernel")) L.kernel_h = L.kernel_w = 3;
  const std::string pad = get<std::string>(j, "padding", L.padding == Padding::Same ? "same" : "valid", where, file);
  if (pad == "same")
    L.padding = Padding::Same;
  else if (pad == "valid")
    L.padding = Padding::Valid;
  else
    throw Error(file, "padding \"" + pad + "\" in " + where + " is unknown", "use \"same\" or \"valid\"");
  L.activation = parse_activation(get<std::string>(j, "activation", "none", where, file), where, file);
  L.from = get(j, "from", -1, where, file);
  return L;
}

Recipe parse_recipe(const json& j, const std::string& path) {
  const std::string& f = path;
  check_keys(j, {"use_case", "dataset", "train_samples", "test_samples", "input_shape", "layers", "base",
                 "train", "variants", "quantize", "qat", "prune", "distill", "description"},
             "the recipe", f);
  Recipe r;
  r.path = path;
  r.dir = fs::path(path).parent_path().string();
  // The keys model discovery reads too, read the same way.
  const RecipeDataset keys = recipe_dataset_keys(j, path);
  r.use_case = keys.use_case;
  r.dataset = keys.dataset;
  r.train_samples = get<size_t>(j, "train_samples", 0, "the recipe", f);
  r.test_samples = get<size_t>(j, "test_samples", 0, "the recipe", f);
  r.input_shape = get<std::vector<int>>(j, "input_shape", {}, "the recipe", f);
  if (j.contains("base")) {
    const json& b = j.at("base");
    check_keys(b, {"model", "cut_at", "unfreeze_top", "unfreeze_epochs", "unfreeze_lr"}, "\"base\"", f);
    BaseSpec s;
    s.model = resolve_path(get<std::string>(b, "model", "", "\"base\"", f), r.dir);
    if (s.model.empty()) throw Error(f, "\"base\" needs \"model\": the path of a .tflite");
    if (b.contains("cut_at")) {
      const json& c = b.at("cut_at");
      if (c.is_number_integer())
        s.cut_at = std::to_string(c.get<int>());
      else if (c.is_string())
        s.cut_at = c.get<std::string>();
      else
        throw Error(f, "\"cut_at\" must be an op index or a tensor name");
    } else {
      throw Error(f, "\"base\" needs \"cut_at\" (op index or tensor name of the features)");
    }
    s.unfreeze_top = get(b, "unfreeze_top", 0, "\"base\"", f);
    s.unfreeze_epochs = get(b, "unfreeze_epochs", 1, "\"base\"", f);
    s.unfreeze_lr = get(b, "unfreeze_lr", 1e-4f, "\"base\"", f);
    r.base = s;
  }
  if (!j.contains("layers")) throw Error(f, "\"layers\" is missing", "list the model's layers (or the new head)");
  r.layers = parse_layers(j.at("layers"), "\"layers\"", f);
  if (j.contains("train")) r.fit = parse_fit(j.at("train"), r.fit, "\"train\"", f);
  if (j.contains("variants")) {
    r.variants = get<std::vector<std::string>>(j, "variants", {}, "the recipe", f);
    for (const auto& v : r.variants)
      if (std::find(known_variants().begin(), known_variants().end(), v) == known_variants().end())
        throw Error(f, "unknown variant \"" + v + "\"",
                    "use float, int8, qat_int8, pruned_int8, distilled_int8");
  }
  if (j.contains("quantize")) {
    const json& q = j.at("quantize");
    check_keys(q, {"calib_samples", "calibration", "percentile", "per_channel_fc"}, "\"quantize\"", f);
    r.quant.num_samples = get<size_t>(q, "calib_samples", r.quant.num_samples, "\"quantize\"", f);
    const std::string m = get<std::string>(q, "calibration", "minmax", "\"quantize\"", f);
    if (m == "minmax")
      r.quant.method = CalibrationMethod::MinMax;
    else if (m == "percentile")
      r.quant.method = CalibrationMethod::Percentile;
    else
      throw Error(f, "calibration \"" + m + "\" is unknown", "use \"minmax\" or \"percentile\"");
    r.quant.percentile = get(q, "percentile", r.quant.percentile, "\"quantize\"", f);
    r.quant.per_channel_fc = get(q, "per_channel_fc", r.quant.per_channel_fc, "\"quantize\"", f);
  }
  if (j.contains("qat")) {
    const json& q = j.at("qat");
    check_keys(q, {"epochs", "lr"}, "\"qat\"", f);
    r.qat.epochs = get(q, "epochs", r.qat.epochs, "\"qat\"", f);
    r.qat.lr = get(q, "lr", r.qat.lr, "\"qat\"", f);
  }
  r.prune = default_prune(r.fit);
  if (j.contains("prune")) {
    const json& p = j.at("prune");
    check_keys(p, {"sparsity", "initial_sparsity", "start_step", "end_step", "frequency", "epochs", "lr",
                   "prune_depthwise"},
               "\"prune\"", f);
    r.prune.target_sparsity = get(p, "sparsity", r.prune.target_sparsity, "\"prune\"", f);
    r.prune.initial_sparsity = get(p, "initial_sparsity", r.prune.initial_sparsity, "\"prune\"", f);
    r.prune.begin_step = get<int64_t>(p, "start_step", 0, "\"prune\"", f);
    r.prune.end_step = get<int64_t>(p, "end_step", -1, "\"prune\"", f);
    r.prune.frequency = get(p, "frequency", r.prune.frequency, "\"prune\"", f);
    r.prune.fit.epochs = get(p, "epochs", r.prune.fit.epochs, "\"prune\"", f);
    r.prune.fit.lr = get(p, "lr", r.prune.fit.lr, "\"prune\"", f);
    r.prune.prune_depthwise = get(p, "prune_depthwise", false, "\"prune\"", f);
    if (!(r.prune.target_sparsity >= 0 && r.prune.target_sparsity < 1))
      throw Error(f, "\"sparsity\" in \"prune\" must be in [0, 1)");
  }
  if (j.contains("distill")) {
    const json& d = j.at("distill");
    check_keys(d, {"teacher", "layers", "temperature", "alpha", "epochs", "lr"}, "\"distill\"", f);
    r.distill.teacher = get<std::string>(d, "teacher", "float", "\"distill\"", f);
    if (r.distill.teacher != "float") r.distill.teacher = resolve_path(r.distill.teacher, r.dir);
    if (d.contains("layers")) r.distill.layers = parse_layers(d.at("layers"), "\"distill\".\"layers\"", f);
    r.distill.temperature = get(d, "temperature", r.distill.temperature, "\"distill\"", f);
    r.distill.alpha = get(d, "alpha", r.distill.alpha, "\"distill\"", f);
    r.distill.epochs = get(d, "epochs", r.distill.epochs, "\"distill\"", f);
    r.distill.lr = get(d, "lr", r.distill.lr, "\"distill\"", f);
    if (!(r.distill.temperature > 0) || r.distill.alpha < 0 || r.distill.alpha > 1)
      throw Error(f, "\"distill\" needs temperature > 0 and alpha in [0, 1]");
  }
  if (r.wants("distilled_int8") && r.distill.layers.empty())
    throw Error(f, "variant distilled_int8 needs \"distill\": {\"layers\": [...]} (the student)");
  return r;
}

Recipe load_recipe(const std::string& path) { return parse_recipe(read_recipe_json(path), path); }

}  // namespace tinysim::train
