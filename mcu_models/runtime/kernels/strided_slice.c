/* The strided walk of STRIDED_SLICE, SLICE, TRANSPOSE, the split ops and
 * DEPTH_TO_SPACE / SPACE_TO_DEPTH, any element size, one record per output:
 * the host resolved begin / end / masks, the permutation or the pieces to a
 * (start, stride, count) and an input element stride per axis of the input
 * padded to 5-D (core/ops/strided_walk.h); this walks them, outermost axis
 * first. A unit step over contiguous innermost elements copies whole runs. */
#include <string.h>

#include "ts_kernels.h"

void ts_strided_slice(const ts_ctx* ctx, const ts_op_strided_slice* op) {
  const uint8_t* in = (const uint8_t*)ts_tensor_data(ctx, &op->input);
  uint8_t* out = (uint8_t*)ts_tensor_data(ctx, &op->output);
  const uint32_t eb = op->elem_bytes;
  const int32_t* st = op->start;
  const int32_t* sd = op->stride;
  const int32_t* n = op->count;
  const int32_t* is = op->in_stride;
  const size_t run = (size_t)n[4] * eb;
  const int32_t step4 = sd[4] * is[4];
  for (int32_t i0 = 0; i0 < n[0]; ++i0)
    for (int32_t i1 = 0; i1 < n[1]; ++i1)
      for (int32_t i2 = 0; i2 < n[2]; ++i2)
        for (int32_t i3 = 0; i3 < n[3]; ++i3) {
          const int32_t base = (st[0] + i0 * sd[0]) * is[0] + (st[1] + i1 * sd[1]) * is[1] +
                               (st[2] + i2 * sd[2]) * is[2] + (st[3] + i3 * sd[3]) * is[3] + st[4] * is[4];
          if (step4 == 1) {
            memcpy(out, in + (size_t)base * eb, run);
            out += run;
            continue;
          }
          for (int32_t i4 = 0; i4 < n[4]; ++i4, out += eb)
            memcpy(out, in + (size_t)(base + i4 * step4) * eb, eb);
        }
}
