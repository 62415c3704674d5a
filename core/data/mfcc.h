// MFCC features as the MLPerf Tiny keyword-spotting pipeline computes them
// with TensorFlow (tf.signal): 16 kHz audio in [-1, 1], 30 ms Hann frames
// (periodic window) every 20 ms, 512-point FFT magnitude, 40 mel bands
// (HTK mel scale, 20-4000 Hz, triangles in the mel domain, DC bin ignored),
// log(mel + 1e-6), DCT-II scaled like tf.signal.mfccs_from_log_mel_spectrograms
// (2 * sum * 1/sqrt(2 * bands)), first 10 coefficients. 1 s -> 49 x 10.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace tinysim {

struct MfccOptions {
  int sample_rate = 16000;
  int frame_length = 480;  // 30 ms
  int frame_step = 320;    // 20 ms
  int fft_length = 512;
  int num_mel_bins = 40;
  float lower_hz = 20.0f;
  float upper_hz = 4000.0f;
  int num_coefficients = 10;
  float log_offset = 1e-6f;
};

class Mfcc {
 public:
  explicit Mfcc(const MfccOptions& options = {});

  // |FFT| of one Hann-windowed frame (frame_length samples): fft_length/2+1 bins.
  std::vector<float> magnitude_spectrum(const float* frame) const;
  // Mel band energies (linear) of one frame.
  std::vector<float> mel_energies(const float* frame) const;
  // MFCCs of one frame.
  std::vector<float> frame_mfcc(const float* frame) const;
  // All frames of a signal, frame-major: frames(n) x num_coefficients.
  std::vector<float> compute(const float* audio, size_t n) const;
  int frames(size_t n) const;

  // Weight of FFT bin b in mel band m.
  float mel_weight(int bin, int band) const { return mel_weights_[static_cast<size_t>(bin) * options_.num_mel_bins + band]; }
  // Centre frequency (Hz) of mel band m.
  float band_center_hz(int band) const;
  const MfccOptions& options() const { return options_; }

  static float hz_to_mel(float hz);
  static float mel_to_hz(float mel);

 private:
  MfccOptions options_;
  std::vector<float> window_;
  std::vector<float> mel_weights_;  // (fft_length/2+1) x num_mel_bins
};

}  // namespace tinysim
