#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/model/op_schema.h"
#include "core/model/tflite_reader.h"
#include "tests/support/shared_files.h"

using namespace tinysim;

namespace {
std::vector<uint8_t> read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST(TfliteReader, LoadsKwsInt8) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  auto r = load_tflite(path.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  const Model& m = *r;
  EXPECT_EQ(m.schema_version, 3);
  ASSERT_EQ(m.ops.size(), 13u);
  EXPECT_EQ(m.tensors.size(), 35u);
  ASSERT_EQ(m.inputs.size(), 1u);
  const Tensor& in = m.tensors[static_cast<size_t>(m.inputs[0])];
  EXPECT_EQ(in.type, DType::Int8);
  EXPECT_EQ(in.shape, (std::vector<int32_t>{1, 49, 10, 1}));
  ASSERT_TRUE(in.quant.present());
  EXPECT_EQ(in.quant.scale.size(), 1u);
  // First op: CONV_2D v3 with per-channel int8 weights (64 output channels).
  const Operator& conv = m.ops[0];
  EXPECT_EQ(conv.type, OpType::Conv2D);
  EXPECT_EQ(conv.version, 3);
  EXPECT_EQ(static_cast<int32_t>(conv.type), 3);
  const Tensor& w = m.tensors[static_cast<size_t>(conv.inputs[1])];
  EXPECT_EQ(w.type, DType::Int8);
  EXPECT_EQ(w.shape, (std::vector<int32_t>{64, 10, 4, 1}));
  EXPECT_EQ(w.quant.scale.size(), 64u);
  EXPECT_EQ(w.quant.quantized_dimension, 0);
  EXPECT_EQ(static_cast<int64_t>(w.data.size()), w.num_bytes());
  EXPECT_EQ(conv.options.stride_w, 2);
  EXPECT_EQ(conv.options.stride_h, 2);
  EXPECT_EQ(conv.options.padding, Padding::Same);
  EXPECT_EQ(conv.options.activation, Activation::Relu);
  EXPECT_EQ(m.ops[1].type, OpType::DepthwiseConv2D);
  EXPECT_EQ(m.ops[1].options.depth_multiplier, 1);
  EXPECT_EQ(m.ops.back().type, OpType::Softmax);
  EXPECT_FLOAT_EQ(m.ops.back().options.beta, 1.0f);
}

TEST(TfliteReader, HybridKwsBecomesFloat) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_float32.tflite");
  auto r = load_tflite(path.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  const Model& m = *r;
  EXPECT_NE(m.description.find("hybrid"), std::string::npos) << m.description;
  for (const Operator& op : m.ops) {
    if (op.type != OpType::Conv2D && op.type != OpType::DepthwiseConv2D && op.type != OpType::FullyConnected)
      continue;
    for (int in : op.inputs) {
      if (in < 0) continue;
      const Tensor& t = m.tensors[static_cast<size_t>(in)];
      EXPECT_EQ(t.type, DType::Float32) << t.name;
      if (t.is_constant()) {
        EXPECT_FALSE(t.quant.present()) << t.name;
        EXPECT_EQ(static_cast<int64_t>(t.data.size()), t.num_bytes());
        for (int64_t i = 0; i < t.num_elements(); ++i) ASSERT_TRUE(std::isfinite(t.as<float>()[i]));
      }
    }
  }
}

TEST(TfliteReader, ParseFromUnalignedMemory) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_hello_world_int8.tflite");
  std::vector<uint8_t> bytes = read_bytes(path);
  std::vector<uint8_t> shifted(bytes.size() + 1);
  std::copy(bytes.begin(), bytes.end(), shifted.begin() + 1);
  auto r = parse_tflite(shifted.data() + 1, bytes.size(), "hello.tflite");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->ops.size(), 3u);
  EXPECT_EQ(r->source, "hello.tflite");
}

// Custom ops keep their names and builtins their codes; since issue 10 the
// registry knows every op of the audio preprocessor (they once served as
// the example of ops it does not know).
TEST(TfliteReader, CustomAndBuiltinOpsLoadWithTheirCodes) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_micro_speech_audio_preprocessor_int8.tflite");
  auto r = load_tflite(path.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  int custom = 0, cast = 0;
  for (const Operator& op : r->ops) {
    EXPECT_NE(find_op_schema(op), nullptr) << op_label(op);
    if (op.type == OpType::Custom && op.custom_code.rfind("Signal", 0) == 0) ++custom;
    if (static_cast<int32_t>(op.type) == 53) ++cast;  // CAST
  }
  EXPECT_EQ(custom, 9);
  EXPECT_EQ(cast, 4);
}

TEST(TfliteReader, CustomOpOptionsAreKept) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_micro_speech_audio_preprocessor_float.tflite");
  auto r = load_tflite(path.string());
  ASSERT_TRUE(r.ok()) << r.error().what();
  int with_options = 0;
  for (const Operator& op : r->ops)
    if (op.type == OpType::Custom && !op.custom_options.empty()) ++with_options;
  EXPECT_GT(with_options, 0);  // Signal ops carry flexbuffer options
}
