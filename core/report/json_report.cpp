#include "core/report/json_report.h"
#include "core/common/json_message.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"

namespace tinysim::report {
namespace {

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json to_json(const ResultRecord& r) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerRecord& l : r.layers)
    layers.push_back({{"layer", l.layer}, {"op", l.op}, {"macs", l.macs}, {"cycles", l.cycles},
                      {"instructions", l.instructions}, {"flash_stall_cycles", l.flash_stall_cycles},
                      {"cycles_per_mac", opt(l.cycles_per_mac)}});
  nlohmann::json j = {
      {"model", r.model}, {"variant", r.variant}, {"mcu", r.mcu}, {"path", r.path},
      {"dataset", r.dataset.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.dataset)},
      {"float_parent", r.float_parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.float_parent)},
      {"accuracy", opt(r.accuracy)}, {"agreement", opt(r.agreement)}, {"rmse", opt(r.rmse)},
      {"cosine", opt(r.cosine)}, {"test_samples", r.test_samples}, {"correct", r.correct},
      {"confusion", r.confusion}, {"class_names", r.class_names},
      {"latency_samples", r.latency_samples}, {"latency_ms", r.latency_ms}, {"cycles", r.cycles},
      {"cycles_min", r.cycles_min}, {"cycles_max", r.cycles_max}, {"instructions", r.instructions},
      {"cycles_per_mac", opt(r.cycles_per_mac)}, {"macs", r.macs}, {"params", r.params},
      {"ram_peak_bytes", r.ram_peak_bytes}, {"arena_bytes", r.arena_bytes}, {"stack_bytes", r.stack_bytes},
      {"static_ram_bytes", r.static_ram_bytes}, {"flash_bytes", r.flash_bytes},
      {"weights_bytes", r.weights_bytes}, {"code_bytes", r.code_bytes}, {"energy_uj", r.energy_uj},
      {"fits", r.fits}, {"overflow_bytes", r.overflow_bytes}, {"sparsity", r.sparsity},
      {"bit_exact", r.bit_exact}, {"model_sha256", r.model_sha256}, {"tinysim_version", r.tinysim_version},
      {"profile_clock_hz", r.profile_clock_hz}, {"firmware_flags", r.firmware_flags}, {"layers", layers}};
  return j;
}

namespace {

std::optional<double> opt_double(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<double>();
}

std::string opt_string(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

template <class T>
void read(const nlohmann::json& j, const char* key, T& out) {
  if (j.contains(key) && !j.at(key).is_null()) out = j.at(key).get<T>();
}

}  // namespace

ResultRecord record_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw Error("", "a result is not a JSON object", "each entry of \"results\" must be an object");
  ResultRecord r;
  try {
    r.model = j.at("model").get<std::string>();
    r.variant = j.at("variant").get<std::string>();
    r.mcu = j.at("mcu").get<std::string>();
    read(j, "path", r.path);
    r.dataset = opt_string(j, "dataset");
    r.float_parent = opt_string(j, "float_parent");
    r.accuracy = opt_double(j, "accuracy");
    r.agreement = opt_double(j, "agreement");
    r.rmse = opt_double(j, "rmse");
    r.cosine = opt_double(j, "cosine");
    read(j, "test_samples", r.test_samples);
    read(j, "correct", r.correct);
    read(j, "confusion", r.confusion);
    read(j, "class_names", r.class_names);
    read(j, "latency_samples", r.latency_samples);
    read(j, "latency_ms", r.latency_ms);
    read(j, "cycles", r.cycles);
    read(j, "cycles_min", r.cycles_min);
    read(j, "cycles_max", r.cycles_max);
    read(j, "instructions", r.instructions);
    r.cycles_per_mac = opt_double(j, "cycles_per_mac");
    read(j, "macs", r.macs);
    read(j, "params", r.params);
    read(j, "ram_peak_bytes", r.ram_peak_bytes);
    read(j, "arena_bytes", r.arena_bytes);
    read(j, "stack_bytes", r.stack_bytes);
    read(j, "static_ram_bytes", r.static_ram_bytes);
    read(j, "flash_bytes", r.flash_bytes);
    read(j, "weights_bytes", r.weights_bytes);
    read(j, "code_bytes", r.code_bytes);
    read(j, "energy_uj", r.energy_uj);
    read(j, "fits", r.fits);
    read(j, "overflow_bytes", r.overflow_bytes);
    read(j, "sparsity", r.sparsity);
    read(j, "bit_exact", r.bit_exact);
    read(j, "model_sha256", r.model_sha256);
    read(j, "tinysim_version", r.tinysim_version);
    read(j, "profile_clock_hz", r.profile_clock_hz);
    read(j, "firmware_flags", r.firmware_flags);
    if (j.contains("layers"))
      for (const nlohmann::json& l : j.at("layers")) {
        LayerRecord lr;
        lr.layer = l.at("layer").get<int>();
        lr.op = l.at("op").get<std::string>();
        read(l, "macs", lr.macs);
        read(l, "cycles", lr.cycles);
        read(l, "instructions", lr.instructions);
        read(l, "flash_stall_cycles", lr.flash_stall_cycles);
        lr.cycles_per_mac = opt_double(l, "cycles_per_mac");
        r.layers.push_back(std::move(lr));
      }
  } catch (const nlohmann::json::exception& e) {
    throw Error("", "a result has a missing or mistyped field (" + json_message(e) + ")",
                "write results with tinysim bench --json or the GUI's File > Save session");
  }
  return r;
}

nlohmann::json results_json(const std::vector<ResultRecord>& records) {
  nlohmann::json arr = nlohmann::json::array();
  for (const ResultRecord& r : records) arr.push_back(to_json(r));
  return {{"tinysim_version", TINYSIM_VERSION}, {"results", arr}};
}

}  // namespace tinysim::report
