// TFLM's Signal audio front-end ops against TFLite Micro's own kernel tests,
// run as one-op models through the registry and the host interpreter (the
// kernels are ts_signal.h's, the Cortex-M4's too; the registry test checks
// host = emulator on each op's example). Values as TFLM asserts them (all
// exact; the int16 RFFT impulse test has tolerance 0). Sources, all in
// https://github.com/tensorflow/tflite-micro/blob/<commit>/signal/micro/kernels/:
//   window_test.cc                         2eeb7b7912a5613f1016231212ce5e8361086650
//   fft_test.cc                            03e16b2931c76b82dd4c9d4c0cab2a816af47134
//   energy_test.cc                         124a33dab5576468be841c0d891d0ab004db9bb3
//   filter_bank_square_root_test.cc        2548022e06de03558d50893c025a295959c7a729
//   filter_bank_spectral_subtraction_test.cc  0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2
//     (its options: ..._flexbuffers_generated_data.cc 4c47129292517b4b0ba548f87112a40162a4ec7c)
//   pcan_test.cc                           871f60da0818c838176bc2b1aff0fbefd0411505
//   filter_bank_log_test.cc                2eeb7b7912a5613f1016231212ce5e8361086650
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/ops/flex_options.h"
#include "core/ops/interpreter.h"

using namespace tinysim;

namespace {

struct Operand {
  DType type;
  std::vector<int32_t> shape;
  std::vector<uint8_t> constant;  // empty: a graph input / output
};

template <class T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}
template <class T>
std::vector<T> values_of(const std::vector<uint8_t>& b) {
  std::vector<T> v(b.size() / sizeof(T));
  std::memcpy(v.data(), b.data(), b.size());
  return v;
}

// One CUSTOM op between the given operands; non-constant inputs become the
// model's inputs in order, every output a model output.
Model one_op(const char* name, std::vector<uint8_t> options, const std::vector<Operand>& ins,
             const std::vector<Operand>& outs) {
  Model m;
  m.source = std::string("golden ") + name;
  Operator op;
  op.type = OpType::Custom;
  op.custom_code = name;
  op.custom_options = std::move(options);
  auto add = [&](const Operand& o) {
    Tensor t;
    t.name = "t" + std::to_string(m.tensors.size());
    t.type = o.type;
    t.shape = o.shape;
    t.data = o.constant;
    m.tensors.push_back(t);
    return static_cast<int>(m.tensors.size() - 1);
  };
  for (const Operand& o : ins) {
    op.inputs.push_back(add(o));
    if (o.constant.empty()) m.inputs.push_back(op.inputs.back());
  }
  for (const Operand& o : outs) {
    op.outputs.push_back(add(o));
    m.outputs.push_back(op.outputs.back());
  }
  m.ops.push_back(op);
  return m;
}

std::vector<std::vector<uint8_t>> run(HostInterpreter& it, const std::vector<std::vector<uint8_t>>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) it.set_input(static_cast<int>(i), inputs[i].data(), inputs[i].size());
  it.invoke();
  std::vector<std::vector<uint8_t>> outs;
  for (int i = 0; i < it.num_outputs(); ++i) outs.push_back(it.output_bytes(i));
  return outs;
}

void expect_window(int shift, const std::vector<int16_t>& in, const std::vector<int16_t>& window,
                   const std::vector<int32_t>& shape, const std::vector<int16_t>& golden) {
  HostInterpreter it(one_op("SignalWindow", ops::flex_map({{"shift", shift}}),
                            {{DType::Int16, shape, {}}, {DType::Int16, {int32_t(window.size())}, bytes_of(window)}},
                            {{DType::Int16, shape, {}}}));
  EXPECT_EQ(values_of<int16_t>(run(it, {bytes_of(in)})[0]), golden);
}

const std::vector<int16_t> kRamp = {0x000, 0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700,
                                    0x800, 0x900, 0xA00, 0xB00, 0xC00, 0xD00, 0xE00, 0xF00};
const std::vector<int16_t> kRampDown = {0xF00, 0xE00, 0xD00, 0xC00, 0xB00, 0xA00, 0x900, 0x800,
                                        0x700, 0x600, 0x500, 0x400, 0x300, 0x200, 0x100, 0x000};
const std::vector<int16_t> kRampGolden = {0, 224, 416, 576, 704, 800, 864, 896, 896, 864, 800, 704, 576, 416, 224, 0};

TEST(SignalGolden, WindowLength16Shift12) { expect_window(12, kRamp, kRampDown, {16}, kRampGolden); }

TEST(SignalGolden, WindowLength16Shift12OuterDims4) {
  std::vector<int16_t> in, golden;
  for (int r = 0; r < 4; ++r) {
    in.insert(in.end(), kRamp.begin(), kRamp.end());
    golden.insert(golden.end(), kRampGolden.begin(), kRampGolden.end());
  }
  expect_window(12, in, kRampDown, {2, 2, 16}, golden);
}

TEST(SignalGolden, WindowLength32Shift8Saturates) {
  expect_window(8,
                {1221, 1920, 9531, 2795, 1826, 371,  8446, 850,  3129, 8218, 4199, 8358, 205,  5268, 3263, 2849,
                 8398, 1381, 6305, 668,  8867, 4651, 9121, 6141, 1961, 3750, 8418, 8085, 3308, 1788, 1608, 4761},
                {1323, 764,  9100, 4220, 1745, 9311, 178,  9442, 5676, 1817, 5433, 5837, 7635, 4539, 6548, 9690,
                 6097, 4275, 1523, 3694, 7506, 2797, 5153, 172,  2172, 4540, 6643, 7845, 1719, 7564, 1700, 5227},
                {32},
                {6310,  5730,  32767, 32767, 12446, 13493, 5872,  31350, 32767, 32767, 32767,
                 32767, 6113,  32767, 32767, 32767, 32767, 23061, 32767, 9639,  32767, 32767,
                 32767, 4125,  16637, 32767, 32767, 32767, 22212, 32767, 10678, 32767});
}

TEST(SignalGolden, RfftSize64Int16Impulse) {
  std::vector<int16_t> in(64, 0);
  in[0] = 16384;
  HostInterpreter it(one_op("SignalRfft", ops::flex_map({{"T", 7}, {"fft_length", 64}}), {{DType::Int16, {64}, {}}},
                            {{DType::Int16, {66}, {}}}));
  std::vector<int16_t> golden(66, 0);
  for (size_t k = 0; k < golden.size(); k += 2) golden[k] = 256;
  EXPECT_EQ(values_of<int16_t>(run(it, {bytes_of(in)})[0]), golden);
}

void expect_auto_scale(const std::vector<int16_t>& in, const std::vector<int16_t>& golden, int32_t bits) {
  const int32_t n = static_cast<int32_t>(in.size());
  HostInterpreter it(one_op("SignalFftAutoScale", {}, {{DType::Int16, {n}, {}}},
                            {{DType::Int16, {n}, {}}, {DType::Int32, {}, {}}}));
  const auto outs = run(it, {bytes_of(in)});
  EXPECT_EQ(values_of<int16_t>(outs[0]), golden);
  EXPECT_EQ(values_of<int32_t>(outs[1]), std::vector<int32_t>{bits});
}

TEST(SignalGolden, FftAutoScaleSmall) {
  expect_auto_scale({0x0000, 0x1111, 0x2222, 0x3333, 0x3333, 0x2222, 0x1111, 0x0000},
                    {0x0000, 0x2222, 0x4444, 0x6666, 0x6666, 0x4444, 0x2222, 0x0000}, 1);
}

TEST(SignalGolden, FftAutoScaleScaleBit) {
  expect_auto_scale({238, 113, -88, -243, -5, -130, 159, -70},
                    {30464, 14464, -11264, -31104, -640, -16640, 20352, -8960}, 7);
}

void expect_energy(int start, int end, const std::vector<uint32_t>& golden) {
  HostInterpreter it(one_op("SignalEnergy", ops::flex_map({{"end_index", end}, {"start_index", start}}),
                            {{DType::Int16, {16}, {}}}, {{DType::UInt32, {8}, {}}}));
  const std::vector<int16_t> in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  // TFLM's test zeroes the output first; the bins outside [start, end) stay as they were.
  EXPECT_EQ(values_of<uint32_t>(run(it, {bytes_of(in)})[0]), golden);
}

TEST(SignalGolden, EnergyMiddle) { expect_energy(2, 4, {0, 0, 61, 113, 0, 0, 0, 0}); }
TEST(SignalGolden, EnergyStart) { expect_energy(0, 4, {5, 25, 61, 113, 0, 0, 0, 0}); }
TEST(SignalGolden, EnergyEnd) { expect_energy(4, 8, {0, 0, 0, 0, 181, 265, 365, 481}); }

void expect_sqrt(const std::vector<uint64_t>& in, int32_t bits, const std::vector<uint32_t>& golden) {
  const int32_t n = static_cast<int32_t>(in.size());
  HostInterpreter it(one_op("SignalFilterBankSquareRoot", {},
                            {{DType::UInt64, {n}, {}}, {DType::Int32, {}, bytes_of(std::vector<int32_t>{bits})}},
                            {{DType::UInt32, {n}, {}}}));
  EXPECT_EQ(values_of<uint32_t>(run(it, {bytes_of(in)})[0]), golden);
}

TEST(SignalGolden, FilterBankSquareRoot32Channel) {
  expect_sqrt({10528000193, 28362909357, 47577133750, 8466055850, 5842710800, 2350911449, 2989811430, 2646718839,
               515262774,   276394561,   469831522,   55815334,   28232446,   11591835,   40329249,   67658028,
               183446654,   323189165,   117473797,   41339272,   25846050,   12428673,   18670978,   22521722,
               78477733,    54207503,    25150296,    43098592,   28211625,   15736687,   20990296,   17907031},
              7, {801, 1315, 1704, 718, 597, 378, 427, 401, 177, 129, 169, 58, 41, 26, 49, 64,
                  105, 140, 84, 50, 39, 27, 33, 37, 69, 57, 39, 51, 41, 30, 35, 33});
}

TEST(SignalGolden, FilterBankSquareRoot16Channel) {
  expect_sqrt({13051415151, 14932650877, 18954728418, 8730126017, 6529665275, 12952546517, 10314975609, 8919697835,
               8053663348, 17231208421, 7366899760, 1372112200, 19953434807, 17012385332, 4710443222, 17765594053},
              5, {3570, 3818, 4302, 2919, 2525, 3556, 3173, 2951, 2804, 4102, 2682, 1157, 4414, 4076, 2144, 4165});
}

// g_gen_data_filter_bank_spectral_subtraction_32_channel, byte for byte: the
// options parser reads TFLM's own flexbuffer.
const std::vector<uint8_t> kSubtraction32Options = {
    0x6e, 0x75, 0x6d, 0x5f, 0x63, 0x68, 0x61, 0x6e, 0x6e, 0x65, 0x6c, 0x73, 0x00, 0x73, 0x6d, 0x6f, 0x6f, 0x74,
    0x68, 0x69, 0x6e, 0x67, 0x00, 0x6f, 0x6e, 0x65, 0x5f, 0x6d, 0x69, 0x6e, 0x75, 0x73, 0x5f, 0x73, 0x6d, 0x6f,
    0x6f, 0x74, 0x68, 0x69, 0x6e, 0x67, 0x00, 0x61, 0x6c, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x74, 0x65, 0x5f, 0x73,
    0x6d, 0x6f, 0x6f, 0x74, 0x68, 0x69, 0x6e, 0x67, 0x00, 0x61, 0x6c, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x74, 0x65,
    0x5f, 0x6f, 0x6e, 0x65, 0x5f, 0x6d, 0x69, 0x6e, 0x75, 0x73, 0x5f, 0x73, 0x6d, 0x6f, 0x6f, 0x74, 0x68, 0x69,
    0x6e, 0x67, 0x00, 0x73, 0x6d, 0x6f, 0x6f, 0x74, 0x68, 0x69, 0x6e, 0x67, 0x5f, 0x62, 0x69, 0x74, 0x73, 0x00,
    0x6d, 0x69, 0x6e, 0x5f, 0x73, 0x69, 0x67, 0x6e, 0x61, 0x6c, 0x5f, 0x72, 0x65, 0x6d, 0x61, 0x69, 0x6e, 0x69,
    0x6e, 0x67, 0x00, 0x63, 0x6c, 0x61, 0x6d, 0x70, 0x69, 0x6e, 0x67, 0x00, 0x73, 0x70, 0x65, 0x63, 0x74, 0x72,
    0x61, 0x6c, 0x5f, 0x73, 0x75, 0x62, 0x74, 0x72, 0x61, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x5f, 0x62, 0x69, 0x74,
    0x73, 0x00, 0x09, 0x66, 0x7b, 0x26, 0x3c, 0xa9, 0x93, 0x9e, 0x4f, 0x23, 0x09, 0x00, 0x01, 0x00, 0x09, 0x00,
    0x71, 0x3d, 0x8f, 0x02, 0x00, 0x00, 0x33, 0x03, 0x20, 0x00, 0x71, 0x3d, 0x8f, 0x02, 0x00, 0x00, 0x0e, 0x00,
    0x05, 0x05, 0x05, 0x05, 0x05, 0x05, 0x05, 0x05, 0x05, 0x1b, 0x25, 0x01,
};

TEST(SignalGolden, SpectralSubtraction32ChannelAndReset) {
  HostInterpreter it(one_op("SignalFilterBankSpectralSubtraction", kSubtraction32Options, {{DType::UInt32, {32}, {}}},
                            {{DType::UInt32, {32}, {}}, {DType::UInt32, {32}, {}}}));
  const std::vector<uint32_t> in = {322, 308, 210, 212, 181, 251, 403, 259, 65, 48, 76, 48, 50, 46, 53, 52,
                                    112, 191, 136, 59,  70,  51,  39,  64,  33, 44, 41, 49, 74, 107, 262, 479};
  const std::vector<uint32_t> golden1 = {310, 296, 202, 204, 174, 241, 387, 249, 63, 47, 73, 47, 49, 45, 51, 50,
                                         108, 184, 131, 57,  68,  49,  38,  62,  32, 43, 40, 48, 72, 103, 252, 460};
  const std::vector<uint32_t> golden2 = {12, 12, 8, 8, 7, 10, 16, 10, 2, 1, 3, 1, 1, 1,  2,  2,
                                         4,  7,  5, 2, 2, 2,  1,  2,  1, 1, 1, 1, 2, 4, 10, 19};
  auto outs = run(it, {bytes_of(in)});
  EXPECT_EQ(values_of<uint32_t>(outs[0]), golden1);
  EXPECT_EQ(values_of<uint32_t>(outs[1]), golden2);
  // The noise estimate is state: a second frame starts from it (not TFLM's
  // assertion, the reason the op keeps state) ...
  outs = run(it, {bytes_of(in)});
  EXPECT_NE(values_of<uint32_t>(outs[1]), golden2);
  // ... and Reset returns the op to TFLM's first-frame result.
  it.reset_state();
  outs = run(it, {bytes_of(in)});
  EXPECT_EQ(values_of<uint32_t>(outs[0]), golden1);
  EXPECT_EQ(values_of<uint32_t>(outs[1]), golden2);
}

TEST(SignalGolden, PcanMix1Ref1Case) {
  const std::vector<int16_t> lut = {
      32636, 32633,  32630, -6,     0,     -21589, 32624, -12,    0,     -21589, 32612, -23,    -2,     -21589,
      32587, -48,    0,     -21589, 32539, -96,    0,     -21589, 32443, -190,   0,     -21589, 32253,  -378,
      4,     -21589, 31879, -739,   18,    -21589, 31158, -1409,  62,    -21589, 29811, -2567,  202,    -21589,
      27446, -4301,  562,   -21589, 23707, -6265,  1230,  -21589, 18672, -7458,  1952,  -21589, 13166,  -7030,
      2212,  -21589, 8348,  -5342,  1868,  -21589, 4874,  -3459,  1282,  -21589, 2697,  -2025,  774,    -21589,
      1446,  -1120,  436,   -21589, 762,   -596,   232,   -21589, 398,   -313,   122,   -21589, 207,    -164,
      64,    -21589, 107,   -85,    34,    -21589, 56,    -45,    18,    -21589, 29,    -22,    8,      -21589,
      15,    -13,    6,     -21589, 8,     -8,     4,     -21589, 4,     -2,     0,     -21589, 2,      -3,
      2,     -21589, 1,     0,      0,     -21589, 1,     -3,     2,     -21589, 0,     0,      0};
  HostInterpreter it(one_op("SignalPCAN", ops::flex_map({{"snr_shift", 6}}),
                            {{DType::UInt32, {40}, {}}, {DType::UInt32, {40}, {}}, {DType::Int16, {125}, bytes_of(lut)}},
                            {{DType::UInt32, {40}, {}}}));
  const std::vector<uint32_t> in = {286, 298, 305, 291, 290, 279, 273, 257, 250, 240, 240, 233, 234, 230,
                                    221, 205, 183, 159, 156, 188, 239, 298, 345, 374, 380, 369, 359, 364,
                                    372, 354, 302, 243, 194, 135, 64,  72,  171, 245, 277, 304};
  const std::vector<uint32_t> noise = {7310, 18308, 7796, 17878, 7413, 17141, 6978,  15789, 6390, 14745,
                                       6135, 14314, 5981, 14130, 5649, 12594, 4677,  9768,  3987, 11550,
                                       6109, 18308, 8819, 22977, 9713, 22670, 9176,  22363, 9509, 21748,
                                       7719, 14929, 4959, 8294,  1636, 4423,  4371,  15052, 7080, 18677};
  const std::vector<uint32_t> golden = {1301, 836, 1354, 827, 1312, 811,  1263, 779, 1192, 753,  1160, 743, 1140, 738,
                                        1096, 698, 956,  607, 845,  667,  1157, 836, 1461, 912,  1546, 908, 1496, 904,
                                        1527, 895, 1346, 758, 999,  548,  378,  344, 908,  761,  1274, 843};
  EXPECT_EQ(values_of<uint32_t>(run(it, {bytes_of(in), bytes_of(noise)})[0]), golden);
}

void expect_log(int scale, int bits, const std::vector<uint32_t>& in, const std::vector<int16_t>& golden) {
  const int32_t n = static_cast<int32_t>(in.size());
  HostInterpreter it(one_op("SignalFilterBankLog",
                            ops::flex_map({{"input_correction_bits", bits}, {"output_scale", scale}}),
                            {{DType::UInt32, {n}, {}}}, {{DType::Int16, {n}, {}}}));
  EXPECT_EQ(values_of<int16_t>(run(it, {bytes_of(in)})[0]), golden);
}

TEST(SignalGolden, FilterBankLog32Channel) {
  expect_log(1600, 3, {29, 21, 29, 40, 19, 11, 13, 23, 13, 11, 25, 17, 5,  4,  46, 14,
                       17, 14, 20, 14, 10, 10, 15, 11, 17, 12, 15, 16, 19, 18, 6,  2},
             {8715, 8198, 8715, 9229, 8038, 7164, 7431, 8344, 7431, 7164, 8477, 7860, 5902, 5545, 9453, 7550,
              7860, 7550, 8120, 7550, 7011, 7011, 7660, 7164, 7860, 7303, 7660, 7763, 8038, 7952, 6194, 4436});
}

TEST(SignalGolden, FilterBankLog16Channel) {
  expect_log(32768, 5, {48, 20, 19, 24, 35, 47, 23, 30, 31, 10, 48, 21, 46, 14, 18, 27},
             {32767, 15121, 13440, 21095, 32767, 32767, 19701, 28407, 29482, 32767, 32767, 16720, 32767, 3434, 11669,
              24955});
}

// A damaged flexbuffer is the op's one-line error, not a crash.
TEST(SignalGolden, DamagedOptionsAreRefusedByName) {
  try {
    HostInterpreter it(one_op("SignalWindow", {0x01, 0x02, 0x03}, {{DType::Int16, {16}, {}},
                              {DType::Int16, {16}, bytes_of(kRamp)}}, {{DType::Int16, {16}, {}}}));
    FAIL() << "accepted damaged options";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("custom options"), std::string::npos) << e.what();
  }
}

}  // namespace
