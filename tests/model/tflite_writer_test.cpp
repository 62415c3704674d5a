#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "tests/support/shared_files.h"

using namespace tinysim;

namespace {

// Names the first differing field, so a failing round trip says what broke.
std::string first_difference(const Model& a, const Model& b) {
  if (a.description != b.description) return "description";
  if (a.schema_version != b.schema_version) return "schema_version";
  if (a.inputs != b.inputs || a.outputs != b.outputs) return "graph inputs/outputs";
  if (a.tensors.size() != b.tensors.size()) return "tensor count";
  for (size_t i = 0; i < a.tensors.size(); ++i)
    if (!(a.tensors[i] == b.tensors[i])) return "tensor " + std::to_string(i) + " ('" + a.tensors[i].name + "')";
  if (a.ops.size() != b.ops.size()) return "op count";
  for (size_t i = 0; i < a.ops.size(); ++i)
    if (!(a.ops[i] == b.ops[i])) return "op " + std::to_string(i) + " (" + op_name(a.ops[i].type) + ")";
  return a == b ? "" : "source";
}

std::vector<std::filesystem::path> third_party_models() {
  std::vector<std::filesystem::path> out;
  const auto dir = test::shared_dir() / "third_party_models";
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".tflite") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("tinysim_writer_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST(TfliteWriter, RoundTripGivesIdenticalIrForEveryThirdPartyModel) {
  const auto models = third_party_models();
  if (models.empty()) GTEST_SKIP() << "needs ../shared/third_party_models";
  for (const auto& path : models) {
    SCOPED_TRACE(path.filename().string());
    auto first = load_tflite(path.string());
    ASSERT_TRUE(first.ok()) << first.error().what();
    auto bytes = serialize_tflite(*first);
    ASSERT_TRUE(bytes.ok()) << bytes.error().what();
    auto second = parse_tflite(bytes->data(), bytes->size(), first->source);
    ASSERT_TRUE(second.ok()) << second.error().what();
    // The writer only ever raises a version, and only to the floor TFLite
    // assigns for the op's types (the seanet int16x8 CONV_2D files say v3;
    // TFLite's rule is v4). Everything else must come back identical.
    ASSERT_EQ(first->ops.size(), second->ops.size());
    for (size_t i = 0; i < first->ops.size(); ++i) {
      const Operator& a = first->ops[i];
      Operator& b = second->ops[i];
      if (a.version != b.version) {
        EXPECT_GT(b.version, a.version) << "op " << i;
        EXPECT_EQ(b.version, min_op_version(*first, a)) << "op " << i;
        b.version = a.version;
      }
    }
    EXPECT_EQ(first_difference(*first, *second), "");
  }
}

TEST(TfliteWriter, SaveIsAtomicAndReloadable) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  TempDir tmp;
  auto model = load_tflite(path.string());
  ASSERT_TRUE(model.ok());
  const auto out = tmp.path / "kws_copy.tflite";
  auto saved = save_tflite(*model, out.string());
  ASSERT_TRUE(saved.ok()) << saved.error().what();
  // Only the final file remains (no temporary left behind).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path), {}), 1);
  auto again = load_tflite(out.string());
  ASSERT_TRUE(again.ok()) << again.error().what();
  again->source = model->source;
  EXPECT_EQ(first_difference(*model, *again), "");
  // Constant buffers are 16-byte aligned inside the file.
  std::ifstream in(out, std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  const Tensor& w = model->tensors[static_cast<size_t>(model->ops[0].inputs[1])];
  auto hit = std::search(bytes.begin(), bytes.end(), w.data.begin(), w.data.end());
  ASSERT_NE(hit, bytes.end());
  EXPECT_EQ((hit - bytes.begin()) % 16, 0);
}

TEST(TfliteWriter, SaveIntoMissingFolderFailsCleanly) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_hello_world_int8.tflite");
  auto model = load_tflite(path.string());
  ASSERT_TRUE(model.ok());
  TempDir tmp;
  auto saved = save_tflite(*model, (tmp.path / "no_such_dir" / "x.tflite").string());
  ASSERT_FALSE(saved.ok());
  EXPECT_NE(std::string(saved.error().what()).find("x.tflite"), std::string::npos);
}

TEST(TfliteWriter, RejectsInvalidGraph) {
  Model m;
  m.source = "bad";
  Tensor t;
  t.shape = {2};
  m.tensors.push_back(t);
  Operator op;
  op.type = OpType::Relu;
  op.inputs = {0};
  op.outputs = {5};
  m.ops.push_back(op);
  auto r = serialize_tflite(m);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("output index out of range"), std::string::npos);
}

TEST(TfliteWriter, RejectsPerChannelScalesThatDoNotMatchTheShape) {
  Model m;
  Tensor w;
  w.type = DType::Int8;
  w.shape = {4, 2};
  w.data.assign(8, 0);
  w.quant.scale = {0.1f, 0.2f, 0.3f};  // 3 scales, dimension 0 has 4
  w.quant.zero_point = {0, 0, 0};
  m.tensors.push_back(w);
  auto r = serialize_tflite(m);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("per-channel scales"), std::string::npos) << r.error().what();
}

TEST(TfliteWriter, VersionsFollowTensorTypes) {
  Model m;
  auto add_tensor = [&](DType type, std::vector<int32_t> shape) {
    Tensor t;
    t.type = type;
    t.shape = std::move(shape);
    m.tensors.push_back(t);
    return static_cast<int>(m.tensors.size() - 1);
  };
  Operator conv;
  conv.type = OpType::Conv2D;
  conv.inputs = {add_tensor(DType::Int8, {1, 4, 4, 1}), add_tensor(DType::Int8, {2, 3, 3, 1}),
                 add_tensor(DType::Int32, {2})};
  conv.outputs = {add_tensor(DType::Int8, {1, 2, 2, 2})};
  EXPECT_EQ(min_op_version(m, conv), 3);
  m.tensors[0].type = DType::Float32;
  m.tensors[1].type = DType::Float32;
  EXPECT_EQ(min_op_version(m, conv), 1);
  m.tensors[1].type = DType::Int8;
  EXPECT_EQ(min_op_version(m, conv), 2);  // hybrid
  Operator fc;
  fc.type = OpType::FullyConnected;
  fc.inputs = {add_tensor(DType::Int8, {1, 8}), add_tensor(DType::Int8, {4, 8})};
  fc.outputs = {add_tensor(DType::Int8, {1, 4})};
  EXPECT_EQ(min_op_version(m, fc), 4);
}
