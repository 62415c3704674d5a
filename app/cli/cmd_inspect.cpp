// `tinysim inspect MODEL.tflite [--json]`: per-layer view of a model (op and
// version, shapes and types, params, MACs, weight bytes, live arena bytes)
// and totals, so arena size and unsupported ops are known before a device
// ever sees the model. Unsupported ops are listed, not an error: the point is
// to show them.
#include <fmt/core.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/command_registry.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_ops.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"

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

std::string op_label(const Operator& op) {
  if (op.type != OpType::Unsupported) return op_name(op.type);
  if (op.builtin_code < 0) return "CUSTOM:" + op.custom_code;
  return tflite_codes::builtin_name(op.builtin_code);
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

int run_inspect(const std::string& path, bool json) {
  const Model model = load_tflite(path).take();
  const ModelStats stats = model_stats(model);
  const MemoryPlan plan = plan_memory(model);
  std::map<std::string, int> unsupported;
  for (const Operator& op : model.ops)
    if (op.type == OpType::Unsupported) unsupported[op_label(op)]++;

  if (json) {
    nlohmann::json j;
    j["model"] = path;
    j["description"] = model.description;
    j["ops"] = nlohmann::json::array();
    for (size_t i = 0; i < model.ops.size(); ++i) {
      const Operator& op = model.ops[i];
      nlohmann::json o;
      o["index"] = i;
      o["op"] = op_label(op);
      o["version"] = op.version;
      o["builtin_code"] = op.builtin_code;
      if (!op.custom_code.empty()) o["custom_code"] = op.custom_code;
      o["inputs"] = nlohmann::json::array();
      for (int t : op.inputs) o["inputs"].push_back(tensor_json(model, t));
      o["outputs"] = nlohmann::json::array();
      for (int t : op.outputs) o["outputs"].push_back(tensor_json(model, t));
      o["macs"] = stats.ops[i].macs;
      o["params"] = stats.ops[i].params;
      o["weight_bytes"] = stats.ops[i].weight_bytes;
      o["live_bytes"] = plan.live_bytes[i];
      o["supported"] = op.type != OpType::Unsupported;
      j["ops"].push_back(o);
    }
    j["total_macs"] = stats.total_macs;
    j["total_params"] = stats.total_params;
    j["weight_bytes"] = stats.weight_bytes;
    j["arena_bytes"] = plan.arena_bytes;
    j["inputs"] = nlohmann::json::array();
    for (int t : model.inputs) j["inputs"].push_back(tensor_json(model, t));
    j["outputs"] = nlohmann::json::array();
    for (int t : model.outputs) j["outputs"].push_back(tensor_json(model, t));
    j["unsupported_ops"] = nlohmann::json::array();
    for (const auto& [name, count] : unsupported) j["unsupported_ops"].push_back({{"op", name}, {"count", count}});
    fmt::print("{}\n", j.dump(2));
    return 0;
  }

  fmt::print("Model: {}\n", path);
  if (!model.description.empty()) fmt::print("Description: {}\n", model.description);
  fmt::print("{} ops, {} tensors, TFLite schema v{}\n\n", model.ops.size(), model.tensors.size(),
             model.schema_version);
  fmt::print("{:>4}  {:<34} {:<28} {:<22} {:>9} {:>12} {:>10} {:>11}\n", "#", "op(version)", "inputs",
             "outputs", "params", "MACs", "weight B", "live arena");
  for (size_t i = 0; i < model.ops.size(); ++i) {
    const Operator& op = model.ops[i];
    std::string ins, outs;
    for (int t : op.inputs)
      if (t >= 0 && !model.tensors[static_cast<size_t>(t)].is_constant())
        ins += (ins.empty() ? "" : " ") + tensor_str(model.tensors[static_cast<size_t>(t)]);
    for (int t : op.outputs) outs += (outs.empty() ? "" : " ") + tensor_str(model.tensors[static_cast<size_t>(t)]);
    std::string name = fmt::format("{}(v{})", op_label(op), op.version);
    if (op.type == OpType::Unsupported) name += " UNSUPPORTED";
    fmt::print("{:>4}  {:<34} {:<28} {:<22} {:>9} {:>12} {:>10} {:>11}\n", i, name, ins, outs,
               grouped(stats.ops[i].params), grouped(stats.ops[i].macs), grouped(stats.ops[i].weight_bytes),
               grouped(plan.live_bytes[i]));
  }
  fmt::print("\nTotals\n");
  fmt::print("  params       {}\n", grouped(stats.total_params));
  fmt::print("  MACs         {}\n", grouped(stats.total_macs));
  fmt::print("  weights      {} (flash)\n", bytes_str(stats.weight_bytes));
  fmt::print("  arena        {} (planned peak, {}-byte aligned)\n", bytes_str(plan.arena_bytes), plan.alignment);
  for (size_t k = 0; k < model.inputs.size(); ++k) {
    const Tensor& t = model.tensors[static_cast<size_t>(model.inputs[k])];
    fmt::print("  input {}      '{}' {} {}\n", k, t.name, tensor_str(t), quant_str(t.quant));
  }
  for (size_t k = 0; k < model.outputs.size(); ++k) {
    const Tensor& t = model.tensors[static_cast<size_t>(model.outputs[k])];
    fmt::print("  output {}     '{}' {} {}\n", k, t.name, tensor_str(t), quant_str(t.quant));
  }
  if (!unsupported.empty()) {
    std::string list;
    int total = 0;
    for (const auto& [name, count] : unsupported) {
      list += (list.empty() ? "" : ", ") + fmt::format("{} x{}", name, count);
      total += count;
    }
    fmt::print("\nUnsupported ops ({}): {}\n  TinySim can show this model but cannot run it until these ops are "
               "supported.\n",
               total, list);
  }
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
