// The int8 GEMM behind the host CONV_2D / FULLY_CONNECTED / DEPTHWISE kernels:
// int8 operands widened to int16 with their zero-point offsets folded in
// (x + input_offset fits int16 exactly), products summed exactly in int32
// (wrapping like the reference loops' int32 accumulators), then TinySim's
// fixed-point requantization (fixed_point.h) per output channel. Same bits as
// the tap-walking reference kernels; only the order of the int32 additions
// differs, and int32 addition is associative modulo 2^32.
//
// Two code paths with identical results: AVX2 (vpmaddwd: 16 exact int16 MACs
// per instruction) chosen at run time where the CPU has it, and portable C++.
#pragma once

#include <cstdint>
#include <vector>

#include "core/host/op_data.h"

namespace tinysim::kernels {

enum class GemmIsa : uint8_t { Portable, Avx2 };
// AVX2 where the CPU supports it, else Portable (or what force_gemm_isa set).
GemmIsa gemm_isa();
const char* gemm_isa_name(GemmIsa isa);
// Tests run both paths on one machine; Avx2 on a CPU without it is ignored.
void force_gemm_isa(GemmIsa isa);
void reset_gemm_isa();

// Weights [n][k] (row r at w + r * row_stride, element w + weight_offset)
// widened to int16 and packed by k pairs: element (r, j) sits at
// data[(j / 2) * np * 2 + r * 2 + j % 2]. k is padded to kp (even) and n to
// np (a multiple of 8) with zeros, so the kernels need no tails.
struct PackedWeights {
  int32_t n = 0, k = 0, kp = 0, np = 0;
  std::vector<int16_t> data;
};
void pack_weights(const int8_t* w, int32_t n, int32_t k, int64_t row_stride, int32_t weight_offset,
                  PackedWeights& out);
// Row length of the left operand for k columns (k rounded up to even).
inline int32_t gemm_row_length(int32_t k) { return (k + 1) & ~1; }

// The left operand as row pointers: element pair p (columns 2p, 2p + 1) of
// row i is the two int16 at rows[i] + pair_offset[p], for p < w.kp / 2. An
// im2col buffer has rows[i] = a + i * kp and pair_offset[p] = 2p; CONV_2D
// reads its bordered image in place (implicit im2col, conv2d_gemm.cpp).
// Columns past k must read 0.
// acc[i * w.np + j] = sum_k A(i, k) * W(j, k) for i < m, j < w.np.
void gemm_s16(const int16_t* const* rows, int32_t m, const int64_t* pair_offset, const PackedWeights& w,
              int32_t* acc);

// out[i] = x[i] + offset as int16 (x + input_offset of an int8 tensor).
void widen_s8(const int8_t* x, int64_t n, int32_t offset, int16_t* out);

// sum_j (w[j] + weight_offset) * x[j] over j < k, exact, wrapping int32
// (FULLY_CONNECTED: one weight row against the widened input).
int32_t dot_s8_s16(const int8_t* w, int32_t weight_offset, const int16_t* x, int32_t k);

// Per-channel requantization of int32 accumulators to int8:
// out = clamp(MultiplyByQuantizedMultiplier(acc + bias, mult, shift) + output_offset).
struct RequantTable {
  int32_t channels = 0;
  std::vector<int32_t> bias, multiplier, left_shift, right_shift;
  int32_t output_offset = 0, act_min = 0, act_max = 0;
};
// From a Requant (one multiplier/shift broadcast over all channels or one per
// channel) and an optional bias; `channels` is padded up to a multiple of 8.
void make_requant_table(const Requant& rq, const int32_t* bias, int32_t channels, RequantTable& out);
// Rows of acc (stride acc_stride, >= t.channels rounded to 8) to int8 rows of
// out (stride out_stride), channels [0, t.channels).
void requantize_rows(const int32_t* acc, int32_t rows, int64_t acc_stride, const RequantTable& t, int8_t* out,
                     int64_t out_stride);

}  // namespace tinysim::kernels
