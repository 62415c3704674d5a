#include "core/train/train_layer.h"

#include <map>

namespace tinysim::train {

void nhwc_dims(const Tensor& t, int& h, int& w, int& c) {
  const auto& s = t.shape;
  h = s.size() > 1 ? s[1] : 1;
  w = s.size() > 2 ? s[2] : 1;
  c = s.size() > 3 ? s[3] : 1;
  if (s.size() == 3) {  // [1, W, C] (rare, 1-D): treat as H = 1
    h = 1;
    w = s[1];
    c = s[2];
  }
}

const float* LayerPass::weight(size_t input) const {
  if (input >= op.inputs.size() || op.inputs[input] < 0) return nullptr;
  const int tensor = op.inputs[input];
  const int k = net.param_slot(tensor);
  if (k >= 0 && pv && (*pv)[k]) return (*pv)[k];
  return net.model().tensors[tensor].as<float>();
}

Activation fused_activation(const Operator& op) { return op.options.activation; }
Activation no_activation(const Operator&) { return Activation::None; }

const std::vector<TrainLayer>& all_train_layers() {
  static const std::vector<TrainLayer> layers = [] {
    std::vector<TrainLayer> all;
    for (auto family : {weighted_train_layers, pooling_train_layers, pointwise_train_layers})
      for (const TrainLayer& l : family()) all.push_back(l);
    return all;
  }();
  return layers;
}

const TrainLayer* find_train_layer(OpType type) {
  static const std::map<OpType, const TrainLayer*> by_type = [] {
    std::map<OpType, const TrainLayer*> m;
    for (const TrainLayer& l : all_train_layers()) m[l.type] = &l;
    return m;
  }();
  const auto it = by_type.find(type);
  return it == by_type.end() ? nullptr : it->second;
}

}  // namespace tinysim::train
