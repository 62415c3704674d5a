// core/model/tflite_subset.fbs must agree with TFLite's schema.fbs on the wire:
// union tags, field ids (vtable slots) and defaults. The expected numbers are
// read off tensorflow/tensorflow tensorflow/compiler/mlir/lite/schema/schema.fbs
// at commit 0373b8f3cb4d5033ac26e388f1e10a5126654200 (tag = 1-based position in
// `union BuiltinOptions`; vtable offset = 4 + 2 * field position, deprecated
// fields included).
#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_subset_generated.h"

using namespace tinysim;
using BO = tflite::BuiltinOptions;

namespace {

int tag(BO t) { return static_cast<int>(t); }

TEST(TfliteSchema, UnionTagsFollowTfliteOrder) {
  EXPECT_EQ(tag(BO::Conv2DOptions), 1);
  EXPECT_EQ(tag(BO::ReducerOptions), 27);
  EXPECT_EQ(tag(BO::SubOptions), 28);
  EXPECT_EQ(tag(BO::DivOptions), 29);
  EXPECT_EQ(tag(BO::SqueezeOptions), 30);
  EXPECT_EQ(tag(BO::StridedSliceOptions), 32);
  EXPECT_EQ(tag(BO::SplitOptions), 35);
  EXPECT_EQ(tag(BO::CastOptions), 37);
  EXPECT_EQ(tag(BO::ArgMaxOptions), 40);
  EXPECT_EQ(tag(BO::TransposeConvOptions), 49);
  EXPECT_EQ(tag(BO::ShapeOptions), 55);
  EXPECT_EQ(tag(BO::ArgMinOptions), 57);
  EXPECT_EQ(tag(BO::PackOptions), 59);
  EXPECT_EQ(tag(BO::UnpackOptions), 64);
  EXPECT_EQ(tag(BO::UnidirectionalSequenceLSTMOptions), 71);
  EXPECT_EQ(tag(BO::ResizeNearestNeighborOptions), 74);
  EXPECT_EQ(tag(BO::LeakyReluOptions), 75);
  EXPECT_EQ(tag(BO::MirrorPadOptions), 77);
  EXPECT_EQ(tag(BO::SplitVOptions), 79);
  EXPECT_EQ(tag(BO::QuantizeOptions), 89);
  EXPECT_EQ(tag(BO::HardSwishOptions), 91);
  EXPECT_EQ(tag(BO::DepthToSpaceOptions), 94);
  EXPECT_EQ(tag(BO::BatchMatMulOptions), 101);
  EXPECT_EQ(tag(BO::Conv3DOptions), 106);
  EXPECT_EQ(tag(BO::GeluOptions), 116);
  EXPECT_EQ(tag(BO::RightShiftOptions), 126);
  EXPECT_EQ(tag(BO::MAX), 126) << "TFLite's first options union ends at RightShiftOptions";
}

TEST(TfliteSchema, FieldIdsFollowTfliteOrder) {
  // Two deprecated fields (new_height, new_width) come first.
  EXPECT_EQ(tflite::ResizeBilinearOptions::VT_ALIGN_CORNERS, 8);
  EXPECT_EQ(tflite::ResizeBilinearOptions::VT_HALF_PIXEL_CENTERS, 10);
  EXPECT_EQ(tflite::Conv2DOptions::VT_QUANTIZED_BIAS_TYPE, 16);
  EXPECT_EQ(tflite::FullyConnectedOptions::VT_QUANTIZED_BIAS_TYPE, 12);
  EXPECT_EQ(tflite::TransposeConvOptions::VT_QUANTIZED_BIAS_TYPE, 12);
  EXPECT_EQ(tflite::StridedSliceOptions::VT_SHRINK_AXIS_MASK, 12);
  EXPECT_EQ(tflite::StridedSliceOptions::VT_OFFSET, 14);
  EXPECT_EQ(tflite::UnidirectionalSequenceLSTMOptions::VT_DIAGONAL_RECURRENT_TENSORS, 14);
  EXPECT_EQ(tflite::BidirectionalSequenceLSTMOptions::VT_TIME_MAJOR, 12);
  EXPECT_EQ(tflite::LSTMOptions::VT_KERNEL_TYPE, 10);
  EXPECT_EQ(tflite::Conv3DOptions::VT_DILATION_H_FACTOR, 18);
  EXPECT_EQ(tflite::CastOptions::VT_OUT_DATA_TYPE, 6);
  EXPECT_EQ(tflite::PackOptions::VT_AXIS, 6);
  EXPECT_EQ(tflite::RandomOptions::VT_SEED2, 6);
}

TEST(TfliteSchema, EnumsCarryTfliteValues) {
  EXPECT_EQ(static_cast<int>(tflite::TensorType::BFLOAT16), 18);
  EXPECT_EQ(static_cast<int>(tflite::LSTMKernelType::BASIC), 1);
  EXPECT_EQ(static_cast<int>(tflite::MirrorPadMode::SYMMETRIC), 1);
  EXPECT_EQ(static_cast<int>(tflite::CombinerType::SQRTN), 2);
  EXPECT_EQ(static_cast<int>(tflite::LSHProjectionType::DENSE), 2);
  EXPECT_EQ(static_cast<int>(tflite::FullyConnectedOptionsWeightsFormat::SHUFFLED4x16INT8), 1);
}

// A table written with no fields reads back TFLite's defaults.
template <typename T, typename Create>
const T* empty_table(flatbuffers::FlatBufferBuilder& b, Create create) {
  b.Finish(create(b));
  return flatbuffers::GetRoot<T>(b.GetBufferPointer());
}

TEST(TfliteSchema, DefaultsFollowTflite) {
  {
    flatbuffers::FlatBufferBuilder b;
    auto* o = empty_table<tflite::BidirectionalSequenceLSTMOptions>(
        b, [](auto& fb) { return tflite::BidirectionalSequenceLSTMOptionsBuilder(fb).Finish(); });
    EXPECT_TRUE(o->time_major());
  }
  {
    flatbuffers::FlatBufferBuilder b;
    auto* o = empty_table<tflite::UniqueOptions>(b, [](auto& fb) { return tflite::UniqueOptionsBuilder(fb).Finish(); });
    EXPECT_EQ(o->idx_out_type(), tflite::TensorType::INT32);
  }
  {
    flatbuffers::FlatBufferBuilder b;
    auto* o = empty_table<tflite::SubOptions>(b, [](auto& fb) { return tflite::SubOptionsBuilder(fb).Finish(); });
    EXPECT_TRUE(o->pot_scale_int16());
  }
  {
    flatbuffers::FlatBufferBuilder b;
    auto* o = empty_table<tflite::Conv3DOptions>(b, [](auto& fb) { return tflite::Conv3DOptionsBuilder(fb).Finish(); });
    EXPECT_EQ(o->dilation_d_factor(), 1);
    EXPECT_EQ(o->dilation_w_factor(), 1);
    EXPECT_EQ(o->dilation_h_factor(), 1);
  }
}

// in[1,4] -> SQUEEZE (BuiltinOperator 43) -> out[4], with SqueezeOptions.
std::vector<uint8_t> squeeze_model() {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {tflite::CreateBuffer(b)};
  const std::vector<int32_t> in_shape = {1, 4}, out_shape = {4}, dims = {0}, op_in = {0}, op_out = {1};
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors = {
      tflite::CreateTensor(b, b.CreateVector(in_shape), tflite::TensorType::FLOAT32, 0, b.CreateString("in")),
      tflite::CreateTensor(b, b.CreateVector(out_shape), tflite::TensorType::FLOAT32, 0, b.CreateString("out"))};
  std::vector<flatbuffers::Offset<tflite::OperatorCode>> opcodes = {
      tflite::CreateOperatorCode(b, 43, 0, 1, 43)};
  auto options = tflite::CreateSqueezeOptions(b, b.CreateVector(dims));
  std::vector<flatbuffers::Offset<tflite::Operator>> ops = {tflite::CreateOperator(
      b, 0, b.CreateVector(op_in), b.CreateVector(op_out), BO::SqueezeOptions, options.Union())};
  std::vector<flatbuffers::Offset<tflite::SubGraph>> subgraphs = {tflite::CreateSubGraph(
      b, b.CreateVector(tensors), b.CreateVector(op_in), b.CreateVector(op_out), b.CreateVector(ops))};
  auto model = tflite::CreateModel(b, 3, b.CreateVector(opcodes), b.CreateVector(subgraphs), b.CreateString("squeeze"),
                                   b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, model);
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

// Options past the old tag-27 limit are now verified like the others: a
// SqueezeOptions vector running off the end of the file is rejected before
// anything reads it.
TEST(TfliteSchema, OptionsBeyondTag27AreVerified) {
  std::vector<uint8_t> bytes = squeeze_model();
  ASSERT_TRUE(parse_tflite(bytes.data(), bytes.size(), "squeeze.tflite").ok());

  const auto* op = tflite::GetModel(bytes.data())->subgraphs()->Get(0)->operators()->Get(0);
  const auto* dims = op->builtin_options_as_SqueezeOptions()->squeeze_dims();
  ASSERT_NE(dims, nullptr);
  ASSERT_EQ(dims->size(), 1u);
  const size_t length_at = reinterpret_cast<const uint8_t*>(dims) - bytes.data();
  const uint32_t huge = 0x3fffffff;
  std::memcpy(bytes.data() + length_at, &huge, sizeof huge);

  auto r = parse_tflite(bytes.data(), bytes.size(), "squeeze.tflite");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("rejected by the flatbuffers verifier"), std::string::npos)
      << r.error().what();
}

}  // namespace
