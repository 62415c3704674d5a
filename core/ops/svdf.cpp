// SVDF (singular value decomposition filter, the streaming keyword-spotting
// layer): per inference the activation state (a variable tensor, [batch,
// filters * memory]) shifts left by one, the feature matmul writes each
// filter's newest value into its last memory slot, the time matmul dots each
// filter's memory with its time weights, and rank filters sum into a unit.
// Arithmetic of TFLite Micro's reference kernels
// (tensorflow/lite/micro/kernels/svdf_common.cc, tflite-micro commit
// 1176f9beb38b73e44b1dfd93e799346183e387b5): EvalFloatSvdfReference, and
// EvalIntegerSvdfReference<T> for int8 input / output with int8 feature
// weights and T = int16 or int8 time weights and state (the state's zero
// point enters before its saturating clamp). The integer path applies no
// fused activation, as TFLM's does not. Host kernel: here. Target kernel:
// mcu_models/runtime/kernels/svdf.c (plan kind TS_OP_SVDF).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "core/common/fixed_point.h"
#include "core/host/quantization_util.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct SvdfData : OpData {
  int weights_feature = -1, weights_time = -1, bias = -1, state = -1;
  DType state_type = DType::Float32;
  int32_t batches = 1, input_size = 1, filters = 1, units = 1, memory = 1, rank = 1;
  int32_t input_zero_point = 0, state_zero_point = 0, output_zero_point = 0;
  // TFLM's effective_scale_1 (input * feature weights -> state) and
  // effective_scale_2 (state * time weights -> output), Q31 + shift.
  int32_t scale1_multiplier = 0, scale1_shift = 0, scale2_multiplier = 0, scale2_shift = 0;
  float act_min_f = 0.f, act_max_f = 0.f;  // float kernel's fused activation
};

void read_svdf(OptionsReader& r) {
  if (const auto* s = r.as<tflite::SVDFOptions>(BO::SVDFOptions)) {
    r.options().activation = r.activation(s->fused_activation_function());
    r.options().extra["rank"] = s->rank();
    if (s->asymmetric_quantize_inputs()) r.options().extra["asymmetric_quantize_inputs"] = 1;
  }
}

WrittenOptions write_svdf(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const auto& x = op.options.extra;
  const auto rank = x.find("rank");
  return {BO::SVDFOptions,
          tflite::CreateSVDFOptions(b, rank == x.end() ? 1 : static_cast<int32_t>(rank->second),
                                    fb_activation(op.options.activation), x.count("asymmetric_quantize_inputs") > 0)
              .Union()};
}

// TFLite's converter: float 1, int8 weights with int8 input 3 (v2 is the hybrid).
int version_svdf(const Model& m, const Operator& op) { return input_type(m, op, 0) == DType::Int8 ? 3 : 1; }

// Feature matmul (filters x input) plus time matmul (filters x memory), per batch.
int64_t macs_svdf(const Model& m, const Operator& op) {
  const Tensor* in = operand(m, op.inputs, 0);
  const Tensor* wf = operand(m, op.inputs, 1);
  const Tensor* wt = operand(m, op.inputs, 2);
  if (!in || !wf || !wt || in->shape.size() != 2 || wf->shape.size() != 2 || wt->shape.size() != 2) return 0;
  return int64_t{in->shape[0]} * (int64_t{wf->shape[0]} * wf->shape[1] + int64_t{wt->shape[0]} * wt->shape[1]);
}

void prepare_shapes(PrepareContext& ctx, SvdfData& p, const Tensor& i, const Tensor& wf, const Tensor& wt,
                    const Tensor& st, const Tensor& o) {
  const auto rank = ctx.options().extra.find("rank");
  p.rank = rank == ctx.options().extra.end() ? 0 : static_cast<int32_t>(rank->second);
  if (i.shape.size() != 2 || wf.shape.size() != 2 || wt.shape.size() != 2 || st.shape.size() != 2 ||
      o.shape.size() != 2)
    ctx.fail("input, weights, state and output must be 2-D");
  p.batches = i.shape[0];
  p.input_size = i.shape[1];
  p.filters = wf.shape[0];
  p.memory = wt.shape[1];
  if (p.rank < 1 || p.filters % p.rank != 0)
    ctx.fail("rank " + std::to_string(p.rank) + " does not divide the " + std::to_string(p.filters) + " filters");
  p.units = p.filters / p.rank;
  if (wf.shape[1] != p.input_size) ctx.fail("feature weights are not [filters, input size]");
  if (wt.shape[0] != p.filters || p.memory < 1) ctx.fail("time weights are not [filters, memory]");
  if (st.shape[0] != p.batches || int64_t{st.shape[1]} != int64_t{p.memory} * p.filters)
    ctx.fail("activation state is not [batch, memory * filters]");
  if (!st.is_variable || st.is_constant())
    ctx.fail("activation state (input 4) is not a variable tensor", "convert the model with a stateful SVDF");
  if (o.shape[0] != p.batches || o.shape[1] != p.units) ctx.fail("output is not [batch, units]");
  if (p.bias >= 0) {
    const Tensor& b = ctx.tensor(p.bias, "bias");
    if (b.num_elements() != p.units) ctx.fail("bias does not have one value per unit");
  }
  p.input_shape = Dims4{1, 1, p.batches, p.input_size};
  p.output_shape = Dims4{1, 1, p.batches, p.units};
}

void prepare_integer(PrepareContext& ctx, SvdfData& p, const Tensor& i, const Tensor& wf, const Tensor& wt,
                     const Tensor& st, const Tensor& o) {
  if (wf.type != DType::Int8 || o.type != DType::Int8 || wt.type != st.type ||
      (st.type != DType::Int8 && st.type != DType::Int16))
    ctx.unsupported_types();
  for (const Tensor* t : {&i, &wf, &wt, &st, &o}) ctx.require_quantized(*t);
  const float si = PrepareContext::scale_of(i), sf = PrepareContext::scale_of(wf);
  const float st_s = PrepareContext::scale_of(st), sw = PrepareContext::scale_of(wt), so = PrepareContext::scale_of(o);
  if (p.bias >= 0) {
    const Tensor& b = ctx.tensor(p.bias, "bias");
    if (b.type != DType::Int32) ctx.unsupported_types();
    if (!(std::abs(static_cast<double>(PrepareContext::scale_of(b)) - static_cast<double>(st_s * sw)) < 1e-5))
      ctx.fail("bias scale is not state scale * time weights scale", "requantize the model's SVDF bias");
  }
  // The products and quotients in float, as TFLM's PrepareSvdf computes them.
  int shift = 0;
  quantize_multiplier(real_multiplier(si, sf, st_s, ScaleArithmetic::Float), &p.scale1_multiplier, &shift);
  p.scale1_shift = shift;
  quantize_multiplier(real_multiplier(st_s, sw, so, ScaleArithmetic::Float), &p.scale2_multiplier, &shift);
  p.scale2_shift = shift;
  p.input_zero_point = PrepareContext::zp_of(i);
  p.state_zero_point = PrepareContext::zp_of(st);
  p.output_zero_point = PrepareContext::zp_of(o);
  p.kernel = KernelType::Int8;
}

std::unique_ptr<OpData> prepare_svdf(PrepareContext& ctx) {
  auto p = std::make_unique<SvdfData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& wf = ctx.in(1, "feature weights");
  const Tensor& wt = ctx.in(2, "time weights");
  const Tensor& st = ctx.in(4, "activation state");
  const Tensor& o = ctx.out();
  ctx.common_io(*p, i, o);
  p->weights_feature = ctx.in_index(1);
  p->weights_time = ctx.in_index(2);
  p->bias = ctx.in_index(3);
  p->state = ctx.in_index(4);
  p->state_type = st.type;
  if (ctx.options().extra.count("asymmetric_quantize_inputs") || (i.type == DType::Float32 && wf.type != i.type))
    ctx.fail("hybrid SVDF (float input, int8 weights) is not supported", "use a float or a fully int8 model");
  prepare_shapes(ctx, *p, i, wf, wt, st, o);
  for (const Tensor* w : {&wf, &wt})
    if (!w->is_constant()) ctx.fail("SVDF weights must be constant");
  p->flat_size = o.num_elements();
  if (i.type == DType::Int8) {
    prepare_integer(ctx, *p, i, wf, wt, st, o);
  } else if (i.type == DType::Float32 && wt.type == i.type && st.type == i.type && o.type == i.type) {
    if (p->bias >= 0 && ctx.tensor(p->bias, "bias").type != DType::Float32) ctx.unsupported_types();
    const Activation act = ctx.options().activation;
    if (act == Activation::Tanh || act == Activation::SignBit)
      ctx.fail("fused activation TANH/SIGN_BIT is not supported");
    activation_range_float(act, &p->act_min_f, &p->act_max_f);
    p->kernel = KernelType::Float32;
  } else {
    ctx.unsupported_types();
  }
  return p;
}

// The state moves one slot to the left (the oldest value of each filter
// drops out; the last slot is rewritten by the feature matmul).
template <class T>
void shift_state(const SvdfData& p, T* state) {
  const int64_t n = int64_t{p.batches} * p.filters * p.memory;
  if (n > 1) std::memmove(state, state + 1, static_cast<size_t>(n - 1) * sizeof(T));
}

template <class T>
void svdf_integer(const SvdfData& p, const int8_t* input, const int8_t* wf, const T* wt, const int32_t* bias,
                  T* state, int8_t* output) {
  const int32_t B = p.batches, I = p.input_size, F = p.filters, M = p.memory, U = p.units, R = p.rank;
  shift_state(p, state);
  constexpr int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  for (int32_t b = 0; b < B; ++b)
    for (int32_t f = 0; f < F; ++f) {
      int32_t dot = 0;
      for (int32_t c = 0; c < I; ++c) dot += int32_t{wf[f * I + c]} * (int32_t{input[b * I + c]} - p.input_zero_point);
      dot = ts_multiply_by_quantized_multiplier(dot, p.scale1_multiplier, p.scale1_shift) + p.state_zero_point;
      state[(int64_t{b} * F + f) * M + M - 1] = static_cast<T>(ts_clamp_i32(dot, lo, hi));
    }
  std::vector<int32_t> scratch(static_cast<size_t>(F));
  for (int32_t b = 0; b < B; ++b) {
    const T* s = state + int64_t{b} * F * M;
    for (int32_t f = 0; f < F; ++f) {
      int32_t acc = 0;
      for (int32_t j = 0; j < M; ++j) acc += int32_t{wt[f * M + j]} * (int32_t{s[f * M + j]} - p.state_zero_point);
      scratch[static_cast<size_t>(f)] = acc;
    }
    for (int32_t u = 0; u < U; ++u) {
      int32_t acc = bias ? bias[u] : 0;
      // int32 wrap-around as TFLM's int32 sum gives on the Cortex-M4 (scrambled
      // weights overflow it); unsigned adds keep that without undefined behaviour.
      for (int32_t r = 0; r < R; ++r)
        acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(scratch[static_cast<size_t>(u * R + r)]));
      const int32_t v = ts_multiply_by_quantized_multiplier(acc, p.scale2_multiplier, p.scale2_shift) +
                        p.output_zero_point;
      output[b * U + u] = static_cast<int8_t>(ts_clamp_i32(v, -128, 127));
    }
  }
}

void svdf_float(const SvdfData& p, const float* input, const float* wf, const float* wt, const float* bias,
                float* state, float* output) {
  const int32_t B = p.batches, I = p.input_size, F = p.filters, M = p.memory, U = p.units, R = p.rank;
  shift_state(p, state);
  for (int32_t b = 0; b < B; ++b)
    for (int32_t f = 0; f < F; ++f) {
      float dot = 0.f;
      for (int32_t c = 0; c < I; ++c) dot += wf[f * I + c] * input[b * I + c];
      state[(int64_t{b} * F + f) * M + M - 1] = dot;
    }
  std::vector<float> scratch(static_cast<size_t>(F));
  for (int32_t b = 0; b < B; ++b) {
    const float* s = state + int64_t{b} * F * M;
    for (int32_t f = 0; f < F; ++f) {
      float acc = 0.f;
      for (int32_t j = 0; j < M; ++j) acc += wt[f * M + j] * s[f * M + j];
      scratch[static_cast<size_t>(f)] = acc;
    }
    for (int32_t u = 0; u < U; ++u) {
      float acc = bias ? bias[u] : 0.f;
      for (int32_t r = 0; r < R; ++r) acc += scratch[static_cast<size_t>(u * R + r)];
      output[b * U + u] = std::min(std::max(acc, p.act_min_f), p.act_max_f);
    }
  }
}

void eval_svdf(const OpData& d, void* const* t) {
  const auto& p = static_cast<const SvdfData&>(d);
  if (p.kernel == KernelType::Float32)
    svdf_float(p, at<float>(t, p.input), at<float>(t, p.weights_feature), at<float>(t, p.weights_time),
               at<float>(t, p.bias), at<float>(t, p.state), at<float>(t, p.output));
  else if (p.state_type == DType::Int16)
    svdf_integer(p, at<int8_t>(t, p.input), at<int8_t>(t, p.weights_feature), at<int16_t>(t, p.weights_time),
                 at<int32_t>(t, p.bias), at<int16_t>(t, p.state), at<int8_t>(t, p.output));
  else
    svdf_integer(p, at<int8_t>(t, p.input), at<int8_t>(t, p.weights_feature), at<int8_t>(t, p.weights_time),
                 at<int32_t>(t, p.bias), at<int8_t>(t, p.state), at<int8_t>(t, p.output));
}

// The zero points folded into constants (int32 wrap-around, as the
// reference's int32 sums): sum w * (x - zp) = sum w * x - zp * sum w, so the
// target multiplies raw values with the DSP's dual MACs. Per unit: bias -
// state zero point * (sum of its rank filters' time weights, which are
// consecutive rows).
template <class W>
std::vector<int32_t> folded_unit_bias(const SvdfData& p, const W* wt, const int32_t* bias) {
  const int64_t per_unit = int64_t{p.rank} * p.memory;
  std::vector<int32_t> out(static_cast<size_t>(p.units));
  for (int32_t u = 0; u < p.units; ++u) {
    uint32_t sum = 0;
    for (int64_t k = 0; k < per_unit; ++k) sum += static_cast<uint32_t>(int32_t{wt[u * per_unit + k]});
    const uint32_t b = bias ? static_cast<uint32_t>(bias[u]) : 0u;
    out[static_cast<size_t>(u)] = static_cast<int32_t>(b - sum * static_cast<uint32_t>(p.state_zero_point));
  }
  return out;
}

void emit_svdf(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const SvdfData&>(d);
  const Model& m = e.model();
  ts_op_svdf r{};
  r.c = e.common(TS_OP_SVDF);
  r.input = e.tensor(p.input, p.input_shape, p);
  r.weights_feature = e.tensor(p.weights_feature, Dims4{1, 1, p.filters, p.input_size}, p);
  r.weights_time = e.tensor(p.weights_time, Dims4{1, 1, p.filters, p.memory}, p);
  r.state = e.tensor(p.state, Dims4{1, 1, p.batches, p.filters * p.memory}, p);
  r.output = e.tensor(p.output, p.output_shape, p);
  r.batches = p.batches;
  r.input_size = p.input_size;
  r.filters = p.filters;
  r.units = p.units;
  r.memory = p.memory;
  r.rank = p.rank;
  r.bias_offset = TS_NO_DATA;
  r.feature_bias_offset = TS_NO_DATA;
  if (p.kernel == KernelType::Float32) {
    if (p.bias >= 0) r.bias_offset = e.tensor_const(p.bias);
    r.f_act_min = p.act_min_f;
    r.f_act_max = p.act_max_f;
  } else {
    const int32_t* bias = p.bias >= 0 ? m.tensors[size_t(p.bias)].as<int32_t>() : nullptr;
    const Tensor& wt = m.tensors[size_t(p.weights_time)];
    // -input zp * row sum, as FULLY_CONNECTED folds it
    r.feature_bias_offset = e.add_const(
        folded_bias(m, p.weights_feature, -1, -p.input_zero_point, p.filters, 1, p.input_size, p.input_size));
    r.bias_offset = e.add_const(p.state_type == DType::Int16 ? folded_unit_bias(p, wt.as<int16_t>(), bias)
                                                             : folded_unit_bias(p, wt.as<int8_t>(), bias));
    r.scale1_multiplier = p.scale1_multiplier;
    r.scale1_shift = p.scale1_shift;
    r.scale2_multiplier = p.scale2_multiplier;
    r.scale2_shift = p.scale2_shift;
    r.state_zero_point = p.state_zero_point;
    r.output_zero_point = p.output_zero_point;
  }
  e.add_record(r);
}

// Batch 2, input 5, 3 units of rank 2 (6 filters), memory 4; int8 with an
// int16 state (TFLM's int8 SVDF), or float with RELU.
Model example_svdf(KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType act = q ? DType::Int8 : DType::Float32;
  const DType st_t = q ? DType::Int16 : DType::Float32;
  const int in = b.act(act, {2, 5}, q ? 0.5f : 0.f, q ? -3 : 0);
  const int wf =
      q ? b.constant<int8_t>(DType::Int8, {6, 5}, {}, {0.25f}) : b.constant<float>(DType::Float32, {6, 5}, {});
  const int wt = q ? b.constant<int16_t>(DType::Int16, {6, 4}, {300, -200, 1000, 4000, -7000, 50, 123, -999, 2500,
                                                                 3, -3, 800, 1200, -1500, 60, 70, -80, 90, 9000,
                                                                 -9000, 11, 22, 33, 44},
                                         {0.001f})
                   : b.constant<float>(DType::Float32, {6, 4}, {});
  const int bias = q ? b.constant<int32_t>(DType::Int32, {3}, {100, -250, 7}, {0.0005f})
                     : b.constant<float>(DType::Float32, {3}, {0.5f, -0.25f, 1.f});
  const int state = b.act(st_t, {2, 24}, q ? 0.5f : 0.f, 0);
  const int out = b.act(act, {2, 3}, q ? 0.02f : 0.f, q ? 5 : 0);
  Operator& op = b.op(OpType::Svdf, {in, wf, wt, bias, state}, {out});
  op.options.extra["rank"] = 2;
  if (!q) op.options.activation = Activation::Relu;
  Model m = b.finish({in}, {out});
  m.tensors[size_t(state)].is_variable = true;
  return m;
}

OpDef svdf_def() {
  OpDef d;
  d.schema.type = OpType::Svdf;
  d.schema.min_inputs = 5;
  d.schema.max_inputs = 5;
  d.schema.read_options = read_svdf;
  d.schema.write_options = write_svdf;
  d.schema.min_version = version_svdf;
  d.schema.macs = macs_svdf;
  d.schema.weight_operands = 0b1110;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware,
               "int8 (int8 feature weights; int16 or int8 time weights and state; int32 bias)"}};
  d.prepare = prepare_svdf;
  d.eval = eval_svdf;
  d.emit = emit_svdf;
  d.example = example_svdf;
  return d;
}

TS_REGISTER_OP(svdf_def());

}  // namespace
}  // namespace tinysim::ops
