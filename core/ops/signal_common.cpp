#include "core/ops/signal_common.h"

#include <string>

#include "core/ops/op_helpers.h"

namespace tinysim::ops {
namespace {

void check(PrepareContext& ctx, const Tensor& t, DType type, int rank, const char* role) {
  if (t.type != type)
    ctx.fail(std::string(role) + " is " + dtype_name(t.type) + "; TFLM's kernel takes " + dtype_name(type),
             "use the model as TFLM's signal library exports it");
  const int r = static_cast<int>(t.shape.size());
  if (rank >= 0 ? r != rank : r < 1)
    ctx.fail(std::string(role) + " has rank " + std::to_string(r) + "; TFLM's kernel takes " +
             (rank >= 0 ? std::to_string(rank) : std::string("1 or more")));
}

}  // namespace

const Tensor& signal_in(PrepareContext& ctx, size_t k, DType type, int rank, const char* role) {
  const Tensor& t = ctx.in(k, role);
  check(ctx, t, type, rank, role);
  return t;
}

const Tensor& signal_out(PrepareContext& ctx, size_t k, DType type, int rank, const char* role) {
  const Tensor& t = ctx.out(k);
  check(ctx, t, type, rank, role);
  return t;
}

int signal_const(PrepareContext& ctx, size_t k, DType type, const char* role) {
  const Tensor& t = signal_in(ctx, k, type, 1, role);
  if (!t.is_constant()) ctx.fail(std::string(role) + " must be a constant tensor");
  return ctx.in_index(k);
}

void signal_io(PrepareContext& ctx, SignalData& p, KernelType kernel) {
  ctx.common_io(p, ctx.in(0, "input"), ctx.out());
  p.kernel = kernel;
}

ts_op_signal signal_record(PlanEmitter& e, const SignalData& p, uint16_t kind) {
  ts_op_signal r{};
  r.c = e.common(kind);
  auto flat = [&](int t) {
    const Tensor& x = e.model().tensors[static_cast<size_t>(t)];
    return e.tensor(t, to_dims4({static_cast<int32_t>(x.num_elements())}, "signal operand"), p);
  };
  r.input = flat(p.input);
  r.output = flat(p.output);
  if (p.input2 >= 0) r.input2 = flat(p.input2);
  if (p.output2 >= 0) r.output2 = flat(p.output2);
  for (size_t k = 0; k < p.params.size(); ++k) r.params[k] = p.params[k];
  for (size_t k = 0; k < p.const_tensors.size(); ++k)
    r.consts[k] = p.const_tensors[k] >= 0 ? e.tensor_const(p.const_tensors[k]) : TS_NO_DATA;
  r.state_offset = TS_NO_DATA;
  return r;
}

OpDef signal_def(const char* custom_name, int inputs, int outputs, KernelType kernel, const char* types,
                 SignalSteps steps) {
  OpDef d;
  d.schema.type = OpType::Custom;
  d.schema.custom_name = custom_name;
  d.schema.min_inputs = d.schema.max_inputs = inputs;
  d.schema.num_outputs = outputs;
  d.schema.min_version = version_1;
  d.schema.macs = no_macs;
  d.combos = {{kernel, kHostAndFirmware, types}};
  d.prepare = steps.prepare;
  d.eval = steps.eval;
  d.emit = steps.emit;
  d.example = steps.example;
  return d;
}

Operator& signal_node(Operator& op, const char* custom_name, std::vector<uint8_t> options) {
  op.type = OpType::Custom;
  op.custom_code = custom_name;
  op.custom_options = std::move(options);
  return op;
}

}  // namespace tinysim::ops
