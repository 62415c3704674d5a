// The op registry: everything TinySim knows about one op, defined in one
// place (compare TFLite Micro's TFLMRegistration + MicroMutableOpResolver).
// Each op family has one file in core/ops/ that fills an OpDef and registers
// it with TS_REGISTER_OP: its OpSchema (graph level: arity, options read and
// write, version, MACs, meta and weight operands, quantizer traits,
// registered into core/model's schema table), the type combinations
// it supports per backend, its prepare step into typed per-op data, its host
// eval and its plan-record emission for the Cortex-M4 runtime.
//
// Readers of the registry: the .tflite reader and writer and model stats
// (through the schema), the host interpreter, the plan writer, the support
// check behind `inspect`, the quantizer and the GUI. None of them switches
// on op type. The trainer's forward and backward per op are its own layer
// table (core/train/train_layer.h), keyed the same way.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/host/op_data.h"
#include "core/model/ir.h"
#include "core/model/op_schema.h"

namespace tinysim::ops {

class PrepareContext;
class PlanEmitter;

// Where a kernel exists. The three firmware builds (hard float, soft float,
// portable C) compile the same kernel sources, so they support the same set.
enum Backend : uint8_t { kHost = 1u << 0, kFirmware = 1u << 1, kHostAndFirmware = kHost | kFirmware };
const char* backend_name(Backend b);  // "host", "Cortex-M4 firmware"

struct KernelCombo {
  KernelType kernel;
  uint8_t backends;   // Backend bits
  const char* types;  // the tensor types it covers, for docs and messages ("int8 -> int8")
};

struct OpDef {
  OpSchema schema;
  std::vector<KernelCombo> combos;
  // Validates the op and computes its data; throws tinysim::Error naming
  // the model, op and problem for anything its kernels cannot run.
  std::unique_ptr<OpData> (*prepare)(PrepareContext& ctx) = nullptr;
  // Host kernel: tensors[i] is the data of model tensor i.
  void (*eval)(const OpData& data, void* const* tensors) = nullptr;
  // A stateful op (TFLM keeps a persistent buffer across Invoke calls, e.g.
  // spectral subtraction's noise estimate): its state bytes, and the host
  // kernel that reads and updates them instead of eval. The host
  // interpreter gives each such op its own zeroed buffer (TFLM's Reset),
  // the plan a slice of its state area (PlanEmitter::state).
  uint32_t (*state_bytes)(const OpData& data) = nullptr;
  void (*eval_state)(const OpData& data, void* const* tensors, uint8_t* state) = nullptr;
  // Plan record(s) for the Cortex-M4 runtime; nullptr for a host-only op.
  void (*emit)(PlanEmitter& emitter, const OpData& data) = nullptr;
  // A one-op model exercising `kernel`, for the registry test (every
  // combination an op claims is run through it).
  Model (*example)(KernelType kernel) = nullptr;

  const KernelCombo* combo(KernelType k) const;
  bool supports(KernelType k, Backend b) const;
};

// Registers def.schema in core/model's table and def here. Use
// TS_REGISTER_OP in the op family's file.
struct RegisterOp {
  explicit RegisterOp(OpDef def);
};
#define TS_REGISTER_OP_CAT2(a, b) a##b
#define TS_REGISTER_OP_CAT(a, b) TS_REGISTER_OP_CAT2(a, b)
#define TS_REGISTER_OP(...) \
  static const ::tinysim::ops::RegisterOp TS_REGISTER_OP_CAT(ts_register_op_, __LINE__)(__VA_ARGS__)

const OpDef* find_op(const Operator& op);
const OpDef* find_op(OpType type, const std::string& custom_name = {});
std::vector<const OpDef*> all_ops();  // in (builtin code, custom name) order

// Prepares op `op_index` of the model through its registry entry. Throws
// tinysim::Error for an op TinySim does not know, a type combination without
// a host kernel, or inconsistent shapes.
std::unique_ptr<OpData> prepare_op(const Model& model, int op_index);
// The same, for a caller that knows the op's data type (tests, tables).
template <class T>
T prepare_as(const Model& model, int op_index) {
  const std::unique_ptr<OpData> d = prepare_op(model, op_index);
  const auto* t = dynamic_cast<const T*>(d.get());
  if (!t) throw std::logic_error("prepare_as: op data of another type");
  return *t;
}
// Runs prepared op `data` (of model.ops[data.op_index]) on the host.
// state: the op's state bytes (state_bytes) for a stateful op, else unused.
void eval_op(const Model& model, const OpData& data, void* const* tensors, uint8_t* state = nullptr);
// The state bytes op `data` keeps across invocations (0 for most ops).
uint32_t op_state_bytes(const Model& model, const OpData& data);

}  // namespace tinysim::ops
