// Scores a model on a whole data set with the host reference kernels, split
// over threads (one HostInterpreter copy each, sharing the prepared model's
// constants; contiguous shards), and compares a
// variant's outputs with its float parent's.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/model/ir.h"
#include "core/data/dataset.h"

namespace tinysim::report {

struct HostEval {
  size_t samples = 0;
  size_t outputs_per_sample = 0;       // elements of output 0
  std::vector<int> predicted;          // top-1 of output 0 per sample
  std::vector<float> outputs;          // output 0 dequantized, samples x outputs_per_sample
  uint64_t correct = 0;
  std::vector<std::vector<uint64_t>> confusion;  // [label][predicted]
  bool complete = false;               // false if cancelled part way
};

// Throws tinysim::Error if the data set does not fit the model: one input
// with as many values as a sample, output 0 with one value per class.
void check_model_data(const Model& model, const Dataset& data);

// Runs check_model_data first. tick(samples_done) is called on the calling
// thread about ten times a second while the worker threads run (so progress
// reaches subscribers on the thread that called run_bench).
HostEval evaluate_on_host(const Model& model, const Dataset& data, int threads, const std::atomic<bool>& cancel,
                          const std::function<void(size_t)>& tick = {});

struct Agreement {
  double same_top1 = 0;  // fraction
  double rmse = 0;
  double cosine = 0;     // mean per-sample cosine similarity
};
// Both evaluations must cover the same samples with the same output size.
Agreement compare_outputs(const HostEval& variant, const HostEval& parent);

// Index of the largest value (first one on ties, like numpy.argmax).
int argmax(const float* v, size_t n);

}  // namespace tinysim::report
