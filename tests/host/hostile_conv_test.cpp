// Issue 14's conv cases from the CLI: a CONV_2D whose input has 0 channels
// (it made 0 groups and a SIGFPE in `infer`, `run` and `bench`) and a
// dilation of 2^31-1 (signed overflow computing the output size) get a
// one-line error naming the file, exit code 2 and no signal. The ASan/UBSan
// preset runs this too, so an overflow on the way is a failure there.
#include <gtest/gtest.h>

#include <climits>
#include <filesystem>
#include <string>

#include "build_paths.h"
#include "core/model/tflite_writer.h"
#include "tests/host/model_builder.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace tinysim {
namespace {

// float in[1,3,3,C] * w[2,2,2,2] (+ bias) -> out[1,2,2,2], VALID. C = 0
// passed the "multiple of the filter's channels" check and made 0 groups.
Model conv(int32_t channels, int dilation) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, {1, 3, 3, channels});
  const int w = b.constant<float>(DType::Float32, {2, 2, 2, 2}, std::vector<float>(16, 0.5f));
  const int bias = b.constant<float>(DType::Float32, {2}, {1.f, -1.f});
  const int out = b.tensor(DType::Float32, {1, 2, 2, 2});
  Operator& op = b.op(OpType::Conv2D, {in, w, bias}, {out});
  op.options.dilation_w = op.options.dilation_h = dilation;
  b.io({in}, {out});
  return b.m;
}

// `tinysim ARGS` exits 2 with one line on stderr naming the file and `problem`.
void expect_one_line_error(const std::string& args, const std::string& file, const std::string& problem) {
  const std::string err = file + ".err";
  const test::Shell r = test::shell(std::string("'") + TINYSIM_CLI + "' " + args + " 2>'" + err + "' >/dev/null");
  const test::Shell e = test::shell("cat '" + err + "'");
  EXPECT_EQ(r.rc, 2) << args << ": " << e.out;  // -1 = killed by a signal
  EXPECT_EQ(e.out.find('\n'), e.out.size() - 1) << "not one line: " << e.out;
  EXPECT_NE(e.out.find(file), std::string::npos) << e.out;
  EXPECT_NE(e.out.find(problem), std::string::npos) << e.out;
}

void expect_refused_everywhere(const Model& m, const std::string& name, const std::string& problem) {
  const std::filesystem::path dir = test::temp_dir("hostile_conv_" + name);
  const std::string file = (dir / (name + ".tflite")).string();
  save_tflite(m, file).take();
  expect_one_line_error("infer '" + file + "' --random 1", file, problem);
  expect_one_line_error("run '" + file + "' --mcu stm32l4r5 --random 1", file, problem);
  const std::string csv = (dir / "r.csv").string();
  expect_one_line_error("bench '" + file + "' --mcu stm32l4r5 --csv '" + csv + "'", file, problem);
}

TEST(HostileConv, ZeroInputChannelsIsAOneLineErrorNotSigfpe) {
  expect_refused_everywhere(conv(0, 1), "zero_channels", "input has 0 channels");
}

TEST(HostileConv, HugeDilationIsAOneLineErrorNotAnOverflow) {
  expect_refused_everywhere(conv(2, INT_MAX), "huge_dilation", "dilation");
}

}  // namespace
}  // namespace tinysim
