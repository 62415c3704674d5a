#include "core/sweep/sweep_grid.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/report/result_record.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "tinysim-sweep/1";

// The bench's name for a file without a variant suffix: its input type.
std::string effective_variant(const BenchModel& m) {
  if (!m.variant.empty()) return m.variant;
  const Model model = load_tflite(m.path).take();
  const DType t = model.tensors.at(size_t(model.inputs.at(0))).type;
  if (t == DType::Float32) return "float";
  std::string name = dtype_name(t);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return name;
}

std::vector<BenchModel> source_models(const SweepSpec& spec) {
  std::vector<BenchModel> out;
  auto add = [&](std::vector<BenchModel> more) {
    for (BenchModel& m : more) {
      m.path = fs::absolute(m.path).lexically_normal().string();
      out.push_back(std::move(m));
    }
  };
  if (spec.samples) add(discover_models(find_sample_models_dir(), spec.data));
  for (const std::string& p : spec.models)
    add(fs::is_directory(p) ? discover_models(p, spec.data) : describe_models({p}, spec.data));
  std::set<std::string> seen;
  for (const BenchModel& m : out)
    if (!seen.insert(m.path).second)
      throw Error(spec.path, m.path + " is in the grid twice", "list each model file or folder once");
  return out;
}

std::string number(double v) { return fmt::format("{}", v); }

SweepItem derived(const SweepItem& parent, const std::string& dir, const std::string& label,
                  const std::string& variant) {
  SweepItem it;
  it.model.model = parent.model.model;
  it.model.variant = it.variant = variant;
  it.model.dataset = parent.model.dataset;
  it.model.path = (fs::path(dir) / "models" / label / (parent.model.model + "_" + variant + ".tflite")).string();
  it.source = parent.model.path;
  return it;
}

json item_json(const SweepItem& it) {
  return {{"path", it.model.path},   {"model", it.model.model}, {"file_variant", it.model.variant},
          {"variant", it.variant},   {"dataset", it.model.dataset}, {"recipe", it.model.recipe},
          {"derive", int(it.derive)}, {"point", it.point},        {"source", it.source},
          {"option", it.option}};
}

SweepItem item_from(const json& j) {
  SweepItem it;
  it.model.path = j.at("path");
  it.model.model = j.at("model");
  it.model.variant = j.at("file_variant");
  it.variant = j.at("variant");
  it.model.dataset = j.at("dataset");
  it.model.recipe = j.at("recipe");
  it.derive = Derivation(j.at("derive").get<int>());
  it.point = j.at("point");
  it.source = j.at("source");
  it.option = j.at("option");
  return it;
}

}  // namespace

SweepPlan expand_grid(const SweepSpec& spec, const std::string& dir) {
  SweepPlan plan;
  plan.spec = spec;
  plan.dir = fs::absolute(dir).lexically_normal().string();
  std::vector<SweepItem> sources;
  for (BenchModel& m : source_models(spec)) {
    SweepItem it;
    it.model = std::move(m);
    it.variant = effective_variant(it.model);
    sources.push_back(std::move(it));
  }

  std::vector<SweepItem> items;
  for (const SweepItem& s : sources)
    if (spec.variants.empty() || std::count(spec.variants.begin(), spec.variants.end(), s.variant))
      items.push_back(s);

  // Options derive variants from each use case's float parent: the first
  // float file of the use case in bench order (before the variant filter, so
  // a grid of only derived variants still has a parent to derive from).
  if (!spec.calibration.empty() || !spec.sparsity.empty()) {
    std::vector<BenchModel> ordered;
    for (const SweepItem& s : sources) ordered.push_back(s.model);
    order_models(ordered);
    std::map<std::string, const SweepItem*> parent;
    std::set<std::string> use_cases;
    for (const BenchModel& b : ordered) {
      use_cases.insert(b.model);
      const auto it = std::find_if(sources.begin(), sources.end(), [&](const SweepItem& s) { return s.model.path == b.path; });
      if (is_float_variant(it->variant) && !parent.count(b.model)) parent[b.model] = &*it;
    }
    for (const std::string& uc : use_cases) {
      const auto p = parent.find(uc);
      if (p == parent.end())
        throw Error(spec.path, "options derive variants from a float model, but use case \"" + uc + "\" has none",
                    "add its _float.tflite to \"models\" or drop the options");
      const SweepItem& fp = *p->second;
      if (fp.model.dataset.empty())
        throw Error(spec.path, "calibration and pruning of " + fp.model.path + " need its data set",
                    "give \"data\" in the spec or keep the training recipe beside the model");
      for (size_t i = 0; i < spec.calibration.size(); ++i) {
        const CalibrationPoint& c = spec.calibration[i];
        const std::string method = c.method == "percentile" ? "percentile" + number(c.percentile) : c.method;
        SweepItem it = derived(fp, plan.dir, fmt::format("cal{}-{}-s{}{}", i, method, c.samples, c.per_channel_fc ? "-pcfc" : ""), "int8");
        it.derive = Derivation::Calibrate;
        it.point = int(i);
        it.option = fmt::format("calibration={},samples={}{}", method, c.samples, c.per_channel_fc ? ",per_channel_fc" : "");
        items.push_back(std::move(it));
      }
      for (size_t i = 0; i < spec.sparsity.size(); ++i) {
        SweepItem it = derived(fp, plan.dir, fmt::format("sparsity{}-{}", i, number(spec.sparsity[i])), "pruned_int8");
        it.derive = Derivation::Prune;
        it.point = int(i);
        it.option = "sparsity=" + number(spec.sparsity[i]);
        items.push_back(std::move(it));
      }
    }
  }
  if (items.empty()) throw Error(spec.path, "the grid is empty (no model has one of the listed variants)", "check \"variants\"");

  // Bench order, by the bench's own rule.
  std::vector<BenchModel> ordered;
  for (const SweepItem& it : items) ordered.push_back(it.model);
  order_models(ordered);
  for (const BenchModel& b : ordered) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const SweepItem& s) { return s.model.path == b.path; });
    plan.items.push_back(*it);
    if (plan.groups.empty() || plan.groups.back() != b.model) plan.groups.push_back(b.model);
  }

  std::set<std::string> names;
  for (const std::string& p : spec.profiles) {
    const emu::McuProfile prof = emu::load_profile(p).take();
    if (!names.insert(prof.name).second)
      throw Error(spec.path, "two profiles are both named \"" + prof.name + "\"", "rows would be ambiguous; keep one");
    plan.profiles.push_back(p);
    plan.mcu_names.push_back(prof.name);
  }

  for (size_t g = 0; g < plan.groups.size(); ++g)
    for (size_t p = 0; p < plan.profiles.size(); ++p) {
      SweepShard sh;
      sh.index = int(plan.shards.size());
      sh.group = int(g);
      sh.profile = int(p);
      for (size_t i = 0; i < plan.items.size(); ++i)
        if (plan.items[i].model.model == plan.groups[g]) sh.items.push_back(int(i));
      plan.shards.push_back(std::move(sh));
    }
  return plan;
}

std::string manifest_path(const std::string& dir) { return (fs::path(dir) / "sweep.json").string(); }

std::string shard_csv_path(const std::string& dir, int shard) {
  return (fs::path(dir) / "shards" / fmt::format("shard-{:04}.csv", shard)).string();
}
std::string shard_status_path(const std::string& dir, int shard) {
  return (fs::path(dir) / "shards" / fmt::format("shard-{:04}.status.json", shard)).string();
}
std::string shard_log_path(const std::string& dir, int shard) {
  return (fs::path(dir) / "logs" / fmt::format("shard-{:04}.log", shard)).string();
}

std::string manifest_text(const SweepPlan& plan) {
  json items = json::array(), shards = json::array();
  for (const SweepItem& it : plan.items) items.push_back(item_json(it));
  for (const SweepShard& s : plan.shards)
    shards.push_back({{"index", s.index}, {"group", s.group}, {"profile", s.profile}, {"items", s.items}});
  const json j = {{"format", kFormat},
                  {"dir", plan.dir},
                  {"spec", json::parse(sweep_spec_json(plan.spec))},
                  {"spec_file", plan.spec.path},
                  {"items", items},
                  {"groups", plan.groups},
                  {"profiles", plan.profiles},
                  {"mcu_names", plan.mcu_names},
                  {"shards", shards}};
  return j.dump(2) + "\n";
}

SweepPlan load_manifest(const std::string& dir) {
  const std::string path = manifest_path(dir);
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "no sweep manifest here", "start the sweep with `tinysim sweep SPEC.json --dir " + dir + "`");
  std::stringstream text;
  text << f.rdbuf();
  try {
    const json j = json::parse(text.str());
    if (j.at("format") != kFormat)
      throw Error(path, "is a sweep manifest of another format (" + j.at("format").dump() + ")",
                  "re-run the sweep with this TinySim into a new --dir");
    SweepPlan plan;
    plan.spec = parse_sweep_spec(j.at("spec").dump(), j.at("spec_file").get<std::string>());
    plan.dir = j.at("dir");
    for (const json& it : j.at("items")) plan.items.push_back(item_from(it));
    plan.groups = j.at("groups").get<std::vector<std::string>>();
    plan.profiles = j.at("profiles").get<std::vector<std::string>>();
    plan.mcu_names = j.at("mcu_names").get<std::vector<std::string>>();
    for (const json& s : j.at("shards")) {
      SweepShard sh;
      sh.index = s.at("index");
      sh.group = s.at("group");
      sh.profile = s.at("profile");
      sh.items = s.at("items").get<std::vector<int>>();
      plan.shards.push_back(std::move(sh));
    }
    return plan;
  } catch (const json::exception& e) {
    throw Error(path, std::string("is not a valid sweep manifest: ") + e.what(), "start the sweep again in a new --dir");
  }
}

}  // namespace tinysim::report
