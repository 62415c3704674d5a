// Which storage runs an int8 CONV_2D / FULLY_CONNECTED layer faster on the
// Cortex-M4 runtime: the dense SMLAD kernels (conv2d_s8.c,
// fully_connected_s8.c) or the sparse ones (sparse_s8.c, bitmap + non-zero
// values). The plan writer picks the storage of all layers together from
// these predictions (choose_sparse_layers), so a pruned model is never slower
// than its dense parent and is as small as that allows.
//
// The cycles of each kernel path are linear in the counts of its loop levels
// (pixel groups, rows, bitmap words, non-zero weights, MACs), with constants
// fitted to emulated layer cycles: benchmarks/sparse_cost (record_layers.cpp
// measures, fit.py fits and checks, README there has the figures).
#pragma once

#include <cstdint>
#include <vector>

namespace tinysim::ops {

struct SparseCostShape {
  enum class Path { Conv, Pointwise, FullyConnected };
  Path path = Path::Conv;  // Pointwise: the dense kernel's direct 1x1 path
  int64_t batches = 1;
  int64_t pixels = 1;      // output pixels per batch (1 for FC)
  int64_t rows = 1;        // output channels / units
  int64_t k = 1;           // weights per row (fh * fw * cin, or depth)
  bool direct = false;     // input read in place (1x1, stride 1, no padding)
  int64_t nonzeros = 0;    // non-zero weights of the whole tensor
};

// Predicted cycles of the layer, flash stalls included for weights read from
// flash with `wait_states` (0: RAM or a zero-wait-state flash).
double dense_cycles(const SparseCostShape& s, uint32_t wait_states);
double sparse_cycles(const SparseCostShape& s, uint32_t wait_states);

// Bytes of the sparse encoding (ts_sparse_header + bitmap + non-zero values).
int64_t sparse_stored_bytes(int64_t rows, int64_t k, int64_t nonzeros);

struct SparseCandidate {
  int op_index = -1;
  SparseCostShape shape;
  int64_t dense_bytes = 0;
};

// The layers to store sparsely, as op indices: every layer whose sparse
// kernel is predicted faster than its dense one by the fit's margin (3 %,
// which covers the model's error on models it was not fitted on), then,
// cheapest extra cycles per byte saved first, slower layers that save bytes
// while they cost at most 1 % of that fastest plan and the plan stays 3 %
// under all-dense. So the model runs no slower than dense, within 1 % of the
// fastest storage, and as small as that allows.
std::vector<int> choose_sparse_layers(const std::vector<SparseCandidate>& candidates, uint32_t wait_states);

}  // namespace tinysim::ops
