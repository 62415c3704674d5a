// The value a variable (state) tensor starts from, as TFLM's
// ResetVariableTensors sets it: an int8 tensor's zero point in every byte,
// else 0. The host interpreter fills its buffers with it and the plan's
// ts_reset table carries it to ts_init, so both sides start alike.
#pragma once

#include <cstdint>

#include "core/model/ir.h"

namespace tinysim::ops {

inline int8_t variable_reset_value(const Tensor& t) {
  const bool int8_state = t.is_variable && t.type == DType::Int8 && !t.quant.zero_point.empty();
  return int8_state ? static_cast<int8_t>(t.quant.zero_point[0]) : int8_t{0};
}

}  // namespace tinysim::ops
