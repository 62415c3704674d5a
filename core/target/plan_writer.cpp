#include "core/target/plan_writer.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/model/op_schema.h"
#include "core/ops/op_emission.h"
#include "core/ops/plan_emitter.h"

namespace tinysim::target {

PlanBlob build_plan(const Model& model, const MemoryPlan& memory, const PlanOptions& options) {
  PlanBlob blob;
  blob.activation_bytes = static_cast<uint32_t>((memory.arena_bytes + 15) & ~int64_t{15});
  ops::EmitOptions eo;
  eo.sparse_threshold = options.sparse_threshold;
  eo.flash_wait_states = options.constants_in_ram ? 0u : options.flash_wait_states;
  if (eo.sparse_threshold == ops::kSparseByCost) {
    // A first pass collects the candidate layers; the storage is chosen for
    // all of them together (refusals are reported by the real pass below).
    std::vector<ops::SparseCandidate> candidates;
    ops::EmitOptions probe_options = eo;
    probe_options.sparse_candidates = &candidates;
    ops::PlanEmitter probe(model, memory, blob.activation_bytes, probe_options);
    (void)ops::emit_all(probe);
    eo.sparse_ops = ops::choose_sparse_layers(candidates, eo.flash_wait_states);
  }
  ops::PlanEmitter e(model, memory, blob.activation_bytes, eo);
  // Every op is emitted (or refused) by its registry entry; the refusals of
  // all ops are reported together, as `inspect` lists them.
  const ops::EmissionResult r = ops::emit_all(e);
  if (!r.refusals.empty()) ops::throw_refusals(model, r.refusals, ops::kFirmware);
  blob.layers.reserve(r.layers.size());
  for (const ops::EmittedLayer& l : r.layers) {
    blob.layers.push_back(PlannedLayer{l.op_index, l.op_name, l.macs, l.sparse});
    blob.dense_weight_bytes += l.dense_weight_bytes;
    blob.stored_weight_bytes += l.stored_weight_bytes;
  }

  auto io = [&](int t) {
    if (!memory.in_arena(t))
      throw Error(model.source, "graph input/output tensor " + std::to_string(t) + " is not in the arena",
                  "constant graph outputs are not supported on the target");
    return PlannedIo{static_cast<uint32_t>(memory.offsets[static_cast<size_t>(t)]),
                     static_cast<uint32_t>(model.tensors[static_cast<size_t>(t)].num_bytes()), t};
  };
  for (int t : model.inputs) blob.inputs.push_back(io(t));
  for (int t : model.outputs) blob.outputs.push_back(io(t));
  std::vector<ts_io> ins, outs;
  for (const PlannedIo& p : blob.inputs) ins.push_back(ts_io{p.arena_offset, p.bytes, 0});
  for (const PlannedIo& p : blob.outputs) outs.push_back(ts_io{p.arena_offset, p.bytes, 0});

  blob.arena_bytes = blob.activation_bytes + e.max_scratch();
  // Stateful ops' state after the scratch (16-byte aligned as both are).
  if (e.state_bytes() > 0) {
    blob.state_offset = blob.arena_bytes;
    blob.state_bytes = e.state_bytes();
    blob.arena_bytes += blob.state_bytes;
  }
  blob.constant_bytes = e.const_bytes();
  uint32_t flags = options.flags;
  if (options.constants_in_ram) {
    // The copy starts 16-byte aligned, as the constants are within the plan.
    blob.ram_constant_bytes = (blob.constant_bytes + 15u) & ~15u;
    blob.arena_bytes = ((blob.arena_bytes + 15u) & ~15u) + blob.ram_constant_bytes;
    flags |= TS_FLAG_CONSTS_IN_RAM;
  }
  blob.bytes = e.finish(flags, ins, outs, blob.arena_bytes, blob.state_offset);
  return blob;
}

}  // namespace tinysim::target
