/* The arithmetic of TFLite Micro's Signal audio front-end ops
 * (tflite-micro signal/src/ window, fft_auto_scale, kiss_fft's
 * fixed-point real FFT, energy, filter_bank, filter_bank_square_root,
 * filter_bank_spectral_subtraction, pcan_argc_fixed, filter_bank_log),
 * re-expressed in C on plain arrays. TFLM's own library is C on plain
 * arrays too, so this one implementation serves both sides: the Cortex-M4
 * kernels (kernels/signal.c) and the host registry entries
 * (core/ops/signal*.cpp, through tinysim_runtime_host). The golden tests
 * (tests/host_golden/signal_golden_test.cpp) hold it to TFLM's values. */
#ifndef TS_SIGNAL_H
#define TS_SIGNAL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int16_t r, i;
} ts_cpx16;

/* 32 - clz(x), 32 for x == 0: TFLM's MostSignificantBit32 as gcc builds it. */
uint32_t ts_signal_msb32(uint32_t x);
uint32_t ts_signal_msb64(uint64_t x);
uint16_t ts_signal_sqrt32(uint32_t x);
uint32_t ts_signal_sqrt64(uint64_t x);

/* out[i] = sat16((in[i] * window[i]) >> shift), for every window-length row. */
void ts_signal_window(const int16_t* in, const int16_t* window, int32_t window_len, int32_t size, int32_t shift,
                      int16_t* out);
/* Scales in up by the largest power of two that keeps it in int16; returns the bits. */
int32_t ts_signal_fft_auto_scale(const int16_t* in, int32_t n, int16_t* out);

/* kiss_fft (FIXED_POINT 16) real FFT of fft_len points. factors: kf_factor's
 * (radix, remaining length) pairs of fft_len / 2 (radices 2 and 4);
 * twiddles: fft_len / 2 entries, super_twiddles: fft_len / 4 (made by the
 * host: core/ops/signal_spectrum.cpp, as kiss_fftr_alloc computes them).
 * work: fft_len int16 (the zero-padded input),
 * tmp: fft_len / 2 complex. out: fft_len / 2 + 1 complex bins per row. */
void ts_signal_rfft_s16(const int16_t* in, int32_t in_len, int32_t rows, int32_t fft_len, const int32_t* factors,
                        const ts_cpx16* twiddles, const ts_cpx16* super_twiddles, int16_t* work, ts_cpx16* tmp,
                        ts_cpx16* out);

/* out[i] = re^2 + im^2 for start <= i < end (other entries are not written, as TFLM). */
void ts_signal_energy(const ts_cpx16* in, int32_t start, int32_t end, uint32_t* out);

/* FilterbankAccumulateChannels; work: num_channels + 1 uint64 (entry 0 is scratch). */
void ts_signal_filter_bank(const uint32_t* in, int32_t num_channels, const int16_t* weights, const int16_t* unweights,
                           const int16_t* freq_starts, const int16_t* weight_starts, const int16_t* widths,
                           uint64_t* work, uint64_t* out);
void ts_signal_filter_bank_sqrt(const uint64_t* in, int32_t n, int32_t scale_down_bits, uint32_t* out);

typedef struct {
  int32_t num_channels;
  uint32_t smoothing, one_minus_smoothing, alternate_smoothing, alternate_one_minus_smoothing;
  uint32_t smoothing_bits, spectral_subtraction_bits, min_signal_remaining;
  int32_t clamping;
} ts_spectral_subtraction_config;
/* noise_estimate: the op's state (num_channels uint32, zero after reset). */
void ts_signal_spectral_subtraction(const ts_spectral_subtraction_config* cfg, const uint32_t* in, uint32_t* out,
                                    uint32_t* noise_estimate);

/* PCAN auto gain control: out = shrink((in * gain(noise)) >> snr_shift). */
void ts_signal_pcan(const uint32_t* in, const uint32_t* noise_estimate, const int16_t* gain_lut, int32_t snr_shift,
                    int32_t n, uint32_t* out);
void ts_signal_filter_bank_log(const uint32_t* in, int32_t n, int32_t output_scale, uint32_t correction_bits,
                               int16_t* out);

#ifdef __cplusplus
}
#endif

#endif /* TS_SIGNAL_H */
