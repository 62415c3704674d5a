// Builds a float32 IR model from a list of layers (the "layers" of a recipe),
// with seeded weight initialisation, so that training starts from an IR model
// like any loaded .tflite.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ir.h"

namespace tinysim::train {

struct LayerSpec {
  // conv2d, conv1d, depthwise, dense, maxpool, avgpool, global_avgpool,
  // flatten, relu, relu6, add_skip (residual: adds the output of layer `from`),
  // batchnorm (see build_model)
  std::string type;
  int filters = 0;             // conv2d/conv1d: output channels; dense: units
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int depth_multiplier = 1;
  Padding padding = Padding::Same;
  Activation activation = Activation::None;
  int from = -1;               // add_skip: index of the layer whose output is added
};

// input_shape: one sample without the batch dim (e.g. {28, 28, 1}); a
// softmax over the last layer's output is appended when `softmax`.
// Throws tinysim::Error (naming `what`) for impossible shapes.
// A "batchnorm" layer marks the preceding conv/depthwise/dense op: its index
// goes to *batch_norm_ops (TrainNet::add_batch_norm then attaches the BN,
// applied before that layer's activation). Null: batchnorm layers are errors.
Model build_model(const std::vector<int>& input_shape, const std::vector<LayerSpec>& layers,
                  bool softmax, uint64_t seed, const std::string& what,
                  std::vector<int>* batch_norm_ops = nullptr);

// Appends `layer` to an existing model whose single output is its current
// head (used to put a new head on a cut base model). Returns the new output.
int append_layer(Model& m, int input_tensor, const LayerSpec& layer, uint64_t seed,
                 const std::string& name_prefix, const std::string& what);
int append_softmax(Model& m, int input_tensor);

}  // namespace tinysim::train
