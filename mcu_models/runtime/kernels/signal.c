/* The Signal op kinds (ts_op_signal): each entry finds its tensors and
 * tables and calls the shared arithmetic (signal_dsp.c, ts_signal.h).
 *   window:     params {shift, window length, input size}; input2 = window
 *   auto scale: params {n}; output2 = the scale bits (int32 scalar)
 *   rfft s16:   params {input length, rows, fft length}; consts {factors,
 *               twiddles, super twiddles}; scratch: fft length int16 + fft
 *               length / 2 complex
 *   energy:     params {start, end}
 *   filter bank: params {channels}; consts {weights, unweights, frequency
 *               starts, weight starts, widths}; scratch: channels + 1 uint64
 *   sqrt:       params {n}; input2 = scale bits
 *   spectral subtraction: consts {ts_spectral_subtraction_config}; output2 =
 *               noise estimate; state: the noise estimate, channels uint32
 *   pcan:       params {snr shift, n}; input2 = noise estimate; consts {gain LUT}
 *   log:        params {output scale, correction bits, n} */
#include <string.h>

#include "ts_kernels.h"
#include "ts_signal.h"

#define TS_IN(T, t) ((const T*)ts_tensor_data(ctx, &op->t))
#define TS_OUT(T, t) ((T*)ts_tensor_data(ctx, &op->t))
#define TS_CONST(T, k) ((const T*)ts_plan_data(ctx, op->consts[k]))

void ts_signal_window_s16(const ts_ctx* ctx, const ts_op_signal* op) {
  ts_signal_window(TS_IN(int16_t, input), TS_IN(int16_t, input2), op->params[1], op->params[2], op->params[0],
                   TS_OUT(int16_t, output));
}

void ts_signal_fft_auto_scale_s16(const ts_ctx* ctx, const ts_op_signal* op) {
  *TS_OUT(int32_t, output2) = ts_signal_fft_auto_scale(TS_IN(int16_t, input), op->params[0], TS_OUT(int16_t, output));
}

uint32_t ts_signal_rfft_s16_get_buffer_size(int32_t fft_len) {
  /* the zero-padded input row, then kiss_fftr's complex half-length buffer */
  return (uint32_t)fft_len * 2u + (uint32_t)(fft_len / 2) * 4u;
}

void ts_signal_rfft_s16_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  int16_t* work = (int16_t*)(ctx->arena + op->scratch_offset);
  ts_cpx16* tmp = (ts_cpx16*)(work + op->params[2]);
  ts_signal_rfft_s16(TS_IN(int16_t, input), op->params[0], op->params[1], op->params[2], TS_CONST(int32_t, 0),
                     TS_CONST(ts_cpx16, 1), TS_CONST(ts_cpx16, 2), work, tmp, TS_OUT(ts_cpx16, output));
}

void ts_signal_energy_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  ts_signal_energy(TS_IN(ts_cpx16, input), op->params[0], op->params[1], TS_OUT(uint32_t, output));
}

uint32_t ts_signal_filter_bank_get_buffer_size(int32_t num_channels) { return (uint32_t)(num_channels + 1) * 8u; }

void ts_signal_filter_bank_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  ts_signal_filter_bank(TS_IN(uint32_t, input), op->params[0], TS_CONST(int16_t, 0), TS_CONST(int16_t, 1),
                        TS_CONST(int16_t, 2), TS_CONST(int16_t, 3), TS_CONST(int16_t, 4),
                        (uint64_t*)(ctx->arena + op->scratch_offset), TS_OUT(uint64_t, output));
}

void ts_signal_filter_bank_sqrt_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  ts_signal_filter_bank_sqrt(TS_IN(uint64_t, input), op->params[0], *TS_IN(int32_t, input2), TS_OUT(uint32_t, output));
}

void ts_signal_spectral_subtraction_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  const ts_spectral_subtraction_config* cfg = TS_CONST(ts_spectral_subtraction_config, 0);
  uint32_t* state = (uint32_t*)(ctx->state + op->state_offset);
  ts_signal_spectral_subtraction(cfg, TS_IN(uint32_t, input), TS_OUT(uint32_t, output), state);
  memcpy(TS_OUT(uint32_t, output2), state, (size_t)cfg->num_channels * 4u);
}

void ts_signal_pcan_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  ts_signal_pcan(TS_IN(uint32_t, input), TS_IN(uint32_t, input2), TS_CONST(int16_t, 0), op->params[0], op->params[1],
                 TS_OUT(uint32_t, output));
}

void ts_signal_filter_bank_log_entry(const ts_ctx* ctx, const ts_op_signal* op) {
  ts_signal_filter_bank_log(TS_IN(uint32_t, input), op->params[2], op->params[0], (uint32_t)op->params[1],
                            TS_OUT(int16_t, output));
}
