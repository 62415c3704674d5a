/* STRIDED_SLICE, any element size: the host resolved begin / end / masks to
 * a (start, stride, count) per axis of the input padded to 5-D
 * (core/ops/strided_slice.cpp); this walks them, outermost axis first. A
 * unit innermost stride copies whole runs. */
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
  for (int32_t i0 = 0; i0 < n[0]; ++i0)
    for (int32_t i1 = 0; i1 < n[1]; ++i1)
      for (int32_t i2 = 0; i2 < n[2]; ++i2)
        for (int32_t i3 = 0; i3 < n[3]; ++i3) {
          const int32_t base = (st[0] + i0 * sd[0]) * is[0] + (st[1] + i1 * sd[1]) * is[1] +
                               (st[2] + i2 * sd[2]) * is[2] + (st[3] + i3 * sd[3]) * is[3];
          if (sd[4] == 1) {
            memcpy(out, in + (size_t)(base + st[4]) * eb, run);
            out += run;
            continue;
          }
          for (int32_t i4 = 0; i4 < n[4]; ++i4, out += eb)
            memcpy(out, in + (size_t)(base + st[4] + i4 * sd[4]) * eb, eb);
        }
}
