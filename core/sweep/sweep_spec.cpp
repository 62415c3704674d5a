#include "core/sweep/sweep_spec.h"
#include "core/common/json_message.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/common/error.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kFix = "see README.md \"Sweeps\" for the spec format";

// Reads j[key] as T when present, naming the field when it has the wrong type.
template <class T>
void read(const json& j, const char* key, T& out, const std::string& file, const std::string& where) {
  if (!j.contains(key)) return;
  try {
    out = j.at(key).get<T>();
  } catch (const json::exception&) {
    throw Error(file, where + "\"" + key + "\" has the wrong type (" + j.at(key).dump() + ")", kFix);
  }
}

std::string absolute_from(const std::string& p, const fs::path& base) {
  const fs::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

// A profile is a path when it names a JSON file; otherwise a built-in name.
std::string profile_ref(const std::string& p, const fs::path& base) {
  return fs::path(p).extension() == ".json" ? absolute_from(p, base) : p;
}

void check_keys(const json& j, const std::set<std::string>& allowed, const std::string& file, const std::string& where) {
  for (const auto& [k, v] : j.items())
    if (!allowed.count(k)) throw Error(file, where + "unknown field \"" + k + "\"", kFix);
}

}  // namespace

SweepSpec parse_sweep_spec(const std::string& text, const std::string& path) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(path, "is not valid JSON: " + json_message(e), kFix);
  }
  if (!j.is_object()) throw Error(path, "must hold a JSON object", kFix);
  check_keys(j, {"models", "samples", "data", "variants", "profiles", "latency_samples", "jobs", "options"}, path, "");
  const fs::path base = fs::absolute(fs::path(path)).parent_path();
  SweepSpec s;
  s.path = path;
  std::vector<std::string> models, profiles;
  read(j, "models", models, path, "");
  read(j, "samples", s.samples, path, "");
  read(j, "data", s.data, path, "");
  read(j, "variants", s.variants, path, "");
  read(j, "profiles", profiles, path, "");
  read(j, "latency_samples", s.latency_samples, path, "");
  read(j, "jobs", s.jobs, path, "");
  for (const std::string& m : models) s.models.push_back(absolute_from(m, base));
  for (const std::string& p : profiles) s.profiles.push_back(profile_ref(p, base));
  // A data set given as a folder (a path, or a folder beside the spec) is
  // made absolute like the models; names (fashion-mnist, kws, ...) are left alone.
  if (!s.data.empty()) {
    std::string dir = s.data, limit;
    const auto colon = dir.rfind(':');
    if (colon != std::string::npos && colon + 1 < dir.size() &&
        dir.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
      limit = dir.substr(colon);
      dir = dir.substr(0, colon);
    }
    if (dir.find('/') != std::string::npos || fs::is_directory(base / dir)) s.data = absolute_from(dir, base) + limit;
  }

  if (s.models.empty() && !s.samples) throw Error(path, "no \"models\" and \"samples\" is not true", kFix);
  if (s.profiles.empty()) throw Error(path, "\"profiles\" is missing or empty", "list MCU profiles, e.g. [\"nrf52840\"]");
  if (s.latency_samples < 1) throw Error(path, "\"latency_samples\" must be at least 1");
  if (s.jobs < 0) throw Error(path, "\"jobs\" must be 0 (all hardware threads) or more");
  std::set<std::string> seen;
  for (const std::string& p : s.profiles)
    if (!seen.insert(p).second) throw Error(path, "profile \"" + p + "\" is listed twice", "list each profile once");

  if (j.contains("options")) {
    const json& o = j.at("options");
    if (!o.is_object()) throw Error(path, "\"options\" must be an object", kFix);
    check_keys(o, {"calibration", "sparsity", "prune"}, path, "options: ");
    if (o.contains("calibration")) {
      if (!o.at("calibration").is_array()) throw Error(path, "options: \"calibration\" must be an array", kFix);
      for (const json& c : o.at("calibration")) {
        if (!c.is_object()) throw Error(path, "options: each \"calibration\" entry must be an object", kFix);
        check_keys(c, {"method", "percentile", "samples", "per_channel_fc"}, path, "options.calibration: ");
        CalibrationPoint cp;
        read(c, "method", cp.method, path, "options.calibration: ");
        read(c, "percentile", cp.percentile, path, "options.calibration: ");
        read(c, "samples", cp.samples, path, "options.calibration: ");
        read(c, "per_channel_fc", cp.per_channel_fc, path, "options.calibration: ");
        if (cp.method != "minmax" && cp.method != "percentile")
          throw Error(path, "options.calibration: unknown method \"" + cp.method + "\"", "use minmax or percentile");
        if (!(cp.percentile > 50 && cp.percentile <= 100))
          throw Error(path, "options.calibration: \"percentile\" must be in (50, 100]");
        s.calibration.push_back(cp);
      }
    }
    read(o, "sparsity", s.sparsity, path, "options: ");
    for (double v : s.sparsity)
      if (!(v >= 0 && v <= 0.99)) throw Error(path, "options: sparsity " + std::to_string(v) + " is outside [0, 0.99]");
    if (o.contains("prune")) {
      const json& p = o.at("prune");
      if (!p.is_object()) throw Error(path, "options: \"prune\" must be an object", kFix);
      check_keys(p, {"epochs", "batch_size", "lr", "frequency", "seed", "train_samples", "calib_samples"}, path,
                 "options.prune: ");
      PruneSettings& ps = s.prune;
      read(p, "epochs", ps.epochs, path, "options.prune: ");
      read(p, "batch_size", ps.batch_size, path, "options.prune: ");
      read(p, "lr", ps.lr, path, "options.prune: ");
      read(p, "frequency", ps.frequency, path, "options.prune: ");
      read(p, "seed", ps.seed, path, "options.prune: ");
      read(p, "train_samples", ps.train_samples, path, "options.prune: ");
      read(p, "calib_samples", ps.calib_samples, path, "options.prune: ");
      if (ps.epochs < 1 || ps.batch_size < 2 || !(ps.lr > 0) || ps.frequency < 1)
        throw Error(path, "options.prune: epochs >= 1, batch_size >= 2, lr > 0 and frequency >= 1 are required");
    }
  }
  return s;
}

SweepSpec load_sweep_spec(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "cannot read the sweep spec", "check the path");
  std::stringstream text;
  text << f.rdbuf();
  return parse_sweep_spec(text.str(), path);
}

std::string sweep_spec_json(const SweepSpec& s) {
  json cal = json::array();
  for (const CalibrationPoint& c : s.calibration)
    cal.push_back({{"method", c.method}, {"percentile", c.percentile}, {"samples", c.samples},
                   {"per_channel_fc", c.per_channel_fc}});
  const PruneSettings& p = s.prune;
  json j = {{"models", s.models},
            {"samples", s.samples},
            {"data", s.data},
            {"variants", s.variants},
            {"profiles", s.profiles},
            {"latency_samples", s.latency_samples},
            {"jobs", s.jobs},
            {"options",
             {{"calibration", cal},
              {"sparsity", s.sparsity},
              {"prune",
               {{"epochs", p.epochs}, {"batch_size", p.batch_size}, {"lr", p.lr}, {"frequency", p.frequency},
                {"seed", p.seed}, {"train_samples", p.train_samples}, {"calib_samples", p.calib_samples}}}}}};
  return j.dump(2);
}

}  // namespace tinysim::report
