// The recipe pipeline end to end on a small synthetic data set saved as a
// data-set directory: every variant is written and accurate, a rerun with the
// same seed gives byte-identical files, transfer learning keeps the frozen
// base, and bad recipes fail with one clear line (exit code 2 in the CLI).
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/model/tflite_reader.h"
#include "core/train/train_pipeline.h"
#include "core/train/transfer.h"
#include "tests/train/train_test_data.h"

using namespace tinysim;
using namespace tinysim::train;
namespace fs = std::filesystem;

namespace {

fs::path scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("tinysim_train_pipeline_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    const Dataset train = test_data::bars(600, 1), test = test_data::bars(300, 2), calib = test_data::bars(100, 3);
    save_dataset(train, (d / "bars").string(), "train").take();
    save_dataset(test, (d / "bars").string(), "test").take();
    save_dataset(calib, (d / "bars").string(), "calib").take();
    return d;
  }();
  return dir;
}

std::string write_recipe(const std::string& name, const nlohmann::json& j) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << j.dump(2);
  return p.string();
}

nlohmann::json base_recipe() {
  return nlohmann::json::parse(R"({
    "use_case": "bars",
    "dataset": "bars",
    "layers": [
      {"type": "conv2d", "filters": 4, "kernel": 3, "activation": "relu"},
      {"type": "maxpool", "pool": 2},
      {"type": "dense", "units": 3}
    ],
    "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "seed": 5},
    "variants": ["float", "int8", "qat_int8", "pruned_int8", "distilled_int8"],
    "quantize": {"calib_samples": 100},
    "qat": {"epochs": 1, "lr": 0.001},
    "prune": {"sparsity": 0.75, "frequency": 5, "epochs": 2, "lr": 0.003},
    "distill": {"layers": [{"type": "conv2d", "filters": 2, "kernel": 3, "stride": 2, "activation": "relu"},
                           {"type": "batchnorm"},
                           {"type": "dense", "units": 3}],
                "temperature": 3, "alpha": 0.6, "epochs": 2, "lr": 0.01}
  })");
}

std::vector<uint8_t> bytes_of(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(TrainPipeline, AllVariantsAccurateAndReproducible) {
  const std::string recipe = write_recipe("bars.json", base_recipe());
  const auto out1 = (scratch() / "out1").string(), out2 = (scratch() / "out2").string();
  auto rep = run_recipe(recipe, out1);
  ASSERT_TRUE(rep.ok()) << rep.error().what();
  ASSERT_EQ(rep->variants.size(), 5u);
  for (const auto& v : rep->variants) {
    EXPECT_TRUE(fs::exists(v.file)) << v.variant;
    EXPECT_EQ(fs::path(v.file).filename().string(), "bars_" + v.variant + ".tflite");
    EXPECT_GT(v.accuracy, 0.9) << v.variant;
  }
  EXPECT_NEAR(rep->variants[3].weight_sparsity, 0.75, 0.01);  // pruned_int8
  EXPECT_LT(rep->variants[0].weight_sparsity, 0.05);
  // The student's batch norm is folded away: conv, FC, softmax only.
  const Model student = load_tflite(rep->variants[4].file).take();
  for (const Operator& op : student.ops)
    EXPECT_TRUE(op.type == OpType::Conv2D || op.type == OpType::Reshape || op.type == OpType::FullyConnected ||
                op.type == OpType::Softmax)
        << op_name(op.type);
  for (const Tensor& t : student.tensors) EXPECT_EQ(t.name.find("bn_"), std::string::npos) << t.name;
  const Model q = load_tflite(rep->variants[1].file).take();
  EXPECT_EQ(q.tensors[q.inputs[0]].type, DType::Int8);
  // The report lists every variant with its accuracy.
  std::ifstream rf(rep->report_path);
  const auto j = nlohmann::json::parse(rf);
  ASSERT_EQ(j["variants"].size(), 5u);
  EXPECT_DOUBLE_EQ(j["variants"][2]["test_accuracy"].get<double>(), rep->variants[2].accuracy);

  auto rep2 = run_recipe(recipe, out2);
  ASSERT_TRUE(rep2.ok()) << rep2.error().what();
  for (size_t i = 0; i < rep->variants.size(); ++i)
    EXPECT_EQ(bytes_of(rep->variants[i].file), bytes_of(rep2->variants[i].file))
        << rep->variants[i].variant << " differs between two runs with the same seed";
}

TEST(TrainPipeline, TransferLearningFreezesTheBase) {
  const auto out = (scratch() / "base").string();
  nlohmann::json b = base_recipe();
  b["variants"] = {"float", "int8"};
  auto base = run_recipe(write_recipe("base.json", b), out);
  ASSERT_TRUE(base.ok()) << base.error().what();
  const Model base_model = load_tflite(base->variants[0].file).take();

  for (const std::string& from : {"float", "int8"}) {
    nlohmann::json t = base_recipe();
    t["use_case"] = "bars_tl_" + from;
    t["base"] = {{"model", "base/bars_" + from + ".tflite"}, {"cut_at", "maxpool_1"}};
    t["layers"] = nlohmann::json::parse(R"([{"type": "dense", "units": 8, "activation": "relu"},
                                             {"type": "dense", "units": 3}])");
    t["variants"] = {"float"};
    auto rep = run_recipe(write_recipe("tl_" + from + ".json", t), (scratch() / "tl").string());
    ASSERT_TRUE(rep.ok()) << rep.error().what();
    EXPECT_GT(rep->variants[0].accuracy, 0.9) << from;
    const Model m = load_tflite(rep->variants[0].file).take();
    // conv, pool, then the new head: flatten + 2 dense + softmax.
    ASSERT_EQ(m.ops[0].type, OpType::Conv2D);
    EXPECT_EQ(m.ops.back().type, OpType::Softmax);
    EXPECT_EQ(m.tensors[m.ops[0].inputs[1]].data, from == "float"
                                                      ? base_model.tensors[base_model.ops[0].inputs[1]].data
                                                      : m.tensors[m.ops[0].inputs[1]].data)
        << "the frozen conv weights must not change";
  }

  // unfreeze_top 1: the base's conv is fine-tuned in a second phase.
  nlohmann::json t = base_recipe();
  t["use_case"] = "bars_tl_unfrozen";
  t["base"] = {{"model", "base/bars_float.tflite"}, {"cut_at", 1}, {"unfreeze_top", 1},
               {"unfreeze_epochs", 1}, {"unfreeze_lr", 0.001}};
  t["layers"] = nlohmann::json::parse(R"([{"type": "dense", "units": 3}])");
  t["variants"] = {"float"};
  auto rep = run_recipe(write_recipe("tl_unfrozen.json", t), (scratch() / "tl").string());
  ASSERT_TRUE(rep.ok()) << rep.error().what();
  const Model m = load_tflite(rep->variants[0].file).take();
  EXPECT_NE(m.tensors[m.ops[0].inputs[1]].data, base_model.tensors[base_model.ops[0].inputs[1]].data);
  EXPECT_GT(rep->variants[0].accuracy, 0.9);
}

TEST(TrainPipeline, CutAndDequantizeHelpers) {
  Model m = build_model({8, 8, 1}, test_data::small_cnn(), true, 1, "t");
  EXPECT_THROW(resolve_cut(m, "99"), Error);
  EXPECT_THROW(resolve_cut(m, "no_such_tensor"), Error);
  const int t = resolve_cut(m, "1");
  EXPECT_EQ(m.tensors[t].name, "maxpool_1");
  EXPECT_EQ(resolve_cut(m, "maxpool_1"), t);
  const Model cut = cut_model(m, t);
  EXPECT_EQ(cut.ops.size(), 2u);
  EXPECT_EQ(cut.tensors[cut.outputs[0]].name, "maxpool_1");
}

namespace {
std::string error_of(const nlohmann::json& j, const std::string& name) {
  auto r = run_recipe(write_recipe(name, j), (scratch() / "err").string());
  EXPECT_FALSE(r.ok()) << name;
  return r.ok() ? "" : r.error().what();
}
}  // namespace

TEST(TrainPipeline, BadRecipesGiveOneClearLine) {
  auto missing = run_recipe((scratch() / "nope.json").string(), (scratch() / "err").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.error().what()).find("nope.json: cannot open"), std::string::npos);

  std::ofstream(scratch() / "broken.json") << "{ \"use_case\": ";
  auto broken = run_recipe((scratch() / "broken.json").string(), (scratch() / "err").string());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(std::string(broken.error().what()).find("not valid JSON"), std::string::npos);

  auto j = base_recipe();
  j["epochz"] = 3;
  EXPECT_NE(error_of(j, "typo.json").find("unknown key \"epochz\""), std::string::npos);
  j = base_recipe();
  j["layers"][0]["type"] = "conv3d";
  EXPECT_NE(error_of(j, "layer.json").find("unknown layer type 'conv3d'"), std::string::npos);
  j = base_recipe();
  j["variants"] = {"int4"};
  EXPECT_NE(error_of(j, "variant.json").find("unknown variant \"int4\""), std::string::npos);
  j = base_recipe();
  j["layers"][2]["units"] = 2;
  EXPECT_NE(error_of(j, "classes.json").find("outside the model's 2 outputs"), std::string::npos);
  j = base_recipe();
  j["dataset"] = "no_such_dataset_dir";
  EXPECT_FALSE(error_of(j, "data.json").empty());
  for (const std::string& e : {error_of(j, "data2.json")}) EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST(TrainPipeline, CliExitCodeTwoOnBadRecipe) {
  const std::string cmd = std::string(TINYSIM_CLI) + " train " + (scratch() / "nope.json").string() + " -o " +
                          (scratch() / "err").string() + " 2>" + (scratch() / "stderr.txt").string();
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  std::ifstream f(scratch() / "stderr.txt");
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_NE(ss.str().find("cannot open the recipe"), std::string::npos) << ss.str();
}

TEST(TrainPipeline, CliPruneWritesSparseInt8) {
  nlohmann::json b = base_recipe();
  b["use_case"] = "bars_for_prune";
  b["variants"] = {"float"};
  auto base = run_recipe(write_recipe("for_prune.json", b), (scratch() / "for_prune").string());
  ASSERT_TRUE(base.ok()) << base.error().what();
  const std::string out = (scratch() / "pruned.tflite").string();
  const std::string cmd = std::string(TINYSIM_CLI) + " prune " + base->variants[0].file + " --sparsity 0.75 --data " +
                          (scratch() / "bars").string() + " --epochs 2 --lr 0.003 --frequency 5 --int8 -q -o " +
                          out + " >" + (scratch() / "prune_stdout.txt").string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream f(scratch() / "prune_stdout.txt");
  std::stringstream ss;
  ss << f.rdbuf();
  ASSERT_TRUE(WIFEXITED(rc));
  ASSERT_EQ(WEXITSTATUS(rc), 0) << ss.str();
  const Model m = load_tflite(out).take();
  EXPECT_EQ(m.tensors[m.inputs[0]].type, DType::Int8);
  EXPECT_NEAR(weight_sparsity(m).sparsity, 0.75, 0.01);
  EXPECT_NE(ss.str().find("weight sparsity: 75"), std::string::npos) << ss.str();
  EXPECT_NE(ss.str().find("stored in the target plan"), std::string::npos) << ss.str();

  // An int8 input model is refused with a fix.
  const std::string bad = std::string(TINYSIM_CLI) + " prune " + out + " --data " + (scratch() / "bars").string() +
                          " -o " + (scratch() / "x.tflite").string() + " 2>/dev/null";
  const int rc2 = std::system(bad.c_str());
  ASSERT_TRUE(WIFEXITED(rc2));
  EXPECT_EQ(WEXITSTATUS(rc2), 2);
}

TEST(TrainPipeline, CliTrainPrintsProgressAndTable) {
  nlohmann::json b = base_recipe();
  b["use_case"] = "bars_cli";
  b["variants"] = {"float", "int8"};
  const std::string recipe = write_recipe("cli.json", b);
  const std::string cmd = std::string(TINYSIM_CLI) + " train " + recipe + " -o " + (scratch() / "cli").string() +
                          " >" + (scratch() / "cli_out.txt").string() + " 2>" + (scratch() / "cli_err.txt").string();
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  ASSERT_EQ(WEXITSTATUS(rc), 0);
  std::stringstream out, err;
  out << std::ifstream(scratch() / "cli_out.txt").rdbuf();
  err << std::ifstream(scratch() / "cli_err.txt").rdbuf();
  // Not a terminal: one progress line per epoch, with loss and ETA.
  EXPECT_NE(err.str().find("epoch 1/2"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("epoch 2/2"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("loss "), std::string::npos);
  EXPECT_NE(err.str().find("ETA "), std::string::npos);
  EXPECT_NE(out.str().find("bars_cli_int8.tflite"), std::string::npos) << out.str();
  EXPECT_TRUE(fs::exists(scratch() / "cli" / "bars_cli_report.json"));
}
