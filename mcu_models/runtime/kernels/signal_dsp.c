/* TFLite Micro's Signal library arithmetic (see ts_signal.h), in the order
 * of its signal/src files. Every shift, cast and wrap is TFLM's: the int16
 * FFT keeps kiss_fft's FIXED_POINT 16 rounding (sround) and its per-stage
 * scaling (C_FIXDIV), and int16 sums wrap as kiss_fft's do. */
#include "ts_signal.h"

uint32_t ts_signal_msb32(uint32_t x) { return x ? 32u - (uint32_t)__builtin_clz(x) : 32u; }
uint32_t ts_signal_msb64(uint64_t x) { return x ? 64u - (uint32_t)__builtin_clzll(x) : 64u; }

uint16_t ts_signal_sqrt32(uint32_t num) {
  if (num == 0) return 0;
  uint32_t res = 0;
  int max_bit = (int)(32 - ts_signal_msb32(num)) | 1;
  uint32_t bit = 1u << (31 - max_bit);
  int iterations = (31 - max_bit) / 2 + 1;
  while (iterations--) {
    if (num >= res + bit) {
      num -= res + bit;
      res = (res >> 1) + bit;
    } else {
      res >>= 1;
    }
    bit >>= 2;
  }
  if (num > res && res != 0xFFFF) ++res;
  return (uint16_t)res;
}

uint32_t ts_signal_sqrt64(uint64_t num) {
  /* TFLM's shortcut: the 32-bit root when the upper word is clear. */
  if ((num >> 32) == 0) return ts_signal_sqrt32((uint32_t)num);
  uint64_t res = 0;
  int max_bit = (int)(64 - ts_signal_msb64(num)) | 1;
  uint64_t bit = (uint64_t)1 << (63 - max_bit);
  int iterations = (63 - max_bit) / 2 + 1;
  while (iterations--) {
    if (num >= res + bit) {
      num -= res + bit;
      res = (res >> 1) + bit;
    } else {
      res >>= 1;
    }
    bit >>= 2;
  }
  if (num > res && res != 0xFFFFFFFFull) ++res;
  return (uint32_t)res;
}

void ts_signal_window(const int16_t* in, const int16_t* window, int32_t window_len, int32_t size, int32_t shift,
                      int16_t* out) {
  for (int32_t row = 0; row < size; row += window_len)
    for (int32_t i = 0; i < window_len; ++i) {
      const int32_t raw = ((int32_t)in[row + i] * window[i]) >> shift;
      out[row + i] = (int16_t)(raw < INT16_MIN ? INT16_MIN : raw > INT16_MAX ? INT16_MAX : raw);
    }
}

int32_t ts_signal_fft_auto_scale(const int16_t* in, int32_t n, int16_t* out) {
  int16_t max = 0; /* MaxAbs16: -v compares as int; -(-32768) is stored back as int16 -32768 */
  for (int32_t i = 0; i < n; ++i) {
    const int16_t v = in[i];
    if (v > max)
      max = v;
    else if (-v > max)
      max = (int16_t)-v;
  }
  int32_t bits = 16 - (int32_t)ts_signal_msb32((uint32_t)(int32_t)max) - 1;
  if (bits <= 0) bits = 0;
  for (int32_t i = 0; i < n; ++i) out[i] = (int16_t)(in[i] * (1 << bits));
  return bits;
}

/* kiss_fft FIXED_POINT 16: Q15 products rounded by sround, sums wrap to int16. */
static inline int16_t sround(int32_t x) { return (int16_t)((x + (1 << 14)) >> 15); }
static inline ts_cpx16 cmul(ts_cpx16 a, ts_cpx16 b) {
  ts_cpx16 m;
  m.r = sround((int32_t)a.r * b.r - (int32_t)a.i * b.i);
  m.i = sround((int32_t)a.r * b.i + (int32_t)a.i * b.r);
  return m;
}
static inline ts_cpx16 cadd(ts_cpx16 a, ts_cpx16 b) {
  ts_cpx16 s = {(int16_t)(a.r + b.r), (int16_t)(a.i + b.i)};
  return s;
}
static inline ts_cpx16 csub(ts_cpx16 a, ts_cpx16 b) {
  ts_cpx16 s = {(int16_t)(a.r - b.r), (int16_t)(a.i - b.i)};
  return s;
}
static inline void cfixdiv(ts_cpx16* c, int32_t div) {
  c->r = sround((int32_t)c->r * (32767 / div));
  c->i = sround((int32_t)c->i * (32767 / div));
}

static void bfly2(ts_cpx16* out, int32_t fstride, const ts_cpx16* tw, int32_t m) {
  ts_cpx16* out2 = out + m;
  for (int32_t k = 0; k < m; ++k, ++out, ++out2, tw += fstride) {
    cfixdiv(out, 2);
    cfixdiv(out2, 2);
    const ts_cpx16 t = cmul(*out2, *tw);
    *out2 = csub(*out, t);
    *out = cadd(*out, t);
  }
}

static void bfly4(ts_cpx16* out, int32_t fstride, const ts_cpx16* twiddles, int32_t m) {
  const ts_cpx16 *tw1 = twiddles, *tw2 = twiddles, *tw3 = twiddles;
  for (int32_t k = 0; k < m; ++k, ++out) {
    cfixdiv(&out[0], 4);
    cfixdiv(&out[m], 4);
    cfixdiv(&out[2 * m], 4);
    cfixdiv(&out[3 * m], 4);
    const ts_cpx16 s0 = cmul(out[m], *tw1), s1 = cmul(out[2 * m], *tw2), s2 = cmul(out[3 * m], *tw3);
    const ts_cpx16 s5 = csub(out[0], s1);
    out[0] = cadd(out[0], s1);
    const ts_cpx16 s3 = cadd(s0, s2), s4 = csub(s0, s2);
    out[2 * m] = csub(out[0], s3);
    tw1 += fstride;
    tw2 += fstride * 2;
    tw3 += fstride * 3;
    out[0] = cadd(out[0], s3);
    out[m].r = (int16_t)(s5.r + s4.i);
    out[m].i = (int16_t)(s5.i - s4.r);
    out[3 * m].r = (int16_t)(s5.r - s4.i);
    out[3 * m].i = (int16_t)(s5.i + s4.r);
  }
}

/* kf_work: p DFTs of length m over a decimated input, then one butterfly stage. */
static void fft_work(ts_cpx16* out, const ts_cpx16* f, int32_t fstride, const int32_t* factors,
                     const ts_cpx16* twiddles) {
  const int32_t p = factors[0], m = factors[1];
  ts_cpx16* const begin = out;
  ts_cpx16* const end = out + p * m;
  if (m == 1) {
    for (; out != end; ++out, f += fstride) *out = *f;
  } else {
    for (; out != end; out += m, f += fstride) fft_work(out, f, fstride * p, factors + 2, twiddles);
  }
  if (p == 2)
    bfly2(begin, fstride, twiddles, m);
  else
    bfly4(begin, fstride, twiddles, m);
}

void ts_signal_rfft_s16(const int16_t* in, int32_t in_len, int32_t rows, int32_t fft_len, const int32_t* factors,
                        const ts_cpx16* twiddles, const ts_cpx16* super_twiddles, int16_t* work, ts_cpx16* tmp,
                        ts_cpx16* out) {
  const int32_t ncfft = fft_len / 2;
  for (int32_t row = 0; row < rows; ++row, in += in_len, out += ncfft + 1) {
    for (int32_t i = 0; i < fft_len; ++i) work[i] = i < in_len ? in[i] : 0;
    fft_work(tmp, (const ts_cpx16*)work, 1, factors, twiddles);
    ts_cpx16 tdc = tmp[0];
    cfixdiv(&tdc, 2);
    out[0].r = (int16_t)(tdc.r + tdc.i);
    out[ncfft].r = (int16_t)(tdc.r - tdc.i);
    out[0].i = out[ncfft].i = 0;
    for (int32_t k = 1; k <= ncfft / 2; ++k) {
      ts_cpx16 fpk = tmp[k], fpnk = {tmp[ncfft - k].r, (int16_t)-tmp[ncfft - k].i};
      cfixdiv(&fpk, 2);
      cfixdiv(&fpnk, 2);
      const ts_cpx16 f1k = cadd(fpk, fpnk), f2k = csub(fpk, fpnk);
      const ts_cpx16 tw = cmul(f2k, super_twiddles[k - 1]);
      out[k].r = (int16_t)((f1k.r + tw.r) >> 1);
      out[k].i = (int16_t)((f1k.i + tw.i) >> 1);
      out[ncfft - k].r = (int16_t)((f1k.r - tw.r) >> 1);
      out[ncfft - k].i = (int16_t)((tw.i - f1k.i) >> 1);
    }
  }
}

void ts_signal_energy(const ts_cpx16* in, int32_t start, int32_t end, uint32_t* out) {
  for (int32_t i = start; i < end; ++i) {
    const int32_t re = in[i].r, im = in[i].i;
    out[i] = (uint32_t)(re * re) + (uint32_t)(im * im);
  }
}

void ts_signal_filter_bank(const uint32_t* in, int32_t num_channels, const int16_t* weights, const int16_t* unweights,
                           const int16_t* freq_starts, const int16_t* weight_starts, const int16_t* widths,
                           uint64_t* work, uint64_t* out) {
  /* Channel i's energy is weighted into channel i and unweighted into i+1. */
  uint64_t weight_acc = 0, unweight_acc = 0;
  for (int32_t i = 0; i < num_channels + 1; ++i) {
    const int32_t f0 = freq_starts[i], w0 = weight_starts[i];
    for (int32_t j = 0; j < widths[i]; ++j) {
      weight_acc += (uint64_t)(int64_t)weights[w0 + j] * (uint64_t)in[f0 + j];
      unweight_acc += (uint64_t)(int64_t)unweights[w0 + j] * (uint64_t)in[f0 + j];
    }
    work[i] = weight_acc;
    weight_acc = unweight_acc;
    unweight_acc = 0;
  }
  for (int32_t i = 0; i < num_channels; ++i) out[i] = work[i + 1];
}

void ts_signal_filter_bank_sqrt(const uint64_t* in, int32_t n, int32_t scale_down_bits, uint32_t* out) {
  for (int32_t i = 0; i < n; ++i) out[i] = ts_signal_sqrt64(in[i]) >> scale_down_bits;
}

void ts_signal_spectral_subtraction(const ts_spectral_subtraction_config* cfg, const uint32_t* in, uint32_t* out,
                                    uint32_t* noise_estimate) {
  for (int32_t i = 0; i < cfg->num_channels; ++i) {
    const uint32_t smoothing = (i & 1) ? cfg->alternate_smoothing : cfg->smoothing;
    const uint32_t one_minus = (i & 1) ? cfg->alternate_one_minus_smoothing : cfg->one_minus_smoothing;
    const uint32_t signal_up = in[i] << cfg->smoothing_bits;
    noise_estimate[i] = (uint32_t)(((uint64_t)signal_up * smoothing + (uint64_t)noise_estimate[i] * one_minus) >>
                                   cfg->spectral_subtraction_bits);
    uint32_t estimate_up = noise_estimate[i];
    if (estimate_up > signal_up) {
      estimate_up = signal_up;
      if (cfg->clamping) noise_estimate[i] = estimate_up;
    }
    const uint32_t floor =
        (uint32_t)(((uint64_t)in[i] * cfg->min_signal_remaining) >> cfg->spectral_subtraction_bits);
    const uint32_t subtracted = (signal_up - estimate_up) >> cfg->smoothing_bits;
    out[i] = subtracted > floor ? subtracted : floor;
  }
}

/* pcan_argc_fixed.cc: kPcanSnrBits 12, kPcanOutputBits 6. */
static int16_t wide_dynamic_function(uint32_t x, const int16_t* lut) {
  if (x <= 2) return lut[x];
  const int16_t interval = (int16_t)ts_signal_msb32(x);
  lut += 4 * interval - 6;
  const int16_t frac = (int16_t)(((interval < 11) ? (x << (11 - interval)) : (x >> (interval - 11))) & 0x3FF);
  int32_t result = ((int32_t)lut[2] * frac) >> 5;
  result += (int32_t)((uint32_t)lut[1] << 5);
  result *= frac;
  result = (result + (1 << 14)) >> 15;
  result += lut[0];
  return (int16_t)result;
}

static uint32_t pcan_shrink(uint32_t x) {
  if (x < (2u << 12)) return (x * x) >> (2 + 2 * 12 - 6);
  return (x >> (12 - 6)) - (1u << 6);
}

void ts_signal_pcan(const uint32_t* in, const uint32_t* noise_estimate, const int16_t* gain_lut, int32_t snr_shift,
                    int32_t n, uint32_t* out) {
  for (int32_t i = 0; i < n; ++i) {
    const uint32_t gain = (uint32_t)(int32_t)wide_dynamic_function(noise_estimate[i], gain_lut);
    const uint32_t snr = (uint32_t)(((uint64_t)in[i] * gain) >> snr_shift);
    out[i] = pcan_shrink(snr);
  }
}

/* log.cc: log2 by a 128-segment table, then to natural log and the output scale. */
static const uint16_t kLogLut[] = {
    0,    224,  442,  654,  861,  1063, 1259, 1450, 1636, 1817, 1992, 2163, 2329, 2490, 2646, 2797, 2944,
    3087, 3224, 3358, 3487, 3611, 3732, 3848, 3960, 4068, 4172, 4272, 4368, 4460, 4549, 4633, 4714, 4791,
    4864, 4934, 5001, 5063, 5123, 5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507, 5533, 5557, 5578,
    5595, 5610, 5622, 5631, 5637, 5640, 5641, 5638, 5633, 5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498,
    5470, 5439, 5406, 5370, 5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000, 4944, 4885, 4825, 4762, 4697,
    4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848, 3759, 3668, 3575, 3481, 3384, 3286,
    3186, 3084, 2981, 2875, 2768, 2659, 2549, 2437, 2323, 2207, 2090, 1971, 1851, 1729, 1605, 1480, 1353,
    1224, 1094, 963,  830,  695,  559,  421,  282,  142,  0,    0};

static uint32_t log2_fraction(uint32_t x, uint32_t log2x) {
  int32_t frac = (int32_t)(x - (uint32_t)(1ull << log2x));
  if (log2x < 16)
    frac <<= 16 - log2x;
  else
    frac >>= log2x - 16;
  const uint32_t base_seg = (uint32_t)frac >> (16 - 7);
  const uint32_t seg_unit = (1u << 16) >> 7;
  const int32_t c0 = kLogLut[base_seg], c1 = kLogLut[base_seg + 1];
  const int32_t seg_base = (int32_t)(seg_unit * base_seg);
  const int32_t rel_pos = ((c1 - c0) * (frac - seg_base)) >> 16;
  return (uint32_t)(frac + c0 + rel_pos);
}

static uint32_t log32(uint32_t x, uint32_t out_scale) {
  const uint32_t integer = ts_signal_msb32(x) - 1;
  const uint32_t fraction = log2_fraction(x, integer);
  const uint32_t log2 = (integer << 16) + fraction;
  const uint32_t round = 65536 / 2;
  const uint32_t loge = (uint32_t)(((uint64_t)45426 * log2 + round) >> 16);
  return (out_scale * loge + round) >> 16;
}

void ts_signal_filter_bank_log(const uint32_t* in, int32_t n, int32_t output_scale, uint32_t correction_bits,
                               int16_t* out) {
  for (int32_t i = 0; i < n; ++i) {
    const uint32_t scaled = in[i] << correction_bits;
    if (scaled > 1) {
      const uint32_t v = log32(scaled, (uint32_t)output_scale);
      out[i] = (int16_t)(v < (uint32_t)INT16_MAX ? v : (uint32_t)INT16_MAX);
    } else {
      out[i] = 0;
    }
  }
}
