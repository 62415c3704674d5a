// Eight float dot products in the Cortex-M4 kernels' order: for each of eight
// weight rows, acc = 0, then acc += x[k] * w[k] for k ascending, one rounding
// per multiply and per add. Vectorised across the rows (AVX2: an 8x8 register
// transpose per eight k) so each lane is one row's sequential sum; the
// portable path is the same arithmetic in scalar code. Both give the same bits.
// (Sixteen rows with two sums measured no faster: 2.6 vs 2.5 GMAC/s.)
#pragma once

#include <cstdint>

namespace tinysim::kernels {

constexpr int kDotRows = 8;

// rows: kDotRows row pointers (a row may repeat); acc: kDotRows sums out.
void dot_rows_f32_in_order(const float* const rows[kDotRows], const float* x, int32_t depth, float acc[kDotRows]);

}  // namespace tinysim::kernels
