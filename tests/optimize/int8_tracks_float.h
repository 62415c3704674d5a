// A quantized graph checked against its float parent on the first calibration
// sample: each int8 output, dequantized with the output's scale and zero
// point, within `tolerance` of the float output.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/data/dataset.h"
#include "core/ops/interpreter.h"

namespace tinysim {

inline void expect_int8_tracks_float(const Model& float_model, const Model& int8_model, const Dataset& calib,
                                     float scale, int zero_point, float tolerance) {
  const float* x = calib.sample(0);
  const size_t n = calib.sample_elements();
  HostInterpreter f(float_model), h(int8_model);
  f.set_input_from_float(0, x, n);
  f.invoke();
  h.set_input_from_float(0, x, n);
  h.invoke();
  const std::vector<uint8_t>& fo = f.output_bytes(0);
  const std::vector<uint8_t>& qo = h.output_bytes(0);
  ASSERT_EQ(fo.size(), qo.size() * 4);
  for (size_t i = 0; i < qo.size(); ++i) {
    float want;
    std::memcpy(&want, fo.data() + 4 * i, 4);
    EXPECT_NEAR(scale * static_cast<float>(static_cast<int8_t>(qo[i]) - zero_point), want, tolerance) << i;
  }
}

}  // namespace tinysim
