// The target op table (mcu_models/runtime/include/ts_op_table.h) as the host
// sees it through tinysim_runtime_host: every plan kind has a name and its
// record's size, the plan values are unique, and the kernels' scratch-size
// companions give the sizes the kernels index (the formulas the plan writer
// used before they moved next to the kernels).
#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>

#include "mcu_models/runtime/include/tinysim_plan.h"
#include "mcu_models/runtime/include/ts_kernels.h"

namespace {

struct Row {
  uint32_t value;
  const char* name;
  size_t record_bytes;
};

// Expanded from the table itself, so a line added there is checked here.
#define TS_OP_ROW_(kind, value, record, entry) Row{value, #kind, sizeof(record)},
const Row kRows[] = {TS_OP_TABLE(TS_OP_ROW_)};
#undef TS_OP_ROW_

TEST(OpTable, EveryKindHasItsNameAndRecordSize) {
  for (const Row& r : kRows) {
    ASSERT_NE(ts_op_kind_name(r.value), nullptr) << r.name;
    EXPECT_STREQ(ts_op_kind_name(r.value), r.name);
    EXPECT_EQ(ts_op_record_bytes(r.value), r.record_bytes) << r.name;
    EXPECT_EQ(r.record_bytes % 4, 0u) << r.name << ": records are 4-byte aligned";
    EXPECT_GE(r.record_bytes, sizeof(ts_op_common)) << r.name;
  }
}

TEST(OpTable, ValuesAreUniqueAndFitTheRecordField) {
  std::set<uint32_t> seen;
  for (const Row& r : kRows) {
    EXPECT_TRUE(seen.insert(r.value).second) << r.name << " reuses value " << r.value;
    EXPECT_GT(r.value, 0u) << r.name;
    EXPECT_LE(r.value, 0xFFFFu) << r.name << ": ts_op_common.kind is 16 bits";
  }
}

TEST(OpTable, PlanValuesAreThoseOfTheFormat) {
  // Plans carry these numbers: a renumbered line would misread every plan.
  EXPECT_EQ(TS_OP_CONV_S8, 1);
  EXPECT_EQ(TS_OP_FC_S8, 3);
  EXPECT_EQ(TS_OP_CONCAT, 16);
  EXPECT_EQ(TS_OP_CONV_F32, 64);
  EXPECT_EQ(TS_OP_UNARY_F32, 73);
  EXPECT_EQ(TS_OP_CONV_S16, 96);
  EXPECT_EQ(TS_OP_ADD_S16, 97);
  // the format's first 28 kinds (16 int8 + 2 int16 + 10 float) stay; new ones add lines
  EXPECT_GE(std::size(kRows), 28u);
  EXPECT_EQ(ts_op_record_bytes(TS_OP_CONV_S8), 184u);
  EXPECT_EQ(ts_op_record_bytes(TS_OP_FC_S8), 160u);
  EXPECT_EQ(ts_op_record_bytes(TS_OP_CONCAT), 240u);
}

TEST(OpTable, UnknownKindsHaveNoNameAndNoSize) {
  std::set<uint32_t> known;
  for (const Row& r : kRows) known.insert(r.value);
  for (uint32_t kind = 0; kind < 300; ++kind) {
    if (known.count(kind)) continue;
    EXPECT_EQ(ts_op_kind_name(kind), nullptr) << kind;
    EXPECT_EQ(ts_op_record_bytes(kind), 0u) << kind;
  }
  EXPECT_EQ(ts_op_record_bytes(0xFFFFFFFFu), 0u);
}

TEST(KernelScratch, DenseConvHoldsTwoInt8ColumnsAndTheirInt16Pairs) {
  // K = fh * fw * cin; k_pad = K rounded up to 4; 2 * k_pad + 2 * (K / 4) * 8
  EXPECT_EQ(ts_conv_s8_get_buffer_size(1 * 1 * 8), 2u * 8 + 2u * 2 * 8);        // 48
  EXPECT_EQ(ts_conv_s8_get_buffer_size(3 * 3 * 3), 2u * 28 + 2u * 6 * 8);       // 27 -> 152
  EXPECT_EQ(ts_conv_s8_get_buffer_size(10 * 4 * 1), 2u * 40 + 2u * 10 * 8);     // KWS first conv: 240
  EXPECT_EQ(ts_conv_s8_get_buffer_size(1 * 1 * 64), 2u * 64 + 2u * 16 * 8);     // 384
  EXPECT_EQ(ts_conv_s8_get_buffer_size(3), 2u * 4);                             // no whole group of 4
  EXPECT_EQ(ts_conv_s8_get_buffer_size(0), 0u);
}

TEST(KernelScratch, SparseConvHoldsFourInt8Columns) {
  EXPECT_EQ(ts_conv_sparse_s8_get_buffer_size(27), 4u * 28);
  EXPECT_EQ(ts_conv_sparse_s8_get_buffer_size(64), 4u * 64);
  EXPECT_EQ(ts_conv_sparse_s8_get_buffer_size(1), 4u * 4);
}

TEST(KernelScratch, FullyConnectedHoldsTheInputRowAsInt16Pairs) {
  EXPECT_EQ(ts_fully_connected_s8_get_buffer_size(640), 160u * 8);
  EXPECT_EQ(ts_fully_connected_s8_get_buffer_size(10), 2u * 8);  // the 2 tail values are read in place
  EXPECT_EQ(ts_fully_connected_s8_get_buffer_size(3), 0u);
}

TEST(KernelScratch, LstmHoldsFourGateRowsAndTheInputAndHiddenRowsAsInt16Pairs) {
  // 4 gates x state x 2 bytes (rounded to 4), then (input / 4 + state / 4) pairs of int16 pairs
  EXPECT_EQ(ts_lstm_get_buffer_size(257, 80, 2), 4u * 80 * 2 + (64u + 20) * 8);  // micro_speech_lstm: 1312
  EXPECT_EQ(ts_lstm_get_buffer_size(5, 3, 2), 24u + (1u + 0) * 8);
  EXPECT_EQ(ts_lstm_get_buffer_size(28, 20, 4), 4u * 20 * 4);  // float: the gate rows only
}

}  // namespace

TEST(KernelScratch, SignalRfftHoldsThePaddedRowAndTheHalfLengthComplexBuffer) {
  // fft_length int16 + fft_length / 2 complex int16 (kiss_fftr's tmpbuf)
  EXPECT_EQ(ts_signal_rfft_s16_get_buffer_size(512), 512u * 2 + 256u * 4);
  // channels + 1 uint64 accumulators (TFLM's work_area; entry 0 is scratch)
  EXPECT_EQ(ts_signal_filter_bank_get_buffer_size(40), 41u * 8);
}
