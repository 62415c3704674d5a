// ADD, RESHAPE, the activation ops and SOFTMAX: elementwise or row-wise, no
// parameters. ReLU, ReLU6 and tanh are an identity layer followed by their
// activation, so their forward and backward are the fused activations'.
#include "core/train/train_layer.h"

#include <algorithm>
#include <cmath>

namespace tinysim::train {

namespace {

void copy_forward(const LayerPass& p) { std::copy(p.x, p.x + p.n_out, p.y); }
void pass_backward(const LayerPass& p) {
  if (p.dx)
    for (int64_t i = 0; i < p.n_out; ++i) p.dx[i] += p.g[i];
}

// The second input is a tensor of the graph or a constant broadcast along the
// last dimension (a bias-like [C] or a scalar).
void add_forward(const LayerPass& p) {
  const Tensor& b = p.net.model().tensors[p.op.inputs[1]];
  const float* in2 = b.is_constant() ? b.as<float>() : p.activation(p.op.inputs[1]);
  const int64_t n2 = b.is_constant() ? b.num_elements() : p.n_out;
  for (int64_t i = 0; i < p.n_out; ++i) p.y[i] = p.x[i] + in2[i % n2];
}
void add_backward(const LayerPass& p) {
  pass_backward(p);
  if (float* dx2 = p.grad_of(p.op.inputs[1]))
    for (int64_t i = 0; i < p.n_out; ++i) dx2[i] += p.g[i];
}

void logistic_forward(const LayerPass& p) {
  for (int64_t i = 0; i < p.n_out; ++i) p.y[i] = 1.0f / (1.0f + std::exp(-p.x[i]));
}
void logistic_backward(const LayerPass& p) {
  if (p.dx)
    for (int64_t i = 0; i < p.n_out; ++i) p.dx[i] += p.g[i] * p.out[i] * (1.0f - p.out[i]);
}

int softmax_cols(const LayerPass& p) {
  return static_cast<int>(p.net.model().tensors[p.op.outputs[0]].shape.back());
}
void softmax_forward(const LayerPass& p) {
  const int cols = softmax_cols(p);
  softmax_rows(p.x, p.y, static_cast<int>(p.n_out / cols), cols, p.op.options.beta);
}
void softmax_backward(const LayerPass& p) {
  if (!p.dx) return;
  const int cols = softmax_cols(p);
  const float beta = p.op.options.beta;
  const float* y = p.out;
  for (int64_t r = 0; r < p.n_out / cols; ++r) {
    float dot = 0;
    for (int c = 0; c < cols; ++c) dot += p.g[r * cols + c] * y[r * cols + c];
    for (int c = 0; c < cols; ++c) p.dx[r * cols + c] += beta * y[r * cols + c] * (p.g[r * cols + c] - dot);
  }
}

Activation relu(const Operator&) { return Activation::Relu; }
Activation relu6(const Operator&) { return Activation::Relu6; }
Activation tanh_activation(const Operator&) { return Activation::Tanh; }

}  // namespace

std::vector<TrainLayer> pointwise_train_layers() {
  return {
      {OpType::Add, false, 0, fused_activation, add_forward, add_backward},
      {OpType::Reshape, false, 0, fused_activation, copy_forward, pass_backward},
      {OpType::Relu, false, 0, relu, copy_forward, pass_backward},
      {OpType::Relu6, false, 0, relu6, copy_forward, pass_backward},
      {OpType::Tanh, false, 0, tanh_activation, copy_forward, pass_backward},
      {OpType::Logistic, false, 0, fused_activation, logistic_forward, logistic_backward},
      {OpType::Softmax, false, 0, no_activation, softmax_forward, softmax_backward, true},
  };
}

}  // namespace tinysim::train
