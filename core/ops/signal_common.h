// What TFLM's Signal custom ops (signal/micro/kernels/*.cc) share here:
// their data (main and second operands, integer parameters, the model
// constants their kernel reads), TFLM's type and rank checks, the one plan
// record kind family (ts_op_signal) and the registry entry's common fields.
// The arithmetic is mcu_models/runtime/include/ts_signal.h, shared by the
// host eval and the Cortex-M4 kernels. Ops: signal_spectrum.cpp (window,
// FFT auto scale, RFFT, energy), signal_filter_bank.cpp (filter bank, its
// square root, spectral subtraction, PCAN, log).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/ops/flex_options.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"
#include "mcu_models/runtime/include/ts_kernels.h"
#include "mcu_models/runtime/include/ts_signal.h"

namespace tinysim::ops {

struct SignalData : OpData {
  int input2 = -1, output2 = -1;
  std::array<int32_t, 6> params{};
  std::array<int, 5> const_tensors{-1, -1, -1, -1, -1};  // model constants read as the record's consts[k]
  std::vector<uint8_t> table;  // a host-made constant (the record's consts[...] where the op says)
};

// Input k / output k with TFLM's type and rank checks (rank -1: any >= 1).
const Tensor& signal_in(PrepareContext& ctx, size_t k, DType type, int rank, const char* role);
const Tensor& signal_out(PrepareContext& ctx, size_t k, DType type, int rank, const char* role);
// A constant input (filter bank tables, gain LUT): its tensor index.
int signal_const(PrepareContext& ctx, size_t k, DType type, const char* role);
// The common header from input 0 / output 0; kernel from the output type.
void signal_io(PrepareContext& ctx, SignalData& p, KernelType kernel);

// The record with every operand (flat 1-D views), params and model
// constants filled; consts[k] of a model constant is its plan offset.
ts_op_signal signal_record(PlanEmitter& e, const SignalData& p, uint16_t kind);

// The registry entry of a Signal op: schema, arity, its one combination
// (host and firmware) and its steps.
struct SignalSteps {
  std::unique_ptr<OpData> (*prepare)(PrepareContext&);
  void (*eval)(const OpData&, void* const*);
  void (*emit)(PlanEmitter&, const OpData&);
  Model (*example)(KernelType);
};
OpDef signal_def(const char* custom_name, int inputs, int outputs, KernelType kernel, const char* types,
                 SignalSteps steps);

// The op's node in an example model (ExampleBuilder): type CUSTOM, the
// name and the flexbuffer options.
Operator& signal_node(Operator& op, const char* custom_name, std::vector<uint8_t> options);

}  // namespace tinysim::ops
