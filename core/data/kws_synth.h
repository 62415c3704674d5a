// Synthetic keyword-spotting data: spoken words made by espeak-ng (formant
// synthesis, varied accent voice, voice variant, pitch and speed), passed
// through sox (resampled to 16 kHz mono, tempo and gain changes; -R -D: repeatable, no random dither), then placed
// at a random offset in a 1 s clip with seeded background noise (white, pink
// or brown, random SNR) and turned into 49x10 MFCCs (mfcc.h) like the MLPerf
// Tiny KWS input. Classes follow MLPerf Tiny's order: down, go, left, no, off,
// on, right, stop, up, yes, silence, unknown (other words).
//
// This is NOT recorded speech: every "speaker" is a synthetic voice of one
// engine, so accuracy on it says little about real users; see
// sample_models/DATA.md. Synthesis is slow, so kws_split caches the features.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace tinysim {

constexpr int kKwsSampleRate = 16000;

struct KwsVoice {
  std::string espeak_voice;  // e.g. "en-gb-x-rp+f3"
  int pitch = 50;            // espeak-ng -p (0-99)
  int speed = 160;           // espeak-ng -s (words per minute)
  double tempo = 1.0;        // sox tempo factor
  double gain_db = 0.0;      // sox gain
};

struct KwsOptions {
  size_t num_samples = 1200;  // class of sample i is i % 12
  uint64_t seed = 1;
  bool test_speakers = false;  // draw voices from the held-out voice pool
  int threads = 2;
  std::function<void(size_t done, size_t total)> progress;
};

const std::vector<std::string>& kws_class_names();

// 1 s of 16 kHz audio in [-1, 1] with the word spoken by `voice`, trimmed of
// silence and starting at `offset` (fraction of the free space). Throws
// tinysim::Error if espeak-ng or sox is missing or fails.
std::vector<float> synthesize_word(const std::string& word, const KwsVoice& voice, double offset);

// Audio for sample i of a generation run (word or silence, voice, noise).
std::vector<float> kws_sample_audio(const KwsOptions& options, size_t i, int* label);

// Generates the features (no cache): shape {49, 10, 1}.
Dataset generate_kws(const KwsOptions& options);

// Cached split: train 3000 (train voices), calib 240 (train voices, other
// samples), test 720 (held-out voices). n_or_zero overrides the count.
Dataset kws_split(const std::string& split, size_t n_or_zero);

}  // namespace tinysim
