// A small float CNN with seeded weights, its int8 PTQ variant and a labelled
// data set, written to a temp folder as <name>_float.tflite / <name>_int8.tflite
// + a dataset dir, so bench tests need neither ../shared nor trained samples.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/ops/interpreter.h"
#include "core/model/tflite_writer.h"
#include "core/data/dataset.h"
#include "core/train/model_builder.h"
#include "core/optimize/quantize.h"
#include "core/report/host_eval.h"

namespace tinysim::test {

struct TinyFixture {
  std::filesystem::path dir, float_path, int8_path, data_dir;
  Dataset data;
};

// n samples; labels: the float model's top-1 for even samples, i % 4 for odd
// ones, so accuracy is neither 0 nor 1 and int8 can differ from float.
inline TinyFixture make_tiny_fixture(const std::string& tag, size_t n) {
  namespace fs = std::filesystem;
  TinyFixture f;
  f.dir = fs::temp_directory_path() / ("tinysim_report_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(f.dir);
  fs::create_directories(f.dir);
  using train::LayerSpec;
  LayerSpec conv;
  conv.type = "conv2d";
  conv.filters = 4;
  conv.kernel_h = conv.kernel_w = 3;
  conv.activation = Activation::Relu;
  LayerSpec flat;
  flat.type = "flatten";
  LayerSpec dense;
  dense.type = "dense";
  dense.filters = 4;
  Model fm = train::build_model({8, 8, 1}, {conv, flat, dense}, true, 7, "tiny");
  Dataset calib = make_random_dataset({8, 8, 1}, 11, 64, 0.f, 1.f);
  QuantizeOptions qo;
  Model qm = quantize_model(fm, calib, qo).take();
  f.float_path = f.dir / "tiny_float.tflite";
  f.int8_path = f.dir / "tiny_int8.tflite";
  save_tflite(fm, f.float_path.string()).take();
  save_tflite(qm, f.int8_path.string()).take();

  f.data = make_random_dataset({8, 8, 1}, 5, n, 0.f, 1.f);
  f.data.num_classes = 4;
  f.data.class_names = {"a", "b", "c", "d"};
  HostInterpreter interp(fm);
  for (size_t i = 0; i < n; ++i) {
    if (i % 2) {
      f.data.y[i] = int(i % 4);
      continue;
    }
    interp.set_input_from_float(0, std::vector<float>(f.data.sample(i), f.data.sample(i) + 64));
    interp.invoke();
    const auto y = interp.output_as_float(0);
    f.data.y[i] = report::argmax(y.data(), y.size());
  }
  f.data_dir = f.dir / "data";
  fs::create_directories(f.data_dir);
  save_dataset(f.data, f.data_dir.string(), "test").take();
  return f;
}

}  // namespace tinysim::test
