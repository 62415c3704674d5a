// Bad model files must give a one-line "FILE: PROBLEM (FIX)" error, from the
// library and from the CLI (exit code 2, one line on stderr), and never a
// crash. Malformed flatbuffers are built here with the generated builder.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_subset_generated.h"
#include "tests/support/shared_files.h"

using namespace tinysim;
namespace fs = std::filesystem;

namespace {

struct Knobs {
  uint32_t weight_buffer = 1;
  std::vector<int32_t> weight_shape = {4};
  int32_t op_code = 0;  // ADD
  std::string custom;
  int32_t op_input = 0;
};

// in[4] + constant w[4] -> out[4], a float ADD. Knobs break one thing each.
std::vector<uint8_t> build_model(const Knobs& k) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<float> w = {1, 2, 3, 4};
  std::vector<uint8_t> wbytes(reinterpret_cast<uint8_t*>(w.data()), reinterpret_cast<uint8_t*>(w.data()) + 16);
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {tflite::CreateBuffer(b),
                                                              tflite::CreateBuffer(b, b.CreateVector(wbytes))};
  std::vector<int32_t> shape = {4};
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors = {
      tflite::CreateTensor(b, b.CreateVector(shape), tflite::TensorType::FLOAT32, 0, b.CreateString("in")),
      tflite::CreateTensor(b, b.CreateVector(k.weight_shape), tflite::TensorType::FLOAT32, k.weight_buffer,
                           b.CreateString("w")),
      tflite::CreateTensor(b, b.CreateVector(shape), tflite::TensorType::FLOAT32, 0, b.CreateString("out")),
  };
  std::vector<int32_t> op_in = {k.op_input, 1}, op_out = {2}, g_in = {0}, g_out = {2};
  const bool custom = !k.custom.empty();
  auto opcode = tflite::CreateOperatorCode(b, static_cast<int8_t>(custom ? 32 : std::min(k.op_code, 127)),
                                           custom ? b.CreateString(k.custom) : 0, 1, custom ? 32 : k.op_code);
  std::vector<flatbuffers::Offset<tflite::OperatorCode>> opcodes = {opcode};
  std::vector<flatbuffers::Offset<tflite::Operator>> ops = {
      tflite::CreateOperator(b, 0, b.CreateVector(op_in), b.CreateVector(op_out))};
  std::vector<flatbuffers::Offset<tflite::SubGraph>> subgraphs = {tflite::CreateSubGraph(
      b, b.CreateVector(tensors), b.CreateVector(g_in), b.CreateVector(g_out), b.CreateVector(ops))};
  auto model = tflite::CreateModel(b, 3, b.CreateVector(opcodes), b.CreateVector(subgraphs), b.CreateString("test"),
                                   b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, model);
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("tinysim_bad_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::vector<uint8_t>& bytes) const {
    const fs::path p = path / name;
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                             static_cast<std::streamsize>(bytes.size()));
    return p;
  }
};

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

CliResult run_cli(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = std::string("'") + TINYSIM_CLI + "' " + args + " >'" + out.string() + "' 2>'" +
                          err.string() + "'";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;  // -1: killed by a signal (a crash)
  auto text = [](const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  r.out = text(out);
  r.err = text(err);
  return r;
}

// The library message and the CLI both name the file and the problem.
void expect_rejected(const TempDir& dir, const fs::path& file, const std::string& problem) {
  auto r = load_tflite(file.string());
  ASSERT_FALSE(r.ok()) << file;
  const std::string msg = r.error().what();
  EXPECT_EQ(msg.rfind(file.string() + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find(problem), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  EXPECT_NE(msg.find(" ("), std::string::npos) << "no fix given: " << msg;

  const CliResult cli = run_cli("inspect '" + file.string() + "'", dir.path);
  EXPECT_EQ(cli.exit_code, 2) << cli.err;
  ASSERT_FALSE(cli.err.empty());
  EXPECT_EQ(cli.err.find('\n'), cli.err.size() - 1) << "stderr must be one line: " << cli.err;
  EXPECT_NE(cli.err.find(file.string()), std::string::npos) << cli.err;
  EXPECT_NE(cli.err.find(problem), std::string::npos) << cli.err;
}

}  // namespace

TEST(BadInput, HandBuiltBaselineLoads) {
  // The builder makes a valid model; each test below breaks one thing.
  auto r = parse_tflite(build_model({}).data(), build_model({}).size(), "ok.tflite");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->ops.size(), 1u);
  EXPECT_EQ(r->ops[0].type, OpType::Add);
  EXPECT_EQ(r->tensors[1].as<float>()[3], 4.0f);
}

TEST(BadInput, ZeroLengthFile) {
  TempDir dir;
  expect_rejected(dir, dir.write("empty.tflite", {}), "empty file");
}

TEST(BadInput, RandomBytes) {
  TempDir dir;
  std::mt19937 rng(1234);
  std::vector<uint8_t> bytes(4096);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  expect_rejected(dir, dir.write("random.tflite", bytes), "not a TFLite flatbuffer");
}

TEST(BadInput, RandomBytesWithTfliteIdentifier) {
  TempDir dir;
  std::mt19937 rng(99);
  std::vector<uint8_t> bytes(4096);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  std::memcpy(bytes.data() + 4, "TFL3", 4);
  expect_rejected(dir, dir.write("random_tfl3.tflite", bytes), "truncated or corrupt");
}

TEST(BadInput, WrongIdentifier) {
  TempDir dir;
  std::vector<uint8_t> bytes = build_model({});
  std::memcpy(bytes.data() + 4, "XXXX", 4);
  expect_rejected(dir, dir.write("wrong_id.tflite", bytes), "identifier 'XXXX', expected 'TFL3'");
}

TEST(BadInput, TruncatedRealModel) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  TempDir dir;
  std::vector<uint8_t> bytes = read_bytes(path);
  for (size_t keep : {bytes.size() / 2, bytes.size() - 100, size_t{12}}) {
    SCOPED_TRACE(keep);
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep));
    expect_rejected(dir, dir.write("truncated.tflite", cut), "truncated or corrupt");
  }
}

TEST(BadInput, BufferIndexOutOfRange) {
  TempDir dir;
  Knobs k;
  k.weight_buffer = 99;
  expect_rejected(dir, dir.write("bad_buffer.tflite", build_model(k)), "refers to buffer 99");
}

TEST(BadInput, ShapeThatOverflows) {
  TempDir dir;
  Knobs k;
  k.weight_shape = {65536, 65536, 16};
  expect_rejected(dir, dir.write("overflow.tflite", build_model(k)), "overflows");
}

TEST(BadInput, NegativeDimension) {
  TempDir dir;
  Knobs k;
  k.weight_shape = {-4};
  expect_rejected(dir, dir.write("negative.tflite", build_model(k)), "negative dimension");
}

TEST(BadInput, ConstantDataSizeMismatch) {
  TempDir dir;
  Knobs k;
  k.weight_shape = {8};  // 32 bytes needed, 16 in the buffer
  expect_rejected(dir, dir.write("short_data.tflite", build_model(k)), "16 bytes of constant data");
}

TEST(BadInput, OpInputIndexOutOfRange) {
  TempDir dir;
  Knobs k;
  k.op_input = 7;
  expect_rejected(dir, dir.write("bad_index.tflite", build_model(k)), "refers to tensor 7");
}

TEST(BadInput, UnsupportedOpLoadsButCannotRun) {
  TempDir dir;
  Knobs k;
  k.custom = "MyFancyOp";
  const fs::path file = dir.write("custom_op.tflite", build_model(k));
  auto r = load_tflite(file.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->ops[0].type, OpType::Custom);
  EXPECT_EQ(r->ops[0].custom_code, "MyFancyOp");

  // inspect shows it (exit 0) and flags it ...
  const CliResult shown = run_cli("inspect '" + file.string() + "'", dir.path);
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("CUSTOM:MyFancyOp(v1) UNSUPPORTED"), std::string::npos) << shown.out;
  const CliResult json = run_cli("inspect --json '" + file.string() + "'", dir.path);
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_NE(json.out.find("\"supported\": false"), std::string::npos) << json.out;

  // ... running it is a one-line error with exit code 2.
  const CliResult ran = run_cli("infer '" + file.string() + "' --random 1", dir.path);
  EXPECT_EQ(ran.exit_code, 2) << ran.out << ran.err;
  ASSERT_FALSE(ran.err.empty());
  EXPECT_EQ(ran.err.find('\n'), ran.err.size() - 1) << ran.err;
  EXPECT_NE(ran.err.find("MyFancyOp"), std::string::npos) << ran.err;
}

TEST(BadInput, MissingFileAndDirectory) {
  TempDir dir;
  expect_rejected(dir, dir.path / "nope.tflite", "cannot open");
  fs::create_directories(dir.path / "adir.tflite");
  expect_rejected(dir, dir.path / "adir.tflite", "is a directory");
}
