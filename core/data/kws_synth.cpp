#include "core/data/kws_synth.h"

#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/mfcc.h"
#include "core/data/seeded_rng.h"

namespace tinysim {
namespace {

// Bump when anything below changes the generated features: it names the cache.
constexpr int kGeneratorVersion = 1;

const std::vector<std::string> kKeywords = {"down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes"};
const std::vector<std::string> kUnknownWords = {
    "bed", "bird", "cat", "dog", "happy", "house", "marvin", "sheila", "tree", "wow", "zero", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "backward", "forward", "follow", "learn", "visual"};
const std::vector<std::string> kAccents = {"en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan",
                                           "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029"};
const std::vector<std::string> kVariants = {"m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4",
                                            "f5", "klatt", "klatt2", "klatt3", "klatt4", "adam", "andy",
                                            "belinda", "benjamin", "david", "ed", "linda", "steph", "john",
                                            "max", "michel", "paul", "robert", "travis", "zac", "grandma",
                                            "grandpa"};

constexpr int kSilence = 10, kUnknown = 11, kClasses = 12;

// Voice pools: every 5th accent/variant pair is held out for the test split,
// so test "speakers" are voices the training split never used.
std::vector<std::string> voice_pool(bool test) {
  std::vector<std::string> pool;
  size_t k = 0;
  for (const auto& a : kAccents)
    for (const auto& v : kVariants) {
      if ((k++ % 5 == 0) == test) pool.push_back(a + "+" + v);
    }
  return pool;
}

std::string run_capture(const std::string& cmd, const std::string& what) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw Error(what, "cannot start the synthesis pipeline");
  std::string out;
  char buf[1 << 15];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  if (status != 0 || out.empty())
    throw Error(what, "espeak-ng/sox pipeline failed (" + cmd + ")", "apt-get install espeak-ng sox");
  return out;
}

void require_tools() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = std::system("command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1") == 0;
  });
  if (!ok) throw Error("kws", "espeak-ng or sox not found on PATH", "apt-get install espeak-ng sox");
}

// Coloured noise with unit RMS: white, pink (Paul Kellet's filter) or brown
// (leaky integrator).
std::vector<float> noise(SeededRng& r, int kind, size_t n) {
  std::vector<float> v(n);
  double b0 = 0, b1 = 0, b2 = 0, brown = 0;
  for (size_t i = 0; i < n; ++i) {
    const double w = r.normal();
    double s = w;
    if (kind == 1) {
      b0 = 0.99765 * b0 + w * 0.0990460;
      b1 = 0.96300 * b1 + w * 0.2965164;
      b2 = 0.57000 * b2 + w * 1.0526913;
      s = b0 + b1 + b2 + w * 0.1848;
    } else if (kind == 2) {
      brown = 0.995 * brown + w * 0.1;
      s = brown;
    }
    v[i] = static_cast<float>(s);
  }
  double e = 0;
  for (float x : v) e += double(x) * x;
  const double rms = std::sqrt(e / static_cast<double>(n));
  if (rms > 0) for (float& x : v) x = static_cast<float>(x / rms);
  return v;
}

}  // namespace

const std::vector<std::string>& kws_class_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = kKeywords;
    n.push_back("silence");
    n.push_back("unknown");
    return n;
  }();
  return names;
}

std::vector<float> synthesize_word(const std::string& word, const KwsVoice& v, double offset) {
  require_tools();
  // Words and voices come from the fixed lists above, so no shell quoting issue.
  char cmd[512];
  std::snprintf(cmd, sizeof cmd,
                "espeak-ng -v %s -p %d -s %d --stdout '%s' 2>/dev/null | "
                "sox -q -R -D -t wav - -t raw -r %d -e signed -b 16 -c 1 - tempo %.3f gain %.2f 2>/dev/null",
                v.espeak_voice.c_str(), v.pitch, v.speed, word.c_str(), kKwsSampleRate, v.tempo, v.gain_db);
  const std::string raw = run_capture(cmd, "kws word '" + word + "'");
  std::vector<float> s(raw.size() / 2);
  for (size_t i = 0; i < s.size(); ++i) {
    int16_t q;
    std::memcpy(&q, raw.data() + 2 * i, 2);
    s[i] = q / 32768.0f;
  }
  // Trim the synthesiser's leading and trailing silence.
  float peak = 0;
  for (float x : s) peak = std::max(peak, std::abs(x));
  const float thr = 0.02f * peak;
  size_t a = 0, b = s.size();
  while (a < b && std::abs(s[a]) <= thr) ++a;
  while (b > a && std::abs(s[b - 1]) <= thr) --b;
  std::vector<float> out(kKwsSampleRate, 0.0f);
  const size_t len = b - a;
  if (len >= out.size()) {  // too long: keep the middle second
    const size_t start = a + (len - out.size()) / 2;
    std::copy(s.begin() + static_cast<std::ptrdiff_t>(start),
              s.begin() + static_cast<std::ptrdiff_t>(start + out.size()), out.begin());
  } else {
    const size_t at = static_cast<size_t>(std::clamp(offset, 0.0, 1.0) * static_cast<double>(out.size() - len));
    std::copy(s.begin() + static_cast<std::ptrdiff_t>(a), s.begin() + static_cast<std::ptrdiff_t>(b),
              out.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return out;
}

std::vector<float> kws_sample_audio(const KwsOptions& o, size_t i, int* label) {
  SeededRng r(SeededRng::mix(o.seed, i, 0x4B5753));
  const int cls = static_cast<int>(i % kClasses);
  if (label) *label = cls;
  std::vector<float> audio(kKwsSampleRate, 0.0f);
  double speech_rms = 0.0;
  if (cls != kSilence) {
    static const std::vector<std::string> train_pool = voice_pool(false), test_pool = voice_pool(true);
    const auto& pool = o.test_speakers ? test_pool : train_pool;
    KwsVoice v;
    v.espeak_voice = pool[static_cast<size_t>(r.integer(0, static_cast<int>(pool.size()) - 1))];
    v.pitch = r.integer(20, 80);
    v.speed = r.integer(120, 200);
    v.tempo = r.uniform(0.85, 1.2);
    v.gain_db = r.uniform(-12.0, 0.0);
    const std::string word = cls == kUnknown
                                 ? kUnknownWords[static_cast<size_t>(r.integer(0, static_cast<int>(kUnknownWords.size()) - 1))]
                                 : kKeywords[static_cast<size_t>(cls)];
    audio = synthesize_word(word, v, r.uniform());
    double e = 0;
    size_t active = 0;
    for (float x : audio)
      if (x != 0.0f) { e += double(x) * x; ++active; }
    speech_rms = active ? std::sqrt(e / static_cast<double>(active)) : 0.0;
  }
  // Background: silence clips are noise alone at a random level; words get
  // noise at a random SNR (10% of clips are clean).
  const int kind = r.integer(0, 2);
  double level = 0.0;
  if (cls == kSilence) level = std::pow(10.0, r.uniform(-3.5, -1.3));
  else if (!r.chance(0.1)) level = speech_rms * std::pow(10.0, -r.uniform(10.0, 35.0) / 20.0);
  // Even "clean" clips get a -80 dBFS floor: a real microphone and ADC never
  // give exact digital zeros, whose log-mel would be log(1e-6).
  level = std::max(level, 1e-4);
  if (level > 0.0) {
    const std::vector<float> n = noise(r, kind, audio.size());
    for (size_t k = 0; k < audio.size(); ++k) audio[k] += static_cast<float>(level * n[k]);
  }
  for (float& x : audio) x = std::clamp(x, -1.0f, 1.0f);
  return audio;
}

Dataset generate_kws(const KwsOptions& o) {
  Dataset d;
  d.name = "kws";
  d.sample_shape = {49, 10, 1};
  d.num_classes = kClasses;
  d.class_names = kws_class_names();
  d.x.assign(o.num_samples * 490, 0.0f);
  d.y.assign(o.num_samples, 0);
  const Mfcc mfcc;
  std::atomic<size_t> next{0}, done{0};
  std::mutex err_mu, progress_mu;
  std::string first_error;
  auto worker = [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= o.num_samples) return;
      if (dataset_cancel_requested()) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (first_error.empty()) first_error = "kws: generation cancelled";
        next = o.num_samples;
        return;
      }
      try {
        int label = 0;
        const std::vector<float> audio = kws_sample_audio(o, i, &label);
        const std::vector<float> f = mfcc.compute(audio.data(), audio.size());
        std::copy(f.begin(), f.end(), d.x.begin() + static_cast<std::ptrdiff_t>(i * 490));
        d.y[i] = label;
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (first_error.empty()) first_error = e.what();
        next = o.num_samples;
        return;
      }
      const size_t k = ++done;
      if (o.progress) {
        std::lock_guard<std::mutex> lock(progress_mu);
        o.progress(k, o.num_samples);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, o.threads); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (!first_error.empty()) throw Error(first_error);
  return d;
}

Dataset kws_split(const std::string& split, size_t n) {
  KwsOptions o;
  if (split == "train") { o.seed = 31; o.num_samples = n ? n : 3000; }
  else if (split == "calib") { o.seed = 33; o.num_samples = n ? n : 240; }
  else if (split == "test") { o.seed = 37; o.num_samples = n ? n : 720; o.test_speakers = true; }
  else throw Error("kws", "unknown split '" + split + "'", "use train, test or calib");
  namespace fs = std::filesystem;
  const std::string dir = (fs::path(data_cache_dir()) /
                           ("kws-v" + std::to_string(kGeneratorVersion) + "-" + split + "-" + std::to_string(o.num_samples)))
                              .string();
  if (fs::exists(fs::path(dir) / "dataset.json")) {
    Result<Dataset> cached = load_dataset(dir, split);
    if (cached.ok()) return cached.take();
    // A damaged cache is regenerated rather than reported.
  }
  o.progress = [&](size_t done, size_t total) { report_dataset_progress("kws " + split, done, total); };
  Dataset d = generate_kws(o);
  d.name = "kws";
  Result<bool> saved = save_dataset(d, dir, split);
  if (!saved.ok()) throw saved.error();
  return d;
}

}  // namespace tinysim
