// Inputs from images and WAV clips (report::inputs_from_files): a PGM of a
// Fashion-MNIST-sized image becomes exactly quantize_for_tensor of its pixels
// /255 for the int8 sample model (and the float bytes for the float one); a
// WAV becomes the kws MFCC quantized with the kws input's scale; a WAV for an
// image model and a .csv still work / fail as before, with the file named.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/data/mfcc.h"
#include "core/model/tflite_reader.h"
#include "core/ops/interpreter.h"
#include "core/report/input_samples.h"

namespace tinysim {
namespace {
namespace fs = std::filesystem;

fs::path tmp(const std::string& name) {
  fs::path d = fs::path(TINYSIM_BINARY_DIR) / "test_tmp" / "input_samples";
  fs::create_directories(d);
  return d / name;
}

std::string sample(const std::string& uc, const std::string& file) {
  return (fs::path(TINYSIM_SOURCE_DIR) / "sample_models" / uc / file).string();
}

TEST(InputSamples, PgmImageIsItsPixelsQuantizedWithTheInputScale) {
  std::vector<float> px(28 * 28);
  std::string bytes(28 * 28, '\0');
  for (int i = 0; i < 28 * 28; ++i) {
    bytes[size_t(i)] = char((i * 37) % 256);
    px[size_t(i)] = float((i * 37) % 256) / 255.0f;
  }
  const fs::path pgm = tmp("shirt.pgm");
  std::ofstream(pgm, std::ios::binary) << "P5\n28 28\n255\n" << bytes;
  for (const char* file : {"fashion_mnist_int8.tflite", "fashion_mnist_float.tflite"}) {
    const Model m = load_tflite(sample("fashion_mnist", file)).take();
    const auto in = report::inputs_from_files(m, {pgm.string()}, -1);
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0], quantize_for_tensor(m.tensors[size_t(m.inputs[0])], px)) << file;
  }
}

TEST(InputSamples, WavIsTheKwsMfccAndRefusedForAnImageModel) {
  std::vector<int16_t> s(16000);
  std::vector<float> f(16000);
  for (size_t i = 0; i < s.size(); ++i) {
    s[i] = int16_t(6000 * std::sin(2 * M_PI * 440 * double(i) / 16000));
    f[i] = s[i] / 32768.0f;
  }
  const fs::path wav = tmp("yes.wav");
  {
    std::ofstream o(wav, std::ios::binary);
    auto u32 = [&](uint32_t v) { o.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](uint16_t v) { o.write(reinterpret_cast<const char*>(&v), 2); };
    o.write("RIFF", 4); u32(36 + 32000); o.write("WAVE", 4);
    o.write("fmt ", 4); u32(16); u16(1); u16(1); u32(16000); u32(32000); u16(2); u16(16);
    o.write("data", 4); u32(32000);
    o.write(reinterpret_cast<const char*>(s.data()), 32000);
  }
  const Model kws = load_tflite(sample("kws", "kws_int8.tflite")).take();
  const auto in = report::inputs_from_files(kws, {wav.string()}, -1);
  EXPECT_EQ(in.at(0), quantize_for_tensor(kws.tensors[size_t(kws.inputs[0])], Mfcc().compute(f.data(), f.size())));
  const Model fm = load_tflite(sample("fashion_mnist", "fashion_mnist_int8.tflite")).take();
  try {
    report::inputs_from_files(fm, {wav.string()}, -1);
    FAIL() << "a WAV was taken for a 784-value input";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("yes.wav"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("784"), std::string::npos) << e.what();
  }
  // A .csv is read as before (target::model_inputs).
  const fs::path csv = tmp("zeros.csv");
  {
    std::ofstream o(csv);
    for (int i = 0; i < 784; ++i) o << (i ? "," : "") << 0;
  }
  const auto z = report::inputs_from_files(fm, {csv.string()}, -1);
  EXPECT_EQ(z.at(0), std::vector<uint8_t>(784, 0));
}

}  // namespace
}  // namespace tinysim
