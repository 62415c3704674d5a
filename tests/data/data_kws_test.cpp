// KWS synthesis (needs espeak-ng and sox; skipped without them): the same seed
// gives the same features, silence clips are quieter than spoken words
// (MFCC c0 tracks log energy), and the split is cached and reloaded intact.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/data/dataset.h"
#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/data/kws_synth.h"
#include "tests/support/shared_files.h"

namespace tinysim {
namespace {

bool have_tools() {
  return std::system("command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1") == 0;
}

TEST(KwsSynth, DeterministicAndSilenceIsQuieterThanWords) {
  if (!have_tools()) GTEST_SKIP() << "needs espeak-ng and sox (apt-get install espeak-ng sox)";
  KwsOptions o;
  o.num_samples = 24;  // two of each class
  o.seed = 99;
  const Dataset a = generate_kws(o), b = generate_kws(o);
  EXPECT_EQ(a.sample_shape, (std::vector<int>{49, 10, 1}));
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.class_names.size(), 12u);
  EXPECT_EQ(a.class_names[10], "silence");
  // Mean over frames of the top-5 frame c0 values: the loud part of the clip.
  auto loudness = [&](size_t i) {
    std::vector<float> c0;
    for (int f = 0; f < 49; ++f) c0.push_back(a.sample(i)[f * 10]);
    std::sort(c0.rbegin(), c0.rend());
    return (c0[0] + c0[1] + c0[2] + c0[3] + c0[4]) / 5;
  };
  float max_silence = -1e9f, min_word = 1e9f;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.y[i] == 10) max_silence = std::max(max_silence, loudness(i));
    else min_word = std::min(min_word, loudness(i));
  }
  EXPECT_LT(max_silence, min_word);
}

TEST(KwsSynth, WordAudioIsOneSecondAndNotSilent) {
  if (!have_tools()) GTEST_SKIP() << "needs espeak-ng and sox";
  KwsVoice v;
  v.espeak_voice = "en-us+m3";
  const auto s = synthesize_word("yes", v, 0.5);
  ASSERT_EQ(s.size(), 16000u);
  float peak = 0;
  for (float x : s) peak = std::max(peak, std::abs(x));
  EXPECT_GT(peak, 0.05f);
  EXPECT_LE(peak, 1.0f);
  EXPECT_EQ(s.front(), 0.0f);  // centred with silence around it
}

TEST(KwsSynth, SplitIsCachedAndReloaded) {
  if (!have_tools()) GTEST_SKIP() << "needs espeak-ng and sox";
  const std::string cache = std::string(TINYSIM_BINARY_DIR) + "/test_tmp/kws_cache";
  std::filesystem::remove_all(cache);
  setenv("TINYSIM_CACHE_DIR", cache.c_str(), 1);
  const Dataset first = load_dataset("kws:12", "test").take();
  EXPECT_TRUE(std::filesystem::exists(cache + "/kws-v1-test-12/dataset.json"));
  const Dataset again = load_dataset("kws:12", "test").take();
  EXPECT_EQ(first.x, again.x);
  EXPECT_EQ(first.y, again.y);
  unsetenv("TINYSIM_CACHE_DIR");
}

// The MLPerf Tiny KWS model was trained on real Speech Commands audio with
// TensorFlow's MFCC pipeline, which ours follows; if our features (or labels)
// were wrong it would score at chance (1/12) on them. Measured on the full
// 720-sample test split: 56.4 %.
TEST(KwsSynth, MlperfKwsModelRecognisesTheSynthesisedWords) {
  if (!have_tools()) GTEST_SKIP() << "needs espeak-ng and sox";
  TINYSIM_REQUIRE_SHARED(p, "mlperf_tiny_kws_ref_float32.tflite");
  KwsOptions o;
  o.num_samples = 120;
  o.seed = 37;
  o.test_speakers = true;
  const Dataset d = generate_kws(o);
  HostInterpreter interp(load_tflite(p.string()).take());
  int correct = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    interp.set_input_from_float(0, std::vector<float>(d.sample(i), d.sample(i) + 490));
    interp.invoke();
    const auto out = interp.output_as_float(0);
    correct += std::max_element(out.begin(), out.end()) - out.begin() == d.y[i];
  }
  const double acc = static_cast<double>(correct) / d.size();
  std::cout << "MLPerf KWS float model on 120 synthetic clips: " << acc * 100 << " % (chance 8.3 %)\n";
  EXPECT_GT(acc, 0.3);
}

}  // namespace
}  // namespace tinysim
