// Running every op of a model through its registry entry, for one backend,
// and collecting which ops are refused and why. The host interpreter, the
// plan writer and the support check behind `inspect` all use these, so what
// `inspect` flags is by construction what `run` refuses.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/host/op_data.h"
#include "core/model/ir.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"

namespace tinysim::ops {

struct Refusal {
  int op_index = -1;
  std::string op;       // "SVDF", "CUSTOM:SignalWindow"
  std::string message;  // the one-line error (model, op, problem, fix)
};

// Host: every op prepared through its entry (data[i] for op i, nullptr where refused).
struct HostPreparation {
  std::vector<std::unique_ptr<OpData>> data;
  std::vector<Refusal> refusals;
};
HostPreparation prepare_all(const Model& model);

// Firmware: every op prepared and emitted into `e`.
struct EmittedLayer {
  int op_index = 0;
  std::string op_name;
  int64_t macs = 0;
  bool sparse = false;
  uint64_t dense_weight_bytes = 0;   // its weight tensor (input 1) as stored densely
  uint64_t stored_weight_bytes = 0;  // the same as stored in the plan
};
struct EmissionResult {
  std::vector<EmittedLayer> layers;
  std::vector<Refusal> refusals;
};
EmissionResult emit_all(PlanEmitter& e);

// One tinysim::Error listing every refusal: the first one's message, then
// "also refused: op 5 (X), op 7 (Y)".
[[noreturn]] void throw_refusals(const Model& model, const std::vector<Refusal>& refusals, Backend backend);

// The verdict of one op per backend, for `inspect` and the GUI.
struct OpSupport {
  int op_index = -1;
  std::string op;
  bool host = false, firmware = false;
  std::string host_reason, firmware_reason;  // empty when supported
};
std::vector<OpSupport> check_support(const Model& model);

}  // namespace tinysim::ops
