#include "core/report/model_report.h"

#include <fmt/core.h>

#include "core/model/model_stats.h"
#include "core/ops/op_emission.h"
#include "core/plan/memory_plan.h"

namespace tinysim {
namespace {

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::None: return "none";
    case Activation::Relu: return "relu";
    case Activation::ReluN1To1: return "relu_n1_to_1";
    case Activation::Relu6: return "relu6";
    case Activation::Tanh: return "tanh";
    case Activation::SignBit: return "sign_bit";
  }
  return "?";
}

// The options that differ from their defaults, and every option-specific one.
std::map<std::string, std::string> attributes_of(const Operator& op) {
  const OpOptions& o = op.options;
  const OpOptions d;
  std::map<std::string, std::string> a;
  if (o.padding != d.padding) a["padding"] = "same";
  if (o.stride_w != d.stride_w || o.stride_h != d.stride_h) a["stride"] = fmt::format("{}x{}", o.stride_h, o.stride_w);
  if (o.dilation_w != d.dilation_w || o.dilation_h != d.dilation_h)
    a["dilation"] = fmt::format("{}x{}", o.dilation_h, o.dilation_w);
  if (o.filter_w != d.filter_w || o.filter_h != d.filter_h) a["window"] = fmt::format("{}x{}", o.filter_h, o.filter_w);
  if (o.depth_multiplier != d.depth_multiplier) a["depth_multiplier"] = std::to_string(o.depth_multiplier);
  if (o.activation != d.activation) a["activation"] = activation_name(o.activation);
  if (o.beta != d.beta) a["beta"] = fmt::format("{}", o.beta);
  if (o.axis != d.axis) a["axis"] = std::to_string(o.axis);
  if (o.keep_dims) a["keep_dims"] = "true";
  if (o.keep_num_dims) a["keep_num_dims"] = "true";
  for (const auto& [k, v] : o.extra) a[k] = fmt::format("{}", v);
  return a;
}

}  // namespace

ModelReport model_report(const Model& model) {
  ModelReport r;
  const ModelStats stats = model_stats(model);
  const MemoryPlan plan = plan_memory(model);
  const std::vector<ops::OpSupport> support = ops::check_support(model);
  r.total_macs = stats.total_macs;
  r.total_params = stats.total_params;
  r.weight_bytes = stats.weight_bytes;
  r.arena_bytes = plan.arena_bytes;
  r.arena_alignment = plan.alignment;
  r.inputs = model.inputs;
  r.outputs = model.outputs;
  r.warnings = model.warnings;
  for (size_t i = 0; i < model.ops.size(); ++i) {
    const Operator& op = model.ops[i];
    ModelReportRow row;
    row.index = static_cast<int>(i);
    row.op = op_label(op);
    row.version = op.version;
    row.inputs = op.inputs;
    row.outputs = op.outputs;
    row.macs = stats.ops[i].macs;
    row.params = stats.ops[i].params;
    row.weight_bytes = stats.ops[i].weight_bytes;
    row.live_bytes = plan.live_bytes[i];
    row.host = support[i].host;
    row.firmware = support[i].firmware;
    row.host_reason = support[i].host_reason;
    row.firmware_reason = support[i].firmware_reason;
    row.attributes = attributes_of(op);
    if (!row.host) r.unsupported_host[row.op]++;
    if (!row.firmware) r.unsupported_firmware[row.op]++;
    r.ops.push_back(std::move(row));
  }
  return r;
}

}  // namespace tinysim
