// Prepare/eval split, as in TFLite Micro: prepare_op() validates one operator
// of a Model and computes every parameter its kernel needs (integer
// multipliers and shifts, offsets, clamps, padding, shapes); the eval
// functions then only read raw tensor pointers and this struct.
//
// The target plan serialises exactly these integers for the C runtime on the
// emulated Cortex-M4, so the two sides never recompute anything from floats
// and stay bit-exact. The float fields serve only float32 kernels and
// QUANTIZE/DEQUANTIZE, which are float on the target too.
//
// Field names are a contract with the target-runtime code: add, never rename.
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
  Int16,    // int16 activations without weights (ADD)
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

struct PreparedOp {
  int op_index = -1;
  OpType type = OpType::Unsupported;
  KernelType kernel = KernelType::Float32;

  // Model tensor indices (-1 = absent). `input2` is the second operand of
  // ADD/MUL; `filter`/`bias` are the constant operands of conv/dw/fc.
  int input = -1, input2 = -1, filter = -1, bias = -1, output = -1;
  std::vector<int> inputs;  // CONCATENATION: every input in order
  DType input_type = DType::Float32, output_type = DType::Float32;
  DType bias_type = DType::Int32;  // Int32 or Int64 (int16x8 conv)

  Dims4 input_shape, input2_shape, filter_shape, output_shape;
  int64_t flat_size = 0;  // elements of the output (elementwise ops)

  // CONV_2D / DEPTHWISE_CONV_2D / pooling geometry. pad_w/pad_h are TFLite's
  // padding_values (top/left offsets) computed from SAME/VALID.
  int32_t stride_w = 1, stride_h = 1, dilation_w = 1, dilation_h = 1;
  int32_t pad_w = 0, pad_h = 0;
  int32_t filter_w = 1, filter_h = 1;  // kernel window (pooling and conv)
  int32_t depth_multiplier = 1;
  int32_t groups = 1;  // CONV_2D input channels / filter input channels

  // FULLY_CONNECTED: input seen as [fc_batches, fc_accum_depth], weights
  // [fc_output_depth, fc_accum_depth].
  int32_t fc_batches = 1, fc_accum_depth = 1, fc_output_depth = 1;

  // Quantized offsets with TFLite's signs: input_offset = -input_zero_point,
  // input2_offset = -input2_zero_point, filter_offset = -filter_zero_point
  // (0 for symmetric int8 weights), output_offset = +output_zero_point.
  int32_t input_offset = 0, input2_offset = 0, filter_offset = 0, output_offset = 0;

  // Requantization of the int32 (int64) accumulator to the output: one entry
  // per output channel for CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED
  // (per-tensor scales are broadcast), one entry for MUL, MEAN, RELU, RELU6,
  // QUANTIZE (requantize), ADD's output stage. Q31 multiplier + shift
  // (positive = left), TFLite's QuantizeMultiplier.
  std::vector<int32_t> output_multiplier, output_shift;

  // Output clamp after fused activation (quantized for int8/int16 kernels,
  // float for float32 kernels).
  int32_t act_min = 0, act_max = 0;
  float act_min_f = 0.f, act_max_f = 0.f;

  // ADD (int8 left_shift 20, int16 left_shift 15), TFLite's AddElementwise:
  // inputs scaled by input{1,2}_multiplier/shift, sum by output_multiplier[0].
  int32_t left_shift = 0;
  int32_t input1_multiplier = 0, input1_shift = 0, input2_multiplier = 0, input2_shift = 0;
  bool broadcast = false;  // ADD/MUL operand shapes differ (4-D broadcast)

  // SOFTMAX int8: input_multiplier/input_left_shift scale (beta * input
  // difference) to Q5.26, diff_min cuts off differences whose exp is 0.
  // LOGISTIC / TANH int8: input (minus input_zero_point) is scaled by
  // input_multiplier/input_left_shift to Q4.27; beyond +-input_range_radius
  // the output saturates.
  int32_t input_multiplier = 0, input_left_shift = 0, diff_min = 0;
  int32_t input_zero_point = 0, input_range_radius = 0;
  float beta = 1.f;  // float softmax

  // PAD: per 4-D dimension (n, h, w, c); padding value in output units.
  std::array<int32_t, 4> pad_before{}, pad_after{};
  int32_t pad_value_q = 0;
  float pad_value_f = 0.f;

  // CONCATENATION along a 4-D axis: for each of concat_outer rows, every
  // input contributes concat_copy_elems[i] contiguous elements.
  int32_t concat_axis = 0;
  int64_t concat_outer = 1;
  std::vector<int64_t> concat_copy_elems;

  // MEAN over H and W (global average pooling) of a 4-D input.
  int32_t mean_count = 1;  // H * W

  // QUANTIZE float->int: q = round(x / quant_scale) + quant_zero_point.
  // DEQUANTIZE: x = quant_scale * (q - quant_zero_point) (computed in double
  // as TFLite does). QUANTIZE int->int requantizes with input_offset,
  // output_multiplier[0]/output_shift[0] and output_offset.
  float quant_scale = 1.f;
  int32_t quant_zero_point = 0;

  int64_t elem_bytes = 1;  // bytes per activation element (RESHAPE, CONCAT)
};

// Validates op `op_index` of the model and computes its parameters. Throws
// tinysim::Error ("MODEL: op N (NAME) ...") for an unsupported op, type
// combination or inconsistent shapes.
PreparedOp prepare_op(const Model& model, int op_index);

// Comma-separated list of supported ops, for messages.
std::string supported_ops_list();

}  // namespace tinysim
