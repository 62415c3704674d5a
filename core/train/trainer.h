// Mini-batch training of a TrainNet: Adam or SGD with momentum, softmax
// cross-entropy (optionally mixed with a teacher's soft labels for
// distillation), pruning masks, and QAT fake quantization.
//
// Reproducibility: every batch is split into kShards fixed shards (whatever
// the thread count); each shard's gradient is summed on its own and the
// shards are added in shard order, so the same seed gives bit-identical
// weights on 1 or 2 threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/train/train_net.h"

namespace tinysim::train {

inline constexpr int kShards = 2;

enum class OptimizerKind { Adam, Sgd };

struct Progress {
  std::string phase;  // "train", "fine-tune", "qat", ...
  int epoch = 0, epochs = 0;
  int64_t batch = 0, batches = 0;
  double loss = 0;        // running mean over the epoch so far
  double elapsed_s = 0;   // since fit() started
  double eta_s = 0;       // estimate for the rest of fit()
};

struct FitOptions {
  int epochs = 5;
  int batch_size = 32;
  OptimizerKind optimizer = OptimizerKind::Adam;
  float lr = 1e-3f;
  float lr_decay = 1.0f;  // lr multiplied by this after each epoch
  float momentum = 0.9f;  // SGD
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-7f;  // Adam
  float weight_decay = 0.0f;                        // L2 on weights (not biases)
  uint64_t seed = 1;                                // shuffling
  int threads = 2;
  std::string phase = "train";
  // Distillation: the teacher's logits for every training sample
  // ([n, classes]); loss = alpha*T^2*KL(teacher_T || student_T) + (1-alpha)*CE.
  const std::vector<float>* teacher_logits = nullptr;
  float temperature = 4.0f;
  float alpha = 0.5f;
  std::function<void(const Progress&)> progress;
};

// State kept across steps by QAT (see qat.h).
struct QatState {
  ActFakeQuant act;
  float ema_decay = 0.99f;
  bool per_channel_fc = false;  // match QuantizeOptions::per_channel_fc
  std::vector<int> share_input;  // by tensor: the tensor whose range it reuses, or -1
};

class Trainer {
 public:
  Trainer(TrainNet& net, FitOptions options);

  // Pruning: one mask per parameter slot (empty = dense). Weights under a 0
  // are kept at exactly 0 after every update.
  std::vector<std::vector<uint8_t>> masks;
  // Called before each optimisation step with the global step number and
  // the total number of steps of this fit (pruning schedules use it).
  std::function<void(int64_t step, int64_t total)> before_step;
  QatState* qat = nullptr;

  // Returns the mean training loss of the last epoch.
  double fit(const Dataset& train);
  void apply_masks();

 private:
  void step(const std::vector<std::vector<float>>& grads, float lr);
  void update_batch_norm_stats(const std::vector<Workspace>& shards);

  TrainNet& net_;
  FitOptions opt_;
  std::vector<std::vector<float>> m_, v_;  // Adam moments / SGD velocity
  int64_t t_ = 0;
};

// Loss of one sample and its gradient w.r.t. the logits z (beta: the output
// softmax's beta). Without a teacher: cross-entropy of softmax(beta*z). With
// teacher logits: alpha*T^2*KL(softmax(t/T) || softmax(beta*z/T)) + (1-alpha)*CE,
// the T^2 keeping the soft term's gradient scale independent of T (Hinton
// et al. 2015). Computed in double.
double loss_and_grad(const float* z, int classes, int label, const float* teacher_z, float beta, float T,
                     float alpha, float* dz);

// Logits of every sample (multithreaded over the data set).
std::vector<float> predict_logits(const TrainNet& net, const Dataset& data, int threads = 2);
// Top-1 accuracy in [0, 1].
double accuracy(const TrainNet& net, const Dataset& data, int threads = 2);
// The fraction of samples whose logits' argmax equals the label.
double top1(const std::vector<float>& logits, const std::vector<int>& labels, int classes);

// Floats of one sample of d (product of sample_shape).
int64_t sample_size(const Dataset& d);

// Deterministic random numbers that are the same on every platform (the
// standard distributions are implementation-defined).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) {}
  uint64_t next();             // splitmix64
  double uniform();            // [0, 1)
  double normal();             // Box-Muller
  uint64_t below(uint64_t n);  // [0, n)
 private:
  uint64_t s_;
};

}  // namespace tinysim::train
