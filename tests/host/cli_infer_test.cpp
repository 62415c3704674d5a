// `tinysim infer`: JSON output, CSV/raw inputs, and one-line errors with exit
// code 2 for bad input.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <sys/wait.h>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/shared_files.h"
#include "tests/support/unsupported_model.h"

namespace {

struct CliRun {
  int code = -1;
  std::string out;
};

CliRun run_cli(const std::string& args) {
  CliRun r;
  const std::string cmd = std::string(TINYSIM_CLI) + " infer " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / ("tinysim_host_test_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

}  // namespace

TEST(CliInfer, SeanetAddCsvInputsGiveGoldenJson) {
  TINYSIM_REQUIRE_SHARED(m, "tflm_test_seanet_add0_int16.tflite");
  const auto dir = m.parent_path();
  const CliRun r = run_cli(m.string() + " --input " + (dir / "tflm_test_seanet_add0_input0_int16.csv").string() +
                    " --input " + (dir / "tflm_test_seanet_add0_input1_int16.csv").string() + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  std::ifstream g(dir / "tflm_test_seanet_add0_golden_int16.csv");
  std::string text((std::istreambuf_iterator<char>(g)), std::istreambuf_iterator<char>());
  std::vector<int> golden;
  std::stringstream ss(text);
  for (std::string tok; std::getline(ss, tok, ',');) golden.push_back(std::stoi(tok));
  EXPECT_EQ(j["outputs"][0].get<std::vector<int>>(), golden);
  EXPECT_EQ(j["outputs_dequantized"][0].size(), golden.size());
  EXPECT_EQ(j["top1"].size(), 1u);
}

TEST(CliInfer, RandomIsDeterministicAndRawInputWorks) {
  TINYSIM_REQUIRE_SHARED(m, "mlperf_tiny_kws_ref_int8.tflite");
  const CliRun a = run_cli(m.string() + " --random 7 --json");
  const CliRun b = run_cli(m.string() + " --random 7 --json");
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(a.out, b.out);
  const auto j = nlohmann::json::parse(a.out);
  const auto probs = j["outputs_dequantized"][0].get<std::vector<float>>();
  ASSERT_EQ(probs.size(), 12u);
  EXPECT_EQ(j["top1"][0].get<long>(), std::max_element(probs.begin(), probs.end()) - probs.begin());

  const std::string raw = temp_file("kws.bin", std::string(490, '\x05'));
  const CliRun c = run_cli(m.string() + " --input " + raw);
  EXPECT_EQ(c.code, 0) << c.out;
  EXPECT_NE(c.out.find("top-1 index:"), std::string::npos);
}

TEST(CliInfer, BadInputsExitTwoWithOneLineError) {
  TINYSIM_REQUIRE_SHARED(m, "mlperf_tiny_kws_ref_int8.tflite");
  const std::string short_file = temp_file("short.bin", "abc");
  CliRun r = run_cli(m.string() + " --input " + short_file);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("is 3 bytes but input 'input_1' needs 490 bytes"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;

  const std::string bad_csv = temp_file("bad.csv", "1,2,x");
  r = run_cli(m.string() + " --input " + bad_csv);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("'x' is not a number"), std::string::npos) << r.out;

  r = run_cli(m.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("no input given"), std::string::npos) << r.out;

  const auto unsupported = tinysim::fixtures::write_unsupported_model(tinysim::fixtures::unsupported_model_path("infer"));
  if (unsupported.empty()) GTEST_SKIP() << "needs ../shared/third_party_models";
  r = run_cli(unsupported.string() + " --random 1");
  std::filesystem::remove(unsupported);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(std::string("op 0 (") + tinysim::fixtures::kUnsupportedOp + ") is not supported by TinySim"), std::string::npos)
      << r.out;
}

// Issue 14: non-finite values in a float input CSV were accepted and ran
// through every kernel; a directory gave a stream library's message.
TEST(CliInfer, NonFiniteCsvValuesAndDirectoriesAreOneLineErrors) {
  TINYSIM_REQUIRE_SHARED(m, "mlperf_tiny_kws_ref_float32.tflite");
  for (const std::string bad : {"nan", "inf", "-inf", "1e39"}) {
    std::string csv;
    for (int i = 0; i < 490; ++i) csv += (i ? "," : "") + (i == 3 ? bad : std::string("0.5"));
    const std::string file = temp_file("nonfinite.csv", csv);
    const CliRun r = run_cli(m.string() + " --input " + file);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find(file + ": "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("position 3"), std::string::npos) << r.out;
    EXPECT_TRUE(r.out.find("not a finite number") != std::string::npos ||
                r.out.find("beyond the float32 range") != std::string::npos)
        << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
  const auto dir = std::filesystem::temp_directory_path() / "tinysim_host_test_input_dir.csv";
  std::filesystem::create_directories(dir);
  for (const std::string& path : {dir.string(), dir.parent_path().string()}) {
    const CliRun r = run_cli(m.string() + " --input " + path);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(path + ": is a directory, not an input file"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("basic_filebuf"), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
  std::filesystem::remove_all(dir);
}
