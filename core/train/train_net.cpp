#include "core/train/train_net.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/common/error.h"
#include "core/train/train_kernels.h"
#include "core/train/train_layer.h"

namespace tinysim::train {

namespace {

std::string trainable_ops() {
  std::string s;
  for (const TrainLayer& l : all_train_layers()) s += (s.empty() ? "" : ", ") + std::string(op_name(l.type));
  return s;
}

}  // namespace

TrainNet::TrainNet(Model model) : model_(std::move(model)) {
  const std::string& src = model_.source.empty() ? std::string("model") : model_.source;
  if (model_.inputs.size() != 1 || model_.outputs.size() != 1)
    throw Error(src, "training needs exactly one input and one output tensor",
                "cut the model to a single-input, single-output graph");
  const size_t nt = model_.tensors.size();
  elems_.assign(nt, 0);
  slot_.assign(nt, -1);
  for (size_t i = 0; i < nt; ++i) {
    const Tensor& t = model_.tensors[i];
    if (t.is_constant()) continue;
    if (t.type != DType::Float32)
      throw Error(src, "tensor '" + t.name + "' is " + dtype_name(t.type) + ", training needs a float32 model",
                  "train the float model, or dequantize the int8 model first");
    if (t.shape.empty() || t.shape[0] != 1)
      throw Error(src, "activation '" + t.name + "' has no batch dimension of 1",
                  "use a model whose activations are [1, ...]");
    elems_[i] = t.num_elements();
  }
  input_ = model_.inputs[0];
  output_ = model_.outputs[0];
  logits_ = output_;
  for (size_t o = 0; o < model_.ops.size(); ++o) {
    const Operator& op = model_.ops[o];
    const TrainLayer* layer = find_train_layer(op.type);
    if (!layer)
      throw Error(src, std::string("op ") + std::to_string(o) + " (" + op_name(op.type) +
                           ") has no training kernel",
                  "the trainer has: " + trainable_ops());
    if (op.outputs.size() != 1) throw Error(src, "op with several outputs cannot be trained");
    if (layer->folds_into_loss && op.outputs[0] == output_) {
      logits_ = op.inputs[0];
      beta_ = op.options.beta;
    }
    if (!layer->has_params) continue;
    for (size_t j = 1; j < op.inputs.size() && j < 3; ++j) {
      const int t = op.inputs[j];
      if (t < 0) continue;
      const Tensor& p = model_.tensors[t];
      if (!p.is_constant() || p.type != DType::Float32)
        throw Error(src, "op " + std::to_string(o) + " has a non-constant or non-float " +
                             (j == 1 ? "weight" : "bias") + " tensor '" + p.name + "'",
                    "training needs float32 constant weights");
      if (slot_[t] >= 0) throw Error(src, "weight tensor '" + p.name + "' is shared by several ops");
      slot_[t] = static_cast<int>(params_.size());
      params_.push_back(t);
      param_op_.push_back(static_cast<int>(o));
      is_weight_.push_back(j == 1);
    }
  }
  for (size_t o = 0; o < model_.ops.size(); ++o)
    if (model_.ops[o].outputs[0] == logits_) logits_op_ = static_cast<int>(o);
  if (logits_op_ < 0) throw Error(src, "the output is not produced by any op");
  frozen_.assign(params_.size(), 0);
  update_grad_flow();
}

void TrainNet::set_frozen(int k, bool frozen) {
  frozen_[k] = frozen;
  update_grad_flow();
}

void TrainNet::add_batch_norm(int op) {
  const Operator& o = model_.ops.at(op);
  const TrainLayer* layer = find_train_layer(o.type);
  if (!layer || !layer->has_params)
    throw Error(model_.source, "batch norm must follow a conv2d, conv1d, depthwise or dense layer");
  if (bn_of_op_.empty()) bn_of_op_.assign(model_.ops.size(), -1);
  if (bn_of_op_[op] >= 0) throw Error(model_.source, "two batch norms on one layer");
  const int c = model_.tensors[o.outputs[0]].shape.back();
  BatchNorm bn;
  bn.op = op;
  bn.mean.assign(c, 0.0f);
  bn.var.assign(c, 1.0f);
  auto add_param = [&](const std::string& name, float v) {
    Tensor t;
    t.name = model_.tensors[o.outputs[0]].name + "/" + name;
    t.shape = {c};
    std::vector<float> vals(c, v);
    t.data.resize(c * sizeof(float));
    std::memcpy(t.data.data(), vals.data(), t.data.size());
    model_.tensors.push_back(std::move(t));
    const int idx = static_cast<int>(model_.tensors.size()) - 1;
    elems_.push_back(0);
    slot_.push_back(static_cast<int>(params_.size()));
    params_.push_back(idx);
    param_op_.push_back(op);
    is_weight_.push_back(0);
    frozen_.push_back(0);
    return slot_.back();
  };
  bn.gamma_slot = add_param("bn_gamma", 1.0f);
  bn.beta_slot = add_param("bn_beta", 0.0f);
  bn_of_op_[op] = static_cast<int>(bn_.size());
  bn_.push_back(std::move(bn));
  update_grad_flow();
}

Model TrainNet::folded_model() const {
  Model m = model_;
  for (const BatchNorm& bn : bn_) {
    const Operator& op = m.ops[bn.op];
    const float* gamma = param_data(bn.gamma_slot);
    const float* beta = param_data(bn.beta_slot);
    Tensor& w = m.tensors[op.inputs[1]];
    const int c = static_cast<int>(bn.mean.size());
    std::vector<float> s(c);
    for (int k = 0; k < c; ++k) s[k] = gamma[k] / std::sqrt(bn.var[k] + bn.eps);
    float* wd = reinterpret_cast<float*>(w.data.data());
    const int64_t n = w.num_elements();
    // Output channels on the first axis (OHWI, OI) or the last (1HWO).
    const bool channels_last = find_train_layer(op.type)->weight_channel_axis == int(w.shape.size()) - 1;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t ch = channels_last ? i % c : i / (n / c);
      wd[i] *= s[ch];
    }
    if (op.inputs.size() < 3 || op.inputs[2] < 0) throw Error(m.source, "batch norm needs the layer's bias");
    float* b = reinterpret_cast<float*>(m.tensors[op.inputs[2]].data.data());
    for (int k = 0; k < c; ++k) b[k] = (b[k] - bn.mean[k]) * s[k] + beta[k];
  }
  if (!bn_.empty()) {
    // Drop the gamma/beta tensors (no op reads them); they were appended last.
    size_t first = m.tensors.size();
    for (const BatchNorm& bn : bn_) first = std::min<size_t>(first, params_[bn.gamma_slot]);
    if (first + 2 * bn_.size() != m.tensors.size())
      throw Error(m.source, "batch norm tensors are not the last tensors of the model",
                  "add batch norms after the model is complete");
    m.tensors.resize(first);
  }
  return m;
}

void TrainNet::update_grad_flow() {
  needs_grad_.assign(model_.tensors.size(), 0);
  for (size_t o = 0; o < model_.ops.size(); ++o) {
    const Operator& op = model_.ops[o];
    bool need = false;
    const int b = batch_norm_of(static_cast<int>(o));
    if (b >= 0 && (!frozen_[bn_[b].gamma_slot] || !frozen_[bn_[b].beta_slot])) need = true;
    for (int t : op.inputs) {
      if (t < 0) continue;
      if (slot_[t] >= 0 && !frozen_[slot_[t]]) need = true;
      if (needs_grad_[t]) need = true;
    }
    needs_grad_[op.outputs[0]] = need;
  }
}

void fake_quantize_activation(float* v, int64_t n, float lo, float hi, uint8_t* mask) {
  lo = std::min(lo, 0.0f);
  hi = std::max(hi, 0.0f);
  if (hi - lo < 1e-8f) hi = lo + 1e-8f;
  const float scale = (hi - lo) / 255.0f;
  const float zp = std::clamp(std::round(-128.0f - lo / scale), -128.0f, 127.0f);
  const float qlo = (-128.0f - zp) * scale, qhi = (127.0f - zp) * scale;
  for (int64_t i = 0; i < n; ++i) {
    const float x = v[i];
    if (mask) mask[i] = x >= qlo && x <= qhi;
    const float q = std::clamp(std::round(x / scale) + zp, -128.0f, 127.0f);
    v[i] = (q - zp) * scale;
  }
}

namespace {

// y (rows x c, pre-activation) <- gamma * normalise(y) + beta.
void batch_norm_forward(const TrainNet& net, const TrainNet::BatchNorm& bn, Workspace::BnCache& cache,
                        float* y, int64_t n, bool training) {
  const int c = static_cast<int>(bn.mean.size());
  const int64_t rows = n / c;
  const float* gamma = net.param_data(bn.gamma_slot);
  const float* beta = net.param_data(bn.beta_slot);
  cache.rows = rows;
  cache.mean.assign(c, 0.0f);
  cache.var.assign(c, 0.0f);
  cache.inv_std.resize(c);
  if (training) {
    std::vector<double> sum(c, 0.0), sq(c, 0.0);
    for (int64_t r = 0; r < rows; ++r)
      for (int k = 0; k < c; ++k) sum[k] += y[r * c + k];
    for (int k = 0; k < c; ++k) cache.mean[k] = static_cast<float>(sum[k] / rows);
    for (int64_t r = 0; r < rows; ++r)
      for (int k = 0; k < c; ++k) {
        const double d = y[r * c + k] - cache.mean[k];
        sq[k] += d * d;
      }
    for (int k = 0; k < c; ++k) cache.var[k] = static_cast<float>(sq[k] / rows);
  } else {
    cache.mean = bn.mean;
    cache.var = bn.var;
  }
  for (int k = 0; k < c; ++k) cache.inv_std[k] = 1.0f / std::sqrt(cache.var[k] + bn.eps);
  cache.xhat.resize(static_cast<size_t>(n));
  for (int64_t r = 0; r < rows; ++r)
    for (int k = 0; k < c; ++k) {
      const int64_t i = r * c + k;
      cache.xhat[i] = (y[i] - cache.mean[k]) * cache.inv_std[k];
      y[i] = gamma[k] * cache.xhat[i] + beta[k];
    }
}

}  // namespace

void forward(const TrainNet& net, Workspace& ws, const float* x, int batch, const ParamValues* pv,
             const ActFakeQuant* fq, bool training) {
  const Model& m = net.model();
  const size_t nt = m.tensors.size();
  ws.batch = batch;
  ws.act.resize(nt);
  if (fq) {
    ws.ste_mask.resize(nt);
    ws.observed.assign(nt, {0.0f, 0.0f});
  }
  auto prepare = [&](int t) -> float* {
    ws.act[t].resize(static_cast<size_t>(batch * net.elements(t)));
    return ws.act[t].data();
  };
  auto quantize_out = [&](int t) {
    if (!fq || !fq->on[t]) return;
    auto& v = ws.act[t];
    const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    ws.observed[t] = {*mn, *mx};
    ws.ste_mask[t].resize(v.size());
    fake_quantize_activation(v.data(), static_cast<int64_t>(v.size()), fq->lo[t], fq->hi[t],
                             ws.ste_mask[t].data());
  };
  std::copy(x, x + batch * net.input_size(), prepare(net.input()));
  quantize_out(net.input());

  ws.bn.resize(net.batch_norms().size());
  for (size_t op_index = 0; op_index < m.ops.size(); ++op_index) {
    const Operator& op = m.ops[op_index];
    const int out = op.outputs[0];
    float* y = prepare(out);
    const float* in = ws.act[op.inputs[0]].data();
    const int64_t n_out = static_cast<int64_t>(ws.act[out].size());
    const TrainLayer& layer = *find_train_layer(op.type);  // TrainNet checked every op
    LayerPass pass{net, op, batch, pv, n_out};
    pass.x = in;
    pass.y = y;
    pass.activation = [&](int t) -> const float* { return ws.act[t].data(); };
    layer.forward(pass);
    if (const int b = net.batch_norm_of(static_cast<int>(op_index)); b >= 0)
      batch_norm_forward(net, net.batch_norms()[b], ws.bn[b], y, n_out, training);
    activation_forward(layer.output_activation(op), y, n_out);
    quantize_out(out);
  }
}

void backward(const TrainNet& net, Workspace& ws, const float* dlogits, const ParamValues* pv) {
  const Model& m = net.model();
  const int batch = ws.batch;
  ws.grad.resize(m.tensors.size());
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    if (net.needs_grad(static_cast<int>(t)))
      ws.grad[t].assign(static_cast<size_t>(batch * net.elements(static_cast<int>(t))), 0.0f);
    else
      ws.grad[t].clear();
  }
  ws.param_grad.resize(net.params().size());
  for (size_t k = 0; k < net.params().size(); ++k) {
    if (net.frozen(static_cast<int>(k)))
      ws.param_grad[k].clear();
    else
      ws.param_grad[k].assign(static_cast<size_t>(net.param_size(static_cast<int>(k))), 0.0f);
  }
  if (!net.needs_grad(net.logits())) return;
  std::copy(dlogits, dlogits + batch * net.num_classes(), ws.grad[net.logits()].begin());

  auto dx_of = [&](int t) -> float* {
    return t >= 0 && net.needs_grad(t) && !m.tensors[t].is_constant() ? ws.grad[t].data() : nullptr;
  };
  auto dparam = [&](int t) -> float* {
    if (t < 0) return nullptr;
    const int k = net.param_slot(t);
    return k >= 0 && !net.frozen(k) ? ws.param_grad[k].data() : nullptr;
  };

  std::vector<float> g;
  for (int o = net.logits_op(); o >= 0; --o) {
    const Operator& op = m.ops[o];
    const int out = op.outputs[0];
    if (!net.needs_grad(out)) continue;
    g = ws.grad[out];
    const int64_t n_out = static_cast<int64_t>(g.size());
    if (!ws.ste_mask.empty() && !ws.ste_mask[out].empty())
      for (int64_t i = 0; i < n_out; ++i) g[i] *= ws.ste_mask[out][i];
    const float* y = ws.act[out].data();
    const TrainLayer& layer = *find_train_layer(op.type);
    activation_backward(layer.output_activation(op), y, g.data(), n_out);
    if (const int b = net.batch_norm_of(o); b >= 0) {
      // Through gamma * xhat + beta with batch statistics:
      // dz = inv_std / N * (N dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)).
      const auto& bn = net.batch_norms()[b];
      const auto& cache = ws.bn[b];
      const int c = static_cast<int>(bn.mean.size());
      const float* gamma = net.param_data(bn.gamma_slot);
      std::vector<double> sum_g(c, 0.0), sum_gx(c, 0.0);
      for (int64_t r = 0; r < cache.rows; ++r)
        for (int k = 0; k < c; ++k) {
          sum_g[k] += g[r * c + k];
          sum_gx[k] += double(g[r * c + k]) * cache.xhat[r * c + k];
        }
      if (float* dgamma = dparam(net.params()[bn.gamma_slot]))
        for (int k = 0; k < c; ++k) dgamma[k] += static_cast<float>(sum_gx[k]);
      if (float* dbeta = dparam(net.params()[bn.beta_slot]))
        for (int k = 0; k < c; ++k) dbeta[k] += static_cast<float>(sum_g[k]);
      const double N = static_cast<double>(cache.rows);
      for (int64_t r = 0; r < cache.rows; ++r)
        for (int k = 0; k < c; ++k) {
          const int64_t i = r * c + k;
          // sums of dxhat = gamma * g
          g[i] = static_cast<float>(cache.inv_std[k] / N * gamma[k] *
                                    (N * g[i] - sum_g[k] - cache.xhat[i] * sum_gx[k]));
        }
    }

    const int in_t = op.inputs[0];
    LayerPass pass{net, op, batch, pv, n_out};
    pass.x = ws.act[in_t].data();
    pass.out = y;
    pass.g = g.data();
    pass.dx = dx_of(in_t);
    pass.grad_of = dx_of;
    pass.param_grad = dparam;
    layer.backward(pass);
  }
}

}  // namespace tinysim::train
