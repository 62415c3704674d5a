// A WAV file's samples as floats in [-1, 1]: the audio half of importing a
// user's data set (keyword-spotting clips recorded as 16 kHz mono WAV, the
// format the MLPerf Tiny and Speech Commands pipelines use).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinysim {

struct WavAudio {
  int sample_rate = 0;
  std::vector<float> samples;  // mono
};

// Reads RIFF/WAVE PCM (8-, 16-, 24- or 32-bit integer, or 32-bit float),
// mixing several channels down to mono. Throws tinysim::Error naming the file
// for anything else (compressed formats, truncated or oversized chunks), with
// the sox command that converts it.
WavAudio read_wav(const std::string& path);

// The clip as 16-bit PCM (what an audio front-end model such as TFLM's
// micro_speech preprocessor takes), cut into frames of `frame` samples every
// `stride` samples: whole frames only, at most max_frames, as TFLM's
// micro_speech example walks a clip. Throws naming the file when the clip is
// shorter than one frame.
std::vector<std::vector<int16_t>> wav_frames_int16(const std::string& path, int frame, int stride, int max_frames);

// The keyword-spotting features of a clip: 16 kHz required (else an error
// with the sox command), cut or zero-padded to 1 s, MFCC 49 x 10 (mfcc.h).
// What an imported WAV data set and a WAV model input both become.
std::vector<float> kws_features_from_wav(const std::string& path);

}  // namespace tinysim
