// The plan blob's framing: header, op table, constants, as the C runtime
// reads them (same struct definitions).
#include <gtest/gtest.h>

#include <cstring>

#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"
#include "core/target/plan_writer.h"
#include "mcu_models/runtime/include/tinysim_plan.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

TEST(PlanWriter, HeaderOpsAndConstantsOfKws) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  const Model m = load_tflite(path.string()).take();
  const MemoryPlan mp = plan_memory(m, 16);
  const PlanBlob blob = build_plan(m, mp, {});
  ASSERT_GE(blob.bytes.size(), sizeof(ts_plan_header));
  ts_plan_header h;
  std::memcpy(&h, blob.bytes.data(), sizeof h);
  EXPECT_EQ(h.magic, TS_PLAN_MAGIC);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(blob.bytes.data()), 4), "TSPL");
  EXPECT_EQ(h.version, TS_PLAN_VERSION);
  EXPECT_EQ(h.total_bytes, blob.bytes.size());
  EXPECT_EQ(h.num_ops, m.ops.size());
  EXPECT_EQ(h.num_inputs, 1u);
  EXPECT_EQ(h.num_outputs, 1u);
  EXPECT_EQ(h.consts_offset % 16, 0u);
  EXPECT_EQ(h.arena_bytes, blob.arena_bytes);
  EXPECT_GE(blob.arena_bytes, uint32_t(mp.arena_bytes));
  // every op record starts with its kind and its model op index, in order
  for (uint32_t i = 0; i < h.num_ops; ++i) {
    uint32_t off;
    std::memcpy(&off, &blob.bytes[h.ops_offset + 4 * i], 4);
    ASSERT_LT(off + sizeof(ts_op_common), h.consts_offset);
    ts_op_common c;
    std::memcpy(&c, &blob.bytes[off], sizeof c);
    EXPECT_EQ(c.op_index, i);
    EXPECT_NE(c.kind, 0);
  }
  // the first op is the int8 conv; its filter is the model's weight bytes
  uint32_t off0;
  std::memcpy(&off0, &blob.bytes[h.ops_offset], 4);
  ts_op_conv conv;
  std::memcpy(&conv, &blob.bytes[off0], sizeof conv);
  EXPECT_EQ(conv.c.kind, TS_OP_CONV_S8);
  EXPECT_EQ(conv.filter.location, TS_IN_PLAN);
  const Tensor& filter = m.tensors[size_t(m.ops[0].inputs[1])];
  ASSERT_LE(h.consts_offset + conv.filter.offset + filter.data.size(), blob.bytes.size());
  EXPECT_EQ(0, std::memcmp(&blob.bytes[h.consts_offset + conv.filter.offset], filter.data.data(), filter.data.size()));
  EXPECT_EQ(conv.output.location, TS_IN_ARENA);
  EXPECT_EQ(int64_t(conv.output.offset), mp.offsets[size_t(m.ops[0].outputs[0])]);
  // the int8 weights of conv/dw/fc are stored as they are (dense)
  EXPECT_EQ(blob.stored_weight_bytes, blob.dense_weight_bytes);
  EXPECT_GT(blob.dense_weight_bytes, 20000u);
}

TEST(PlanWriter, UnsupportedOpIsAnActionableError) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_test_mnist_lstm_int8.tflite");
  Model m = load_tflite(path.string()).take();
  m.ops[0].type = OpType::BidirectionalSequenceLstm;  // an op TinySim does not implement
  m.ops[0].options = {};
  try {
    build_plan(m, plan_memory(m, 16), {});
    FAIL() << "a model with an unknown op should not be plannable";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("op 0 (BIDIRECTIONAL_SEQUENCE_LSTM)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("tflm_test_mnist_lstm_int8.tflite"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace tinysim::target
