// ADD and MUL with TFLite reference arithmetic and 4-D broadcasting (an
// operand dimension of 1 repeats), TFLite Micro's general-rescaling integer
// add (left_shift 20 for int8, 15 for int16).
#include <algorithm>

#include "core/common/fixed_point.h"
#include "core/host/broadcast.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

inline int32_t add_quantized(const BinaryData& p, int32_t a, int32_t b) {
  const int32_t a_val = p.input_offset + a;
  const int32_t b_val = p.input2_offset + b;
  const int32_t a_scaled = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(a_val, p.left_shift), p.input1_multiplier, p.input1_shift);
  const int32_t b_scaled = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(b_val, p.left_shift), p.input2_multiplier, p.input2_shift);
  const int32_t raw = ts_multiply_by_quantized_multiplier(a_scaled + b_scaled, p.output_multiplier[0],
                                                          p.output_shift[0]) +
                      p.output_offset;
  return ts_clamp_i32(raw, p.act_min, p.act_max);
}

}  // namespace

void add_float(const BinaryData& p, const float* a, const float* b, float* output) {
  for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
    output[o] = std::min(std::max(a[i] + b[j], p.act_min_f), p.act_max_f);
  });
}

void add_int8(const BinaryData& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
    output[o] = static_cast<int8_t>(add_quantized(p, a[i], b[j]));
  });
}

void add_int16(const BinaryData& p, const int16_t* a, const int16_t* b, int16_t* output) {
  for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
    output[o] = static_cast<int16_t>(add_quantized(p, a[i], b[j]));
  });
}

void mul_float(const BinaryData& p, const float* a, const float* b, float* output) {
  for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
    output[o] = std::min(std::max(a[i] * b[j], p.act_min_f), p.act_max_f);
  });
}

void mul_int8(const BinaryData& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for_each_element(p, [&](int64_t o, int64_t i, int64_t j) {
    const int32_t a_val = p.input_offset + a[i];
    const int32_t b_val = p.input2_offset + b[j];
    const int32_t raw = p.output_offset + ts_multiply_by_quantized_multiplier(a_val * b_val, p.output_multiplier[0],
                                                                              p.output_shift[0]);
    output[o] = static_cast<int8_t>(ts_clamp_i32(raw, p.act_min, p.act_max));
  });
}

}  // namespace tinysim::kernels
