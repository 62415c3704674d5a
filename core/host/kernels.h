// Host reference kernels (eval side). Each reads only raw tensor pointers and
// its op's prepared data (op_data.h); shapes come from that data. The int8
// and int16 kernels compute with fixed_point.h's integer arithmetic, bit-exact
// with TFLite's reference kernels and the C target runtime. The hot int8 ops
// (conv, depthwise, fully connected) run as exact int8 GEMMs (int8_gemm.h);
// their *_reference forms are the plain tap-walking loops the GEMM forms are
// tested and benched against, and conv2d_float_reference is the float loop
// the Eigen GEMM conv is compared with.
#pragma once

#include <cstdint>

#include "core/host/op_data.h"

namespace tinysim::kernels {

// conv2d_gemm.cpp (im2col + GEMM)
void conv2d_float(const ConvData& p, const float* input, const float* filter, const float* bias, float* output);
void conv2d_int8(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 int8_t* output);
// conv2d.cpp (tap walking)
void conv2d_float_reference(const ConvData& p, const float* input, const float* filter, const float* bias,
                            float* output);
void conv2d_int8_reference(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           int8_t* output);
// bias is int64_t* or int32_t* according to p.bias_type (nullptr if absent).
void conv2d_int16x8(const ConvData& p, const int16_t* input, const int8_t* filter, const void* bias,
                    int16_t* output);

// depthwise_conv2d.cpp (tap walking)
void depthwise_conv2d_float_reference(const ConvData& p, const float* input, const float* filter, const float* bias,
                                      float* output);
void depthwise_conv2d_int8_reference(const ConvData& p, const int8_t* input, const int8_t* filter,
                                     const int32_t* bias, int8_t* output);
// TFLite reference_integer_ops::DepthwiseConvPerChannel (int16): int64 accumulator, bias int64 (or none).
void depthwise_conv2d_int16x8(const ConvData& p, const int16_t* input, const int8_t* filter, const int64_t* bias,
                              int16_t* output);
// depthwise_conv2d_rows.cpp (bordered image, channel runs)
void depthwise_conv2d_float(const ConvData& p, const float* input, const float* filter, const float* bias,
                            float* output);
void depthwise_conv2d_int8(const ConvData& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           int8_t* output);

// fully_connected.cpp
void fully_connected_float(const FullyConnectedData& p, const float* input, const float* weights, const float* bias,
                           float* output);
void fully_connected_int8(const FullyConnectedData& p, const int8_t* input, const int8_t* weights, const int32_t* bias,
                          int8_t* output);
void fully_connected_int8_reference(const FullyConnectedData& p, const int8_t* input, const int8_t* weights,
                                    const int32_t* bias, int8_t* output);
// TFLite reference_integer_ops::FullyConnected<int64_t> (int16 input): int64 accumulator, bias int64 (or none).
void fully_connected_int16x8(const FullyConnectedData& p, const int16_t* input, const int8_t* weights,
                             const int64_t* bias, int16_t* output);

// pooling.cpp
void average_pool_float(const PoolData& p, const float* input, float* output);
void average_pool_int8(const PoolData& p, const int8_t* input, int8_t* output);
void max_pool_float(const PoolData& p, const float* input, float* output);
void max_pool_int8(const PoolData& p, const int8_t* input, int8_t* output);
void average_pool_int16(const PoolData& p, const int16_t* input, int16_t* output);
void max_pool_int16(const PoolData& p, const int16_t* input, int16_t* output);

// elementwise.cpp (ADD, MUL with 4-D broadcasting)
void add_float(const BinaryData& p, const float* a, const float* b, float* output);
void add_int8(const BinaryData& p, const int8_t* a, const int8_t* b, int8_t* output);
void add_int16(const BinaryData& p, const int16_t* a, const int16_t* b, int16_t* output);
void mul_float(const BinaryData& p, const float* a, const float* b, float* output);
void mul_int8(const BinaryData& p, const int8_t* a, const int8_t* b, int8_t* output);

// softmax.cpp
void softmax_float(const SoftmaxData& p, const float* input, float* output);
void softmax_int8(const SoftmaxData& p, const int8_t* input, int8_t* output);
void softmax_int8_int16(const SoftmaxData& p, const int8_t* input, int16_t* output);  // output 1/65536, -32768

// activations.cpp
void relu_float(const ActivationData& p, const float* input, float* output);  // RELU and RELU6
void relu_int8(const ActivationData& p, const int8_t* input, int8_t* output);
void relu6_int8(const ActivationData& p, const int8_t* input, int8_t* output);
void logistic_float(const ActivationData& p, const float* input, float* output);
void logistic_int8(const ActivationData& p, const int8_t* input, int8_t* output);
void tanh_float(const ActivationData& p, const float* input, float* output);
void tanh_int8(const ActivationData& p, const int8_t* input, int8_t* output);

// reduce.cpp (MEAN over H, W)
void mean_float(const MeanData& p, const float* input, float* output);
void mean_int8(const MeanData& p, const int8_t* input, int8_t* output);

// layout.cpp (RESHAPE, PAD, CONCATENATION: element-type agnostic byte moves)
void reshape(const OpData& p, const void* input, void* output);
void pad(const PadData& p, const void* input, void* output);
void concatenation(const ConcatData& p, const void* const* inputs, void* output);

// quantize.cpp
void quantize_float(const QuantizeData& p, const float* input, void* output);  // to int8 / int16
// q = clamp(round_half_away(x / scale) + zero_point, lo, hi) for n floats
// (TFLite's float -> int8 quantization; NaN -> zero_point, +-inf saturate),
// 8 lanes per AVX2 step with the scalar form's bits.
void quantize_floats_int8(const float* x, int64_t n, float scale, int32_t zero_point, int32_t lo, int32_t hi,
                          int8_t* out);
// int8/int16/int32 -> int8/int16/int32 (TFLite's Requantize: the pairs TFLM's QUANTIZE has)
void requantize(const QuantizeData& p, const void* input, void* output);
void dequantize(const QuantizeData& p, const void* input, float* output);     // int8/int16 -> float

}  // namespace tinysim::kernels
