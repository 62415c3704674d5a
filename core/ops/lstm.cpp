// UNIDIRECTIONAL_SEQUENCE_LSTM: float32, int8 (int8 activations and
// weights, int32 bias, int16 cell state) and int16x8 (int16 activations,
// int64 bias, int16 cell state), TFLite Micro's generic LSTM
// (tensorflow/lite/micro/kernels/unidirectional_sequence_lstm.cc:
// ValidateTensorStatus, CreateGateParams, CreateInterGateMulParams,
// CreateLstmCellStateInfo, PrepareGateParametersInteger). Like TFLM it runs
// the standard LSTM only: CIFG (no input gate), peephole, projection, layer
// normalisation and hybrid (float activations, int8 weights) are refused,
// each with a message naming the feature. Host kernels: lstm_eval.cpp.
// Target kernels: mcu_models/runtime/kernels/lstm_{s8,s16,f32}.c.
#include "core/ops/lstm.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "core/host/quantization_util.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"
#include "mcu_models/runtime/include/ts_kernels.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

// The fixed-point formats of TFLM's integer LSTM: FC outputs (gate inputs)
// in Q3.12, gate outputs in Q0.15. These are TFLM's float literals, not
// 2^-12 and 2^-15: the second is 2^-15 * (1 - 2.4e-7) as a float, and the
// multipliers made from it differ from 2^-15's.
constexpr float kGateInputScale = 0.00024414062f;
constexpr float kGateOutputScale = 0.00003051757f;

const char* const kFlagNames[] = {"time_major", "asymmetric_quantize_inputs", "diagonal_recurrent_tensors"};

double option(const OpOptions& o, const char* name) {
  const auto it = o.extra.find(name);
  return it == o.extra.end() ? 0.0 : it->second;
}

void read_lstm(OptionsReader& r) {
  const auto* o = r.as<tflite::UnidirectionalSequenceLSTMOptions>(BO::UnidirectionalSequenceLSTMOptions);
  if (!o) return;
  OpOptions& opt = r.options();
  opt.activation = r.activation(o->fused_activation_function());
  if (o->cell_clip() != 0.f) opt.extra["cell_clip"] = o->cell_clip();
  if (o->proj_clip() != 0.f) opt.extra["proj_clip"] = o->proj_clip();
  const bool flags[] = {o->time_major(), o->asymmetric_quantize_inputs(), o->diagonal_recurrent_tensors()};
  for (int i = 0; i < 3; ++i)
    if (flags[i]) opt.extra[kFlagNames[i]] = 1;
}

WrittenOptions write_lstm(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  return {BO::UnidirectionalSequenceLSTMOptions,
          tflite::CreateUnidirectionalSequenceLSTMOptions(
              b, fb_activation(o.activation), static_cast<float>(option(o, "cell_clip")),
              static_cast<float>(option(o, "proj_clip")), option(o, "time_major") != 0,
              option(o, "asymmetric_quantize_inputs") != 0, option(o, "diagonal_recurrent_tensors") != 0)
              .Union()};
}

// TFLite op_version.cc: diagonal recurrent tensors 4, hybrid 2 (3 with
// asymmetric input quantization), else 1.
int version_lstm(const Model& m, const Operator& op) {
  if (option(op.options, "diagonal_recurrent_tensors") != 0) return 4;
  if (input_type(m, op, 0) == DType::Float32 && input_type(m, op, 2) == DType::Int8)
    return option(op.options, "asymmetric_quantize_inputs") != 0 ? 3 : 2;
  return 1;
}

// Four gates, each an input FC and a recurrent FC, per output element.
int64_t macs_lstm(const Model& m, const Operator& op) {
  const Tensor* wi = operand(m, op.inputs, 2);
  const Tensor* wr = operand(m, op.inputs, 6);
  if (!wi || !wr || wi->shape.size() != 2 || wr->shape.size() != 2) return 0;
  return output_elements(m, op) * 4 * (int64_t{wi->shape[1]} + wr->shape[1]);
}

// The optional inputs TFLM's generic LSTM refuses, by feature.
void refuse_variants(PrepareContext& ctx) {
  const auto present = [&](int slot) { return ctx.in_index(static_cast<size_t>(slot)) >= 0; };
  if (!present(1) || !present(5) || !present(12))
    ctx.fail("CIFG (no input gate) is not supported (TFLite Micro's LSTM needs all four gates)");
  for (int s : {9, 10, 11})
    if (present(s)) ctx.fail("peephole connections are not supported (TFLite Micro's LSTM has none)");
  for (int s : {16, 17})
    if (present(s)) ctx.fail("projection is not supported (TFLite Micro's LSTM has none)");
  for (int s : {20, 21, 22, 23})
    if (present(s)) ctx.fail("layer normalisation is not supported (TFLite Micro's LSTM has none)");
  if (option(ctx.options(), "diagonal_recurrent_tensors") != 0)
    ctx.fail("diagonal recurrent weights are not supported (TFLite Micro refuses them too)");
  if (ctx.options().activation != Activation::Tanh)
    ctx.fail("a cell activation other than TANH is not supported (TFLite Micro's LSTM runs TANH)");
}

KernelType lstm_kernel(PrepareContext& ctx, const Tensor& in, const Tensor& w, const Tensor& cell) {
  if (in.type == DType::Float32 && w.type == DType::Int8)
    ctx.fail("hybrid float activations with int8 weights are not supported (TFLite Micro has no hybrid LSTM)",
             "quantize the whole model to int8, or keep it float");
  if (in.type == DType::Float32 && w.type == DType::Float32 && cell.type == DType::Float32)
    return KernelType::Float32;
  if (in.type == DType::Int8 && w.type == DType::Int8 && cell.type == DType::Int16) return KernelType::Int8;
  if (in.type == DType::Int16 && w.type == DType::Int8 && cell.type == DType::Int16) return KernelType::Int16x8;
  ctx.unsupported_types();
}

void check_shape(PrepareContext& ctx, const Tensor& t, const char* role, std::vector<int32_t> want) {
  if (t.shape != want) {
    std::string w;
    for (int32_t d : want) w += (w.empty() ? "" : ",") + std::to_string(d);
    ctx.fail(std::string(role) + " must have shape [" + w + "]");
  }
}

// Types, shapes and constness of the 24 operands (TFLM's ValidateTensorStatus
// and ValidateTensorSize).
void check_operands(PrepareContext& ctx, LstmData& p) {
  const Tensor& in = ctx.in(0, "input");
  const Tensor& hidden = ctx.in(kLstmHiddenSlot, "hidden state");
  const Tensor& cell = ctx.in(kLstmCellSlot, "cell state");
  const Tensor& out = ctx.out();
  if (!hidden.is_variable || !cell.is_variable || hidden.is_constant() || cell.is_constant())
    ctx.fail("hidden and cell state inputs must be variable tensors", "convert the model with TFLite's converter");
  if (in.shape.size() != 3 || out.shape.size() != 3) ctx.fail("input and output must be 3-D");
  if (hidden.type != in.type || out.type != in.type) ctx.fail("input, hidden state and output types differ");
  p.batches = p.time_major ? in.shape[1] : in.shape[0];
  p.steps = p.time_major ? in.shape[0] : in.shape[1];
  p.input_size = in.shape[2];
  if (hidden.shape.size() != 2) ctx.fail("hidden state must be 2-D [batches, state]");
  p.state_size = hidden.shape[1];
  if (p.batches < 1 || p.steps < 1 || p.input_size < 1 || p.state_size < 1) ctx.fail("has an empty dimension");
  const int64_t states = int64_t{p.batches} * p.state_size;
  if (hidden.num_elements() != states || cell.num_elements() != states)
    ctx.fail("state tensors must hold batches x state = " + std::to_string(states) + " elements");
  check_shape(ctx, out, "output", {in.shape[0], in.shape[1], p.state_size});
  const Tensor& w0 = ctx.in(2, "input-to-forget weights");
  const Tensor& b0 = ctx.in(13, "forget gate bias");
  for (int g = 0; g < 4; ++g) {
    const Tensor& wi = ctx.in(size_t(kLstmInputWeightSlot[size_t(g)]), "input weights");
    const Tensor& wr = ctx.in(size_t(kLstmRecurrentWeightSlot[size_t(g)]), "recurrent weights");
    const Tensor& b = ctx.in(size_t(kLstmBiasSlot[size_t(g)]), "gate bias");
    if (!wi.is_constant() || !wr.is_constant() || !b.is_constant()) ctx.fail("weights and biases must be constant");
    if (wi.type != w0.type || wr.type != w0.type || b.type != b0.type)
      ctx.fail("gate weights (or biases) have different types");
    check_shape(ctx, wi, "input weights", {p.state_size, p.input_size});
    check_shape(ctx, wr, "recurrent weights", {p.state_size, p.state_size});
    check_shape(ctx, b, "gate bias", {p.state_size});
    p.w_in[size_t(g)] = ctx.in_index(size_t(kLstmInputWeightSlot[size_t(g)]));
    p.w_rec[size_t(g)] = ctx.in_index(size_t(kLstmRecurrentWeightSlot[size_t(g)]));
    p.bias[size_t(g)] = ctx.in_index(size_t(kLstmBiasSlot[size_t(g)]));
  }
  p.kernel = lstm_kernel(ctx, in, w0, cell);
  const DType bias_type = p.kernel == KernelType::Float32 ? DType::Float32
                          : p.kernel == KernelType::Int8  ? DType::Int32
                                                          : DType::Int64;
  if (b0.type != bias_type)
    ctx.fail(std::string("gate biases must be ") + dtype_name(bias_type) + " with " + kernel_type_name(p.kernel) +
             " activations");
}

LstmScale lstm_scale(float a, float b, float out, ScaleArithmetic form) {
  LstmScale s;
  int shift = 0;
  quantize_multiplier(real_multiplier(a, b, out, form), &s.multiplier, &shift);
  s.shift = shift;
  return s;
}

// TFLM CreateInterGateMulParams (lstm_eval_common.cc): scale1 * scale2 / output scale in double.
LstmScale mul_scale(float a, float b, float out) { return lstm_scale(a, b, out, ScaleArithmetic::Double); }

// TFLite's CheckedLog2 (the result is used even when the scale is not a
// power of two, as TFLM does).
int32_t scale_power(float scale) {
  const float x_log2 = std::log(scale) * (1.0f / std::log(2.0f));
  return static_cast<int32_t>(std::round(x_log2));
}

void integer_params(PrepareContext& ctx, LstmData& p) {
  const Tensor& in = ctx.in(0, "input");
  const Tensor& hidden = ctx.in(kLstmHiddenSlot, "hidden state");
  const Tensor& cell = ctx.in(kLstmCellSlot, "cell state");
  const Tensor& out = ctx.out();
  for (const Tensor* t : {&in, &hidden, &cell, &out}) ctx.require_quantized(*t);
  if (PrepareContext::zp_of(cell) != 0) ctx.fail("cell state zero point must be 0");
  if (PrepareContext::zp_of(out) != PrepareContext::zp_of(hidden) ||
      PrepareContext::scale_of(out) != PrepareContext::scale_of(hidden))
    ctx.fail("output and hidden state must share scale and zero point (the output is the hidden state)");
  p.input_offset = -PrepareContext::zp_of(in);
  p.hidden_zp = PrepareContext::zp_of(hidden);
  p.hidden_offset = -p.hidden_zp;
  if (p.kernel == KernelType::Int16x8 && (p.input_offset != 0 || p.hidden_offset != 0))
    ctx.fail("int16 activations must have zero point 0 (TFLite's int16x8 scheme)");
  p.hidden_min = PrepareContext::qmin_of(hidden.type);
  p.hidden_max = PrepareContext::qmax_of(hidden.type);
  // CreateGateParams: each FC requantizes to Q3.12.
  const float s_in = PrepareContext::scale_of(in), s_h = PrepareContext::scale_of(hidden);
  for (int g = 0; g < 4; ++g) {
    for (auto [slot, scale, dst] : {std::tuple{kLstmInputWeightSlot[size_t(g)], s_in, &p.in_scale[size_t(g)]},
                                    std::tuple{kLstmRecurrentWeightSlot[size_t(g)], s_h, &p.rec_scale[size_t(g)]}}) {
      const Tensor& w = ctx.in(size_t(slot), "weights");
      ctx.require_quantized(w);
      if (w.quant.per_channel()) ctx.fail("per-channel weights are not supported (TFLite Micro's LSTM is per tensor)");
      if (PrepareContext::zp_of(w) != 0) ctx.fail("weight zero point is not 0", "int8 weights must be symmetric");
      // CreateGateParams goes through CalculateOpDataFullyConnected's per-tensor path:
      // GetQuantizedConvolutionMultipler multiplies the two scales in float
      *dst = lstm_scale(scale, PrepareContext::scale_of(w), kGateInputScale, ScaleArithmetic::FloatProduct);
    }
  }
  const float s_cell = PrepareContext::scale_of(cell);
  p.forget_cell = mul_scale(kGateOutputScale, s_cell, s_cell);
  p.input_cell = mul_scale(kGateOutputScale, kGateOutputScale, s_cell);
  p.hidden_out = mul_scale(kGateOutputScale, kGateOutputScale, s_h);
  lstm_tanh_params(scale_power(s_cell), &p.tanh_multiplier, &p.tanh_shift);
  // ts_tanh_s16 scales by (3 << shift) or shifts right by shift: beyond these the int32 arithmetic overflows
  if ((p.tanh_multiplier == 0 && p.tanh_shift > 13) || p.tanh_shift > 30)
    ctx.fail("cell state scale " + std::to_string(s_cell) + " is out of the int16 tanh's range",
             "quantize the cell state with a power-of-two scale near 2^-11 (TFLite's converter does)");
  const double q = std::clamp(static_cast<double>(p.cell_clip) / static_cast<double>(s_cell), -32768.0, 32767.0);
  p.cell_clip_q = static_cast<int16_t>(q);
}

std::unique_ptr<OpData> prepare_lstm(PrepareContext& ctx) {
  auto p = std::make_unique<LstmData>();
  if (ctx.op().inputs.size() < 20) ctx.fail("has fewer than 20 inputs", "the model file is malformed");
  refuse_variants(ctx);
  p->time_major = option(ctx.options(), "time_major") != 0;
  p->cell_clip = static_cast<float>(option(ctx.options(), "cell_clip"));
  if (!std::isfinite(p->cell_clip)) ctx.fail("cell_clip is not a finite number", "the model file is damaged");
  p->clip = p->cell_clip > 0.f;
  check_operands(ctx, *p);
  const Tensor& in = ctx.in(0, "input");
  const Tensor& out = ctx.out();
  p->input = ctx.op().inputs[0];
  p->output = ctx.op().outputs[0];
  p->hidden = ctx.in_index(kLstmHiddenSlot);
  p->cell = ctx.in_index(kLstmCellSlot);
  p->input_type = in.type;
  p->output_type = out.type;
  p->flat_size = out.num_elements();
  p->elem_bytes = static_cast<int64_t>(dtype_size(out.type));
  p->input_shape = ctx.dims(in);
  p->output_shape = ctx.dims(out);
  if (p->kernel != KernelType::Float32) integer_params(ctx, *p);
  return p;
}

void eval_lstm(const OpData& d, void* const* t) {
  const auto& p = static_cast<const LstmData&>(d);
  if (p.kernel == KernelType::Float32)
    lstm_eval_float(p, t);
  else if (p.kernel == KernelType::Int8)
    lstm_eval_int8(p, t);
  else
    lstm_eval_int16(p, t);
}

ts_tensor flat(PlanEmitter& e, int index, const OpData& p) {
  const Tensor& t = e.model().tensors[static_cast<size_t>(index)];
  return e.tensor(index, to_dims4({static_cast<int32_t>(t.num_elements())}, "LSTM operand"), p);
}

void emit_lstm(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const LstmData&>(d);
  const Model& m = e.model();
  ts_op_lstm r{};
  const ts_op_kind kind = p.kernel == KernelType::Float32 ? TS_OP_LSTM_F32
                          : p.kernel == KernelType::Int8  ? TS_OP_LSTM_S8
                                                          : TS_OP_LSTM_S16;
  r.c = e.common(static_cast<uint16_t>(kind));
  r.input = flat(e, p.input, p);
  r.output = flat(e, p.output, p);
  r.hidden = flat(e, p.hidden, p);
  r.cell = flat(e, p.cell, p);
  for (size_t g = 0; g < 4; ++g) {
    ts_lstm_gate& q = r.gates[g];
    q.w_in_offset = e.tensor_const(p.w_in[g]);
    q.w_rec_offset = e.tensor_const(p.w_rec[g]);
    q.rec_bias_offset = TS_NO_DATA;
    if (p.kernel == KernelType::Int8) {
      // The DSP path multiplies raw int8 values: the zero points go to the biases.
      q.bias_offset = e.add_const(
          folded_bias(m, p.w_in[g], p.bias[g], p.input_offset, p.state_size, 1, p.input_size, p.input_size));
      q.rec_bias_offset =
          e.add_const(folded_bias(m, p.w_rec[g], -1, p.hidden_offset, p.state_size, 1, p.state_size, p.state_size));
    } else {
      q.bias_offset = e.tensor_const(p.bias[g]);
    }
    for (int32_t mult : {p.in_scale[g].multiplier, p.rec_scale[g].multiplier})
      if (mult == INT32_MIN) e.unsupported(p, "gate multiplier INT32_MIN");
    q.in_multiplier = p.in_scale[g].multiplier;
    q.in_shift = p.in_scale[g].shift;
    q.rec_multiplier = p.rec_scale[g].multiplier;
    q.rec_shift = p.rec_scale[g].shift;
  }
  r.batches = p.batches;
  r.steps = p.steps;
  r.input_size = p.input_size;
  r.state_size = p.state_size;
  r.flags = (p.time_major ? uint32_t{TS_LSTM_TIME_MAJOR} : 0u) | (p.clip ? uint32_t{TS_LSTM_CLIP} : 0u);
  r.hidden_zp = p.hidden_zp;
  r.hidden_min = p.hidden_min;
  r.hidden_max = p.hidden_max;
  r.forget_cell_multiplier = p.forget_cell.multiplier;
  r.forget_cell_shift = p.forget_cell.shift;
  r.input_cell_multiplier = p.input_cell.multiplier;
  r.input_cell_shift = p.input_cell.shift;
  r.hidden_multiplier = p.hidden_out.multiplier;
  r.hidden_shift = p.hidden_out.shift;
  r.tanh_multiplier = p.tanh_multiplier;
  r.tanh_shift = p.tanh_shift;
  r.cell_clip = p.cell_clip_q;
  r.cell_clip_f = p.cell_clip;
  r.scratch_bytes =
      ts_lstm_get_buffer_size(p.input_size, p.state_size, p.kernel == KernelType::Float32 ? 4 : 2);
  r.scratch_offset = e.scratch(r.scratch_bytes);
  e.add_record(r);
}

// A 2-batch, 3-step, 5-input, 3-unit LSTM (batch major; time major for
// float) with cell clipping, every gate with its own weights.
Model example_lstm(KernelType k) {
  ExampleBuilder b;
  const bool f = k == KernelType::Float32;
  const DType act = f ? DType::Float32 : k == KernelType::Int8 ? DType::Int8 : DType::Int16;
  const float s_act = f ? 0.f : k == KernelType::Int8 ? 0.05f : 0.0005f;
  const int64_t zp = k == KernelType::Int8 ? -7 : 0;
  const int B = 2, T = 3, I = 5, S = 3;
  std::vector<int> inputs(24, -1);
  inputs[0] = b.act(act, f ? std::vector<int32_t>{T, B, I} : std::vector<int32_t>{B, T, I}, s_act, zp);
  for (int g = 0; g < 4; ++g) {
    std::vector<float> wi(static_cast<size_t>(S * I)), wr(static_cast<size_t>(S * S)), bias(static_cast<size_t>(S));
    for (size_t i = 0; i < wi.size(); ++i) wi[i] = 0.1f * float((int(i) * 5 + g * 3) % 9 - 4);
    for (size_t i = 0; i < wr.size(); ++i) wr[i] = 0.15f * float((int(i) * 7 + g) % 7 - 3);
    for (size_t i = 0; i < bias.size(); ++i) bias[i] = 0.2f * float(int(i) - 1 + g);
    const float sw = 0.5f / 127.f;
    auto qw = [&](const std::vector<float>& v) {
      std::vector<int8_t> q;
      for (float x : v) q.push_back(static_cast<int8_t>(std::lround(x / sw)));
      return q;
    };
    const size_t ws = size_t(kLstmInputWeightSlot[size_t(g)]), rs = size_t(kLstmRecurrentWeightSlot[size_t(g)]);
    const size_t bs = size_t(kLstmBiasSlot[size_t(g)]);
    if (f) {
      inputs[ws] = b.constant<float>(DType::Float32, {S, I}, wi);
      inputs[rs] = b.constant<float>(DType::Float32, {S, S}, wr);
      inputs[bs] = b.constant<float>(DType::Float32, {S}, bias);
      continue;
    }
    inputs[ws] = b.constant<int8_t>(DType::Int8, {S, I}, qw(wi), {sw});
    inputs[rs] = b.constant<int8_t>(DType::Int8, {S, S}, qw(wr), {sw});
    const float sb = s_act * sw;
    if (k == KernelType::Int8) {
      std::vector<int32_t> qb;
      for (float x : bias) qb.push_back(static_cast<int32_t>(std::lround(x / sb)));
      inputs[bs] = b.constant<int32_t>(DType::Int32, {S}, qb, {sb});
    } else {
      std::vector<int64_t> qb;
      for (float x : bias) qb.push_back(std::llround(x / sb));
      inputs[bs] = b.constant<int64_t>(DType::Int64, {S}, qb, {sb});
    }
  }
  const float s_h = f ? 0.f : k == KernelType::Int8 ? 1.f / 128 : 1.f / 32768;
  const int64_t h_zp = k == KernelType::Int8 ? 3 : 0;
  inputs[kLstmHiddenSlot] = b.act(act, {B, S}, s_h, h_zp);
  inputs[kLstmCellSlot] = b.act(f ? DType::Float32 : DType::Int16, {B, S}, f ? 0.f : 1.f / 4096, 0);
  const int out = b.act(act, f ? std::vector<int32_t>{T, B, S} : std::vector<int32_t>{B, T, S}, s_h, h_zp);
  Operator& op = b.op(OpType::UnidirectionalSequenceLstm, inputs, {out});
  op.options.activation = Activation::Tanh;
  op.options.extra["cell_clip"] = 1.5;
  if (f) op.options.extra["time_major"] = 1;
  Model m = b.finish({inputs[0]}, {out});
  m.tensors[size_t(inputs[kLstmHiddenSlot])].is_variable = true;
  m.tensors[size_t(inputs[kLstmCellSlot])].is_variable = true;
  return m;
}

OpDef lstm_def() {
  OpDef d;
  d.schema.type = OpType::UnidirectionalSequenceLstm;
  d.schema.min_inputs = 1;  // the optional inputs may be absent (-1); prepare checks the rest
  d.schema.max_inputs = 24;
  d.schema.read_options = read_lstm;
  d.schema.write_options = write_lstm;
  d.schema.min_version = version_lstm;
  d.schema.macs = macs_lstm;
  // weights 1-8 (and peephole 9-11), biases 12-15, projection 16-17, layer norm 20-23
  d.schema.weight_operands = 0xF3FFFEu;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (int8 weights, int32 bias, int16 cell state)"},
              {KernelType::Int16x8, kHostAndFirmware, "int16 (int8 weights, int64 bias, int16 cell state)"}};
  d.prepare = prepare_lstm;
  d.eval = eval_lstm;
  d.emit = emit_lstm;
  d.example = example_lstm;
  return d;
}

TS_REGISTER_OP(lstm_def());

}  // namespace
}  // namespace tinysim::ops
