/* CONCATENATION along one axis of the 4-D view; RESHAPE-style copies. */
#include <string.h>

#include "ts_kernels.h"

void ts_concat(const ts_ctx* ctx, const ts_op_concat* op) {
  uint8_t* out = (uint8_t*)ts_tensor_data(ctx, &op->output);
  int32_t outer = 1;
  for (int d = 0; d < op->axis; ++d) outer *= op->output.dims[d];
  for (int32_t o = 0; o < outer; ++o)
    for (int i = 0; i < op->num_inputs; ++i) {
      const ts_tensor* t = &op->inputs[i];
      size_t copy = op->elem_bytes;
      for (int d = op->axis; d < 4; ++d) copy *= (size_t)t->dims[d];
      const uint8_t* src = (const uint8_t*)ts_tensor_data(ctx, t) + (size_t)o * copy;
      memcpy(out, src, copy);
      out += copy;
    }
}

void ts_copy(const ts_ctx* ctx, const ts_op_copy* op) {
  const void* src = ts_tensor_data(ctx, &op->input);
  void* dst = ts_tensor_data(ctx, &op->output);
  if (src != dst) memmove(dst, src, op->bytes);
}
