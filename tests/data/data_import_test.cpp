// Importing the user's own data (core/data/data_import.h): images written here
// with stb_image_write read back to the exact pixel values (/255), labelled by
// their sorted class folder, split per class without overlap; WAV clips give
// the MFCC of their 16-bit samples; CSV rows with a header and named labels;
// `tinysim make-data --from` writes what load_dataset reads; and bad input
// (no classes, mixed kinds, a corrupt image, a WAV at 44.1 kHz, a CSV with a
// non-finite value) is a one-line error naming the file.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <stb_image_write.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/data/data_import.h"
#include "core/data/dataset.h"
#include "core/data/mfcc.h"
#include "tests/support/temp_dir.h"

namespace tinysim {
namespace {
namespace fs = std::filesystem;

using test::temp_dir;

// A w x h image of `channels` whose pixel i is (seed + 7 i) mod 256.
std::vector<uint8_t> pattern(int w, int h, int channels, int seed) {
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * channels);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>((seed + 7 * i) % 256);
  return px;
}

void write_png(const fs::path& p, int w, int h, int channels, int seed) {
  fs::create_directories(p.parent_path());
  const auto px = pattern(w, h, channels, seed);
  ASSERT_TRUE(stbi_write_png(p.string().c_str(), w, h, channels, px.data(), w * channels));
}

void write_wav(const fs::path& p, int rate, const std::vector<int16_t>& s) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  auto u32 = [&](uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [&](uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
  const uint32_t bytes = static_cast<uint32_t>(s.size() * 2);
  f.write("RIFF", 4); u32(36 + bytes); f.write("WAVE", 4);
  f.write("fmt ", 4); u32(16); u16(1); u16(1); u32(static_cast<uint32_t>(rate)); u32(static_cast<uint32_t>(rate) * 2); u16(2); u16(16);
  f.write("data", 4); u32(bytes);
  f.write(reinterpret_cast<const char*>(s.data()), bytes);
}

std::string error_of(const std::string& path, const ImportOptions& o = {}) {
  auto r = import_dataset(path, o);
  return r.ok() ? std::string("(imported)") : std::string(r.error().what());
}

TEST(DataImport, ImageFoldersBecomeLabelledStratifiedSplits) {
  const fs::path root = temp_dir("import_images") / "pets";
  // Class folders in unsorted creation order; labels follow sorted names.
  const std::vector<std::string> classes = {"zebra", "cat", "dog"};
  for (size_t c = 0; c < classes.size(); ++c)
    for (int k = 0; k < 10; ++k)
      write_png(root / classes[c] / ("img" + std::to_string(k) + ".png"), 6, 4, 1, static_cast<int>(c * 100 + k));
  std::ofstream(root / "cat" / "README.txt") << "not a sample\n";
  auto r = import_dataset(root.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  const ImportedDataset& d = *r;
  EXPECT_EQ(d.files, 30u);
  EXPECT_EQ(d.train.class_names, (std::vector<std::string>{"cat", "dog", "zebra"}));
  EXPECT_EQ(d.train.sample_shape, (std::vector<int>{4, 6, 1}));  // H x W x C of the first image
  // 20 % of each class to test, the rest to train; calib 10 % of train per class.
  EXPECT_EQ(d.test.size(), 6u);
  EXPECT_EQ(d.train.size(), 24u);
  EXPECT_EQ(d.calib.size(), 3u);
  for (int c = 0; c < 3; ++c) EXPECT_EQ(std::count(d.test.y.begin(), d.test.y.end(), c), 2);
  // Every test sample is some file's exact pixels /255, under its class, and
  // no file is in both train and test.
  auto seed_of = [](const Dataset& ds, size_t i) { return static_cast<int>(std::lround(ds.sample(i)[0] * 255.0f)); };
  std::set<int> train_seeds, test_seeds;
  for (size_t i = 0; i < d.train.size(); ++i) train_seeds.insert(seed_of(d.train, i) + 1000 * d.train.y[i]);
  for (size_t i = 0; i < d.test.size(); ++i) {
    const int seed = seed_of(d.test, i);
    const auto px = pattern(6, 4, 1, seed);
    for (size_t k = 0; k < px.size(); ++k) ASSERT_EQ(d.test.sample(i)[k], px[k] / 255.0f);
    const int cls = d.test.y[i];
    // seeds: zebra 0-9, cat 100-109, dog 200-209; sorted labels cat 0, dog 1, zebra 2.
    const int folder = seed / 100;
    EXPECT_EQ(cls, folder == 0 ? 2 : folder - 1);
    test_seeds.insert(seed + 1000 * cls);
  }
  for (int s : test_seeds) EXPECT_EQ(train_seeds.count(s), 0u);
  EXPECT_EQ(train_seeds.size() + test_seeds.size(), 30u);
  // The same folder imports the same way again (the split is by file name).
  auto again = import_dataset(root.string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->test.x, d.test.x);
}

TEST(DataImport, ShapeResizesAndConvertsColour) {
  const fs::path root = temp_dir("import_resize");
  for (int c = 0; c < 2; ++c)
    for (int k = 0; k < 3; ++k) write_png(root / ("c" + std::to_string(c)) / ("i" + std::to_string(k) + ".png"), 20, 10, 3, k);
  ImportOptions o;
  o.sample_shape = {8, 8, 1};
  auto r = import_dataset(root.string(), o);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->train.sample_shape, (std::vector<int>{8, 8, 1}));
  EXPECT_EQ(r->train.x.size(), r->train.size() * 64);
  for (float v : r->train.x) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
}

TEST(DataImport, TrainAndTestFoldersAreUsedAsGiven) {
  const fs::path root = temp_dir("import_ondisk");
  for (const char* split : {"train", "test"})
    for (const char* c : {"no", "yes"})
      for (int k = 0; k < (std::string(split) == "train" ? 4 : 2); ++k)
        write_png(root / split / c / ("f" + std::to_string(k) + ".png"), 3, 3, 1, k);
  auto r = import_dataset(root.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->train.size(), 8u);
  EXPECT_EQ(r->test.size(), 4u);
  EXPECT_EQ(r->train.class_names, (std::vector<std::string>{"no", "yes"}));
}

TEST(DataImport, WavClipsGiveTheMfccOfTheirSamples) {
  const fs::path root = temp_dir("import_wav");
  std::vector<std::vector<int16_t>> clips;
  for (int c = 0; c < 2; ++c)
    for (int k = 0; k < 2; ++k) {
      std::vector<int16_t> s(12000);  // 0.75 s: zero-padded to 1 s
      for (size_t i = 0; i < s.size(); ++i)
        s[i] = static_cast<int16_t>(8000 * std::sin(2 * M_PI * (300 + 500 * c + 50 * k) * double(i) / 16000));
      write_wav(root / (c ? "on" : "off") / ("clip" + std::to_string(k) + ".wav"), 16000, s);
      clips.push_back(s);
    }
  ImportOptions o;
  o.test_fraction = 0.5;
  auto r = import_dataset(root.string(), o);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->train.sample_shape, (std::vector<int>{49, 10, 1}));
  ASSERT_EQ(r->train.size() + r->test.size(), 4u);
  // Recompute the features of every clip and find each imported sample among them.
  const Mfcc mfcc;
  std::vector<std::vector<float>> expect;
  for (const auto& s : clips) {
    std::vector<float> f(16000, 0.0f);
    for (size_t i = 0; i < s.size(); ++i) f[i] = s[i] / 32768.0f;
    expect.push_back(mfcc.compute(f.data(), f.size()));
  }
  for (const Dataset* d : {&r->train, &r->test})
    for (size_t i = 0; i < d->size(); ++i) {
      const std::vector<float> got(d->sample(i), d->sample(i) + 490);
      const int idx = static_cast<int>(std::find(expect.begin(), expect.end(), got) - expect.begin());
      ASSERT_LT(idx, 4) << "sample " << i << " matches no clip's MFCC";
      EXPECT_EQ(d->y[i], idx / 2);  // clips 0-1 are "off" (label 0), 2-3 "on"
    }
  write_wav(root / "on" / "loud.wav", 44100, std::vector<int16_t>(441, 0));
  const std::string e = error_of(root.string());
  EXPECT_NE(e.find("loud.wav"), std::string::npos) << e;
  EXPECT_NE(e.find("44100 Hz"), std::string::npos) << e;
  EXPECT_NE(e.find("sox"), std::string::npos) << e;
}

TEST(DataImport, CsvWithHeaderAndNamedLabels) {
  const fs::path dir = temp_dir("import_csv");
  {
    std::ofstream f(dir / "sensor.csv");
    f << "x,y,z,label\n";
    for (int i = 0; i < 20; ++i) f << i << "," << i * 0.5 << "," << -i << "," << (i % 2 ? "walk" : "idle") << "\n";
  }
  ImportOptions o;
  o.sample_shape = {1, 3};
  auto r = import_dataset((dir / "sensor.csv").string(), o);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->train.class_names, (std::vector<std::string>{"idle", "walk"}));
  EXPECT_EQ(r->train.size() + r->test.size(), 20u);
  EXPECT_EQ(r->test.size(), 4u);  // 2 of each class's 10
  for (const Dataset* d : {&r->train, &r->test})
    for (size_t i = 0; i < d->size(); ++i) {
      const float* s = d->sample(i);
      EXPECT_EQ(s[1], s[0] * 0.5f);
      EXPECT_EQ(s[2], -s[0]);
      EXPECT_EQ(d->y[i], static_cast<int>(s[0]) % 2);
    }
  {
    std::ofstream f(dir / "bad.csv");
    f << "1,2,0\n3,nan,1\n";
  }
  const std::string e = error_of((dir / "bad.csv").string());
  EXPECT_NE(e.find("bad.csv:2"), std::string::npos) << e;
  EXPECT_NE(e.find("not finite"), std::string::npos) << e;
}

TEST(DataImport, BadFoldersGiveOneLineErrorsNamingTheFile) {
  const fs::path base = temp_dir("import_bad");
  EXPECT_NE(error_of((base / "missing").string()).find("no such file or folder"), std::string::npos);
  write_png(base / "one" / "only" / "a.png", 2, 2, 1, 0);
  EXPECT_NE(error_of((base / "one").string()).find("need two or more"), std::string::npos);
  write_png(base / "mixed" / "a" / "x.png", 2, 2, 1, 0);
  write_wav(base / "mixed" / "b" / "y.wav", 16000, std::vector<int16_t>(10, 0));
  EXPECT_NE(error_of((base / "mixed").string()).find("mixes images and WAV"), std::string::npos);
  write_png(base / "corrupt" / "a" / "ok.png", 2, 2, 1, 0);
  fs::create_directories(base / "corrupt" / "b");
  std::ofstream(base / "corrupt" / "b" / "broken.png") << "\x89PNG not really";
  const std::string e = error_of((base / "corrupt").string());
  EXPECT_NE(e.find("broken.png"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  // A cancelled import throws and writes nothing.
  ImportOptions cancel;
  cancel.progress = [](size_t, size_t) { return false; };
  write_png(base / "two" / "a" / "1.png", 2, 2, 1, 0);
  write_png(base / "two" / "b" / "1.png", 2, 2, 1, 0);
  EXPECT_NE(error_of((base / "two").string(), cancel).find("cancelled"), std::string::npos);
  EXPECT_THROW(parse_shape("28x0x1"), Error);
  EXPECT_EQ(parse_shape("28x28x1"), (std::vector<int>{28, 28, 1}));
}

TEST(DataImport, MakeDataFromWritesWhatLoadDatasetReads) {
  const fs::path base = temp_dir("import_cli");
  for (int c = 0; c < 2; ++c)
    for (int k = 0; k < 5; ++k) write_png(base / "in" / ("k" + std::to_string(c)) / (std::to_string(k) + ".png"), 5, 5, 1, c * 10 + k);
  const fs::path out = base / "out";
  const std::string cmd = std::string(TINYSIM_CLI) + " make-data --from " + (base / "in").string() + " -o " + out.string() +
                          " > " + (base / "log").string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_FALSE(fs::exists(base / "out.partial"));
  auto direct = import_dataset((base / "in").string());
  ASSERT_TRUE(direct.ok());
  for (const char* split : {"train", "test", "calib"}) {
    auto d = load_dataset(out.string(), split);
    ASSERT_TRUE(d.ok()) << d.error().what();
    const Dataset& ref = std::string(split) == "train" ? direct->train : std::string(split) == "test" ? direct->test : direct->calib;
    EXPECT_EQ(d->x, ref.x) << split;
    EXPECT_EQ(d->y, ref.y) << split;
    EXPECT_EQ(d->class_names, ref.class_names);
  }
  // A bad source: exit 2, one line naming it, nothing written.
  const std::string bad = std::string(TINYSIM_CLI) + " make-data --from " + (base / "nope").string() + " -o " +
                          (base / "out2").string() + " 2> " + (base / "err").string();
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
  std::ifstream err(base / "err");
  std::string line, extra;
  std::getline(err, line);
  EXPECT_NE(line.find("nope"), std::string::npos) << line;
  EXPECT_FALSE(std::getline(err, extra) && !extra.empty());
  EXPECT_FALSE(fs::exists(base / "out2"));
}

}  // namespace
}  // namespace tinysim
