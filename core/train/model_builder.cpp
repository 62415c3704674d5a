#include "core/train/model_builder.h"

#include <cmath>
#include <cstring>

#include "core/common/error.h"
#include "core/train/train_kernels.h"
#include "core/train/train_layer.h"
#include "core/train/trainer.h"

namespace tinysim::train {

namespace {

int add_tensor(Model& m, const std::string& name, std::vector<int32_t> shape, DType type = DType::Float32) {
  Tensor t;
  t.name = name;
  t.type = type;
  t.shape = std::move(shape);
  m.tensors.push_back(std::move(t));
  return static_cast<int>(m.tensors.size()) - 1;
}

int add_const(Model& m, const std::string& name, std::vector<int32_t> shape, const std::vector<float>& v) {
  const int t = add_tensor(m, name, std::move(shape));
  m.tensors[t].data.resize(v.size() * sizeof(float));
  std::memcpy(m.tensors[t].data.data(), v.data(), m.tensors[t].data.size());
  return t;
}

int add_int_const(Model& m, const std::string& name, const std::vector<int32_t>& v) {
  const int t = add_tensor(m, name, {static_cast<int32_t>(v.size())}, DType::Int32);
  m.tensors[t].data.resize(v.size() * sizeof(int32_t));
  std::memcpy(m.tensors[t].data.data(), v.data(), m.tensors[t].data.size());
  return t;
}

// He (for ReLU-family layers) or Glorot uniform initialisation.
std::vector<float> init_weights(Rng& rng, int64_t n, int fan_in, int fan_out, bool relu) {
  const double limit = relu ? std::sqrt(6.0 / fan_in) : std::sqrt(6.0 / (fan_in + fan_out));
  std::vector<float> w(static_cast<size_t>(n));
  for (auto& v : w) v = static_cast<float>((rng.uniform() * 2.0 - 1.0) * limit);
  return w;
}

void add_op(Model& m, OpType type, std::vector<int> inputs, int output, OpOptions o = {}) {
  Operator op;
  op.type = type;
  op.inputs = std::move(inputs);
  op.outputs = {output};
  op.options = std::move(o);
  m.ops.push_back(std::move(op));
}

bool relu_like(Activation a) { return a == Activation::Relu || a == Activation::Relu6; }

// [1, H, W, C] view of an activation (rank 2 -> H = W = 1).
void dims_of(const Tensor& t, int& h, int& w, int& c) {
  const auto& s = t.shape;
  h = s.size() == 4 ? s[1] : 1;
  w = s.size() == 4 ? s[2] : 1;
  c = s.back();
}

}  // namespace

int append_softmax(Model& m, int input_tensor) {
  const int out = add_tensor(m, "softmax", m.tensors[input_tensor].shape);
  OpOptions o;
  o.beta = 1.0f;
  add_op(m, OpType::Softmax, {input_tensor}, out, o);
  return out;
}

int append_layer(Model& m, int in, const LayerSpec& L, uint64_t seed, const std::string& p,
                 const std::string& what) {
  Rng rng(seed);
  int h, w, c;
  dims_of(m.tensors[in], h, w, c);
  const bool is4d = m.tensors[in].shape.size() == 4;
  auto need4d = [&] {
    if (!is4d)
      throw Error(what, "layer '" + p + "' (" + L.type + ") needs an image-like [H, W, C] input",
                  "put it before any flatten/dense layer");
  };
  OpOptions o;
  o.padding = L.padding;
  o.stride_h = L.stride_h;
  o.stride_w = L.stride_w;
  o.dilation_h = L.dilation_h;
  o.dilation_w = L.dilation_w;
  o.activation = L.activation;
  auto out_hw = [&](int kh, int kw, bool dilate, int& oh, int& ow) {
    int pad;
    padded_output(h, kh, L.stride_h, dilate ? L.dilation_h : 1, L.padding, oh, pad);
    padded_output(w, kw, L.stride_w, dilate ? L.dilation_w : 1, L.padding, ow, pad);
    if (oh <= 0 || ow <= 0)
      throw Error(what, "layer '" + p + "' (" + L.type + ") has no output: the " + std::to_string(h) + "x" +
                            std::to_string(w) + " input is smaller than its window",
                  "use padding \"same\" or a smaller kernel/stride");
  };
  const std::string& t = L.type;
  if (t == "conv2d" || t == "conv1d") {
    need4d();
    if (L.filters <= 0) throw Error(what, "layer '" + p + "' needs \"filters\" > 0");
    int oh, ow;
    out_hw(L.kernel_h, L.kernel_w, true, oh, ow);
    const int fan_in = L.kernel_h * L.kernel_w * c;
    const int wt = add_const(m, p + "/weights", {L.filters, L.kernel_h, L.kernel_w, c},
                             init_weights(rng, int64_t(L.filters) * fan_in, fan_in,
                                          L.filters * L.kernel_h * L.kernel_w, relu_like(L.activation)));
    const int bt = add_const(m, p + "/bias", {L.filters}, std::vector<float>(L.filters, 0.0f));
    const int out = add_tensor(m, p, {1, oh, ow, L.filters});
    add_op(m, OpType::Conv2D, {in, wt, bt}, out, o);
    return out;
  }
  if (t == "depthwise") {
    need4d();
    int oh, ow;
    out_hw(L.kernel_h, L.kernel_w, true, oh, ow);
    const int oc = c * L.depth_multiplier;
    o.depth_multiplier = L.depth_multiplier;
    const int fan_in = L.kernel_h * L.kernel_w;
    const int wt = add_const(m, p + "/weights", {1, L.kernel_h, L.kernel_w, oc},
                             init_weights(rng, int64_t(fan_in) * oc, fan_in, fan_in * L.depth_multiplier,
                                          relu_like(L.activation)));
    const int bt = add_const(m, p + "/bias", {oc}, std::vector<float>(oc, 0.0f));
    const int out = add_tensor(m, p, {1, oh, ow, oc});
    add_op(m, OpType::DepthwiseConv2D, {in, wt, bt}, out, o);
    return out;
  }
  if (t == "maxpool" || t == "avgpool") {
    need4d();
    o.filter_h = L.kernel_h;
    o.filter_w = L.kernel_w;
    int oh, ow;
    out_hw(L.kernel_h, L.kernel_w, false, oh, ow);
    const int out = add_tensor(m, p, {1, oh, ow, c});
    add_op(m, t == "maxpool" ? OpType::MaxPool2D : OpType::AveragePool2D, {in}, out, o);
    return out;
  }
  if (t == "global_avgpool") {
    need4d();
    const int axes = add_int_const(m, p + "/axes", {1, 2});
    const int out = add_tensor(m, p, {1, c});
    OpOptions mo;
    mo.keep_dims = false;
    add_op(m, OpType::Mean, {in, axes}, out, mo);
    return out;
  }
  if (t == "flatten") {
    const int n = static_cast<int>(m.tensors[in].num_elements());
    const int shape = add_int_const(m, p + "/shape", {1, n});
    const int out = add_tensor(m, p, {1, n});
    OpOptions ro;
    ro.new_shape = {1, n};
    add_op(m, OpType::Reshape, {in, shape}, out, ro);
    return out;
  }
  if (t == "dense") {
    if (L.filters <= 0) throw Error(what, "layer '" + p + "' needs \"units\" > 0");
    if (m.tensors[in].shape.size() != 2) in = append_layer(m, in, LayerSpec{"flatten"}, seed, p + "_flatten", what);
    const int k = m.tensors[in].shape[1];
    const int wt = add_const(m, p + "/weights", {L.filters, k},
                             init_weights(rng, int64_t(L.filters) * k, k, L.filters, relu_like(L.activation)));
    const int bt = add_const(m, p + "/bias", {L.filters}, std::vector<float>(L.filters, 0.0f));
    const int out = add_tensor(m, p, {1, L.filters});
    OpOptions fo;
    fo.activation = L.activation;
    add_op(m, OpType::FullyConnected, {in, wt, bt}, out, fo);
    return out;
  }
  if (t == "relu" || t == "relu6") {
    const int out = add_tensor(m, p, m.tensors[in].shape);
    add_op(m, t == "relu" ? OpType::Relu : OpType::Relu6, {in}, out);
    return out;
  }
  throw Error(what, "unknown layer type '" + t + "'",
              "use conv2d, conv1d, depthwise, dense, maxpool, avgpool, global_avgpool, flatten, relu, "
              "relu6, add_skip, batchnorm");
}

Model build_model(const std::vector<int>& input_shape, const std::vector<LayerSpec>& layers,
                  bool softmax, uint64_t seed, const std::string& what, std::vector<int>* batch_norm_ops) {
  if (input_shape.empty()) throw Error(what, "the input shape is empty", "give \"input_shape\"");
  Model m;
  m.description = "TinySim recipe model";
  m.source = what;
  std::vector<int32_t> shape{1};
  for (int s : input_shape) {
    if (s <= 0) throw Error(what, "input shape has a non-positive dimension");
    shape.push_back(s);
  }
  if (shape.size() == 3) shape.insert(shape.begin() + 1, 1);  // [W, C] -> [1, 1, W, C]
  int cur = add_tensor(m, "input", shape);
  m.inputs = {cur};
  std::vector<int> outs;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& L = layers[i];
    const std::string name = L.type + "_" + std::to_string(i);
    if (L.type == "batchnorm") {
      const TrainLayer* prev = m.ops.empty() ? nullptr : find_train_layer(m.ops.back().type);
      const bool after_layer = prev && prev->has_params && m.ops.back().outputs[0] == cur;
      if (!batch_norm_ops || !after_layer)
        throw Error(what, "layer " + std::to_string(i) + " (batchnorm) must directly follow a conv2d, conv1d, "
                          "depthwise or dense layer",
                    "move it after such a layer");
      batch_norm_ops->push_back(static_cast<int>(m.ops.size()) - 1);
      outs.push_back(cur);
      continue;
    }
    if (L.type == "add_skip") {
      if (L.from < 0 || L.from >= static_cast<int>(outs.size()))
        throw Error(what, "layer " + std::to_string(i) + " (add_skip) has a bad \"from\"",
                    "give the index of an earlier layer");
      const int other = outs[L.from];
      if (m.tensors[other].shape != m.tensors[cur].shape)
        throw Error(what, "layer " + std::to_string(i) + " (add_skip) joins tensors of different shapes");
      const int out = add_tensor(m, name, m.tensors[cur].shape);
      OpOptions o;
      o.activation = L.activation;
      add_op(m, OpType::Add, {other, cur}, out, o);
      cur = out;
    } else {
      cur = append_layer(m, cur, L, seed * 1000003ull + i, name, what);
    }
    outs.push_back(cur);
  }
  if (softmax) cur = append_softmax(m, cur);
  m.outputs = {cur};
  return m;
}

}  // namespace tinysim::train
