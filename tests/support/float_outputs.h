// Outputs of two backends compared the way the project states its
// tolerance: within 1e-5 relative, element by element. (The host's float FC,
// conv and depthwise sum in the target's order, so most models agree bit for
// bit; the LSTM's sigmoid/tanh come from different libms.)
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/model/ir.h"

namespace tinysim::testing_support {

// Of = Element: 1e-5 of each value (model outputs). Of = Largest: 1e-5 of the
// tensor's largest magnitude, for an inner layer such as an LSTM's hidden
// state, where 28 steps of 1-ulp libm differences meet cancelling sums.
enum class RelativeTo { Element, Largest };

inline void expect_floats_near(const std::vector<uint8_t>& reference, const std::vector<uint8_t>& other,
                               const std::string& what, RelativeTo of = RelativeTo::Element) {
  ASSERT_EQ(reference.size(), other.size()) << what;
  const size_t n = reference.size() / 4;
  std::vector<float> a(n), b(n);
  std::memcpy(a.data(), reference.data(), n * 4);
  std::memcpy(b.data(), other.data(), n * 4);
  float largest = 0;
  for (float v : a) largest = std::max(largest, std::fabs(v));
  for (size_t k = 0; k < n; ++k)
    EXPECT_LE(std::fabs(a[k] - b[k]), 1e-5f * std::max(of == RelativeTo::Element ? std::fabs(a[k]) : largest, FLT_MIN))
        << what << " [" << k << "] reference " << a[k] << ", other " << b[k];
}

// A model's outputs from two backends: integer outputs identical, float ones
// as expect_floats_near.
inline void expect_same_outputs(const Model& m, const std::vector<std::vector<uint8_t>>& reference,
                                const std::vector<std::vector<uint8_t>>& other, const std::string& what,
                                RelativeTo of = RelativeTo::Element) {
  ASSERT_EQ(reference.size(), other.size()) << what;
  for (size_t i = 0; i < reference.size(); ++i) {
    ASSERT_EQ(reference[i].size(), other[i].size()) << what << " output " << i;
    if (m.tensors[size_t(m.outputs[i])].type == DType::Float32)
      expect_floats_near(reference[i], other[i], what + " output " + std::to_string(i), of);
    else
      EXPECT_EQ(reference[i], other[i]) << what << " output " << i;
  }
}

}  // namespace tinysim::testing_support
