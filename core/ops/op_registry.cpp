#include "core/ops/op_registry.h"

#include <map>
#include <stdexcept>

#include "core/common/error.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using Key = std::pair<int32_t, std::string>;

std::map<Key, std::unique_ptr<OpDef>>& table() {
  static std::map<Key, std::unique_ptr<OpDef>> t;
  return t;
}

Key key_of(OpType type, const std::string& custom) {
  return {static_cast<int32_t>(type), type == OpType::Custom ? custom : std::string()};
}

}  // namespace

const char* backend_name(Backend b) {
  switch (b) {
    case kHost: return "host";
    case kFirmware: return "Cortex-M4 firmware";
    case kHostAndFirmware: return "host and Cortex-M4 firmware";
  }
  return "?";
}

const KernelCombo* OpDef::combo(KernelType k) const {
  for (const KernelCombo& c : combos)
    if (c.kernel == k) return &c;
  return nullptr;
}

bool OpDef::supports(KernelType k, Backend b) const {
  const KernelCombo* c = combo(k);
  return c && (c->backends & b) == b;
}

RegisterOp::RegisterOp(OpDef def) {
  register_op_schema(def.schema);
  const Key k = key_of(def.schema.type, def.schema.custom_name);
  table().emplace(k, std::make_unique<OpDef>(std::move(def)));
}

const OpDef* find_op(OpType type, const std::string& custom_name) {
  const auto& t = table();
  auto it = t.find(key_of(type, custom_name));
  return it == t.end() ? nullptr : it->second.get();
}

const OpDef* find_op(const Operator& op) { return find_op(op.type, op.custom_code); }

std::vector<const OpDef*> all_ops() {
  std::vector<const OpDef*> out;
  for (const auto& [k, d] : table()) out.push_back(d.get());
  return out;
}

std::unique_ptr<OpData> prepare_op(const Model& model, int op_index) {
  PrepareContext ctx(model, op_index);
  const OpDef* def = find_op(ctx.op());
  if (!def || !def->prepare) ctx.not_supported();
  std::unique_ptr<OpData> data = def->prepare(ctx);
  data->op_index = op_index;
  data->type = ctx.op().type;
  // The kernel the op's prepare chose must be one it claims for the host.
  if (!def->supports(data->kernel, kHost)) ctx.unsupported_types();
  return data;
}

uint32_t op_state_bytes(const Model& model, const OpData& data) {
  const OpDef* def = find_op(model.ops.at(static_cast<size_t>(data.op_index)));
  return def && def->state_bytes ? def->state_bytes(data) : 0;
}

void eval_op(const Model& model, const OpData& data, void* const* tensors, uint8_t* state) {
  const OpDef* def = find_op(model.ops.at(static_cast<size_t>(data.op_index)));
  if (def && def->eval_state) {
    if (!state) throw std::logic_error("eval_op: a stateful op without its state");
    def->eval_state(data, tensors, state);
    return;
  }
  if (!def || !def->eval)
    throw Error("op " + std::to_string(data.op_index) + " (" + op_name(data.type) + ", " +
                kernel_type_name(data.kernel) + ") has no host kernel");
  def->eval(data, tensors);
}

}  // namespace tinysim::ops
