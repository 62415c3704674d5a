// `tinysim export-runtime`: the exported runtime is the firmware build's own
// sources and flags, and a user's firmware built from it (user_firmware/:
// its own main.c, start-up code, linker script and Makefile, nothing from
// TinySim's board) computes what `tinysim run` computes, in the cycles it
// predicts. Bad input gets one line naming the file, and nothing is written.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/runtime_bundle.h"
#include "tests/support/shell.h"

namespace tinysim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::shell;

const std::string kCli = TINYSIM_CLI;
const std::string kMcu = "stm32l4r5";

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag)
      : path(fs::temp_directory_path() / ("tinysim_export_" + tag + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A JSON output of `tinysim run` (values in the tensor's type) as raw bytes.
std::vector<uint8_t> output_bytes(const Tensor& t, const json& values) {
  std::vector<uint8_t> b;
  for (const json& v : values) {
    auto put = [&](const auto x) {
      uint8_t raw[sizeof x];
      std::memcpy(raw, &x, sizeof x);
      b.insert(b.end(), raw, raw + sizeof x);
    };
    switch (t.type) {
      case DType::Float32: put(v.get<float>()); break;
      case DType::Int8: put(v.get<int8_t>()); break;
      case DType::UInt8: put(v.get<uint8_t>()); break;
      case DType::Int16: put(v.get<int16_t>()); break;
      default: ADD_FAILURE() << "output type " << dtype_name(t.type) << " not handled by the test";
    }
  }
  return b;
}

std::string hex(const std::vector<uint8_t>& b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) s += {digits[x >> 4], digits[x & 15]};
  return s;
}

// Exports `model` for stm32l4r5, builds the user firmware around it with the
// sample `tinysim run --random SEED` uses, and compares run-elf with run.
// weights: run's and export-runtime's --weights (ram: ts_init copies the constants into the arena).
void check_user_firmware(const std::string& relative_model, int seed, const std::string& weights = "flash") {
  const fs::path model_path = fs::path(TINYSIM_SAMPLE_DIR) / relative_model;
  const Model model = load_tflite(model_path.string()).take();
  ASSERT_EQ(model.inputs.size(), 1u) << "the user firmware feeds one input";
  TempDir tmp(fs::path(relative_model).stem().string());

  // The sample as a C array, as a user converts a recording.
  const std::vector<uint8_t> input = target::model_inputs(model, {}, seed).at(0);
  {
    std::ofstream c(tmp.path / "input_data.c");
    c << "#include <stdint.h>\nconst uint8_t input_data[] = {";
    for (size_t i = 0; i < input.size(); ++i) c << (i ? "," : "") << int(input[i]);
    c << "};\nconst uint32_t input_data_bytes = sizeof input_data;\n";
  }

  const auto run = shell(kCli + " run " + model_path.string() + " --mcu " + kMcu + " --random " +
                         std::to_string(seed) + " --weights " + weights + " --json");
  ASSERT_EQ(run.rc, 0) << run.out;
  const json r = json::parse(run.out);
  ASSERT_EQ(r["weights_in"], weights);

  const fs::path exported = tmp.path / "export";
  const auto ex = shell(kCli + " export-runtime " + model_path.string() + " --mcu " + kMcu + " -o " +
                        exported.string() + " --weights " + weights + " 2>&1");
  ASSERT_EQ(ex.rc, 0) << ex.out;

  const fs::path user = fs::path(TINYSIM_SOURCE_DIR) / "tests/export/user_firmware";
  const fs::path build = tmp.path / "build";
  const auto mk = shell("make -s -j2 -C " + user.string() + " EXPORT=" + exported.string() +
                        " INPUT=" + (tmp.path / "input_data.c").string() + " BUILD=" + build.string() + " 2>&1");
  ASSERT_EQ(mk.rc, 0) << mk.out;

  const auto elf = shell(kCli + " run-elf " + (build / "firmware.elf").string() + " --mcu " + kMcu + " --json");
  ASSERT_EQ(elf.rc, 0) << elf.out;
  const json e = json::parse(elf.out);
  ASSERT_EQ(e["exit_code"], 0) << e["console"];
  ASSERT_TRUE(e["inference_ended"].get<bool>()) << "ts_invoke wrote no end-of-inference marker";

  // Outputs: byte for byte what `tinysim run` read back from the emulated arena.
  std::istringstream console(e["console"].get<std::string>());
  std::map<size_t, std::string> printed;
  uint64_t dwt_cycles = 0;
  for (std::string line; std::getline(console, line);) {
    std::istringstream ls(line);
    std::string word;
    ls >> word;
    if (word == "output") {
      size_t i;
      ls >> i >> printed[i];
    } else if (word == "dwt_cycles") {
      ls >> dwt_cycles;
    }
  }
  ASSERT_EQ(printed.size(), model.outputs.size()) << e["console"];
  for (size_t i = 0; i < model.outputs.size(); ++i)
    EXPECT_EQ(printed[i], hex(output_bytes(model.tensors[size_t(model.outputs[i])], r["outputs"][i])))
        << "output " << i;

  // Cycles: run-elf measures the user firmware between the same ITM markers
  // (ts_invoke writes them) that `tinysim run` measures its own image by.
  const double predicted = r["cycles"].get<double>();
  const double measured = e["inference_cycles"].get<double>();
  EXPECT_NEAR(measured / predicted, 1.0, 0.01) << "run-elf " << measured << " vs run " << predicted;
  ASSERT_EQ(e["layers"].size(), r["layers"].size());
  // DWT_CYCCNT around ts_invoke(), as the user would measure on the board:
  // the marker span plus the call.
  EXPECT_GE(double(dwt_cycles), measured);
  EXPECT_LT(double(dwt_cycles), measured + 1000);
  std::printf("%s on %s, weights in %s: tinysim run %.0f cycles, user firmware (run-elf inference_cycles) %.0f (%+.4f %%), "
              "DWT around ts_invoke %llu\n",
              relative_model.c_str(), kMcu.c_str(), weights.c_str(), predicted, measured, 100.0 * (measured / predicted - 1.0),
              static_cast<unsigned long long>(dwt_cycles));
}

TEST(ExportRuntime, UserFirmwareMatchesRunKwsInt8) { check_user_firmware("kws/kws_int8.tflite", 3); }

TEST(ExportRuntime, UserFirmwareMatchesRunFashionMnistInt8) {
  check_user_firmware("fashion_mnist/fashion_mnist_int8.tflite", 5);
}

TEST(ExportRuntime, UserFirmwareMatchesRunWeightsInRam) { check_user_firmware("har/har_int8.tflite", 2, "ram"); }

TEST(ExportRuntime, ShipsTheFirmwareBuildsSourcesAndFlags) {
  TempDir tmp("files");
  const fs::path model = fs::path(TINYSIM_SAMPLE_DIR) / "har/har_int8.tflite";
  const fs::path out = tmp.path / "out";
  ASSERT_EQ(shell(kCli + " export-runtime " + model.string() + " --mcu nrf52840 -o " + out.string() + " --name har")
                .rc,
            0);
  const target::RuntimeBundle b = target::read_runtime_bundle(std::string(TINYSIM_FIRMWARE_DIR) + "/runtime_src");
  ASSERT_FALSE(b.sources.empty());
  // Every source and header of the firmware build, byte for byte as in the
  // source tree (the interpreter and the kernels, not TinySim's board).
  const fs::path runtime = fs::path(TINYSIM_SOURCE_DIR) / "mcu_models/runtime";
  size_t kernels = 0;
  for (const auto* list : {&b.sources, &b.headers})
    for (const std::string& rel : *list) {
      const fs::path src = rel.rfind("core/", 0) == 0 ? fs::path(TINYSIM_SOURCE_DIR) / rel : runtime / rel;
      EXPECT_EQ(read_text(out / "runtime" / rel), read_text(src)) << rel;
      kernels += rel.rfind("kernels/", 0) == 0;
      EXPECT_EQ(rel.find("board/"), std::string::npos) << rel;
    }
  size_t tree_kernels = 0;
  for (const auto& f : fs::directory_iterator(runtime / "kernels")) tree_kernels += f.path().extension() == ".c";
  EXPECT_EQ(kernels, tree_kernels);
  EXPECT_TRUE(fs::exists(out / "runtime/src/interpreter.c"));
  EXPECT_TRUE(fs::exists(out / "runtime/include/tinysim.h"));

  // The compile flags are the emulated image's, as `tinysim run --json` reports them.
  const auto run = shell(kCli + " run " + model.string() + " --mcu nrf52840 --random 1 --json");
  ASSERT_EQ(run.rc, 0);
  const std::string flags = json::parse(run.out)["firmware_flags"];
  EXPECT_NE(read_text(out / "tinysim_runtime.mk").find("TINYSIM_CFLAGS := " + flags + "\n"), std::string::npos);
  const std::string header = read_text(out / "har.h");
  EXPECT_NE(header.find("#define HAR_ARENA_BYTES " + std::to_string(json::parse(run.out)["arena_bytes"].get<int>()) +
                        "u"),
            std::string::npos);
  EXPECT_NE(read_text(out / "har_plan.c").find("const uint8_t har_plan[HAR_PLAN_BYTES]"), std::string::npos);
  EXPECT_NE(read_text(out / "README.md").find("ts_invoke()"), std::string::npos);
}

// One line on stderr, naming `what`, with a fix in parentheses; exit code 1.
void expect_one_line_error(const std::string& args, const std::string& what) {
  const auto r = shell(kCli + " export-runtime " + args + " 2>&1 >/dev/null");
  EXPECT_NE(r.rc, 0) << args;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_NE(r.out.find(what), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" ("), std::string::npos) << "no fix in: " << r.out;
}

TEST(ExportRuntime, BadInputGetsOneLineAndWritesNothing) {
  TempDir tmp("errors");
  const std::string model = (fs::path(TINYSIM_SAMPLE_DIR) / "har/har_int8.tflite").string();
  const std::string out = (tmp.path / "out").string();

  expect_one_line_error("/nonexistent/m.tflite --mcu stm32l4r5 -o " + out, "/nonexistent/m.tflite");
  expect_one_line_error(model + " --mcu no_such_mcu -o " + out, "no_such_mcu");
  expect_one_line_error(model + " --mcu stm32l4r5 -o " + out + " --name 9bad", "9bad");
  expect_one_line_error(model + " --mcu sam4s16c -o " + out + " --firmware hard", "FPU");
  EXPECT_FALSE(fs::exists(out));

  // An existing non-empty directory is left as it was.
  fs::create_directories(out);
  std::ofstream(fs::path(out) / "keep.txt") << "mine";
  expect_one_line_error(model + " --mcu stm32l4r5 -o " + out, out + ": exists and is not empty");
  EXPECT_EQ(read_text(fs::path(out) / "keep.txt"), "mine");
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 1);

  // A parent that does not exist, one that cannot hold a directory (/proc).
  expect_one_line_error(model + " --mcu stm32l4r5 -o " + out + "/missing/dir", "does not exist");
  expect_one_line_error(model + " --mcu stm32l4r5 -o /proc/tinysim_export", "/proc/tinysim_export");

  // Nothing half-written: no staging directory left beside the outputs.
  for (const auto& f : fs::directory_iterator(tmp.path))
    EXPECT_EQ(f.path().filename().string().find(".tmp"), std::string::npos) << f.path();

  // An existing empty directory is filled, also when named with a trailing '/'.
  const fs::path empty = tmp.path / "empty";
  fs::create_directories(empty);
  EXPECT_EQ(shell(kCli + " export-runtime " + model + " --mcu stm32l4r5 -o " + empty.string() + "/ >/dev/null").rc, 0);
  EXPECT_TRUE(fs::exists(empty / "model.h"));
  EXPECT_FALSE(fs::exists(tmp.path / ("empty.tmp" + std::to_string(::getpid()))));
}

}  // namespace
}  // namespace tinysim
