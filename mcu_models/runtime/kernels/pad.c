/* PAD (constant value) over a 4-D NHWC view, any element size. */
#include <string.h>

#include "ts_kernels.h"

void ts_pad(const ts_ctx* ctx, const ts_op_pad* op) {
  const uint8_t* in = (const uint8_t*)ts_tensor_data(ctx, &op->input);
  uint8_t* out = (uint8_t*)ts_tensor_data(ctx, &op->output);
  const uint32_t eb = op->elem_bytes;
  const int32_t* id = op->input.dims;
  const int32_t* od = op->output.dims;
  /* fill everything with the pad value, then copy the rows of the input */
  const int32_t total = ts_elements(&op->output);
  if (eb == 1) {
    memset(out, (int)(op->pad_value & 0xFF), (size_t)total);
  } else {
    for (int32_t i = 0; i < total; ++i) memcpy(out + (size_t)i * eb, &op->pad_value, eb);
  }
  const size_t row = (size_t)id[3] * eb;
  for (int n = 0; n < id[0]; ++n)
    for (int h = 0; h < id[1]; ++h)
      for (int w = 0; w < id[2]; ++w) {
        const size_t src = (((size_t)n * id[1] + h) * id[2] + w) * id[3];
        const size_t dst = (((size_t)(n + op->before[0]) * od[1] + h + op->before[1]) * od[2] + w + op->before[2]) *
                               od[3] + op->before[3];
        memcpy(out + dst * eb, in + src * eb, row);
      }
}
