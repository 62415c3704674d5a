// QUANTIZE / DEQUANTIZE with TFLite's reference arithmetic: float -> int
// divides in float and rounds half away from zero; int -> int requantizes
// with a fixed-point multiplier; int -> float multiplies in double.
#include <algorithm>
#include <cmath>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

template <class T>
void quantize_to(const QuantizeData& p, const float* input, T* output) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    float r = std::round(input[i] / p.quant_scale);
    r = std::clamp(r, -1e9f, 1e9f);  // keeps the int conversion defined for inf/huge values
    if (std::isnan(r)) r = 0.f;
    const int32_t q = static_cast<int32_t>(r) + p.quant_zero_point;
    output[i] = static_cast<T>(ts_clamp_i32(q, p.act_min, p.act_max));
  }
}

template <class In, class Out>
void requantize_to(const QuantizeData& p, const In* input, Out* output) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const int32_t v = ts_multiply_by_quantized_multiplier(int32_t{input[i]} + p.input_offset,
                                                          p.output_multiplier[0], p.output_shift[0]) +
                      p.output_offset;
    output[i] = static_cast<Out>(ts_clamp_i32(v, p.act_min, p.act_max));
  }
}

template <class In>
void requantize_from(const QuantizeData& p, const In* input, void* output) {
  if (p.output_type == DType::Int8) requantize_to(p, input, static_cast<int8_t*>(output));
  else requantize_to(p, input, static_cast<int16_t*>(output));
}

template <class In>
void dequantize_from(const QuantizeData& p, const In* input, float* output) {
  const double scale = static_cast<double>(p.quant_scale);
  for (int64_t i = 0; i < p.flat_size; ++i)
    output[i] = static_cast<float>(scale * (int32_t{input[i]} - p.quant_zero_point));
}

}  // namespace

void quantize_float(const QuantizeData& p, const float* input, void* output) {
  if (p.output_type == DType::Int8) quantize_to(p, input, static_cast<int8_t*>(output));
  else quantize_to(p, input, static_cast<int16_t*>(output));
}

void requantize(const QuantizeData& p, const void* input, void* output) {
  if (p.input_type == DType::Int8) requantize_from(p, static_cast<const int8_t*>(input), output);
  else requantize_from(p, static_cast<const int16_t*>(input), output);
}

void dequantize(const QuantizeData& p, const void* input, float* output) {
  if (p.input_type == DType::Int8) dequantize_from(p, static_cast<const int8_t*>(input), output);
  else dequantize_from(p, static_cast<const int16_t*>(input), output);
}

}  // namespace tinysim::kernels
