// The trainer's layers: one entry per op type the trainer can run forward and
// backward, looked up by op type (no switch on op type anywhere else in the
// trainer). Entries live in train_layers_*.cpp by family; adding a trainable
// op means adding one entry there and a gradient check in tests/train.
//
// A layer computes the op's own function. TrainNet applies what comes after
// it the same way for every layer: batch norm (layers with parameters), then
// the output activation (the fused one, or the op itself for ReLU-style ops).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/model/ir.h"
#include "core/train/train_kernels.h"
#include "core/train/train_net.h"

namespace tinysim::train {

// One op of the network during one pass over a batch.
struct LayerPass {
  const TrainNet& net;
  const Operator& op;
  int batch = 0;
  const ParamValues* pv = nullptr;  // QAT's fake-quantized weights, or null
  int64_t n_out = 0;                // output floats (batch * elements)
  const float* x = nullptr;         // input 0's activation
  // Forward: write y. Backward: y is the op's output, g the gradient of the
  // output (after the activation and batch norm), dx input 0's gradient (null
  // when nothing upstream needs it); backward accumulates (+=).
  float* y = nullptr;
  const float* out = nullptr;
  const float* g = nullptr;
  float* dx = nullptr;
  std::function<const float*(int tensor)> activation;  // forward: any tensor's activation
  std::function<float*(int tensor)> grad_of;           // backward: a tensor's gradient or null
  std::function<float*(int tensor)> param_grad;        // backward: a parameter's gradient or null

  // Weight (input 1) / bias (input 2) values, or null when absent.
  const float* weight(size_t input) const;
};

// Per-sample dims of an NHWC activation, padded to 4-D: [1, H, W, C].
void nhwc_dims(const Tensor& t, int& h, int& w, int& c);

struct TrainLayer {
  OpType type{};
  // Inputs 1 and 2 (weights, bias) are trainable parameters; batch norm can
  // follow the layer. weight_channel_axis: the output-channel axis of the
  // weights (batch-norm folding scales along it).
  bool has_params = false;
  int weight_channel_axis = 0;
  // The activation applied to the output after the layer: the op's fused one
  // unless the op is itself an activation (or has a gradient of its own).
  Activation (*output_activation)(const Operator& op) = nullptr;
  void (*forward)(const LayerPass& p) = nullptr;
  void (*backward)(const LayerPass& p) = nullptr;
  // When this op produces the network's output, the trainer folds it into
  // the loss (softmax + cross-entropy): the loss starts at its input.
  bool folds_into_loss = false;
};

// Null when the trainer has no layer for this op type.
const TrainLayer* find_train_layer(OpType type);
const std::vector<TrainLayer>& all_train_layers();

// Output activations shared by the families.
Activation fused_activation(const Operator& op);
Activation no_activation(const Operator& op);

// Families (train_layers_*.cpp).
std::vector<TrainLayer> weighted_train_layers();   // CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED
std::vector<TrainLayer> pooling_train_layers();    // AVERAGE_POOL_2D, MAX_POOL_2D, MEAN
std::vector<TrainLayer> pointwise_train_layers();  // ADD, RESHAPE, activations, SOFTMAX

}  // namespace tinysim::train
