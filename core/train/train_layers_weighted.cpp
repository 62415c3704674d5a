// CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: the layers with trainable
// weights and bias (TFLite layouts: OHWI, 1HWO, OI).
#include "core/train/train_layer.h"

namespace tinysim::train {

namespace {

float* param_grad_of(const LayerPass& p, size_t input) {
  return input < p.op.inputs.size() ? p.param_grad(p.op.inputs[input]) : nullptr;
}

// out_c_axis: the filter axis that holds the output channels.
ConvGeom conv_geom(const LayerPass& p, int out_c_axis) {
  const Model& m = p.net.model();
  int h, w, c;
  nhwc_dims(m.tensors[p.op.inputs[0]], h, w, c);
  const auto& f = m.tensors[p.op.inputs[1]].shape;
  return make_geom(p.batch, h, w, c, f[1], f[2], f[out_c_axis], p.op.options);
}

ConvGeom depthwise_geom(const LayerPass& p) {
  ConvGeom g = conv_geom(p, 3);
  g.depth_multiplier = g.out_c / g.in_c;
  return g;
}

void conv_forward(const LayerPass& p) { conv2d_forward(conv_geom(p, 0), p.x, p.weight(1), p.weight(2), p.y); }
void conv_backward(const LayerPass& p) {
  conv2d_backward(conv_geom(p, 0), p.x, p.weight(1), p.g, p.dx, param_grad_of(p, 1), param_grad_of(p, 2));
}

void depthwise_forward_layer(const LayerPass& p) {
  depthwise_forward(depthwise_geom(p), p.x, p.weight(1), p.weight(2), p.y);
}
void depthwise_backward_layer(const LayerPass& p) {
  depthwise_backward(depthwise_geom(p), p.x, p.weight(1), p.g, p.dx, param_grad_of(p, 1), param_grad_of(p, 2));
}

// Weights [out, in]; every leading dimension of the input is a row.
struct FcShape {
  int rows, in, out;
};
FcShape fc_shape(const LayerPass& p) {
  const auto& s = p.net.model().tensors[p.op.inputs[1]].shape;
  return {static_cast<int>(p.batch * p.net.elements(p.op.inputs[0]) / s[1]), s[1], s[0]};
}
void fc_forward_layer(const LayerPass& p) {
  const FcShape s = fc_shape(p);
  fc_forward(s.rows, s.in, s.out, p.x, p.weight(1), p.weight(2), p.y);
}
void fc_backward_layer(const LayerPass& p) {
  const FcShape s = fc_shape(p);
  fc_backward(s.rows, s.in, s.out, p.x, p.weight(1), p.g, p.dx, param_grad_of(p, 1), param_grad_of(p, 2));
}

}  // namespace

std::vector<TrainLayer> weighted_train_layers() {
  return {
      {OpType::Conv2D, true, 0, fused_activation, conv_forward, conv_backward},
      {OpType::DepthwiseConv2D, true, 3, fused_activation, depthwise_forward_layer, depthwise_backward_layer},
      {OpType::FullyConnected, true, 0, fused_activation, fc_forward_layer, fc_backward_layer},
  };
}

}  // namespace tinysim::train
