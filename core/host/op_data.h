// Prepared per-op data, TFLite Micro style (OpDataConv & co.): an op's
// prepare step (its registry entry in core/ops/) validates the op and
// computes every integer its kernel needs (multipliers and shifts, offsets,
// clamps, padding, shapes); the host kernels (kernels.h) and the target plan
// record then only read these. Every op's data starts with the common header
// OpData; each op family adds its own struct, nothing is shared that an op
// does not use.
//
// The plan writer serialises exactly these integers for the C runtime on the
// emulated Cortex-M4, so the two sides never recompute anything from floats
// and stay bit-exact. Float fields serve float32 kernels and QUANTIZE /
// DEQUANTIZE only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ir.h"

namespace tinysim {

// The arithmetic an op runs with, chosen from its tensor types.
enum class KernelType : uint8_t {
  Float32,  // float activations and weights
  Int8,     // int8 activations, int8 weights, int32 bias
  Int16x8,  // int16 activations, int8 weights, int64 (or int32) bias
  Int16,    // int16 activations without weights (ADD, PAD, ...)
  Int32,    // plain (unquantized) 32-bit integers: int32 / uint32 (audio front ends)
};
const char* kernel_type_name(KernelType k);

// A shape extended to 4-D by prepending 1s (NHWC for images).
struct Dims4 {
  int32_t n = 1, h = 1, w = 1, c = 1;
  int64_t size() const { return int64_t{n} * h * w * c; }
  int32_t operator[](int i) const { return i == 0 ? n : i == 1 ? h : i == 2 ? w : c; }
  bool operator==(const Dims4&) const = default;
};
// Throws if the shape has more than 4 dimensions.
Dims4 to_dims4(const std::vector<int32_t>& shape, const std::string& what);

// The common header: which op, which arithmetic, its main input and output.
struct OpData {
  int op_index = -1;
  OpType type = OpType::Custom;
  KernelType kernel = KernelType::Float32;
  int input = -1, output = -1;  // model tensor indices (-1 = absent)
  DType input_type = DType::Float32, output_type = DType::Float32;
  Dims4 input_shape, output_shape;
  int64_t flat_size = 0;   // elements of the output
  int64_t elem_bytes = 1;  // bytes per output element

  OpData() = default;
  OpData(const OpData&) = default;
  OpData& operator=(const OpData&) = default;
  virtual ~OpData() = default;
};

// Requantization of an int32 (int64) accumulator to the output, TFLite's
// signs: input_offset = -input zero point, output_offset = +output zero
// point. One multiplier/shift per output channel for conv / depthwise / fc
// (per-tensor scales broadcast), one entry otherwise. Q31 multiplier + shift
// (positive = left), TFLite's QuantizeMultiplier. act_min/act_max clamp
// after the fused activation (quantized units); act_min_f/act_max_f are the
// float kernels' clamp.
struct Requant {
  std::vector<int32_t> output_multiplier, output_shift;
  int32_t input_offset = 0, output_offset = 0;
  int32_t act_min = 0, act_max = 0;
  float act_min_f = 0.f, act_max_f = 0.f;
};

// Window geometry of conv, depthwise conv and pooling. pad_w/pad_h are
// TFLite's padding_values (top/left offsets) computed from SAME/VALID.
struct Window {
  int32_t stride_w = 1, stride_h = 1, dilation_w = 1, dilation_h = 1;
  int32_t pad_w = 0, pad_h = 0;
  int32_t filter_w = 1, filter_h = 1;
};

// CONV_2D and DEPTHWISE_CONV_2D.
struct ConvData : OpData, Requant, Window {
  int filter = -1, bias = -1;
  DType bias_type = DType::Int32;  // Int32, or Int64 for int16x8
  Dims4 filter_shape;
  int32_t depth_multiplier = 1;
  int32_t groups = 1;         // CONV_2D: input channels / filter input channels
  int32_t filter_offset = 0;  // -filter zero point (0: symmetric int8)
};

// FULLY_CONNECTED: input seen as [fc_batches, fc_accum_depth], weights
// [fc_output_depth, fc_accum_depth].
struct FullyConnectedData : OpData, Requant {
  int filter = -1, bias = -1;
  DType bias_type = DType::Int32;
  Dims4 filter_shape;
  int32_t fc_batches = 1, fc_accum_depth = 1, fc_output_depth = 1;
  int32_t filter_offset = 0;
};

// AVERAGE_POOL_2D, MAX_POOL_2D (act_min/act_max in Requant's fields).
struct PoolData : OpData, Requant, Window {};

// ADD, MUL, SUB with 4-D broadcasting. ADD/SUB (int8 left_shift 20, int16
// 15) follow TFLite's AddElementwise: inputs scaled by
// input{1,2}_multiplier/shift, the sum by output_multiplier[0]; MUL scales
// the product by output_multiplier[0].
struct BinaryData : OpData, Requant {
  int input2 = -1;
  Dims4 input2_shape;
  int32_t input2_offset = 0;
  int32_t left_shift = 0;
  int32_t input1_multiplier = 0, input1_shift = 0, input2_multiplier = 0, input2_shift = 0;
  bool broadcast = false;  // operand shapes differ
};

// SOFTMAX: int8 scales (beta * input difference) to Q5.26 with
// input_multiplier/input_left_shift; diff_min cuts off differences whose
// exp is 0.
struct SoftmaxData : OpData {
  int32_t input_multiplier = 0, input_left_shift = 0, diff_min = 0;
  float beta = 1.f;
};

// RELU, RELU6, LOGISTIC, TANH. LOGISTIC / TANH int8: input minus
// input_zero_point is scaled by input_multiplier/input_left_shift to Q4.27;
// beyond +-input_range_radius the output saturates.
struct ActivationData : OpData, Requant {
  int32_t input_multiplier = 0, input_left_shift = 0;
  int32_t input_zero_point = 0, input_range_radius = 0;
};

// MEAN over H and W (global average pooling) of a 4-D input.
struct MeanData : OpData, Requant {
  int32_t input_zero_point = 0;
  int32_t mean_count = 1;  // H * W
};

// PAD: per 4-D dimension (n, h, w, c); padding value in output units.
struct PadData : OpData {
  std::array<int32_t, 4> pad_before{}, pad_after{};
  int32_t pad_value_q = 0;
  float pad_value_f = 0.f;
};

// CONCATENATION along a 4-D axis: for each of concat_outer rows, every input
// contributes concat_copy_elems[i] contiguous elements.
struct ConcatData : OpData {
  std::vector<int> inputs;
  int32_t concat_axis = 0;
  int64_t concat_outer = 1;
  std::vector<int64_t> concat_copy_elems;
};

// QUANTIZE float->int: q = round(x / quant_scale) + quant_zero_point.
// DEQUANTIZE: x = quant_scale * (q - quant_zero_point) (in double, as TFLite
// does). QUANTIZE int->int requantizes with Requant's input_offset,
// output_multiplier[0]/output_shift[0], output_offset and the type's range.
struct QuantizeData : OpData, Requant {
  float quant_scale = 1.f;
  int32_t quant_zero_point = 0;
};

}  // namespace tinysim
