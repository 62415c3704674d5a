// Magnitude pruning of a model's int8 weights in place of a trained pruned
// model: in every constant int8 CONV_2D / FULLY_CONNECTED weight tensor the
// `fraction` smallest |w| become 0. Used by the sparse-storage tests and the
// sparse cost recorder (benchmarks/sparse_cost), which need many sparsities
// of the same real model.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/model/ir.h"

namespace tinysim::test {

inline Model pruned_int8(Model m, double fraction) {
  for (const Operator& op : m.ops) {
    if (op.type != OpType::Conv2D && op.type != OpType::FullyConnected) continue;
    Tensor& w = m.tensors[size_t(op.inputs[1])];
    if (w.type != DType::Int8 || !w.is_constant()) continue;
    std::vector<int> mags;
    for (uint8_t b : w.data) mags.push_back(std::abs(int(int8_t(b))));
    std::vector<int> sorted = mags;
    const size_t cut = std::min(sorted.size() - 1, size_t(fraction * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + long(cut), sorted.end());
    const int threshold = sorted[cut];
    size_t zeroed = 0;
    for (size_t i = 0; i < w.data.size() && zeroed < cut; ++i)
      if (mags[i] < threshold || (mags[i] == threshold && zeroed < cut)) {
        w.data[i] = 0;
        ++zeroed;
      }
  }
  return m;
}

}  // namespace tinysim::test
