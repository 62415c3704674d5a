/* CAST: TFLM's element-wise static_cast between float32, int8, int16,
 * int32 and uint32 (integers narrow by truncation, floats to integers
 * round toward zero). The element types are the descriptors' dtypes. */
#include "ts_kernels.h"

void ts_cast_elements(const void* src, uint8_t src_type, void* dst, uint8_t dst_type, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    int64_t v = 0;
    float f = 0.f;
    const int from_float = src_type == TS_F32;
    switch (src_type) {
      case TS_F32: f = ((const float*)src)[i]; break;
      case TS_S8: v = ((const int8_t*)src)[i]; break;
      case TS_S16: v = ((const int16_t*)src)[i]; break;
      case TS_S32: v = ((const int32_t*)src)[i]; break;
      case TS_U32: v = ((const uint32_t*)src)[i]; break;
      default: v = ((const uint8_t*)src)[i]; break;
    }
    if (from_float) v = (int64_t)f;
    switch (dst_type) {
      case TS_F32: ((float*)dst)[i] = from_float ? f : (float)v; break;
      case TS_S8: ((int8_t*)dst)[i] = (int8_t)v; break;
      case TS_S16: ((int16_t*)dst)[i] = (int16_t)v; break;
      case TS_S32: ((int32_t*)dst)[i] = (int32_t)v; break;
      case TS_U32: ((uint32_t*)dst)[i] = (uint32_t)v; break;
      default: ((uint8_t*)dst)[i] = (uint8_t)v; break;
    }
  }
}

void ts_cast(const ts_ctx* ctx, const ts_op_copy* op) {
  ts_cast_elements(ts_tensor_data(ctx, &op->input), op->input.dtype, ts_tensor_data(ctx, &op->output),
                   op->output.dtype, ts_elements(&op->output));
}
