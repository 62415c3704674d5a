#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/support/shared_files.h"
#include "tests/support/unsupported_model.h"

namespace {

std::string run(const std::string& args, int* rc) {
  const auto out = std::filesystem::temp_directory_path() / ("tinysim_cli_" + std::to_string(::getpid()) + ".txt");
  const std::string cmd = std::string("'") + TINYSIM_CLI + "' " + args + " >'" + out.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(out);
  std::string text{std::istreambuf_iterator<char>(in), {}};
  std::filesystem::remove(out);
  return text;
}

}  // namespace

TEST(CliInspect, KwsInt8TableAndTotals) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  int rc = -1;
  const std::string out = run("inspect '" + path.string() + "'", &rc);
  ASSERT_EQ(rc, 0) << out;
  // First layer: 25x5x64 outputs, 10x4 filter on 1 channel = 320,000 MACs.
  EXPECT_NE(out.find("CONV_2D(v3)"), std::string::npos) << out;
  EXPECT_NE(out.find("int8[1,49,10,1]"), std::string::npos) << out;
  EXPECT_NE(out.find("320,000"), std::string::npos) << out;
  EXPECT_NE(out.find("MACs         2,656,768"), std::string::npos) << out;
  EXPECT_NE(out.find("params       22,604"), std::string::npos) << out;
  EXPECT_NE(out.find("arena        16,000 B (15.6 KiB)"), std::string::npos) << out;
  EXPECT_NE(out.find("scale 0.584703 zero_point 83"), std::string::npos) << out;
  EXPECT_EQ(out.find("UNSUPPORTED"), std::string::npos) << out;
}

TEST(CliInspect, FlagsUnsupportedOpsWithoutFailing) {
  const auto path = tinysim::fixtures::write_unsupported_model(tinysim::fixtures::unsupported_model_path("inspect"));
  if (path.empty()) GTEST_SKIP() << "needs ../shared/third_party_models";
  int rc = -1;
  const std::string out = run("inspect '" + path.string() + "'", &rc);
  std::filesystem::remove(path);
  const std::string op = tinysim::fixtures::kUnsupportedOp;
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find(op + "(v1) UNSUPPORTED"), std::string::npos) << out;
  EXPECT_NE(out.find("Unsupported ops (1): " + op + " x1"), std::string::npos) << out;
}
