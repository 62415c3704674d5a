// IDX files: hand-made bytes parse to the right shape and values, a gzip file
// reads the same as the plain one, save_dataset/load_dataset round-trip, and
// malformed files give one-line errors naming the file.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "core/data/dataset.h"
#include "core/data/idx_reader.h"
#include "tests/support/temp_dir.h"

namespace tinysim {
namespace {
namespace fs = std::filesystem;

using test::temp_dir;

void write_bytes(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// 2 x 3 uint8 array, then a 1-D float32 array [1.5, -2.0] (big-endian).
const std::vector<uint8_t> kU8 = {0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 250, 251, 255};
const std::vector<uint8_t> kF32 = {0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3F, 0xC0, 0, 0, 0xC0, 0, 0, 0};

TEST(Idx, ParsesUint8AndFloat32BigEndian) {
  IdxArray a = parse_idx(kU8, "u8");
  EXPECT_EQ(a.type, IdxType::UInt8);
  EXPECT_EQ(a.shape, (std::vector<int>{2, 3}));
  EXPECT_EQ(a.values, (std::vector<float>{1, 2, 3, 250, 251, 255}));
  IdxArray f = parse_idx(kF32, "f32");
  EXPECT_EQ(f.values, (std::vector<float>{1.5f, -2.0f}));
}

TEST(Idx, GzipFileReadsLikePlainFile) {
  const fs::path dir = temp_dir("idx_gz");
  write_bytes(dir / "a.idx", kU8);
  gzFile g = gzopen((dir / "a.idx.gz").c_str(), "wb");
  ASSERT_NE(g, nullptr);
  gzwrite(g, kU8.data(), static_cast<unsigned>(kU8.size()));
  gzclose(g);
  EXPECT_EQ(read_idx((dir / "a.idx").string()).values, read_idx((dir / "a.idx.gz").string()).values);
}

TEST(Idx, TruncatedAndBadMagicAreErrorsNamingTheFile) {
  std::vector<uint8_t> cut(kU8.begin(), kU8.end() - 2);
  try {
    parse_idx(cut, "cut.idx");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cut.idx: IDX data truncated"), std::string::npos) << e.what();
  }
  std::vector<uint8_t> bad = kU8;
  bad[2] = 0x42;
  EXPECT_THROW(parse_idx(bad, "bad.idx"), Error);
  EXPECT_THROW(read_idx("/nonexistent/file.idx"), Error);
}

TEST(Idx, WriteReadRoundTrip) {
  const fs::path dir = temp_dir("idx_rt");
  const std::vector<float> v = {0.25f, -7.5f, 3e-5f, 1e6f, 0.0f, -0.0f};
  write_idx((dir / "x.idx").string(), IdxType::Float32, {3, 2}, v);
  IdxArray a = read_idx((dir / "x.idx").string());
  EXPECT_EQ(a.shape, (std::vector<int>{3, 2}));
  EXPECT_EQ(a.values, v);
  EXPECT_THROW(write_idx((dir / "y.idx").string(), IdxType::UInt8, {1}, {300.0f}), Error);
}

TEST(Datasets, SaveAndLoadDirectoryRoundTrip) {
  const fs::path dir = temp_dir("ds_rt");
  Dataset d = load_dataset("vibration:9", "test").take();
  ASSERT_TRUE(save_dataset(d, dir.string(), "test").ok());
  ASSERT_TRUE(save_dataset(load_dataset("vibration:6", "train").take(), dir.string(), "train").ok());
  Dataset e = load_dataset(dir.string(), "test").take();
  EXPECT_EQ(e.sample_shape, d.sample_shape);
  EXPECT_EQ(e.x, d.x);
  EXPECT_EQ(e.y, d.y);
  EXPECT_EQ(e.class_names, d.class_names);
  EXPECT_EQ(load_dataset(dir.string(), "train").take().size(), 6u);
  EXPECT_EQ(load_dataset(dir.string() + ":4", "test").take().size(), 4u);
  auto missing = load_dataset(dir.string(), "calib");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.error().what()).find("no 'calib' split"), std::string::npos);
}

TEST(Datasets, MalformedDatasetJsonIsAnError) {
  const fs::path dir = temp_dir("ds_bad");
  std::ofstream(dir / "dataset.json") << "{\"sample_shape\": [2], \"num_classes\": ";
  auto r = load_dataset(dir.string(), "train");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("malformed JSON"), std::string::npos);
  const fs::path empty = temp_dir("ds_empty");
  auto s = load_dataset(empty.string(), "train");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.error().what()).find("make-data"), std::string::npos);
}

TEST(Datasets, FashionMnistFromDebianPackage) {
  if (!fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "needs the Debian package dataset-fashion-mnist";
  Dataset d = load_dataset("fashion-mnist", "test").take();
  EXPECT_EQ(d.size(), 10000u);
  EXPECT_EQ(d.sample_shape, (std::vector<int>{28, 28, 1}));
  EXPECT_EQ(d.num_classes, 10);
  EXPECT_EQ(d.class_names[9], "Ankle boot");
  EXPECT_EQ(*std::min_element(d.x.begin(), d.x.end()), 0.0f);
  EXPECT_EQ(*std::max_element(d.x.begin(), d.x.end()), 1.0f);
  for (int c = 0; c < 10; ++c) EXPECT_EQ(std::count(d.y.begin(), d.y.end(), c), 1000);  // t10k is balanced
  Dataset c1 = load_dataset("fashion-mnist", "calib").take();
  Dataset c2 = load_dataset("fashion-mnist:50", "calib").take();
  EXPECT_EQ(c1.size(), 1000u);
  EXPECT_TRUE(std::equal(c2.x.begin(), c2.x.end(), c1.x.begin()));  // same seeded subset
}

TEST(Datasets, MissingFashionMnistNamesThePathAndThePackage) {
  const fs::path empty = temp_dir("no_fashion");
  setenv("TINYSIM_FASHION_MNIST_DIR", empty.c_str(), 1);
  auto r = load_dataset("fashion-mnist", "train");
  unsetenv("TINYSIM_FASHION_MNIST_DIR");
  ASSERT_FALSE(r.ok());
  const std::string msg = r.error().what();
  EXPECT_NE(msg.find((empty / "train-images-idx3-ubyte.gz").string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("apt-get install dataset-fashion-mnist"), std::string::npos) << msg;
}

TEST(Datasets, RandomSpec) {
  uint32_t seed = 0;
  size_t n = 0;
  EXPECT_TRUE(parse_random_spec("random:7:33", seed, n, 100));
  EXPECT_EQ(seed, 7u);
  EXPECT_EQ(n, 33u);
  EXPECT_TRUE(parse_random_spec("random:9", seed, n, 100));
  EXPECT_EQ(n, 100u);
  EXPECT_FALSE(parse_random_spec("har", seed, n, 100));
  EXPECT_THROW(parse_random_spec("random:x", seed, n, 100), Error);
  Dataset a = make_random_dataset({2, 3}, 5, 4, -1.0f, 1.0f), b = make_random_dataset({2, 3}, 5, 4, -1.0f, 1.0f);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.x.size(), 24u);
  for (float v : a.x) EXPECT_TRUE(v >= -1.0f && v < 1.0f);
}

}  // namespace
}  // namespace tinysim
