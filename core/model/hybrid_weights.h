// Hybrid models keep float activations but store some constant weights as
// int8 with a scale (TFLite's "dynamic range" quantization). TinySim turns
// those weights back into float32 at load so every later stage sees a plain
// float model: one code path, and numbers comparable with the float model.
#pragma once

#include <vector>

#include "core/model/ir.h"

namespace tinysim {

// real = scale[c] * (q - zero_point[c]) for each element, with c the index
// along quant.quantized_dimension when per-channel. Works for int8, uint8,
// int16 and int32 constants; throws tinysim::Error for other types or a
// tensor without data/scale.
std::vector<float> dequantize_constant(const Tensor& t);

// Converts every quantized int8 constant whose consumers are all float ops
// (float input activation and float output; not DEQUANTIZE) into a float32
// constant. Returns how many tensors were converted.
int dequantize_hybrid_weights(Model& model);

}  // namespace tinysim
