// ARG_MAX / ARG_MIN along one axis of an input of up to 4 dimensions,
// float32, int8 or int32 input (stored values compared, as TFLite Micro's
// arg_min_max.cc does for quantized input), int32 output: the first index
// whose value is strictly greater (smaller) than every earlier one
// (reference_ops::ArgMinMax). Target kernels:
// mcu_models/runtime/kernels/reduce.c (ts_arg_max, ts_arg_min).
#include <memory>
#include <string>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

// The input as [outer, axis_size, inner]; axis4 is the axis in the 4-D view.
struct ArgData : OpData {
  int32_t axis4 = 3;
  int64_t outer = 1, axis_size = 1, inner = 1;
};

template <bool Max>
void read_arg(OptionsReader& r) {
  if constexpr (Max) {
    if (const auto* a = r.as<tflite::ArgMaxOptions>(BO::ArgMaxOptions))
      r.options().extra["output_type"] = static_cast<double>(a->output_type());
  } else {
    if (const auto* a = r.as<tflite::ArgMinOptions>(BO::ArgMinOptions))
      r.options().extra["output_type"] = static_cast<double>(a->output_type());
  }
}

tflite::TensorType output_type_of(const Operator& op) {
  const auto it = op.options.extra.find("output_type");
  return it == op.options.extra.end() ? tflite::TensorType::INT32 : static_cast<tflite::TensorType>(it->second);
}

WrittenOptions write_arg_max(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::ArgMaxOptions, tflite::CreateArgMaxOptions(b, output_type_of(op)).Union()};
}

WrittenOptions write_arg_min(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::ArgMinOptions, tflite::CreateArgMinOptions(b, output_type_of(op)).Union()};
}

std::unique_ptr<OpData> prepare_arg(PrepareContext& ctx) {
  auto p = std::make_unique<ArgData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& ax = ctx.in(1, "axis");
  const Tensor& o = ctx.out();
  if (i.type != DType::Float32 && i.type != DType::Int8 && i.type != DType::Int32) ctx.unsupported_types();
  if (o.type != DType::Int32)
    ctx.fail(std::string("output type ") + dtype_name(o.type) + " is not supported", "convert with output_type int32");
  p->kernel = i.type == DType::Float32 ? KernelType::Float32 : i.type == DType::Int8 ? KernelType::Int8 : KernelType::Int32;
  ctx.common_io(*p, i, o);
  const int rank = static_cast<int>(i.shape.size());
  if (rank < 1 || rank > 4) ctx.fail("input must have 1 to 4 dimensions");
  if (!ax.is_constant() || (ax.type != DType::Int32) || ax.num_elements() != 1)
    ctx.fail("axis must be one constant int32 value");
  int a = ax.as<int32_t>()[0];
  if (a < -rank || a >= rank) ctx.fail("axis " + std::to_string(a) + " is out of range");
  if (a < 0) a += rank;
  p->axis4 = a + 4 - rank;
  p->axis_size = p->input_shape[p->axis4];
  for (int d = 0; d < p->axis4; ++d) p->outer *= p->input_shape[d];
  for (int d = p->axis4 + 1; d < 4; ++d) p->inner *= p->input_shape[d];
  if (p->axis_size < 1) ctx.fail("the reduced axis is empty");
  if (o.num_elements() != p->outer * p->inner)
    ctx.fail("output has " + std::to_string(o.num_elements()) + " elements, expected " +
             std::to_string(p->outer * p->inner));
  Dims4 od = p->input_shape;
  od = Dims4{p->axis4 == 0 ? 1 : od.n, p->axis4 == 1 ? 1 : od.h, p->axis4 == 2 ? 1 : od.w, p->axis4 == 3 ? 1 : od.c};
  p->output_shape = od;
  return p;
}

template <bool Max, class T>
void arg(const ArgData& p, const T* x, int32_t* out) {
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      T best = x[o * p.axis_size * p.inner + i];
      int32_t index = 0;
      for (int64_t k = 1; k < p.axis_size; ++k) {
        const T v = x[(o * p.axis_size + k) * p.inner + i];
        if (Max ? v > best : v < best) {
          best = v;
          index = static_cast<int32_t>(k);
        }
      }
      out[o * p.inner + i] = index;
    }
}

template <bool Max>
void eval_arg(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ArgData&>(d);
  int32_t* out = at<int32_t>(t, p.output);
  if (p.kernel == KernelType::Float32)
    arg<Max>(p, at<float>(t, p.input), out);
  else if (p.kernel == KernelType::Int8)
    arg<Max>(p, at<int8_t>(t, p.input), out);
  else
    arg<Max>(p, at<int32_t>(t, p.input), out);
}

template <bool Max>
void emit_arg(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ArgData&>(d);
  ts_op_mean r{};
  r.c = e.common(static_cast<uint16_t>(Max ? TS_OP_ARG_MAX : TS_OP_ARG_MIN), static_cast<uint16_t>(p.axis4));
  r.input = e.tensor(p.input, p.input_shape, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.count = static_cast<int32_t>(p.axis_size);
  e.add_record(r);
}

// [2, 3, 5] along axis 1 (ARG_MAX) or -1 (ARG_MIN).
template <bool Max>
Model example_arg(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Float32 ? DType::Float32 : k == KernelType::Int8 ? DType::Int8 : DType::Int32;
  const int in = b.act(t, {2, 3, 5}, k == KernelType::Int8 ? 0.5f : 0.f, 0);
  const int axis = b.constant<int32_t>(DType::Int32, {1}, {Max ? 1 : -1});
  const int out = b.act(DType::Int32, Max ? std::vector<int32_t>{2, 5} : std::vector<int32_t>{2, 3});
  b.op(Max ? OpType::ArgMax : OpType::ArgMin, {in, axis}, {out}).options.extra["output_type"] =
      static_cast<double>(tflite::TensorType::INT32);
  return b.finish({in}, {out});
}

template <bool Max>
OpDef arg_def() {
  OpDef d;
  d.schema.type = Max ? OpType::ArgMax : OpType::ArgMin;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_arg<Max>;
  d.schema.write_options = Max ? write_arg_max : write_arg_min;
  d.schema.min_version = version_int8_2;
  d.schema.macs = no_macs;
  d.schema.meta_operands = 0b10;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 -> int32"},
              {KernelType::Int8, kHostAndFirmware, "int8 -> int32 (stored values compared)"},
              {KernelType::Int32, kHostAndFirmware, "int32 -> int32"}};
  d.prepare = prepare_arg;
  d.eval = eval_arg<Max>;
  d.emit = emit_arg<Max>;
  d.example = example_arg<Max>;
  return d;
}

TS_REGISTER_OP(arg_def<true>());
TS_REGISTER_OP(arg_def<false>());

}  // namespace
}  // namespace tinysim::ops
