// MFCC: a pure tone lands in the mel band whose centre is nearest to it, the
// FFT magnitude of a bin-centred sine equals the hand-computed Hann value,
// and the MFCCs equal a direct evaluation of the documented formula with a
// naive DFT.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>

#include "core/data/mfcc.h"

namespace tinysim {
namespace {

std::vector<float> sine(double hz, double amp, size_t n) {
  std::vector<float> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<float>(amp * std::sin(2 * M_PI * hz * i / 16000.0));
  return s;
}

TEST(Mfcc, ShapeIs49x10ForOneSecond) {
  Mfcc m;
  EXPECT_EQ(m.frames(16000), 49);
  EXPECT_EQ(m.compute(sine(440, 0.5, 16000).data(), 16000).size(), 490u);
}

TEST(Mfcc, BinCentredSineHasHannPeakMagnitude) {
  // 1000 Hz = FFT bin 32 of 512 at 16 kHz. A periodic Hann window of 480
  // samples sums to 240, so the peak is amp/2 * 240 = 120 * amp (up to the
  // small leakage of the mirrored component through a 480-of-512 window).
  Mfcc m;
  const auto s = sine(1000.0, 0.5, 480);
  const auto mag = m.magnitude_spectrum(s.data());
  const auto peak = std::max_element(mag.begin(), mag.end()) - mag.begin();
  EXPECT_EQ(peak, 32);
  EXPECT_NEAR(mag[32], 60.0, 0.6);
}

TEST(Mfcc, ToneEnergyPeaksInTheNearestMelBand) {
  Mfcc m;
  for (double hz : {300.0, 1000.0, 2500.0}) {
    const auto s = sine(hz, 0.3, 480);
    const auto mel = m.mel_energies(s.data());
    const int peak = static_cast<int>(std::max_element(mel.begin(), mel.end()) - mel.begin());
    int nearest = 0;
    for (int b = 1; b < 40; ++b)
      if (std::abs(m.band_center_hz(b) - hz) < std::abs(m.band_center_hz(nearest) - hz)) nearest = b;
    EXPECT_LE(std::abs(peak - nearest), 1) << hz << " Hz peaks in band " << peak << ", nearest centre is band " << nearest;
  }
  // Band edges are spaced evenly in HTK mel: band 0's centre is one mel step above 20 Hz.
  const float step = (Mfcc::hz_to_mel(4000) - Mfcc::hz_to_mel(20)) / 41;
  EXPECT_NEAR(Mfcc::hz_to_mel(m.band_center_hz(0)), Mfcc::hz_to_mel(20) + step, 1e-3);
  EXPECT_NEAR(Mfcc::hz_to_mel(1000.0f), 1000.0f, 0.5f);  // the HTK scale is ~1000 mel at 1 kHz
}

TEST(Mfcc, MatchesNaiveDftEvaluationOfTheFormula) {
  Mfcc m;
  std::vector<float> s(480);
  for (size_t i = 0; i < s.size(); ++i)  // two tones and a ramp
    s[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * 700 * i / 16000.0) + 0.1 * std::sin(2 * M_PI * 2200 * i / 16000.0) + 0.0002 * i);
  std::vector<double> mag(257);
  for (int k = 0; k < 257; ++k) {
    std::complex<double> acc = 0;
    for (int n = 0; n < 480; ++n) {
      const double w = 0.5 - 0.5 * std::cos(2 * M_PI * n / 480);
      acc += s[static_cast<size_t>(n)] * w * std::polar(1.0, -2 * M_PI * k * n / 512);
    }
    mag[static_cast<size_t>(k)] = std::abs(acc);
  }
  std::vector<double> logmel(40);
  for (int b = 0; b < 40; ++b) {
    double e = 0;
    for (int k = 0; k < 257; ++k) e += mag[static_cast<size_t>(k)] * m.mel_weight(k, b);
    logmel[static_cast<size_t>(b)] = std::log(e + 1e-6);
  }
  const auto c = m.frame_mfcc(s.data());
  for (int k = 0; k < 10; ++k) {
    double ref = 0;
    for (int n = 0; n < 40; ++n) ref += logmel[static_cast<size_t>(n)] * std::cos(M_PI * k * (2 * n + 1) / 80.0);
    ref *= 2.0 / std::sqrt(80.0);
    EXPECT_NEAR(c[static_cast<size_t>(k)], ref, 1e-3 * std::max(1.0, std::abs(ref))) << "coefficient " << k;
  }
  // Triangles: each FFT bin's weights over the bands sum to at most 1, and
  // a bin in the middle of the range sits in exactly two overlapping bands.
  double sum = 0;
  for (int b = 0; b < 40; ++b) sum += m.mel_weight(64, b);
  EXPECT_NEAR(sum, 1.0, 1e-4);
  for (int b = 0; b < 40; ++b) EXPECT_EQ(m.mel_weight(0, b), 0.0f);  // DC ignored
}

}  // namespace
}  // namespace tinysim
