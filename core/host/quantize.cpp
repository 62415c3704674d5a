// QUANTIZE / DEQUANTIZE with TFLite's reference arithmetic: float -> int
// divides in float and rounds half away from zero; int -> int requantizes
// with a fixed-point multiplier; int -> float multiplies in double.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/common/fixed_point.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"
#include "core/host/simd.h"

namespace tinysim::kernels {
namespace {

template <class T>
void quantize_scalar(const float* x, int64_t n, float scale, int32_t zero_point, int32_t lo, int32_t hi, T* out) {
  for (int64_t i = 0; i < n; ++i) {
    float r = std::round(x[i] / scale);
    r = std::clamp(r, -1e9f, 1e9f);  // keeps the int conversion defined for inf/huge values
    if (std::isnan(r)) r = 0.f;
    out[i] = static_cast<T>(ts_clamp_i32(static_cast<int32_t>(r) + zero_point, lo, hi));
  }
}

#ifdef TS_HAVE_X86
// round(v) half away from zero without a library call: t = trunc(v) and
// v - t are exact in float, so t + sign(v) when |v - t| >= 0.5 is exact too
// (|t| < 2^24 whenever v has a fraction); inf and NaN take the scalar path's
// values through the clamp and the NaN blend.
TS_AVX2 void quantize_avx2(const float* x, int64_t n, float scale, int32_t zero_point, int32_t lo, int32_t hi,
                           int8_t* out) {
  const __m256 vscale = _mm256_set1_ps(scale), half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.f);
  const __m256 sign_bit = _mm256_set1_ps(-0.f), big = _mm256_set1_ps(1e9f), nbig = _mm256_set1_ps(-1e9f);
  const __m256i zp = _mm256_set1_epi32(zero_point), vlo = _mm256_set1_epi32(lo), vhi = _mm256_set1_epi32(hi);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_div_ps(_mm256_loadu_ps(x + i), vscale);
    const __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256 frac = _mm256_andnot_ps(sign_bit, _mm256_sub_ps(v, t));
    const __m256 step = _mm256_or_ps(_mm256_and_ps(v, sign_bit), one);
    __m256 r = _mm256_add_ps(t, _mm256_and_ps(_mm256_cmp_ps(frac, half, _CMP_GE_OQ), step));
    r = _mm256_min_ps(_mm256_max_ps(r, nbig), big);
    r = _mm256_and_ps(r, _mm256_cmp_ps(v, v, _CMP_ORD_Q));  // NaN -> 0
    __m256i q = _mm256_add_epi32(_mm256_cvttps_epi32(r), zp);
    q = _mm256_min_epi32(_mm256_max_epi32(q, vlo), vhi);
    const __m128i w16 = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + i), _mm_packs_epi16(w16, w16));
  }
  quantize_scalar(x + i, n - i, scale, zero_point, lo, hi, out + i);
}
#endif

template <class T>
void quantize_to(const QuantizeData& p, const float* input, T* output) {
  if constexpr (std::is_same_v<T, int8_t>)
    quantize_floats_int8(input, p.flat_size, p.quant_scale, p.quant_zero_point, p.act_min, p.act_max, output);
  else
    quantize_scalar(input, p.flat_size, p.quant_scale, p.quant_zero_point, p.act_min, p.act_max, output);
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
  else if (p.output_type == DType::Int16) requantize_to(p, input, static_cast<int16_t*>(output));
  else requantize_to(p, input, static_cast<int32_t*>(output));
}

template <class In>
void dequantize_from(const QuantizeData& p, const In* input, float* output) {
  const double scale = static_cast<double>(p.quant_scale);
  for (int64_t i = 0; i < p.flat_size; ++i)
    output[i] = static_cast<float>(scale * (int32_t{input[i]} - p.quant_zero_point));
}

}  // namespace

void quantize_floats_int8(const float* x, int64_t n, float scale, int32_t zero_point, int32_t lo, int32_t hi,
                          int8_t* out) {
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) return quantize_avx2(x, n, scale, zero_point, lo, hi, out);
#endif
  quantize_scalar(x, n, scale, zero_point, lo, hi, out);
}

void quantize_float(const QuantizeData& p, const float* input, void* output) {
  if (p.output_type == DType::Int8) quantize_to(p, input, static_cast<int8_t*>(output));
  else quantize_to(p, input, static_cast<int16_t*>(output));
}

void requantize(const QuantizeData& p, const void* input, void* output) {
  if (p.input_type == DType::Int8) requantize_from(p, static_cast<const int8_t*>(input), output);
  else if (p.input_type == DType::Int16) requantize_from(p, static_cast<const int16_t*>(input), output);
  else requantize_from(p, static_cast<const int32_t*>(input), output);
}

void dequantize(const QuantizeData& p, const void* input, float* output) {
  if (p.input_type == DType::Int8) dequantize_from(p, static_cast<const int8_t*>(input), output);
  else dequantize_from(p, static_cast<const int16_t*>(input), output);
}

}  // namespace tinysim::kernels
