// Tiny synthetic data and a tiny CNN shared by the train_* / prune_* tests:
// three classes of 8x8 images (a bright bar in the top, middle or bottom rows).
#pragma once

#include <vector>

#include "core/data/dataset.h"
#include "core/train/model_builder.h"
#include "core/train/trainer.h"

namespace tinysim::test_data {

inline Dataset bars(size_t n, uint64_t seed) {
  Dataset d;
  d.sample_shape = {8, 8, 1};
  d.num_classes = 3;
  d.class_names = {"top", "middle", "bottom"};
  d.name = "bars";
  train::Rng rng(seed);
  for (size_t i = 0; i < n; ++i) {
    const int label = int(rng.below(3));
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c) {
        const bool on = r / 3 == label || (label == 2 && r == 7);
        d.x.push_back(float((on ? 0.8 : 0.0) + 0.3 * rng.uniform()));
      }
    d.y.push_back(label);
  }
  return d;
}

inline std::vector<train::LayerSpec> small_cnn() {
  train::LayerSpec conv;
  conv.type = "conv2d";
  conv.filters = 4;
  conv.kernel_h = conv.kernel_w = 3;
  conv.activation = Activation::Relu;
  train::LayerSpec pool;
  pool.type = "maxpool";
  pool.kernel_h = pool.kernel_w = 2;
  pool.stride_h = pool.stride_w = 2;
  pool.padding = Padding::Valid;
  train::LayerSpec dense;
  dense.type = "dense";
  dense.filters = 3;
  return {conv, pool, dense};
}

}  // namespace tinysim::test_data
