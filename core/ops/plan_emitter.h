// What an op's emit step writes its Cortex-M4 plan record with: constant
// data (weights, multipliers, tables) in the plan's constant area, tensor
// descriptors (arena offset or constant offset), one shared kernel-scratch
// area after the activations, and the record itself. The plan format is
// mcu_models/runtime/include/tinysim_plan.h; the plan writer
// (core/target/plan_writer) drives one emitter over all ops and lays out
// the blob.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/host/op_data.h"
#include "core/model/ir.h"
#include "core/ops/sparse_cost.h"
#include "core/plan/memory_plan.h"
#include "mcu_models/runtime/include/tinysim_plan.h"

namespace tinysim::ops {

// EmitOptions::sparse_threshold values: choose per layer by the kernels' cost
// model (core/ops/sparse_cost.h), or wherever sparse storage takes fewer bytes
// (what the plan writer falls back to when the faster plan overflows flash).
inline constexpr double kSparseByCost = -1;
inline constexpr double kSparseSmallest = -2;

struct EmitOptions {
  // Store an int8 CONV_2D / FULLY_CONNECTED weight tensor sparsely (bitmap +
  // non-zero values, ts_sparse_header): kSparseByCost when the sparse kernel
  // is predicted faster; kSparseSmallest when it is smaller; a fraction in (0, 1] when at least that fraction of
  // it is zero; 0 never (see core/target/plan_writer.h).
  double sparse_threshold = kSparseByCost;
  // Flash wait states the kernels' weight reads pay (0 with the constants in
  // RAM): the cost model's stall term.
  uint32_t flash_wait_states = 0;
  // kSparseByCost is decided for the whole plan at once (choose_sparse_layers):
  // a first emission records every candidate layer here and stores none
  // sparsely, the second stores the chosen op indices sparsely.
  std::vector<SparseCandidate>* sparse_candidates = nullptr;
  std::vector<int> sparse_ops;
};

class PlanEmitter {
 public:
  PlanEmitter(const Model& model, const MemoryPlan& memory, uint32_t scratch_base, EmitOptions options)
      : model_(model), memory_(memory), scratch_base_(scratch_base), options_(options) {}

  const Model& model() const { return model_; }
  const EmitOptions& options() const { return options_; }
  int op_index() const { return op_index_; }

  // Constants go to their own area after the records; records hold offsets
  // relative to its start (the header says where it is).
  uint32_t add_const(const void* data, size_t bytes);
  template <class T>
  uint32_t add_const(const std::vector<T>& v) {
    return add_const(v.data(), v.size() * sizeof(T));
  }
  // A model constant, stored once however many ops read it.
  uint32_t tensor_const(int tensor);
  // Descriptor of model tensor `index` seen as `d` (arena or constant).
  ts_tensor tensor(int index, const Dims4& d, const OpData& p);
  // The shape and type of a constant without storing its data (sparse weights).
  ts_tensor tensor_descriptor_only(int index, const Dims4& d, const OpData& p);

  // Kernel scratch shares one area after the activations: ops run one at a time.
  uint32_t scratch(uint32_t bytes);
  // A stateful op's own bytes in the plan's state area (after the scratch;
  // kept across invocations, zeroed by ts_init): the offset within the area.
  uint32_t state(uint32_t bytes);
  uint32_t state_bytes() const { return state_bytes_; }

  template <class Rec>
  void add_record(const Rec& rec) {
    add_record_bytes(&rec, sizeof(Rec));
  }
  void add_record_bytes(const void* rec, size_t bytes);

  // The record header of the op being emitted.
  ts_op_common common(uint16_t kind, uint16_t variant = 0) const;
  // "op N (NAME, kernel): WHAT is not supported by the Cortex-M4 runtime".
  [[noreturn]] void unsupported(const OpData& p, const std::string& what) const;

  // What the current op's emission reported (the plan writer reads and resets it).
  struct LayerInfo {
    bool sparse = false;
    uint64_t stored_weight_bytes = 0;  // bytes of its sparse weights (bitmap + values)
  };
  LayerInfo& layer() { return layer_; }
  void begin_op(int op_index);
  // Drops what the current op added (the support check emits ops one by one
  // and must leave nothing of a failed op behind).
  void rollback_op();

  // Blob layout (plan writer). state_offset: the state area's arena offset
  // (0 without state).
  std::vector<uint8_t> finish(uint32_t flags, const std::vector<ts_io>& ins, const std::vector<ts_io>& outs,
                              uint32_t arena_bytes, uint32_t state_offset = 0);
  uint32_t const_bytes() const { return static_cast<uint32_t>(consts_.size()); }
  uint32_t max_scratch() const { return max_scratch_; }

 private:
  const Model& model_;
  const MemoryPlan& memory_;
  std::vector<uint8_t> records_, consts_;
  std::vector<uint32_t> record_offsets_;
  uint32_t scratch_base_ = 0;
  EmitOptions options_;
  std::map<int, uint32_t> tensor_consts_;
  uint32_t max_scratch_ = 0;
  uint32_t state_bytes_ = 0;
  int op_index_ = -1;
  LayerInfo layer_;
  struct Mark {
    size_t records, consts, offsets;
    std::map<int, uint32_t> tensor_consts;
    uint32_t max_scratch;
    uint32_t state_bytes;
  } mark_{};
};

}  // namespace tinysim::ops
