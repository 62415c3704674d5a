// AVERAGE_POOL_2D, MAX_POOL_2D and MEAN: no parameters; the gradient flows to
// the window's inputs (all of them, the first maximum, or the reduced axes).
#include "core/train/train_layer.h"

namespace tinysim::train {

namespace {

ConvGeom pool_geom(const LayerPass& p) {
  int h, w, c;
  nhwc_dims(p.net.model().tensors[p.op.inputs[0]], h, w, c);
  OpOptions o = p.op.options;  // the window is the filter
  o.dilation_h = o.dilation_w = 1;
  return make_geom(p.batch, h, w, c, o.filter_h, o.filter_w, c, o);
}

void avgpool_forward_layer(const LayerPass& p) { avgpool_forward(pool_geom(p), p.x, p.y); }
void avgpool_backward_layer(const LayerPass& p) {
  if (p.dx) avgpool_backward(pool_geom(p), p.g, p.dx);
}
void maxpool_forward_layer(const LayerPass& p) { maxpool_forward(pool_geom(p), p.x, p.y); }
void maxpool_backward_layer(const LayerPass& p) {
  if (p.dx) maxpool_backward(pool_geom(p), p.x, p.g, p.dx);
}

// MEAN's input as 4-D [batch, d1, d2, d3] and which axes it reduces (the
// axes tensor, input 1; negative axes count from the end).
struct MeanShape {
  int dims[4] = {1, 1, 1, 1};
  bool reduce[4] = {false, false, false, false};
};
MeanShape mean_shape(const LayerPass& p) {
  const Model& m = p.net.model();
  MeanShape s;
  s.dims[0] = p.batch;
  const auto& shape = m.tensors[p.op.inputs[0]].shape;
  for (size_t k = 1; k < shape.size() && k < 4; ++k) s.dims[k] = shape[k];
  const Tensor& axes = m.tensors[p.op.inputs[1]];
  const int rank = static_cast<int>(shape.size());
  for (int64_t i = 0; i < axes.num_elements(); ++i) {
    int a = axes.type == DType::Int64 ? static_cast<int>(axes.as<int64_t>()[i]) : axes.as<int32_t>()[i];
    if (a < 0) a += rank;
    if (a > 0 && a < 4) s.reduce[a] = true;
  }
  return s;
}
void mean_forward_layer(const LayerPass& p) {
  const MeanShape s = mean_shape(p);
  mean_forward(s.dims, s.reduce, p.x, p.y);
}
void mean_backward_layer(const LayerPass& p) {
  if (!p.dx) return;
  const MeanShape s = mean_shape(p);
  mean_backward(s.dims, s.reduce, p.g, p.dx);
}

}  // namespace

std::vector<TrainLayer> pooling_train_layers() {
  return {
      {OpType::AveragePool2D, false, 0, fused_activation, avgpool_forward_layer, avgpool_backward_layer},
      {OpType::MaxPool2D, false, 0, fused_activation, maxpool_forward_layer, maxpool_backward_layer},
      {OpType::Mean, false, 0, fused_activation, mean_forward_layer, mean_backward_layer},
  };
}

}  // namespace tinysim::train
