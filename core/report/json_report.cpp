#include "core/report/json_report.h"

namespace tinysim::report {
namespace {

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json to_json(const ResultRecord& r) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerRecord& l : r.layers)
    layers.push_back({{"layer", l.layer}, {"op", l.op}, {"macs", l.macs}, {"cycles", l.cycles},
                      {"instructions", l.instructions}, {"cycles_per_mac", opt(l.cycles_per_mac)}});
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

nlohmann::json results_json(const std::vector<ResultRecord>& records) {
  nlohmann::json arr = nlohmann::json::array();
  for (const ResultRecord& r : records) arr.push_back(to_json(r));
  return {{"tinysim_version", TINYSIM_VERSION}, {"results", arr}};
}

}  // namespace tinysim::report
