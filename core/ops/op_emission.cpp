#include "core/ops/op_emission.h"

#include "core/common/error.h"
#include "core/model/model_stats.h"
#include "core/plan/memory_plan.h"

namespace tinysim::ops {
namespace {

Refusal refusal(const Model& m, int i, const std::exception& e) {
  return Refusal{i, op_label(m.ops[static_cast<size_t>(i)]), e.what()};
}

// Prepares op i and checks the firmware has the kernel its type needs.
std::unique_ptr<OpData> prepare_for_firmware(PlanEmitter& e, const OpDef*& def, int i) {
  const Model& m = e.model();
  std::unique_ptr<OpData> d = prepare_op(m, i);
  def = find_op(m.ops[static_cast<size_t>(i)]);
  if (!def->emit || !def->supports(d->kernel, kFirmware))
    e.unsupported(*d, std::string(kernel_type_name(d->kernel)) + " " + op_label(m.ops[static_cast<size_t>(i)]));
  return d;
}

}  // namespace

HostPreparation prepare_all(const Model& model) {
  HostPreparation r;
  r.data.resize(model.ops.size());
  for (int i = 0; i < static_cast<int>(model.ops.size()); ++i) {
    try {
      r.data[static_cast<size_t>(i)] = prepare_op(model, i);
    } catch (const Error& ex) {
      r.refusals.push_back(refusal(model, i, ex));
    }
  }
  return r;
}

EmissionResult emit_all(PlanEmitter& e) {
  const Model& m = e.model();
  const ModelStats stats = model_stats(m);
  EmissionResult r;
  for (int i = 0; i < static_cast<int>(m.ops.size()); ++i) {
    e.begin_op(i);
    try {
      const OpDef* def = nullptr;
      const std::unique_ptr<OpData> d = prepare_for_firmware(e, def, i);
      def->emit(e, *d);
      EmittedLayer layer{
          i, op_label(m.ops[static_cast<size_t>(i)]), stats.ops[static_cast<size_t>(i)].macs, e.layer().sparse, 0,
          0};
      if (def->schema.is_weight_operand(1)) {
        const auto& op = m.ops[static_cast<size_t>(i)];
        const uint64_t wb = static_cast<uint64_t>(m.tensors[static_cast<size_t>(op.inputs[1])].data.size());
        layer.dense_weight_bytes = wb;
        layer.stored_weight_bytes = layer.sparse ? e.layer().stored_weight_bytes : wb;
      }
      r.layers.push_back(layer);
    } catch (const Error& ex) {
      e.rollback_op();
      r.refusals.push_back(refusal(m, i, ex));
    }
  }
  return r;
}

void throw_refusals(const Model& model, const std::vector<Refusal>& refusals, Backend backend) {
  std::string msg = refusals.front().message;
  if (refusals.size() > 1) {
    msg += "; also refused on the " + std::string(backend_name(backend)) + ":";
    for (size_t k = 1; k < refusals.size(); ++k)
      msg +=
          (k > 1 ? "," : "") + std::string(" op ") + std::to_string(refusals[k].op_index) + " (" + refusals[k].op + ")";
    msg += " (`tinysim inspect " + model.source + "` says why for each)";
  }
  throw Error(msg);
}

std::vector<OpSupport> check_support(const Model& model) {
  std::vector<OpSupport> out(model.ops.size());
  for (size_t i = 0; i < model.ops.size(); ++i) {
    out[i].op_index = static_cast<int>(i);
    out[i].op = op_label(model.ops[i]);
    out[i].host = out[i].firmware = true;
  }
  for (const Refusal& r : prepare_all(model).refusals) {
    out[static_cast<size_t>(r.op_index)].host = false;
    out[static_cast<size_t>(r.op_index)].host_reason = r.message;
  }
  // The same emission the plan writer runs, on a throw-away plan.
  MemoryPlan memory;
  try {
    memory = plan_memory(model);
  } catch (const Error& ex) {
    for (OpSupport& s : out) s.firmware = false, s.firmware_reason = ex.what();
    return out;
  }
  PlanEmitter e(model, memory, static_cast<uint32_t>((memory.arena_bytes + 15) & ~int64_t{15}), EmitOptions{});
  for (const Refusal& r : emit_all(e).refusals) {
    out[static_cast<size_t>(r.op_index)].firmware = false;
    out[static_cast<size_t>(r.op_index)].firmware_reason = r.message;
  }
  return out;
}

}  // namespace tinysim::ops
