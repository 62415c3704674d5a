// Magnitude pruning with the polynomial sparsity schedule of Zhu & Gupta
// (2017, "To prune, or not to prune"): between begin_step and end_step the
// target sparsity rises as s_t = s_f + (s_i - s_f) * (1 - (t - t0) / (t1 - t0))^3,
// every `frequency` steps the smallest-magnitude weights of each pruned
// tensor are masked to exactly zero, and training continues with the masks
// held, so the network recovers around the zeros. Symmetric int8
// quantization afterwards keeps the zeros exact (prune-then-quantize).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ir.h"
#include "core/train/trainer.h"

namespace tinysim::train {

struct PruneOptions {
  float target_sparsity = 0.75f;
  float initial_sparsity = 0.0f;
  int64_t begin_step = 0;
  int64_t end_step = -1;  // -1: at 70% of the fine-tuning steps
  int frequency = 20;     // steps between mask updates
  bool prune_depthwise = false;  // depthwise filters are tiny and sensitive
  FitOptions fit;                // fine-tuning (epochs, lr, ...)
};

// The schedule above (clamped outside [begin, end]).
float polynomial_sparsity(int64_t step, float initial, float target, int64_t begin, int64_t end);

// Whether parameter slot k is a weight tensor pruning touches.
bool prunable(const TrainNet& net, int k, bool prune_depthwise);

// Masks the smallest |w| of each prunable tensor so that `sparsity` of it is
// zero (ties broken by index, so it is deterministic). Masks only grow.
void update_masks(const TrainNet& net, std::vector<std::vector<uint8_t>>& masks, float sparsity,
                  bool prune_depthwise);

// Prunes and fine-tunes in place. Returns the final training loss.
double prune_and_finetune(TrainNet& net, const Dataset& train, const PruneOptions& options);

struct SparsityStats {
  int64_t weights = 0;        // elements of conv/depthwise/FC weight tensors
  int64_t zeros = 0;
  double sparsity = 0;        // zeros / weights
  int64_t pruned_tensors = 0; // tensors with >= 50% zeros
};
// Works on float or int8 models (an int8 zero is q == zero_point == 0).
SparsityStats weight_sparsity(const Model& model);

}  // namespace tinysim::train
