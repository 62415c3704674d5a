// `tinysim inspect MODEL.tflite [--json]`: per-layer view of a model (op and
// version, shapes and types, params, MACs, weight bytes, live arena bytes)
// and totals, so arena size and unsupported ops are known before a device
// ever sees the model. Unsupported ops are listed per backend with the
// reason `run` would give, not an error: the point is to show them. The rows
// are core/report/model_report's, which the GUI renders too.
#include <fmt/core.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/command_registry.h"
#include "core/model/tflite_reader.h"
#include "core/report/model_report.h"

namespace tinysim::cli {
namespace {

std::string grouped(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string bytes_str(int64_t b) { return fmt::format("{} B ({:.1f} KiB)", grouped(b), b / 1024.0); }

std::string shape_str(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string tensor_str(const Tensor& t) {
  const char* type = t.type == DType::Other ? "other" : dtype_name(t.type);
  return std::string(type) + shape_str(t.shape);
}

std::string quant_str(const Quantization& q) {
  if (!q.present()) return "not quantized";
  if (q.per_channel())
    return fmt::format("per-channel ({} scales, dim {})", q.scale.size(), q.quantized_dimension);
  return fmt::format("scale {:.6g} zero_point {}", q.scale[0], q.zero_point.empty() ? 0 : q.zero_point[0]);
}

nlohmann::json tensor_json(const Model& m, int idx) {
  nlohmann::json j;
  j["tensor"] = idx;
  if (idx < 0) return j;  // optional input left out
  const Tensor& t = m.tensors[static_cast<size_t>(idx)];
  j["name"] = t.name;
  j["type"] = t.type == DType::Other ? "other" : dtype_name(t.type);
  j["shape"] = t.shape;
  j["constant"] = t.is_constant();
  if (t.quant.present()) {
    j["quantization"] = {{"scale", t.quant.scale},
                         {"zero_point", t.quant.zero_point},
                         {"quantized_dimension", t.quant.quantized_dimension}};
  }
  return j;
}

nlohmann::json refusals_json(const ModelReport& r, bool host) {
  nlohmann::json list = nlohmann::json::array();
  for (const ModelReportRow& row : r.ops)
    if (!(host ? row.host : row.firmware))
      list.push_back({{"index", row.index}, {"op", row.op}, {"reason", host ? row.host_reason : row.firmware_reason}});
  return list;
}

int print_json(const std::string& path, const Model& model, const ModelReport& r) {
  nlohmann::json j;
  j["model"] = path;
  j["description"] = model.description;
  j["ops"] = nlohmann::json::array();
  for (const ModelReportRow& row : r.ops) {
    const Operator& op = model.ops[static_cast<size_t>(row.index)];
    nlohmann::json o;
    o["index"] = row.index;
    o["op"] = row.op;
    o["version"] = row.version;
    o["builtin_code"] = op.type == OpType::Custom ? -1 : static_cast<int32_t>(op.type);
    if (!op.custom_code.empty()) o["custom_code"] = op.custom_code;
    o["inputs"] = nlohmann::json::array();
    for (int t : row.inputs) o["inputs"].push_back(tensor_json(model, t));
    o["outputs"] = nlohmann::json::array();
    for (int t : row.outputs) o["outputs"].push_back(tensor_json(model, t));
    o["attributes"] = row.attributes;
    o["macs"] = row.macs;
    o["params"] = row.params;
    o["weight_bytes"] = row.weight_bytes;
    o["live_bytes"] = row.live_bytes;
    o["supported"] = row.host && row.firmware;
    o["host"] = row.host;
    o["firmware"] = row.firmware;
    j["ops"].push_back(o);
  }
  j["total_macs"] = r.total_macs;
  j["total_params"] = r.total_params;
  j["weight_bytes"] = r.weight_bytes;
  j["arena_bytes"] = r.arena_bytes;
  j["inputs"] = nlohmann::json::array();
  for (int t : r.inputs) j["inputs"].push_back(tensor_json(model, t));
  j["outputs"] = nlohmann::json::array();
  for (int t : r.outputs) j["outputs"].push_back(tensor_json(model, t));
  // Per backend: exactly the ops `infer`/`run --backend host` and
  // `run --backend unicorn|qemu` refuse, with the reason they give.
  j["unsupported"] = {{"host", refusals_json(r, true)}, {"firmware", refusals_json(r, false)}};
  std::map<std::string, int> any = r.unsupported_firmware;
  for (const auto& [name, count] : r.unsupported_host) any[name] = std::max(any[name], count);
  j["unsupported_ops"] = nlohmann::json::array();
  for (const auto& [name, count] : any) j["unsupported_ops"].push_back({{"op", name}, {"count", count}});
  j["warnings"] = r.warnings;
  fmt::print("{}\n", j.dump(2));
  return 0;
}

std::string counts_str(const std::map<std::string, int>& counts, int* total) {
  std::string list;
  for (const auto& [name, count] : counts) {
    list += (list.empty() ? "" : ", ") + fmt::format("{} x{}", name, count);
    *total += count;
  }
  return list;
}

// The reasons are run's one-line errors; the file name is already on screen.
std::string without_file(const std::string& reason, const std::string& path) {
  return reason.rfind(path + ": ", 0) == 0 ? reason.substr(path.size() + 2) : reason;
}

void print_refusals(const std::string& path, const ModelReport& r) {
  if (!r.unsupported_host.empty()) {
    int total = 0;
    const std::string list = counts_str(r.unsupported_host, &total);
    fmt::print("\nUnsupported ops ({}): {}\n  TinySim can show this model but cannot run it until these ops are "
               "supported.\n",
               total, list);
    for (const ModelReportRow& row : r.ops)
      if (!row.host) fmt::print("  {}\n", without_file(row.host_reason, path));
  }
  std::map<std::string, int> firmware_only;
  for (const ModelReportRow& row : r.ops)
    if (row.host && !row.firmware) firmware_only[row.op]++;
  if (!firmware_only.empty()) {
    int total = 0;
    const std::string list = counts_str(firmware_only, &total);
    fmt::print("\nHost only ({}): {}\n  `infer` and `run --backend host` run these; the Cortex-M4 firmware "
               "(`run`, `bench` cycles) does not.\n",
               total, list);
    for (const ModelReportRow& row : r.ops)
      if (row.host && !row.firmware) fmt::print("  {}\n", without_file(row.firmware_reason, path));
  }
}

int run_inspect(const std::string& path, bool json) {
  const Model model = load_tflite(path).take();
  const ModelReport r = model_report(model);
  if (json) return print_json(path, model, r);

  fmt::print("Model: {}\n", path);
  if (!model.description.empty()) fmt::print("Description: {}\n", model.description);
  fmt::print("{} ops, {} tensors, TFLite schema v{}\n\n", model.ops.size(), model.tensors.size(),
             model.schema_version);
  fmt::print("{:>4}  {:<34} {:<28} {:<22} {:>9} {:>12} {:>10} {:>11}\n", "#", "op(version)", "inputs",
             "outputs", "params", "MACs", "weight B", "live arena");
  for (const ModelReportRow& row : r.ops) {
    std::string ins, outs;
    for (int t : row.inputs)
      if (t >= 0 && !model.tensors[static_cast<size_t>(t)].is_constant())
        ins += (ins.empty() ? "" : " ") + tensor_str(model.tensors[static_cast<size_t>(t)]);
    for (int t : row.outputs) outs += (outs.empty() ? "" : " ") + tensor_str(model.tensors[static_cast<size_t>(t)]);
    std::string name = fmt::format("{}(v{})", row.op, row.version);
    if (!row.host) name += " UNSUPPORTED";
    else if (!row.firmware) name += " HOST-ONLY";
    fmt::print("{:>4}  {:<34} {:<28} {:<22} {:>9} {:>12} {:>10} {:>11}\n", row.index, name, ins, outs,
               grouped(row.params), grouped(row.macs), grouped(row.weight_bytes), grouped(row.live_bytes));
  }
  fmt::print("\nTotals\n");
  fmt::print("  params       {}\n", grouped(r.total_params));
  fmt::print("  MACs         {}\n", grouped(r.total_macs));
  fmt::print("  weights      {} (flash)\n", bytes_str(r.weight_bytes));
  fmt::print("  arena        {} (planned peak, {}-byte aligned)\n", bytes_str(r.arena_bytes), r.arena_alignment);
  for (size_t k = 0; k < r.inputs.size(); ++k) {
    const Tensor& t = model.tensors[static_cast<size_t>(r.inputs[k])];
    fmt::print("  input {}      '{}' {} {}\n", k, t.name, tensor_str(t), quant_str(t.quant));
  }
  for (size_t k = 0; k < r.outputs.size(); ++k) {
    const Tensor& t = model.tensors[static_cast<size_t>(r.outputs[k])];
    fmt::print("  output {}     '{}' {} {}\n", k, t.name, tensor_str(t), quant_str(t.quant));
  }
  print_refusals(path, r);
  for (const std::string& w : r.warnings) fmt::print("\nwarning: {}\n", w);
  return 0;
}

const RegisterCommand kRegister("inspect", [](CLI::App& app) -> std::function<int()> {
  app.description("Per-layer table of a .tflite model: ops, shapes, params, MACs, weights, arena");
  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app.add_option("model", *path, "model .tflite file")->required();
  app.add_flag("--json", *json, "print one JSON object");
  return [path, json] { return run_inspect(*path, *json); };
});

}  // namespace
}  // namespace tinysim::cli
