/* The target op table: every plan record kind, defined once.
 *
 *   X(kind, value, record type, kernel entry)
 *
 * kind is the ts_op_kind enumerator, value its number in the plan format
 * (never renumber a line: plans carry these values), record type the
 * ts_op_* struct the record is (tinysim_plan.h), and entry the one kernel
 * function that runs it (ts_kernels.h), which picks its own variants (e.g.
 * ts_conv_s8 runs the sparse kernel when the record has sparse weights).
 * Expanded into: enum ts_op_kind (tinysim_plan.h), the entry prototypes
 * (ts_kernels.h), the run_op dispatch (src/interpreter.c) and the host-visible
 * ts_op_kind_name / ts_op_record_bytes (src/op_table.c).
 *
 * Adding a kind: one line here + its kernel file under kernels/.
 *
 * The line order is the dispatch's case order; it is kept as the switch was
 * written by hand, so the firmware code (and the recorded cycles) stay put. */
#ifndef TS_OP_TABLE_H
#define TS_OP_TABLE_H

#include <stdint.h>

#define TS_OP_TABLE(X)                                                  \
  X(TS_OP_CONV_S8, 1, ts_op_conv, ts_conv_s8)                           \
  X(TS_OP_DWCONV_S8, 2, ts_op_conv, ts_depthwise_conv_s8)               \
  X(TS_OP_FC_S8, 3, ts_op_fc, ts_fully_connected_s8)                    \
  X(TS_OP_AVGPOOL_S8, 4, ts_op_pool, ts_avgpool_s8)                     \
  X(TS_OP_MAXPOOL_S8, 5, ts_op_pool, ts_maxpool_s8)                     \
  X(TS_OP_ADD_S8, 6, ts_op_binary, ts_add_s8)                           \
  X(TS_OP_MUL_S8, 7, ts_op_binary, ts_mul_s8)                           \
  X(TS_OP_SOFTMAX_S8, 8, ts_op_softmax, ts_softmax_s8)                  \
  X(TS_OP_MEAN_S8, 9, ts_op_mean, ts_mean_s8)                           \
  /* logistic/tanh/relu...: a 256-entry table made by the host */       \
  X(TS_OP_LUT_S8, 10, ts_op_lut, ts_lut_s8)                             \
  X(TS_OP_QUANTIZE_F32_S8, 11, ts_op_quant, ts_quantize_f32_s8)         \
  X(TS_OP_DEQUANTIZE_S8_F32, 12, ts_op_quant, ts_dequantize_s8_f32)     \
  X(TS_OP_REQUANTIZE_S8, 13, ts_op_quant, ts_requantize_s8)             \
  /* reshape, or anything that only moves bytes */                      \
  X(TS_OP_COPY, 14, ts_op_copy, ts_copy)                                \
  X(TS_OP_PAD, 15, ts_op_pad, ts_pad)                                   \
  X(TS_OP_CONCAT, 16, ts_op_concat, ts_concat)                          \
  X(TS_OP_SUB_S8, 17, ts_op_binary, ts_sub_s8)                          \
  X(TS_OP_CONV_S16, 96, ts_op_conv, ts_conv_s16)                        \
  X(TS_OP_ADD_S16, 97, ts_op_binary, ts_add_s16)                        \
  X(TS_OP_SUB_S16, 98, ts_op_binary, ts_sub_s16)                        \
  X(TS_OP_CONV_F32, 64, ts_op_conv, ts_conv_f32)                        \
  X(TS_OP_DWCONV_F32, 65, ts_op_conv, ts_depthwise_conv_f32)            \
  X(TS_OP_FC_F32, 66, ts_op_fc, ts_fully_connected_f32)                 \
  X(TS_OP_AVGPOOL_F32, 67, ts_op_pool, ts_avgpool_f32)                  \
  X(TS_OP_MAXPOOL_F32, 68, ts_op_pool, ts_maxpool_f32)                  \
  X(TS_OP_ADD_F32, 69, ts_op_binary, ts_add_f32)                        \
  X(TS_OP_MUL_F32, 70, ts_op_binary, ts_mul_f32)                        \
  X(TS_OP_SOFTMAX_F32, 71, ts_op_softmax, ts_softmax_f32)               \
  X(TS_OP_MEAN_F32, 72, ts_op_mean, ts_mean_f32)                        \
  /* relu, relu6, logistic, tanh (ts_unary in the record's variant) */  \
  X(TS_OP_UNARY_F32, 73, ts_op_unary, ts_unary_f32)                     \
  X(TS_OP_SUB_F32, 74, ts_op_binary, ts_sub_f32)                       \
  /* leaky relu, hard swish, relu_n1_to_1, relu_0_to_1, abs, neg */     \
  X(TS_OP_POINTWISE_F32, 75, ts_op_pointwise, ts_pointwise_f32)       \
  X(TS_OP_MAXIMUM_S8, 18, ts_op_binary, ts_maximum_s8)                  \
  X(TS_OP_MINIMUM_S8, 19, ts_op_binary, ts_minimum_s8)                  \
  X(TS_OP_MAXIMUM_S16, 99, ts_op_binary, ts_maximum_s16)                \
  X(TS_OP_MINIMUM_S16, 100, ts_op_binary, ts_minimum_s16)               \
  X(TS_OP_MAXIMUM_F32, 76, ts_op_binary, ts_maximum_f32)                \
  X(TS_OP_MINIMUM_F32, 77, ts_op_binary, ts_minimum_f32)                \
  X(TS_OP_SQDIFF_S8, 20, ts_op_binary, ts_sqdiff_s8)                    \
  X(TS_OP_SQDIFF_S16, 101, ts_op_binary, ts_sqdiff_s16)                 \
  X(TS_OP_SQDIFF_F32, 78, ts_op_binary, ts_sqdiff_f32)                 \
  /* strided slice of any element size (a byte walk) */                 \
  X(TS_OP_STRIDED_SLICE, 21, ts_op_strided_slice, ts_strided_slice) \
  /* SVDF float32 / int8 with int16 or int8 state (from the state dtype) */ \
  X(TS_OP_SVDF, 22, ts_op_svdf, ts_svdf)                               \
  /* int8 / int16 -> int8 / int16 / int32 (dtypes from the descriptors) */ \
  X(TS_OP_REQUANTIZE, 23, ts_op_quant, ts_requantize)                   \
  X(TS_OP_QUANTIZE_F32_S16, 102, ts_op_quant, ts_quantize_f32_s16)      \
  X(TS_OP_DEQUANTIZE_S16_F32, 103, ts_op_quant, ts_dequantize_s16_f32)  \
  X(TS_OP_SOFTMAX_S8_S16, 104, ts_op_softmax, ts_softmax_s8_s16)    \
  /* unidirectional sequence LSTM, int16 cell state for both integer kinds */ \
  X(TS_OP_LSTM_S8, 24, ts_op_lstm, ts_lstm_s8)                          \
  X(TS_OP_LSTM_S16, 105, ts_op_lstm, ts_lstm_s16)                       \
  X(TS_OP_LSTM_F32, 79, ts_op_lstm, ts_lstm_f32) \
  /* TFLM's Signal audio front end (kernels/signal.c) */                \
  X(TS_OP_SIGNAL_WINDOW, 128, ts_op_signal, ts_signal_window_s16)       \
  X(TS_OP_SIGNAL_FFT_AUTO_SCALE, 129, ts_op_signal, ts_signal_fft_auto_scale_s16) \
  X(TS_OP_SIGNAL_RFFT_S16, 130, ts_op_signal, ts_signal_rfft_s16_entry) \
  X(TS_OP_SIGNAL_ENERGY, 131, ts_op_signal, ts_signal_energy_entry)     \
  X(TS_OP_SIGNAL_FILTER_BANK, 132, ts_op_signal, ts_signal_filter_bank_entry) \
  X(TS_OP_SIGNAL_FILTER_BANK_SQRT, 133, ts_op_signal, ts_signal_filter_bank_sqrt_entry) \
  X(TS_OP_SIGNAL_SPECTRAL_SUBTRACTION, 134, ts_op_signal, ts_signal_spectral_subtraction_entry) \
  X(TS_OP_SIGNAL_PCAN, 135, ts_op_signal, ts_signal_pcan_entry)         \
  X(TS_OP_SIGNAL_FILTER_BANK_LOG, 136, ts_op_signal, ts_signal_filter_bank_log_entry) \
  /* CAST between float32, int8, int16, int32, uint32 (kernels/cast.c) */ \
  X(TS_OP_CAST, 137, ts_op_copy, ts_cast)                               \
  /* plain int32 arithmetic and float DIV (kernels/binary_s32.c) */     \
  X(TS_OP_ADD_S32, 138, ts_op_binary, ts_add_s32)                       \
  X(TS_OP_MUL_S32, 139, ts_op_binary, ts_mul_s32)                       \
  X(TS_OP_DIV_S32, 140, ts_op_binary, ts_div_s32)                       \
  X(TS_OP_DIV_F32, 141, ts_op_binary, ts_div_f32)                       \
  X(TS_OP_MAXIMUM_S32, 142, ts_op_binary, ts_maximum_s32)               \
  X(TS_OP_MINIMUM_S32, 143, ts_op_binary, ts_minimum_s32)               \
  /* GATHER of any element size, int32 indices (kernels/gather.c) */   \
  X(TS_OP_GATHER, 160, ts_op_gather, ts_gather)                         \
  /* int16x8 fully connected and depthwise, int16 pooling (kernels/fully_connected_s16.c, depthwise_conv2d_s16.c, pooling_int.c) */ \
  X(TS_OP_FC_S16, 113, ts_op_fc, ts_fully_connected_s16)                \
  X(TS_OP_DWCONV_S16, 114, ts_op_conv, ts_depthwise_conv_s16)           \
  X(TS_OP_AVGPOOL_S16, 115, ts_op_pool, ts_avgpool_s16)                 \
  X(TS_OP_MAXPOOL_S16, 116, ts_op_pool, ts_maxpool_s16)                \
  /* TRANSPOSE_CONV (kernels/transpose_conv.c) */                       \
  X(TS_OP_TRANSPOSE_CONV_S8, 40, ts_op_conv, ts_transpose_conv_s8)      \
  X(TS_OP_TRANSPOSE_CONV_F32, 87, ts_op_conv, ts_transpose_conv_f32)    \
  X(TS_OP_TRANSPOSE_CONV_S16, 117, ts_op_conv, ts_transpose_conv_s16)   \
  /* SUM, REDUCE_MAX over the axes in variant's bit mask; ARG_MAX/ARG_MIN (kernels/reduce.c) */ \
  X(TS_OP_SUM_S8, 41, ts_op_mean, ts_sum_s8)                            \
  X(TS_OP_REDUCE_MAX_S8, 42, ts_op_mean, ts_reduce_max_s8)              \
  X(TS_OP_SUM_F32, 88, ts_op_mean, ts_sum_f32)                          \
  X(TS_OP_REDUCE_MAX_F32, 89, ts_op_mean, ts_reduce_max_f32)            \
  X(TS_OP_SUM_S16, 118, ts_op_mean, ts_sum_s16)                         \
  X(TS_OP_REDUCE_MAX_S16, 119, ts_op_mean, ts_reduce_max_s16)           \
  X(TS_OP_ARG_MAX, 176, ts_op_mean, ts_arg_max)                         \
  X(TS_OP_ARG_MIN, 177, ts_op_mean, ts_arg_min)                         \
  /* PRELU (kernels/prelu.c), L2_NORMALIZATION (kernels/l2_norm.c) */   \
  X(TS_OP_PRELU_S8, 43, ts_op_binary, ts_prelu_s8)                      \
  X(TS_OP_PRELU_F32, 90, ts_op_binary, ts_prelu_f32)                    \
  X(TS_OP_L2_NORM_S8, 44, ts_op_mean, ts_l2_norm_s8)                    \
  X(TS_OP_L2_NORM_F32, 91, ts_op_mean, ts_l2_norm_f32)                  \
  /* BATCH_MATMUL (kernels/batch_matmul.c), RESIZE_BILINEAR (kernels/resize_bilinear.c) */ \
  X(TS_OP_BATCH_MATMUL_S8, 25, ts_op_batch_matmul, ts_batch_matmul_s8)  \
  X(TS_OP_BATCH_MATMUL_F32, 80, ts_op_batch_matmul, ts_batch_matmul_f32) \
  X(TS_OP_BATCH_MATMUL_S16, 120, ts_op_batch_matmul, ts_batch_matmul_s16) \
  X(TS_OP_RESIZE_BILINEAR_S8, 26, ts_op_resize_bilinear, ts_resize_bilinear_s8) \
  X(TS_OP_RESIZE_BILINEAR_F32, 81, ts_op_resize_bilinear, ts_resize_bilinear_f32) \
  X(TS_OP_RESIZE_BILINEAR_S16, 121, ts_op_resize_bilinear, ts_resize_bilinear_s16) \
  /* int16 RSQRT, per element (kernels/rsqrt_s16.c) */                  \
  X(TS_OP_RSQRT_S16, 122, ts_op_quant, ts_rsqrt_s16)

#ifdef __cplusplus
extern "C" {
#endif

/* For a host-side plan reader (compiled into tinysim_runtime_host; the
 * firmware's --gc-sections drops them): the enumerator's name ("TS_OP_FC_S8")
 * and the record's size in bytes, or NULL / 0 for a kind not in the table. */
const char* ts_op_kind_name(uint32_t kind);
uint32_t ts_op_record_bytes(uint32_t kind);

#ifdef __cplusplus
}
#endif

#endif /* TS_OP_TABLE_H */
