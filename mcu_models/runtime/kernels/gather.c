/* GATHER, any element size (core/ops/gather.cpp resolved axis and
 * batch_dims to batch / outer / coords / inner): TFLM's gather.cc loop, one
 * memcpy of inner_bytes per index. An out-of-range index (TFLM fails the
 * Invoke) zero-fills its slice instead of reading outside the input and
 * makes ts_invoke return TS_ERR_BAD_INPUT (ts_report_bad_input). */
#include <string.h>

#include "ts_kernels.h"

void ts_gather(const ts_ctx* ctx, const ts_op_gather* op) {
  const uint8_t* in = (const uint8_t*)ts_tensor_data(ctx, &op->input);
  const int32_t* idx = (const int32_t*)ts_tensor_data(ctx, &op->indices);
  uint8_t* out = (uint8_t*)ts_tensor_data(ctx, &op->output);
  const size_t inner = op->inner_bytes;
  for (int32_t b = 0; b < op->batch; ++b)
    for (int32_t o = 0; o < op->outer; ++o) {
      const uint8_t* rows = in + ((size_t)b * op->outer + o) * op->axis_size * inner;
      for (int32_t k = 0; k < op->coords; ++k, out += inner) {
        const int32_t i = idx[b * op->coords + k];
        if (i < 0 || i >= op->axis_size) {
          memset(out, 0, inner);
          ts_report_bad_input(op->c.op_index);
        } else
          memcpy(out, rows + (size_t)i * inner, inner);
      }
    }
}
