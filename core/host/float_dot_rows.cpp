// See float_dot_rows.h. Built with -ffp-contract=off (CMakeLists.txt): a fused
// multiply-add would round once where the target rounds twice.
#include "core/host/float_dot_rows.h"

#include "core/host/int8_gemm.h"
#include "core/host/simd.h"

namespace tinysim::kernels {
namespace {

void dot_rows_portable(const float* const rows[kDotRows], const float* x, int32_t depth, float acc[kDotRows],
                       int32_t from) {
  for (int32_t k = from; k < depth; ++k)
    for (int r = 0; r < kDotRows; ++r) acc[r] += x[k] * rows[r][k];
}

#ifdef TS_HAVE_X86
// _MM_TRANSPOSE8_PS: v[r] holds row r's w[k0..k0+7]; after it, v[j] holds
// (w_0[k0+j], ..., w_7[k0+j]).
TS_AVX2 inline void transpose8(__m256 v[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
  const __m256 t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
  const __m256 t4 = _mm256_unpacklo_ps(v[4], v[5]), t5 = _mm256_unpackhi_ps(v[4], v[5]);
  const __m256 t6 = _mm256_unpacklo_ps(v[6], v[7]), t7 = _mm256_unpackhi_ps(v[6], v[7]);
  const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  v[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  v[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  v[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  v[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  v[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  v[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  v[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  v[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

TS_AVX2 void dot_rows_avx2(const float* const rows[kDotRows], const float* x, int32_t depth, float acc[kDotRows]) {
  static_assert(kDotRows == 8, "one 8x8 block");
  __m256 sum = _mm256_setzero_ps();
  int32_t k = 0;
  for (; k + 8 <= depth; k += 8) {
    __m256 v[8];
    for (int r = 0; r < 8; ++r) v[r] = _mm256_loadu_ps(rows[r] + k);
    transpose8(v);
    // Separate multiply and add, k ascending: each lane is its row's sum.
    for (int j = 0; j < 8; ++j) sum = _mm256_add_ps(sum, _mm256_mul_ps(_mm256_broadcast_ss(x + k + j), v[j]));
  }
  _mm256_storeu_ps(acc, sum);
  dot_rows_portable(rows, x, depth, acc, k);
}
#endif

}  // namespace

void dot_rows_f32_in_order(const float* const rows[kDotRows], const float* x, int32_t depth, float acc[kDotRows]) {
#ifdef TS_HAVE_X86
  if (gemm_isa() == GemmIsa::Avx2) return dot_rows_avx2(rows, x, depth, acc);
#endif
  for (int r = 0; r < kDotRows; ++r) acc[r] = 0.f;
  dot_rows_portable(rows, x, depth, acc, 0);
}

}  // namespace tinysim::kernels
