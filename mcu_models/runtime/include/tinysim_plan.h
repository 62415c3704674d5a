/* The execution plan: the one binary contract between the host (core/target
 * writes it) and the Cortex-M4 runtime (reads it in place, from flash).
 *
 * Little-endian, every record 4-byte aligned, every struct here has a fixed
 * size checked on both sides, so the same header is included by the C
 * firmware and by the C++ serializer.
 *
 * Layout of a plan blob (all offsets are from the start of the blob):
 *   ts_plan_header
 *   ts_io[num_inputs + num_outputs]            at io_offset
 *   uint32_t count, ts_reset[count]            right after the I/O table (only with TS_FLAG_RESETS)
 *   uint32_t op_offsets[num_ops]               at ops_offset
 *   op records (ts_op_* below, one per op)     each starts with ts_op_common
 *   constant data (weights, biases, multipliers, shifts, LUTs), 16-byte aligned,
 *   at consts_offset; every constant offset in a record (and the offset of a
 *   TS_IN_PLAN tensor) is relative to it
 *
 * Where things live at run time:
 *   - The plan sits in flash at the address of the linker symbol
 *     __tinysim_plan_start (right after the firmware image, 16-byte aligned).
 *     The host loads it there (Unicorn: write_memory; QEMU: -device loader).
 *   - The tensor arena starts at the linker symbol __tinysim_arena_start in
 *     SRAM (after .data, .bss and the stack). Tensor offsets are arena-relative.
 *   - Inputs are written into the arena by the host before the run; outputs
 *     are read back from the arena after it (or printed through semihosting
 *     as hex when TS_FLAG_PRINT_OUTPUTS is set, for QEMU).
 */
#ifndef TINYSIM_PLAN_H
#define TINYSIM_PLAN_H

#include <stdint.h>

#include "ts_op_table.h"

#define TS_PLAN_MAGIC 0x4C505354u /* "TSPL" read as a little-endian u32 */
#define TS_PLAN_VERSION 1u
#define TS_NO_DATA 0xFFFFFFFFu /* an absent constant (e.g. no bias) */

/* Layer markers: a 32-bit write of N to ITM stimulus port 1 starts layer N;
 * TS_MARK_END ends the inference. Port 0 carries console characters. */
#define TS_ITM_PORT0 0xE0000000u
#define TS_ITM_PORT1 0xE0000004u
#define TS_MARK_END 0xFFFFFFFFu

/* The firmware's exit codes are ts_init / ts_invoke's return codes
 * (tinysim.h), TS_EXIT_FAULT (ts_runtime.h) for a fault. */

enum ts_flags {
  TS_FLAG_PRINT_OUTPUTS = 1u << 0, /* print outputs as hex via semihosting */
  TS_FLAG_SEMIHOSTING = 1u << 1,   /* console via semihosting, exit via SYS_EXIT */
  TS_FLAG_NO_MARKERS = 1u << 2,    /* skip ITM marker writes */
  /* The constant data (weights, biases, tables) is read from RAM: ts_init
   * copies it into the last round_up(total_bytes - consts_offset, 16) bytes
   * of the arena, which arena_bytes includes. */
  TS_FLAG_CONSTS_IN_RAM = 1u << 3,
  /* ts_init leaves the state area as loaded (a run that continues the
   * previous one's state: frame after frame of an audio front end). */
  TS_FLAG_KEEP_STATE = 1u << 4,
  /* A ts_reset table (variable tensors' start values) follows the I/O table. */
  TS_FLAG_RESETS = 1u << 5,
};

enum ts_dtype { TS_F32 = 0, TS_S8 = 1, TS_S16 = 2, TS_S32 = 3, TS_U8 = 4, TS_U32 = 5, TS_U64 = 6 };

enum ts_location { TS_IN_ARENA = 0, TS_IN_PLAN = 1 };

typedef struct {
  uint32_t magic;        /* TS_PLAN_MAGIC */
  uint16_t version;      /* TS_PLAN_VERSION */
  uint16_t header_bytes; /* sizeof(ts_plan_header) */
  uint32_t total_bytes;  /* whole blob */
  uint32_t num_ops;
  uint32_t ops_offset;
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t io_offset;
  uint32_t arena_bytes; /* activations + kernel scratch */
  uint32_t flags;       /* ts_flags */
  uint32_t consts_offset; /* start of the constant data; constant offsets in records are relative to it */
  /* 0, or the arena offset of the ops' state area (stateful ops: TFLM's
   * persistent buffers), which runs to the arena's end (or to the RAM copy
   * of the constants). ts_init zeroes it (TFLM's Reset) unless
   * TS_FLAG_KEEP_STATE says the host put the previous run's state there. */
  uint32_t state_offset;
} ts_plan_header; /* 48 bytes */

typedef struct {
  uint32_t offset; /* arena offset */
  uint32_t bytes;
  uint32_t dtype;
} ts_io; /* 12 bytes */

/* Variable (state) tensors, e.g. SVDF's activation state, get their start
 * value in ts_init as TFLM's ResetVariableTensors gives it: every byte
 * `value` (an int8 tensor's zero point, else 0). With TS_FLAG_RESETS: uint32_t
 * count, then count of these, right after the I/O table. */
typedef struct {
  uint32_t offset; /* arena offset */
  uint32_t bytes;
  int32_t value;
} ts_reset; /* 12 bytes */

/* Where the ts_reset table starts (its uint32_t count), given TS_FLAG_RESETS. */
#define TS_RESETS_OFFSET(h) ((h)->io_offset + 12u * ((h)->num_inputs + (h)->num_outputs))

/* A tensor as an op sees it: 4-D NHWC (lower ranks are right-aligned and
 * padded with leading 1s). */
typedef struct {
  uint32_t offset;  /* arena offset (TS_IN_ARENA) or constant-data offset (TS_IN_PLAN) */
  uint8_t dtype;    /* ts_dtype */
  uint8_t location; /* ts_location */
  uint8_t rank;     /* original rank, for information */
  uint8_t reserved;
  int32_t dims[4];
} ts_tensor; /* 24 bytes */

/* The record kinds and their plan values: ts_op_table.h, one line each. */
#define TS_OP_ENUMERATOR_(kind, value, record, entry) kind = value,
enum ts_op_kind { TS_OP_TABLE(TS_OP_ENUMERATOR_) };
#undef TS_OP_ENUMERATOR_

typedef struct {
  uint16_t kind;     /* ts_op_kind */
  uint16_t variant;  /* kind-specific (e.g. ts_unary for TS_OP_UNARY_F32) */
  uint32_t op_index; /* index in the model, = the layer marker value */
} ts_op_common; /* 8 bytes */

/* Requantization of an int32 accumulator, TFLite style: per output channel
 * (or one entry) multiplier + shift, then + output offset, clamp. */
typedef struct {
  uint32_t multiplier_offset; /* int32[n] in the plan */
  uint32_t shift_offset;      /* int32[n] in the plan */
  int32_t per_channel;        /* 1: n = output channels, 0: one value */
  int32_t input_offset;       /* = -input zero point */
  int32_t output_offset;      /* = output zero point */
  int32_t act_min, act_max;
  int32_t reserved;
} ts_quant; /* 32 bytes */

typedef struct {
  int32_t stride_w, stride_h;
  int32_t dilation_w, dilation_h;
  int32_t pad_w, pad_h; /* top/left padding */
  int32_t filter_w, filter_h;
  int32_t depth_multiplier;
  int32_t reserved;
} ts_geometry; /* 40 bytes */

/* CONV / DWCONV (int8 and float). filter is OHWI (conv) or 1HWO (depthwise).
 * For int8 conv/fc the bias holds bias + input_offset * sum(filter) per
 * output channel when folded_bias is set (the DSP path multiplies raw int8
 * values and the zero-point term is added back exactly through the bias;
 * int32 wrap-around makes the sum identical to TFLite's). */
typedef struct {
  ts_op_common c;
  ts_tensor input, filter, output;
  uint32_t bias_offset;        /* int32[out_ch] (s8) / float[out_ch]; TS_NO_DATA if none */
  uint32_t folded_bias_offset; /* int32[out_ch]: see above; TS_NO_DATA if not made */
  uint32_t scratch_offset;     /* arena offset of the kernel's scratch buffer */
  uint32_t scratch_bytes;
  ts_geometry g;
  ts_quant q;
  float f_act_min, f_act_max; /* float kernels */
  uint32_t sparse_offset;      /* sparse weight encoding (TS_NO_DATA: dense) */
  uint32_t reserved;
} ts_op_conv; /* 8 + 72 + 16 + 40 + 32 + 16 = 184 bytes */

/* FULLY_CONNECTED: input viewed as [batches, depth], filter [units, depth]. */
typedef struct {
  ts_op_common c;
  ts_tensor input, filter, output;
  uint32_t bias_offset;
  uint32_t folded_bias_offset;
  uint32_t scratch_offset;
  uint32_t scratch_bytes;
  int32_t batches, depth, units;
  int32_t filter_offset; /* -filter zero point (0 for symmetric int8 weights) */
  ts_quant q;
  float f_act_min, f_act_max;
  uint32_t sparse_offset;
  uint32_t reserved1;
} ts_op_fc; /* 8 + 72 + 16 + 16 + 32 + 16 = 160 */

typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  ts_geometry g;
  int32_t act_min, act_max; /* int8 */
  float f_act_min, f_act_max;
} ts_op_pool; /* 8 + 48 + 40 + 16 = 112 */

/* ADD / MUL, with broadcasting over 4-D shapes (dims of size 1 broadcast). */
typedef struct {
  ts_op_common c;
  ts_tensor in1, in2, output;
  int32_t input1_offset, input2_offset, output_offset;
  int32_t left_shift;
  int32_t input1_multiplier, input1_shift;
  int32_t input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
  int32_t act_min, act_max;
  float f_act_min, f_act_max;
  int32_t broadcast; /* 0: same shapes, elementwise */
  int32_t reserved;
} ts_op_binary; /* 8 + 72 + 64 = 144 */

/* SOFTMAX int8 (TFLite reference arithmetic) and float. */
typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  int32_t input_multiplier, input_left_shift, diff_min;
  int32_t output_offset; /* output zero point (-128 for int8) */
  float beta;
  uint32_t exp_table_offset; /* int32[256]: exp of (max - x) = 0..255, made by the host */
  int32_t reserved[2];
} ts_op_softmax; /* 8 + 48 + 32 = 88 */

/* MEAN over H and W (global average pooling), keep or drop dims. */
typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  int32_t input_offset, output_offset; /* int8: -in zp, out zp */
  int32_t multiplier, shift;           /* int8 requantization of the sum */
  int32_t count;                       /* H*W */
  int32_t act_min, act_max;
  int32_t reserved;
} ts_op_mean; /* 8 + 48 + 32 = 88 */

/* Elementwise table: out = table[in + 128] (int8), built by running the
 * host kernel on all 256 inputs, so it is exact by construction. */
typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  uint32_t table_offset; /* int8[256] */
  uint32_t count;
} ts_op_lut; /* 8 + 48 + 8 = 64 */

/* QUANTIZE float->int8, DEQUANTIZE int8->float, REQUANTIZE int8->int8. */
typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  float scale;          /* quantize: 1/scale is NOT used; host semantics: q = round(x / scale) + zp */
  int32_t zero_point;   /* output zp (quantize) or input zp (dequantize) */
  int32_t count;
  int32_t in_offset, out_offset, multiplier, shift; /* requantize */
  int32_t reserved;
} ts_op_quant; /* 8 + 48 + 32 = 88 */

typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  uint32_t bytes;
  uint32_t reserved;
} ts_op_copy; /* 8 + 48 + 8 = 64 */

/* PAD (4-D, constant value) */
typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  int32_t before[4];
  uint32_t pad_value; /* raw element bits (int8 zero point or float 0) */
  uint32_t elem_bytes;
} ts_op_pad; /* 8 + 48 + 24 = 80 */

/* CONCATENATION: up to 8 inputs along one axis of the 4-D view. */
#define TS_CONCAT_MAX 8
typedef struct {
  ts_op_common c;
  ts_tensor output;
  ts_tensor inputs[TS_CONCAT_MAX];
  int32_t num_inputs;
  int32_t axis; /* in the 4-D view */
  uint32_t elem_bytes;
  uint32_t reserved;
} ts_op_concat; /* 8 + 24 + 192 + 16 = 240 */

enum ts_unary { TS_UNARY_RELU = 0, TS_UNARY_RELU6, TS_UNARY_LOGISTIC, TS_UNARY_TANH, TS_UNARY_RELU_N1_1 };

typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  int32_t count;
  int32_t reserved;
} ts_op_unary; /* 64 */

/* One-input float formulas (TS_OP_POINTWISE_F32, core/ops/pointwise.cpp);
 * the variant picks the formula, a and b are its parameters. */
enum ts_pointwise {
  TS_POINTWISE_LEAKY_RELU = 0, /* x > 0 ? x : a * x */
  TS_POINTWISE_HARD_SWISH,     /* x * min(6, max(0, x + 3)) / 6 */
  TS_POINTWISE_CLAMP,          /* min(max(x, a), b): RELU_N1_TO_1, RELU_0_TO_1 */
  TS_POINTWISE_ABS,
  TS_POINTWISE_NEG,
  TS_POINTWISE_EXP,   /* expf */
  TS_POINTWISE_LOG,   /* logf */
  TS_POINTWISE_SQRT,  /* sqrtf */
  TS_POINTWISE_RSQRT, /* 1 / sqrtf */
  TS_POINTWISE_ELU    /* x < 0 ? expm1f(x) : x */
};

typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  int32_t count;
  float a, b;
  int32_t reserved;
} ts_op_pointwise; /* 8 + 48 + 16 = 72 */

/* STRIDED_SLICE (and every op core/ops/strided_walk.h maps to a walk, one
 * record per output): the host resolves begin / end / strides / masks, a
 * permutation or a piece to a (start, stride, count) per axis of the input
 * padded to 5-D, outermost first, with the element stride of the input axis
 * each one walks; input and output are flat. */
typedef struct {
  ts_op_common c;
  ts_tensor input, output;
  int32_t start[5], stride[5], count[5], in_stride[5];
  uint32_t elem_bytes;
  uint32_t reserved;
} ts_op_strided_slice; /* 8 + 48 + 80 + 8 = 144 */

/* SVDF (kernels/svdf.c): state [batch, filters * memory] in the arena
 * (a variable tensor), shifted left by one element per inference. Integer
 * (state dtype S16 or S8, time weights the same): feature_bias_offset holds
 * int32[filters] = -input zp * row sum of the feature weights, bias_offset
 * int32[units] = bias - state zp * sum of the unit's time weights, so both
 * matmuls multiply raw values; float: bias_offset is the float bias (or
 * TS_NO_DATA) and f_act_min/max the fused activation. */
typedef struct {
  ts_op_common c;
  ts_tensor input, weights_feature, weights_time, state, output;
  uint32_t bias_offset;
  uint32_t feature_bias_offset;
  int32_t batches, input_size, filters, units, memory, rank;
  int32_t scale1_multiplier, scale1_shift; /* feature sum -> state */
  int32_t scale2_multiplier, scale2_shift; /* unit sum -> output */
  int32_t state_zero_point, output_zero_point;
  float f_act_min, f_act_max;
} ts_op_svdf; /* 8 + 120 + 8 + 24 + 16 + 8 + 8 = 192 */
/* UNIDIRECTIONAL_SEQUENCE_LSTM (core/ops/lstm.cpp; TFLite Micro's generic
 * LSTM, no peephole / projection / layer norm). Gates in TFLM's order:
 * forget, input, cell, output. Weights are [state, input] and [state,
 * state] constants. int8 (int8 activations, int16 cell state): bias_offset
 * is int32 bias + input_offset * sum(input weights of the unit), rec_bias
 * int32 hidden_offset * sum(recurrent weights of the unit) (the kernels
 * multiply raw values; int32 wrap-around keeps TFLite's sums), the two FCs
 * requantized to int16 Q3.12 by in_/rec_ multiplier and shift. int16
 * (int16x8): bias_offset int64 bias, rec_bias TS_NO_DATA, offsets are 0.
 * Float: float bias, multipliers unused. */
typedef struct {
  uint32_t w_in_offset, w_rec_offset; /* int8 or float weights */
  uint32_t bias_offset, rec_bias_offset;
  int32_t in_multiplier, in_shift;
  int32_t rec_multiplier, rec_shift;
} ts_lstm_gate; /* 32 bytes */

enum ts_lstm_flags {
  TS_LSTM_TIME_MAJOR = 1u << 0, /* input [steps, batches, input] (else [batches, steps, input]) */
  TS_LSTM_CLIP = 1u << 1        /* clip the cell state to +-cell_clip */
};

typedef struct {
  ts_op_common c;
  ts_tensor input, output, hidden, cell; /* hidden and cell: the state, reset before the sequence */
  ts_lstm_gate gates[4];
  int32_t batches, steps, input_size, state_size;
  uint32_t flags; /* ts_lstm_flags */
  int32_t hidden_zp, hidden_min, hidden_max;
  int32_t forget_cell_multiplier, forget_cell_shift; /* forget gate x cell -> cell */
  int32_t input_cell_multiplier, input_cell_shift;   /* input gate x cell gate -> cell */
  int32_t hidden_multiplier, hidden_shift;           /* tanh(cell) x output gate -> hidden */
  int32_t tanh_multiplier, tanh_shift;               /* ts_tanh_s16's parameters for the cell state */
  int32_t cell_clip;                                 /* quantized (int16 cell) */
  float cell_clip_f;                                 /* float */
  uint32_t scratch_offset, scratch_bytes;
} ts_op_lstm; /* 8 + 96 + 128 + 80 = 312 */

/* TFLM's Signal audio front-end ops (kernels/signal.c says what each kind
 * keeps in params and consts). input2 / output2: the second operand where
 * the op has one (scale bits, noise estimate), else zeroed. state_offset:
 * TS_NO_DATA, or the op's bytes in the plan's state area (ts_plan_header
 * state_offset), which keeps its values from one ts_invoke to the next. */
typedef struct {
  ts_op_common c;
  ts_tensor input, input2, output, output2;
  int32_t params[6];
  uint32_t consts[5]; /* constant-data offsets (tables the host made) */
  uint32_t state_offset;
  uint32_t scratch_offset;
  int32_t reserved;
} ts_op_signal; /* 8 + 96 + 24 + 20 + 12 = 160 */

/* Sparse int8 weights (conv / fully connected), referenced by sparse_offset
 * of ts_op_conv / ts_op_fc; the dense filter is then not in the plan (the
 * filter descriptor keeps its dims, offset TS_NO_DATA). Per output channel
 * (row of K = fh*fw*cin or depth weights): a bitmap of the non-zero weights,
 * words_per_row little-endian u32 words (bit k of word k/32 = weight k), and
 * the non-zero values in row order, all rows' values back to back. Bitmap +
 * values take K/8 + nnz bytes against K dense: smaller from 1/8 zeros on. */
typedef struct {
  uint32_t words_per_row;
  uint32_t values_offset; /* int8[nnz], constant-data offset */
  uint32_t rows;
  uint32_t nonzeros;
  /* followed by uint32_t bitmap[rows * words_per_row] */
} ts_sparse_header; /* 16 bytes */

#ifdef __cplusplus
#define TS_STATIC_ASSERT static_assert
#else
#define TS_STATIC_ASSERT _Static_assert
#endif
TS_STATIC_ASSERT(sizeof(ts_plan_header) == 48, "plan header layout");
TS_STATIC_ASSERT(sizeof(ts_tensor) == 24, "tensor layout");
TS_STATIC_ASSERT(sizeof(ts_reset) == 12, "reset layout");
TS_STATIC_ASSERT(sizeof(ts_quant) == 32, "quant layout");
/* GATHER: for each (batch, outer, coord) copy inner_bytes from the input row
 * the int32 index picks along the axis; an index outside [0, axis_size)
 * writes zeros there (TFLM's Invoke fails; the host run stops with an error
 * naming the op). indices is a flat int32 tensor of batch * coords values. */
typedef struct {
  ts_op_common c;
  ts_tensor input, indices, output;
  int32_t batch, outer, coords, axis_size;
  uint32_t inner_bytes;
  uint32_t reserved;
} ts_op_gather; /* 8 + 72 + 24 = 104 */

/* BATCH_MATMUL (kernels/batch_matmul.c): out[b][a][c] = sum over k of
 * (L[a][k] + lhs_offset) * (R[k][c] + rhs_offset), requantized for int8 /
 * int16. The host resolved broadcasting to three batch dimensions with an
 * element stride per input (0 = broadcast) and adj_x / adj_y to the strides
 * of a row / depth step (LHS) and a depth / column step (RHS). */
typedef struct {
  ts_op_common c;
  ts_tensor lhs, rhs, output;
  int32_t batch[3], lhs_batch_stride[3], rhs_batch_stride[3];
  int32_t rows, cols, depth;
  int32_t lhs_row_stride, lhs_depth_stride, rhs_depth_stride, rhs_col_stride;
  int32_t lhs_offset, rhs_offset, output_offset; /* -zl, -zr, zo */
  int32_t multiplier, shift, act_min, act_max;
  int32_t reserved;
} ts_op_batch_matmul; /* 8 + 72 + 36 + 12 + 16 + 28 + 4 = 176 */

/* RESIZE_BILINEAR (kernels/resize_bilinear.c): one tap per output row and
 * per output column, made by the host: source indices lo / hi and the
 * fraction (float32: the float's bits; int8 / int16: in 1/1024). */
typedef struct {
  int32_t lo, hi, frac;
} ts_resize_tap; /* 12 bytes */
typedef struct {
  ts_op_common c;
  ts_tensor input, output; /* 4-D NHWC */
  uint32_t rows_offset;    /* ts_resize_tap[output height] in the plan */
  uint32_t cols_offset;    /* ts_resize_tap[output width] */
  uint32_t reserved[2];
} ts_op_resize_bilinear; /* 8 + 48 + 16 = 72 */

TS_STATIC_ASSERT(sizeof(ts_geometry) == 40, "geometry layout");
TS_STATIC_ASSERT(sizeof(ts_op_conv) == 184, "conv layout");
TS_STATIC_ASSERT(sizeof(ts_op_fc) == 160, "fc layout");
TS_STATIC_ASSERT(sizeof(ts_op_pool) == 112, "pool layout");
TS_STATIC_ASSERT(sizeof(ts_op_binary) == 144, "binary layout");
TS_STATIC_ASSERT(sizeof(ts_op_softmax) == 88, "softmax layout");
TS_STATIC_ASSERT(sizeof(ts_op_mean) == 88, "mean layout");
TS_STATIC_ASSERT(sizeof(ts_op_lut) == 64, "lut layout");
TS_STATIC_ASSERT(sizeof(ts_op_quant) == 88, "quant op layout");
TS_STATIC_ASSERT(sizeof(ts_op_copy) == 64, "copy layout");
TS_STATIC_ASSERT(sizeof(ts_op_pad) == 80, "pad layout");
TS_STATIC_ASSERT(sizeof(ts_op_concat) == 240, "concat layout");
TS_STATIC_ASSERT(sizeof(ts_op_unary) == 64, "unary layout");
TS_STATIC_ASSERT(sizeof(ts_op_pointwise) == 72, "pointwise layout");
TS_STATIC_ASSERT(sizeof(ts_op_strided_slice) == 144, "strided slice layout");
TS_STATIC_ASSERT(sizeof(ts_op_svdf) == 192, "svdf layout");
TS_STATIC_ASSERT(sizeof(ts_op_lstm) == 312, "lstm layout");
TS_STATIC_ASSERT(sizeof(ts_sparse_header) == 16, "sparse layout");
TS_STATIC_ASSERT(sizeof(ts_op_signal) == 160, "signal layout");
TS_STATIC_ASSERT(sizeof(ts_op_gather) == 104, "gather layout");
TS_STATIC_ASSERT(sizeof(ts_op_batch_matmul) == 176, "batch matmul layout");
TS_STATIC_ASSERT(sizeof(ts_resize_tap) == 12, "resize tap layout");
TS_STATIC_ASSERT(sizeof(ts_op_resize_bilinear) == 72, "resize bilinear layout");

#endif /* TINYSIM_PLAN_H */
