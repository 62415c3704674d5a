// A float32 IR model seen as a trainable network. The model's constant
// float weight and bias tensors of CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED are the parameters and are updated in place, so a model
// built from a recipe, a loaded .tflite (transfer learning) and a pruned
// model are trained the same way, and exporting is just the .tflite writer.
//
// Activations carry a batch: a tensor of IR shape [1, ...] holds
// batch * (elements of one sample) floats. The network's output is either a
// SOFTMAX (the loss then starts from its input, the logits) or the logits.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/model/ir.h"

namespace tinysim::train {

class TrainNet {
 public:
  // Throws tinysim::Error when the model is not a float model of supported
  // ops with one input and one output.
  explicit TrainNet(Model model);

  const Model& model() const { return model_; }
  Model& model() { return model_; }

  int input() const { return input_; }
  int output() const { return output_; }
  int logits() const { return logits_; }
  float softmax_beta() const { return beta_; }
  int64_t input_size() const { return elems_[input_]; }
  int num_classes() const { return static_cast<int>(elems_[logits_]); }
  int64_t elements(int tensor) const { return elems_[tensor]; }

  // Parameters in a fixed order (op order; weights then bias).
  const std::vector<int>& params() const { return params_; }
  int param_slot(int tensor) const { return slot_[tensor]; }
  float* param_data(int k) { return reinterpret_cast<float*>(model_.tensors[params_[k]].data.data()); }
  const float* param_data(int k) const {
    return reinterpret_cast<const float*>(model_.tensors[params_[k]].data.data());
  }
  int64_t param_size(int k) const { return model_.tensors[params_[k]].num_elements(); }
  bool is_weight(int k) const { return is_weight_[k]; }  // false for biases
  int param_op(int k) const { return param_op_[k]; }     // op that uses it

  // Freezing: frozen parameters get no gradient and are never updated.
  void set_frozen(int k, bool frozen);
  bool frozen(int k) const { return frozen_[k]; }
  // Whether the gradient reaches this tensor (some trainable parameter
  // feeds it); backward skips everything else.
  bool needs_grad(int tensor) const { return needs_grad_[tensor]; }
  // Op index of the last op on the path to the logits.
  int logits_op() const { return logits_op_; }

  // Batch normalisation (training only): normalises op `op`'s output (a
  // CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED) before its fused
  // activation, with trainable gamma/beta (new parameter slots) and running
  // statistics for inference. folded_model() folds it into the op's weights
  // and bias, so the exported IR has no BN op.
  struct BatchNorm {
    int op = -1;
    int gamma_slot = -1, beta_slot = -1;
    std::vector<float> mean, var;  // running statistics
    float momentum = 0.99f, eps = 1e-3f;
  };
  void add_batch_norm(int op);
  const std::vector<BatchNorm>& batch_norms() const { return bn_; }
  std::vector<BatchNorm>& batch_norms() { return bn_; }
  int batch_norm_of(int op) const { return bn_of_op_.empty() ? -1 : bn_of_op_[op]; }
  // The model as exported: BN folded, BN tensors dropped.
  Model folded_model() const;

 private:
  void update_grad_flow();

  Model model_;
  int input_ = -1, output_ = -1, logits_ = -1, logits_op_ = -1;
  float beta_ = 1.0f;
  std::vector<int64_t> elems_;  // per tensor: elements of one sample
  std::vector<int> params_, slot_, param_op_;
  std::vector<char> is_weight_, frozen_, needs_grad_;
  std::vector<BatchNorm> bn_;
  std::vector<int> bn_of_op_;
};

// Fake quantization of activations during QAT: for tensors with on[t], the
// forward pass replaces values by their int8-quantized-dequantized value in
// [lo[t], hi[t]] and records the batch's min/max.
struct ActFakeQuant {
  std::vector<char> on;
  std::vector<float> lo, hi;
};

// Per-thread buffers for one shard of a batch.
struct Workspace {
  int batch = 0;
  std::vector<std::vector<float>> act, grad;   // by tensor index
  std::vector<std::vector<float>> param_grad;  // by parameter slot
  std::vector<std::vector<uint8_t>> ste_mask;  // QAT: 1 where the gradient passes
  std::vector<std::pair<float, float>> observed;  // QAT: min/max seen, by tensor
  // Batch norm, by BatchNorm index: normalised values, 1/std, batch mean/var
  // and the number of rows the statistics cover.
  struct BnCache {
    std::vector<float> xhat, inv_std, mean, var;
    int64_t rows = 0;
  };
  std::vector<BnCache> bn;
};

// weights: optional replacement values per parameter slot (QAT's
// fake-quantized weights); null entries / null vector use the model's data.
using ParamValues = std::vector<const float*>;

// training: batch norm uses the batch's statistics (else the running ones).
void forward(const TrainNet& net, Workspace& ws, const float* x, int batch,
             const ParamValues* weights = nullptr, const ActFakeQuant* fq = nullptr,
             bool training = false);

// dlogits: [batch, classes], the loss gradient w.r.t. the logits. Sets
// ws.param_grad (zeroed first) for every trainable parameter.
void backward(const TrainNet& net, Workspace& ws, const float* dlogits,
              const ParamValues* weights = nullptr);

// Fake-quantizes n values in place to int8 with range [lo, hi] (widened to
// include 0, asymmetric, TFLite nudging); mask (optional) gets 1 where the
// value was inside the range (the straight-through estimator's pass region).
void fake_quantize_activation(float* v, int64_t n, float lo, float hi, uint8_t* mask);

}  // namespace tinysim::train
