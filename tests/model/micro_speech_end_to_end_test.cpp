// End to end from sound, as TFLM's micro_speech example runs it
// (tensorflow/lite/micro/examples/micro_speech/micro_speech_test.cc,
// https://github.com/tensorflow/tflite-micro/blob/042b77b3fedfa0f8e41f82fe141600325e23e343/tensorflow/lite/micro/examples/micro_speech/micro_speech_test.cc):
// 16 kHz audio in 30 ms frames (480 samples) every 20 ms (320), at most 49
// frames, each through the int8 audio preprocessor (its spectral
// subtraction keeps its noise estimate from frame to frame), the 49 x 40
// int8 features through micro_speech_quantized, and the arg-max category.
// TFLM expects yes -> "yes", no -> "no", silence -> "silence" and noise ->
// "silence"; its NoFeatureTest / YesFeatureTest give the first frame's 40
// features of the 30 ms clips. The same chain also runs on the emulated
// Cortex-M4 (Unicorn; one WAV also on QEMU), state carried between frames,
// with cycles per stage reported.
#include "build_paths.h"  // TINYSIM_CLI
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/data/wav_file.h"
#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/ops/interpreter.h"
#include "core/target/qemu_backend.h"
#include "core/target/target_run.h"
#include "tests/support/shared_files.h"

using namespace tinysim;

namespace {

constexpr int kFrame = 480, kStride = 320, kFrames = 49, kFeatures = 40;
const char* const kLabels[] = {"silence", "unknown", "yes", "no"};

// micro_speech_test.cc's GenerateFeatures loop: whole frames only.
std::vector<std::vector<std::vector<uint8_t>>> frames_of(const std::string& wav) {
  std::vector<std::vector<std::vector<uint8_t>>> out;
  for (const auto& f : wav_frames_int16(test::third_party(wav).string(), kFrame, kStride, kFrames)) {
    std::vector<uint8_t> b(f.size() * 2);
    std::memcpy(b.data(), f.data(), b.size());
    out.push_back({b});
  }
  return out;
}

Model load(const std::filesystem::path& p) { return load_tflite(p.string()).take(); }

std::vector<int8_t> features_host(const Model& pre, const std::string& wav) {
  HostInterpreter it(pre);
  std::vector<int8_t> f;
  for (const auto& frame : frames_of(wav)) {
    it.set_input(0, frame[0].data(), frame[0].size());
    it.invoke();
    const auto& o = it.output_bytes(0);
    f.insert(f.end(), o.begin(), o.end());
  }
  return f;
}

std::string category(const Model& cls, const std::vector<uint8_t>& scores) {
  const Tensor& out = cls.tensors[static_cast<size_t>(cls.outputs[0])];
  EXPECT_EQ(out.num_elements(), 4);
  size_t best = 0;  // dequantized arg max, first of equals (std::max_element)
  for (size_t i = 1; i < 4; ++i)
    if (static_cast<int8_t>(scores[i]) > static_cast<int8_t>(scores[best])) best = i;
  return kLabels[best];
}

std::string classify_host(const Model& cls, const std::vector<int8_t>& features) {
  HostInterpreter it(cls);
  it.set_input(0, features.data(), features.size());
  it.invoke();
  return category(cls, it.output_bytes(0));
}

TEST(MicroSpeechEndToEnd, FirstFrameFeaturesMatchTflm) {
  TINYSIM_REQUIRE_SHARED(pre_path, "tflm_micro_speech_audio_preprocessor_int8.tflite");
  const Model pre = load(pre_path);
  // NoFeatureTest / YesFeatureTest
  const std::vector<int8_t> no = {126, 103, 124, 102, 124, 102, 123, 100, 118, 97, 118, 100, 118, 98,
                                  121, 100, 121, 98,  117, 91,  96,  74,  54,  87, 100, 87,  109, 92,
                                  91,  80,  64,  55,  83,  74,  74,  78,  114, 95, 101, 81};
  const std::vector<int8_t> yes = {124, 105, 126, 103, 125, 101, 123, 100, 116, 98,  115, 97,  113, 90,
                                   91,  82,  104, 96,  117, 97,  121, 103, 126, 101, 125, 104, 126, 104,
                                   125, 101, 116, 90,  81,  74,  80,  71,  83,  76,  82,  71};
  EXPECT_EQ(features_host(pre, "tflm_micro_speech_no_30ms.wav"), no);
  EXPECT_EQ(features_host(pre, "tflm_micro_speech_yes_30ms.wav"), yes);
}

TEST(MicroSpeechEndToEnd, WavsClassifyAsTflmExpectsOnTheHost) {
  TINYSIM_REQUIRE_SHARED(pre_path, "tflm_micro_speech_audio_preprocessor_int8.tflite");
  const Model pre = load(pre_path), cls = load(test::third_party("tflm_micro_speech_int8.tflite"));
  for (const auto& [wav, want] : {std::pair<const char*, const char*>{"yes", "yes"},
                                  {"no", "no"},
                                  {"silence", "silence"},
                                  {"noise", "silence"}}) {
    SCOPED_TRACE(wav);
    const std::vector<int8_t> f = features_host(pre, std::string("tflm_micro_speech_") + wav + "_1000ms.wav");
    ASSERT_EQ(f.size(), size_t{kFrames * kFeatures});
    EXPECT_EQ(classify_host(cls, f), want);
  }
}

// The chain as firmware: every frame a run of the preprocessor's plan with
// the state of the run before, then the classifier; features and category
// bit-identical to the host's. Cycles (stm32l4r5, hard float) per stage.
void chain_on_target(target::Backend backend, const std::vector<const char*>& wavs) {
  TINYSIM_REQUIRE_SHARED(pre_path, "tflm_micro_speech_audio_preprocessor_int8.tflite");
  const Model pre = load(pre_path), cls = load(test::third_party("tflm_micro_speech_int8.tflite"));
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  target::TargetOptions o;
  o.backend = backend;
  for (const char* wav : wavs) {
    SCOPED_TRACE(wav);
    const std::string clip = std::string("tflm_micro_speech_") + wav + "_1000ms.wav";
    auto runs = target::run_frames_on_target(pre, profile, frames_of(clip), o);
    ASSERT_TRUE(runs.ok()) << runs.error().what();
    std::vector<int8_t> f;
    uint64_t pre_cycles = 0, pre_max = 0;
    for (const target::TargetRun& r : *runs) {
      f.insert(f.end(), r.outputs[0].begin(), r.outputs[0].end());
      pre_cycles += r.cycles;
      pre_max = std::max(pre_max, r.cycles);
    }
    EXPECT_EQ(f, features_host(pre, clip));
    std::vector<uint8_t> fb(f.size());
    std::memcpy(fb.data(), f.data(), f.size());
    auto c = target::run_on_target(cls, profile, {fb}, o);
    ASSERT_TRUE(c.ok()) << c.error().what();
    EXPECT_EQ(category(cls, c->outputs[0]), classify_host(cls, f));
    if (backend == target::Backend::Unicorn) {
      std::printf("[ cycles ] micro_speech %-8s preprocessor %llu total over %zu frames (%llu per frame, max %llu), "
                  "classifier %llu (stm32l4r5)\n",
                  wav, static_cast<unsigned long long>(pre_cycles), runs->size(),
                  static_cast<unsigned long long>(pre_cycles / runs->size()), static_cast<unsigned long long>(pre_max),
                  static_cast<unsigned long long>(c->cycles));
      ::testing::Test::RecordProperty(std::string(wav) + "_preprocessor_cycles", std::to_string(pre_cycles));
      ::testing::Test::RecordProperty(std::string(wav) + "_classifier_cycles", std::to_string(c->cycles));
    }
  }
}

TEST(MicroSpeechEndToEnd, ChainOnTheEmulatedMcuMatchesTheHost) {
  chain_on_target(target::Backend::Unicorn, {"yes", "no", "silence", "noise"});
}

TEST(MicroSpeechEndToEnd, ChainOnQemuMatchesTheHost) {
  if (!target::qemu_unavailable_reason().empty()) GTEST_SKIP() << target::qemu_unavailable_reason();
  chain_on_target(target::Backend::Qemu, {"yes"});
}

// The CLI route: `tinysim stream` gives the same categories.
TEST(MicroSpeechEndToEnd, StreamCommandClassifiesTheClips) {
  TINYSIM_REQUIRE_SHARED(pre, "tflm_micro_speech_audio_preprocessor_int8.tflite");
  const auto out = std::filesystem::temp_directory_path() / ("ts_stream_" + std::to_string(::getpid()) + ".json");
  for (const auto& [wav, want] : {std::pair<const char*, int>{"yes", 2}, {"no", 3}, {"silence", 0}}) {
    SCOPED_TRACE(wav);
    const std::string cmd = std::string("'") + TINYSIM_CLI + "' stream '" + pre.string() + "' '" +
                            test::third_party("tflm_micro_speech_int8.tflite").string() + "' --input '" +
                            test::third_party(std::string("tflm_micro_speech_") + wav + "_1000ms.wav").string() +
                            "' --backend host --json >'" + out.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(out);
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j.at("frames").get<int>(), kFrames);
    EXPECT_EQ(j.at("category").get<int>(), want);
  }
  std::filesystem::remove(out);
}

// Both preprocessors, several frames (state carried), on host, Unicorn and
// QEMU: int8 outputs identical, float within 1e-5 relative.
TEST(AudioPreprocessors, RunOnHostUnicornAndQemuAlike) {
  TINYSIM_REQUIRE_SHARED(wav, "tflm_micro_speech_yes_1000ms.wav");
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  auto frames = frames_of(wav.filename().string());
  frames.resize(4);
  for (const char* name : {"tflm_micro_speech_audio_preprocessor_int8.tflite",
                           "tflm_micro_speech_audio_preprocessor_float.tflite"}) {
    SCOPED_TRACE(name);
    const Model m = load(test::third_party(name));
    const bool is_float = m.tensors[static_cast<size_t>(m.outputs[0])].type == DType::Float32;
    std::vector<std::vector<target::TargetRun>> by_backend;
    for (target::Backend b : {target::Backend::Host, target::Backend::Unicorn, target::Backend::Qemu}) {
      if (b == target::Backend::Qemu && !target::qemu_unavailable_reason().empty()) continue;
      target::TargetOptions o;
      o.backend = b;
      auto runs = target::run_frames_on_target(m, profile, frames, o);
      ASSERT_TRUE(runs.ok()) << runs.error().what();
      by_backend.push_back(runs.take());
    }
    for (size_t b = 1; b < by_backend.size(); ++b)
      for (size_t k = 0; k < frames.size(); ++k) {
        const auto &want = by_backend[0][k].outputs[0], &got = by_backend[b][k].outputs[0];
        ASSERT_EQ(want.size(), got.size());
        if (!is_float) {
          EXPECT_EQ(want, got) << "backend " << b << " frame " << k;
          continue;
        }
        for (size_t e = 0; e < want.size() / 4; ++e) {
          float x, y;
          std::memcpy(&x, want.data() + 4 * e, 4);
          std::memcpy(&y, got.data() + 4 * e, 4);
          EXPECT_NEAR(x, y, 1e-5f * std::max(1.f, std::fabs(x))) << "backend " << b << " frame " << k;
        }
      }
    // Frames differ from each other (the spectral subtraction state moves on).
    EXPECT_NE(by_backend[0][0].outputs[0], by_backend[0][3].outputs[0]);
  }
}

}  // namespace
