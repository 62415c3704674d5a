#include "core/data/wav_file.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>

#include "core/common/error.h"
#include "core/data/mfcc.h"

namespace tinysim {
namespace {

const char* const kFix = "convert it with `sox IN.wav -r 16000 -c 1 -b 16 OUT.wav`";
// One minute of 48 kHz stereo 32-bit audio; a data-set clip is far shorter,
// and the bound keeps a lying chunk size from allocating without limit.
constexpr uint32_t kMaxDataBytes = 60u * 48000u * 2u * 4u;

uint32_t le32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24); }
uint16_t le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

// One sample of `bytes` width at p, as a float in [-1, 1].
float pcm_sample(const unsigned char* p, int bytes, bool is_float) {
  if (is_float) {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  switch (bytes) {
    case 1: return (static_cast<float>(p[0]) - 128.0f) / 128.0f;  // 8-bit WAV is unsigned
    case 2: return static_cast<float>(static_cast<int16_t>(le16(p))) / 32768.0f;
    case 3: {
      const uint32_t u = p[0] | (p[1] << 8) | (uint32_t(p[2]) << 16);
      const int32_t v = static_cast<int32_t>(u << 8) / 256;  // sign-extend the 24-bit value
      return static_cast<float>(v) / 8388608.0f;
    }
    default: return static_cast<float>(static_cast<int32_t>(le32(p))) / 2147483648.0f;
  }
}

}  // namespace

WavAudio read_wav(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "cannot open the file", "check the path and its permissions");
  unsigned char head[12];
  if (!f.read(reinterpret_cast<char*>(head), 12) || std::memcmp(head, "RIFF", 4) || std::memcmp(head + 8, "WAVE", 4))
    throw Error(path, "not a RIFF/WAVE file", kFix);
  int channels = 0, bits = 0, format = 0;
  WavAudio w;
  std::vector<unsigned char> data;
  bool have_fmt = false, have_data = false;
  unsigned char ch[8];
  while (!have_data && f.read(reinterpret_cast<char*>(ch), 8)) {
    const uint32_t size = le32(ch + 4);
    if (!std::memcmp(ch, "fmt ", 4)) {
      if (size < 16 || size > 64) throw Error(path, "fmt chunk of " + std::to_string(size) + " bytes", kFix);
      unsigned char fmt[64];
      if (!f.read(reinterpret_cast<char*>(fmt), size)) throw Error(path, "truncated fmt chunk", kFix);
      if (size & 1) f.seekg(1, std::ios::cur);
      format = le16(fmt);
      channels = le16(fmt + 2);
      w.sample_rate = static_cast<int>(le32(fmt + 4));
      bits = le16(fmt + 14);
      if (format == 0xFFFE && size >= 26) format = le16(fmt + 24);  // WAVE_FORMAT_EXTENSIBLE: sub-format GUID
      have_fmt = true;
    } else if (!std::memcmp(ch, "data", 4)) {
      if (!have_fmt) throw Error(path, "data chunk before the fmt chunk", kFix);
      if (size > kMaxDataBytes) throw Error(path, "audio data of " + std::to_string(size) + " bytes", "cut the clips to at most a minute");
      data.resize(size);
      if (!f.read(reinterpret_cast<char*>(data.data()), size)) throw Error(path, "truncated audio data", kFix);
      have_data = true;
    } else {
      f.seekg(size + (size & 1), std::ios::cur);  // chunks are padded to even sizes
    }
  }
  if (!have_data) throw Error(path, have_fmt ? "no data chunk" : "no fmt chunk", kFix);
  const bool is_float = format == 3 && bits == 32;
  if (!(format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) && !is_float)
    throw Error(path, "WAV format " + std::to_string(format) + " with " + std::to_string(bits) + "-bit samples is not PCM", kFix);
  if (channels < 1 || channels > 8 || w.sample_rate <= 0)
    throw Error(path, std::to_string(channels) + " channels at " + std::to_string(w.sample_rate) + " Hz", kFix);
  const int bytes = bits / 8;
  const size_t frames = data.size() / (static_cast<size_t>(bytes) * channels);
  w.samples.resize(frames);
  for (size_t i = 0; i < frames; ++i) {
    float sum = 0;
    for (int c = 0; c < channels; ++c) sum += pcm_sample(&data[(i * channels + c) * bytes], bytes, is_float);
    w.samples[i] = sum / static_cast<float>(channels);
  }
  return w;
}

std::vector<float> kws_features_from_wav(const std::string& path) {
  WavAudio w = read_wav(path);
  const int rate = MfccOptions().sample_rate;
  if (w.sample_rate != rate)
    throw Error(path, "sampled at " + std::to_string(w.sample_rate) + " Hz; the keyword-spotting front end needs 16000 Hz",
                kFix);
  w.samples.resize(static_cast<size_t>(rate), 0.0f);  // 1 s: longer clips are cut, shorter ones zero-padded
  return Mfcc().compute(w.samples.data(), w.samples.size());
}

}  // namespace tinysim

namespace tinysim {

std::vector<std::vector<int16_t>> wav_frames_int16(const std::string& path, int frame, int stride, int max_frames) {
  if (frame < 1 || stride < 1 || max_frames < 1)
    throw Error(path, "frame, stride and frame count must be positive");
  const WavAudio a = read_wav(path);
  std::vector<int16_t> pcm;
  pcm.reserve(a.samples.size());
  // read_wav's 16-bit samples are q / 32768: this is q again, exactly.
  for (float f : a.samples)
    pcm.push_back(static_cast<int16_t>(std::lround(std::fmax(-32768.f, std::fmin(32767.f, f * 32768.f)))));
  if (pcm.size() < static_cast<size_t>(frame))
    throw Error(path, "has " + std::to_string(pcm.size()) + " samples, fewer than one " + std::to_string(frame) +
                          "-sample frame", "use a longer clip");
  std::vector<std::vector<int16_t>> out;
  for (size_t at = 0; at + static_cast<size_t>(frame) <= pcm.size() && out.size() < static_cast<size_t>(max_frames);
       at += static_cast<size_t>(stride))
    out.emplace_back(pcm.begin() + static_cast<std::ptrdiff_t>(at), pcm.begin() + static_cast<std::ptrdiff_t>(at) + frame);
  return out;
}

}  // namespace tinysim
