#include "core/host/quantization_util.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace tinysim {

void quantize_multiplier(double real, int32_t* multiplier, int* shift) {
  if (real == 0.0 || !std::isfinite(real)) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  int exp = 0;
  const double q = std::frexp(real, &exp);
  auto q_fixed = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++exp;
  }
  if (exp < -31) {
    exp = 0;
    q_fixed = 0;
  }
  *multiplier = static_cast<int32_t>(q_fixed);
  *shift = exp;
}

double real_multiplier(float a, float b, float c, ScaleArithmetic form) {
  switch (form) {
    case ScaleArithmetic::FloatProduct: return static_cast<double>(a * b) / static_cast<double>(c);
    case ScaleArithmetic::Float: return static_cast<double>(a * b / c);
    case ScaleArithmetic::Double: break;
  }
  return static_cast<double>(a) * static_cast<double>(b) / static_cast<double>(c);
}

void activation_range_float(Activation act, float* lo, float* hi) {
  *lo = std::numeric_limits<float>::lowest();
  *hi = std::numeric_limits<float>::max();
  switch (act) {
    case Activation::Relu: *lo = 0.f; break;
    case Activation::Relu6: *lo = 0.f; *hi = 6.f; break;
    case Activation::ReluN1To1: *lo = -1.f; *hi = 1.f; break;
    default: break;
  }
}

void activation_range_quantized(Activation act, float output_scale, int32_t output_zero_point,
                                int32_t qmin, int32_t qmax, int32_t* lo, int32_t* hi) {
  // TFLite divides in float and rounds half away from zero.
  auto quantize = [&](float f) {
    return output_zero_point + static_cast<int32_t>(std::round(f / output_scale));
  };
  *lo = qmin;
  *hi = qmax;
  switch (act) {
    case Activation::Relu: *lo = std::max(qmin, quantize(0.f)); break;
    case Activation::Relu6:
      *lo = std::max(qmin, quantize(0.f));
      *hi = std::min(qmax, quantize(6.f));
      break;
    case Activation::ReluN1To1:
      *lo = std::max(qmin, quantize(-1.f));
      *hi = std::min(qmax, quantize(1.f));
      break;
    default: break;
  }
}

// In 64 bits: a model's dimensions, strides and dilations are any int32, and
// their sums and products must not overflow before the caller compares them.
int compute_out_size(Padding padding, int image_size, int filter_size, int stride, int dilation) {
  const int64_t effective = (int64_t{filter_size} - 1) * dilation + 1;
  if (stride == 0) return 0;
  const int64_t out = padding == Padding::Same ? (int64_t{image_size} + stride - 1) / stride
                                               : (int64_t{image_size} + stride - effective) / stride;
  return static_cast<int>(std::clamp<int64_t>(out, INT32_MIN, INT32_MAX));
}

int compute_padding(int stride, int dilation, int in_size, int filter_size, int out_size) {
  const int64_t effective = (int64_t{filter_size} - 1) * dilation + 1;
  const int64_t padding = ((int64_t{out_size} - 1) * stride + effective - in_size) / 2;
  return static_cast<int>(std::clamp<int64_t>(padding, 0, INT32_MAX));
}

int32_t calculate_input_radius(int input_integer_bits, int input_left_shift, int total_signed_bits) {
  const double max_input_rescaled = 1.0 * ((1 << input_integer_bits) - 1) *
                                    static_cast<double>(1LL << (total_signed_bits - input_integer_bits)) /
                                    static_cast<double>(1LL << input_left_shift);
  return static_cast<int32_t>(std::floor(max_input_rescaled));
}

}  // namespace tinysim
