// Grouping of model files into use cases and variants, data sets from
// recipes, and the host-vs-emulator output comparison that makes a mismatch
// an error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/report/model_discovery.h"
#include "core/report/spot_check.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

TEST(Discovery, GroupsVariantsFloatFirstAndReadsRecipes) {
  const fs::path dir = fs::temp_directory_path() / ("tinysim_disc_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "kws");
  fs::create_directories(dir / "har");
  for (const char* f : {"kws_pruned_int8.tflite", "kws_int8.tflite", "kws_float.tflite", "kws_distilled_int8.tflite",
                        "har_qat_int8.tflite", "har_float.tflite", "other.tflite", "notes.txt"})
    std::ofstream(dir / f) << "x";
  std::ofstream(dir / "kws" / "recipe.json")
      << R"({"use_case": "kws", "dataset": "kws:200", "layers": [{"type": "dense", "units": 12}]})";
  std::ofstream(dir / "har" / "recipe.json")
      << R"({"use_case": "har", "dataset": "har", "layers": [{"type": "dense", "units": 4}]})";
  // A recipe for another use case in the models' own folder is not theirs.
  std::ofstream(dir / "recipe.json")
      << R"({"use_case": "vibration", "dataset": "vibration", "layers": [{"type": "dense", "units": 3}]})";

  const auto models = discover_models(dir.string(), "");
  ASSERT_EQ(models.size(), 7u);
  std::vector<std::string> order;
  for (const auto& m : models) order.push_back(m.model + "/" + m.variant);
  EXPECT_EQ(order, (std::vector<std::string>{"har/float", "har/qat_int8", "kws/float", "kws/int8", "kws/pruned_int8",
                                             "kws/distilled_int8", "other/"}));
  EXPECT_EQ(models[0].dataset, "har");
  EXPECT_EQ(models[2].dataset, "kws:200");
  EXPECT_EQ(models[2].recipe, (dir / "kws" / "recipe.json").string());
  EXPECT_EQ(models[6].dataset, "");
  // --data overrides every recipe.
  for (const auto& m : discover_models(dir.string(), "fashion-mnist:100")) EXPECT_EQ(m.dataset, "fashion-mnist:100");

  // A data-set directory in the recipe is relative to the recipe.
  fs::create_directories(dir / "har" / "data");
  std::ofstream(dir / "har" / "recipe.json")
      << R"({"use_case": "har", "dataset": "data:50", "layers": [{"type": "dense", "units": 4}]})";
  EXPECT_EQ(discover_models(dir.string(), "")[0].dataset, (dir / "har" / "data").string() + ":50");
  std::ofstream(dir / "har" / "recipe.json") << R"({"use_case": "har", "dataset": 5, "layers": []})";
  EXPECT_THROW(discover_models(dir.string(), ""), Error);
  std::ofstream(dir / "har" / "recipe.json") << "{not json";
  EXPECT_THROW(discover_models(dir.string(), ""), Error);
  EXPECT_THROW(describe_models({(dir / "notes.txt").string()}, ""), Error);
  EXPECT_THROW(describe_models({(dir / "absent.tflite").string()}, ""), Error);
  fs::remove_all(dir);
}

Model one_output_model(DType type, int n) {
  Model m;
  Tensor t;
  t.type = type;
  t.shape = {1, n};
  t.name = "out";
  m.tensors.push_back(t);
  m.outputs = {0};
  m.inputs = {0};
  return m;
}

TEST(SpotCheck, Int8MustMatchBitForBit) {
  const Model m = one_output_model(DType::Int8, 4);
  const TensorBytes a = {{1, 2, 3, 4}};
  TensorBytes b = a;
  EXPECT_EQ(first_difference(m, a, b), "");
  b[0][2] = uint8_t(-7);
  EXPECT_EQ(first_difference(m, a, b), "output 0 first differs at index 2 (host 3, emulator -7)");
  EXPECT_NE(first_difference(m, a, {{1, 2, 3}}), "");
}

TEST(SpotCheck, FloatWithinRelativeTolerance) {
  const Model m = one_output_model(DType::Float32, 2);
  auto bytes = [](float x, float y) {
    std::vector<uint8_t> v(8);
    std::memcpy(v.data(), &x, 4);
    std::memcpy(v.data() + 4, &y, 4);
    return TensorBytes{v};
  };
  EXPECT_EQ(first_difference(m, bytes(1.0f, 0.5f), bytes(1.000001f, 0.5000001f)), "");
  EXPECT_NE(first_difference(m, bytes(1.0f, 0.5f), bytes(1.0f, 0.5001f)).find("index 1"), std::string::npos);
}

TEST(SpotCheck, RandomInputsAreSeeded) {
  Model m = one_output_model(DType::Int8, 16);
  EXPECT_EQ(random_input(m, 4), random_input(m, 4));
  EXPECT_NE(random_input(m, 4), random_input(m, 5));
}

}  // namespace
}  // namespace tinysim::report
