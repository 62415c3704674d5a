// FULLY_CONNECTED with TFLite reference arithmetic. Float: each output is
// summed in the order the target kernel sums it (kernels/fully_connected_f32.c:
// acc = 0, acc += x[k] * w[k] for k ascending, one rounding per multiply and
// per add, then the bias, then the clamp), so host and emulator agree bit for
// bit (float_dot_rows.h). A blocked GEMM (Eigen) reassociates the sum; on an
// autoencoder's cancelling outputs that differed from the target's result by
// 2.5e-5 relative.
// int8: the input widened once to int16
// (x + input_offset), each weight row an exact int32 dot product against it
// (int8_gemm.h), then the per-channel requantization; the plain int32 loop
// (fully_connected_int8_reference) is the specification it is tested against.
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/float_dot_rows.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {

void fully_connected_float(const FullyConnectedData& p, const float* input, const float* weights, const float* bias,
                           float* output) {
  const int32_t depth = p.fc_accum_depth, units = p.fc_output_depth;
  for (int32_t b = 0; b < p.fc_batches; ++b) {
    const float* x = input + int64_t{b} * depth;
    float* y = output + int64_t{b} * units;
    for (int32_t o0 = 0; o0 < units; o0 += kDotRows) {
      const int32_t rows = std::min(kDotRows, units - o0);
      const float* w[kDotRows];
      for (int32_t r = 0; r < kDotRows; ++r) w[r] = weights + int64_t{o0 + std::min(r, rows - 1)} * depth;
      float acc[kDotRows];
      dot_rows_f32_in_order(w, x, depth, acc);
      for (int32_t r = 0; r < rows; ++r) {
        float v = acc[r];
        if (bias) v += bias[o0 + r];
        y[o0 + r] = std::min(std::max(v, p.act_min_f), p.act_max_f);
      }
    }
  }
}

namespace {

// TFLite reference_integer_ops::FullyConnected: Acc accumulates
// (w + filter_offset) * (x + input_offset), plus the bias, then the
// (per-channel) requantization in Acc's width (the 64-bit form for int16x8).
template <class Acc, class In, class Bias, class Out>
void fully_connected_integer(const FullyConnectedData& p, const In* input, const int8_t* weights, const Bias* bias,
                             Out* output) {
  const int32_t depth = p.fc_accum_depth;
  const bool per_channel = p.output_multiplier.size() > 1;
  for (int32_t b = 0; b < p.fc_batches; ++b)
    for (int32_t o = 0; o < p.fc_output_depth; ++o) {
      Acc acc = 0;
      const In* x = input + int64_t{b} * depth;
      const int8_t* w = weights + int64_t{o} * depth;
      for (int32_t d = 0; d < depth; ++d)
        acc += static_cast<Acc>((int32_t{w[d]} + p.filter_offset) * (int32_t{x[d]} + p.input_offset));
      if (bias) acc += bias[o];
      const size_t c = per_channel ? static_cast<size_t>(o) : 0;
      int32_t r = 0;
      if constexpr (sizeof(Acc) == 8)
        r = ts_multiply_by_quantized_multiplier_64(acc, p.output_multiplier[c], p.output_shift[c]);
      else
        r = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[c], p.output_shift[c]);
      r += p.output_offset;
      output[int64_t{b} * p.fc_output_depth + o] = static_cast<Out>(ts_clamp_i32(r, p.act_min, p.act_max));
    }
}

}  // namespace

void fully_connected_int8_reference(const FullyConnectedData& p, const int8_t* input, const int8_t* weights,
                                    const int32_t* bias, int8_t* output) {
  fully_connected_integer<int32_t>(p, input, weights, bias, output);
}

void fully_connected_int16x8(const FullyConnectedData& p, const int16_t* input, const int8_t* weights,
                             const int64_t* bias, int16_t* output) {
  fully_connected_integer<int64_t>(p, input, weights, bias, output);
}

void fully_connected_int8(const FullyConnectedData& p, const int8_t* input, const int8_t* weights, const int32_t* bias,
                          int8_t* output) {
  struct Scratch {
    std::vector<int16_t> x;
    std::vector<int32_t> acc;
    RequantTable requant;
  };
  thread_local Scratch s;
  const int32_t depth = p.fc_accum_depth, outputs = p.fc_output_depth;
  const int32_t stride = (outputs + 7) & ~7;
  s.x.resize(static_cast<size_t>(depth));
  s.acc.assign(static_cast<size_t>(stride) * static_cast<size_t>(p.fc_batches), 0);
  for (int32_t b = 0; b < p.fc_batches; ++b) {
    const int8_t* x = input + int64_t{b} * depth;
    for (int32_t d = 0; d < depth; ++d) s.x[static_cast<size_t>(d)] = static_cast<int16_t>(x[d] + p.input_offset);
    for (int32_t o = 0; o < outputs; ++o)
      s.acc[static_cast<size_t>(int64_t{b} * stride + o)] =
          dot_s8_s16(weights + int64_t{o} * depth, p.filter_offset, s.x.data(), depth);
  }
  make_requant_table(p, bias, outputs, s.requant);
  requantize_rows(s.acc.data(), p.fc_batches, stride, s.requant, output, outputs);
}

}  // namespace tinysim::kernels
