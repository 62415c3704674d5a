// FULLY_CONNECTED with TFLite reference arithmetic; the float path uses Eigen
// (a matrix-vector product per batch), the int8 path plain int32 loops.
#include <Eigen/Core>
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {

void fully_connected_float(const FullyConnectedData& p, const float* input, const float* weights, const float* bias,
                           float* output) {
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMajor> w(weights, p.fc_output_depth, p.fc_accum_depth);
  Eigen::Map<const RowMajor> x(input, p.fc_batches, p.fc_accum_depth);
  Eigen::Map<RowMajor> y(output, p.fc_batches, p.fc_output_depth);
  y.noalias() = x * w.transpose();
  for (int32_t b = 0; b < p.fc_batches; ++b)
    for (int32_t o = 0; o < p.fc_output_depth; ++o) {
      float v = y(b, o) + (bias ? bias[o] : 0.f);
      y(b, o) = std::min(std::max(v, p.act_min_f), p.act_max_f);
    }
}

void fully_connected_int8(const FullyConnectedData& p, const int8_t* input, const int8_t* weights, const int32_t* bias,
                          int8_t* output) {
  const int32_t depth = p.fc_accum_depth;
  const bool per_channel = p.output_multiplier.size() > 1;
  for (int32_t b = 0; b < p.fc_batches; ++b)
    for (int32_t o = 0; o < p.fc_output_depth; ++o) {
      int32_t acc = 0;
      const int8_t* x = input + int64_t{b} * depth;
      const int8_t* w = weights + int64_t{o} * depth;
      for (int32_t d = 0; d < depth; ++d)
        acc += (int32_t{w[d]} + p.filter_offset) * (int32_t{x[d]} + p.input_offset);
      if (bias) acc += bias[o];
      const size_t c = per_channel ? static_cast<size_t>(o) : 0;
      acc = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[c], p.output_shift[c]);
      acc += p.output_offset;
      output[int64_t{b} * p.fc_output_depth + o] = static_cast<int8_t>(ts_clamp_i32(acc, p.act_min, p.act_max));
    }
}

}  // namespace tinysim::kernels
