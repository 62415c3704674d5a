#include "core/data/mfcc.h"

#include <algorithm>
#include <cmath>
#include <unsupported/Eigen/FFT>

#include "core/common/error.h"

namespace tinysim {

float Mfcc::hz_to_mel(float hz) { return 1127.0f * std::log1p(hz / 700.0f); }
float Mfcc::mel_to_hz(float mel) { return 700.0f * (std::exp(mel / 1127.0f) - 1.0f); }

Mfcc::Mfcc(const MfccOptions& o) : options_(o) {
  if (o.frame_length <= 0 || o.frame_step <= 0 || o.fft_length < o.frame_length || o.num_mel_bins <= 0 ||
      o.num_coefficients <= 0 || o.num_coefficients > o.num_mel_bins || o.upper_hz <= o.lower_hz ||
      o.upper_hz > o.sample_rate / 2.0f)
    throw Error("mfcc", "inconsistent MFCC options");
  window_.resize(static_cast<size_t>(o.frame_length));
  for (int i = 0; i < o.frame_length; ++i)  // periodic Hann, as tf.signal.hann_window
    window_[static_cast<size_t>(i)] = 0.5f - 0.5f * std::cos(2.0f * static_cast<float>(M_PI) * i / o.frame_length);

  const int bins = o.fft_length / 2 + 1;
  const int M = o.num_mel_bins;
  mel_weights_.assign(static_cast<size_t>(bins) * M, 0.0f);
  const float lo = hz_to_mel(o.lower_hz), hi = hz_to_mel(o.upper_hz);
  std::vector<float> edges(static_cast<size_t>(M + 2));
  for (int i = 0; i < M + 2; ++i) edges[static_cast<size_t>(i)] = lo + (hi - lo) * i / (M + 1);
  // Bin 0 (DC) gets no weight, like tf.signal.linear_to_mel_weight_matrix.
  for (int b = 1; b < bins; ++b) {
    const float mel = hz_to_mel(static_cast<float>(b) * o.sample_rate / o.fft_length);
    for (int m = 0; m < M; ++m) {
      const float l = edges[static_cast<size_t>(m)], c = edges[static_cast<size_t>(m + 1)],
                  r = edges[static_cast<size_t>(m + 2)];
      const float w = std::min((mel - l) / (c - l), (r - mel) / (r - c));
      mel_weights_[static_cast<size_t>(b) * M + m] = std::max(0.0f, w);
    }
  }
}

float Mfcc::band_center_hz(int band) const {
  const float lo = hz_to_mel(options_.lower_hz), hi = hz_to_mel(options_.upper_hz);
  return mel_to_hz(lo + (hi - lo) * (band + 1) / (options_.num_mel_bins + 1));
}

std::vector<float> Mfcc::magnitude_spectrum(const float* frame) const {
  std::vector<float> in(static_cast<size_t>(options_.fft_length), 0.0f);
  for (int i = 0; i < options_.frame_length; ++i) in[static_cast<size_t>(i)] = frame[i] * window_[static_cast<size_t>(i)];
  Eigen::FFT<float> fft;
  std::vector<std::complex<float>> out;
  fft.fwd(out, in);
  const int bins = options_.fft_length / 2 + 1;
  std::vector<float> mag(static_cast<size_t>(bins));
  for (int b = 0; b < bins; ++b) mag[static_cast<size_t>(b)] = std::abs(out[static_cast<size_t>(b)]);
  return mag;
}

std::vector<float> Mfcc::mel_energies(const float* frame) const {
  const std::vector<float> mag = magnitude_spectrum(frame);
  const int M = options_.num_mel_bins;
  std::vector<float> mel(static_cast<size_t>(M), 0.0f);
  for (size_t b = 0; b < mag.size(); ++b)
    for (int m = 0; m < M; ++m) mel[static_cast<size_t>(m)] += mag[b] * mel_weights_[b * M + m];
  return mel;
}

std::vector<float> Mfcc::frame_mfcc(const float* frame) const {
  const std::vector<float> mel = mel_energies(frame);
  const int M = options_.num_mel_bins;
  std::vector<double> logmel(static_cast<size_t>(M));
  for (int m = 0; m < M; ++m) logmel[static_cast<size_t>(m)] = std::log(mel[static_cast<size_t>(m)] + options_.log_offset);
  std::vector<float> c(static_cast<size_t>(options_.num_coefficients));
  const double scale = 2.0 / std::sqrt(2.0 * M);
  for (int k = 0; k < options_.num_coefficients; ++k) {
    double s = 0.0;
    for (int n = 0; n < M; ++n) s += logmel[static_cast<size_t>(n)] * std::cos(M_PI * k * (2 * n + 1) / (2.0 * M));
    c[static_cast<size_t>(k)] = static_cast<float>(scale * s);
  }
  return c;
}

int Mfcc::frames(size_t n) const {
  if (n < static_cast<size_t>(options_.frame_length)) return 0;
  return static_cast<int>((n - static_cast<size_t>(options_.frame_length)) / static_cast<size_t>(options_.frame_step)) + 1;
}

std::vector<float> Mfcc::compute(const float* audio, size_t n) const {
  const int F = frames(n);
  std::vector<float> out;
  out.reserve(static_cast<size_t>(F) * options_.num_coefficients);
  for (int f = 0; f < F; ++f) {
    const std::vector<float> c = frame_mfcc(audio + static_cast<size_t>(f) * options_.frame_step);
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

}  // namespace tinysim
