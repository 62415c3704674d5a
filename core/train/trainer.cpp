#include "core/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "core/common/error.h"
#include "core/train/qat.h"
#include "core/train/train_kernels.h"

namespace tinysim::train {

uint64_t Rng::next() {
  uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
double Rng::uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
double Rng::normal() {
  const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}
uint64_t Rng::below(uint64_t n) { return next() % n; }

int64_t sample_size(const Dataset& d) {
  int64_t n = 1;
  for (int s : d.sample_shape) n *= s;
  return n;
}

namespace {

// Runs fn(shard) for every shard, on up to `threads` threads. Shards are
// fixed, so results do not depend on how many threads ran them.
template <class Fn>
void run_shards(int shards, int threads, Fn&& fn) {
  if (threads <= 1 || shards == 1) {
    for (int s = 0; s < shards; ++s) fn(s);
    return;
  }
  std::vector<std::thread> pool;
  for (int s = 1; s < shards; ++s) pool.emplace_back([&fn, s] { fn(s); });
  fn(0);
  for (auto& t : pool) t.join();
}

void check_data(const TrainNet& net, const Dataset& d) {
  if (d.size() == 0) throw Error(d.name, "the data set is empty", "give a data set with samples");
  if (sample_size(d) != net.input_size())
    throw Error(d.name,
                "samples have " + std::to_string(sample_size(d)) + " values but the model input takes " +
                    std::to_string(net.input_size()),
                "use a data set whose sample shape matches the model input");
  for (int label : d.y)
    if (label < 0 || label >= net.num_classes())
      throw Error(d.name,
                  "label " + std::to_string(label) + " is outside the model's " +
                      std::to_string(net.num_classes()) + " outputs",
                  "make the last layer have as many units as the data set has classes (" +
                      std::to_string(d.num_classes) + ")");
}

}  // namespace

double loss_and_grad(const float* z, int classes, int label, const float* teacher_z, float beta, float T,
                     float alpha, float* dz) {
  std::vector<double> p(classes), ps(classes), pt(classes);
  auto softmax = [&](const float* v, double scale, std::vector<double>& out) {
    double mx = v[0];
    for (int c = 1; c < classes; ++c) mx = std::max(mx, double(v[c]));
    double sum = 0;
    for (int c = 0; c < classes; ++c) sum += out[c] = std::exp(scale * (double(v[c]) - mx));
    for (int c = 0; c < classes; ++c) out[c] /= sum;
  };
  const double a = teacher_z ? alpha : 0.0;
  softmax(z, beta, p);
  double loss = (1.0 - a) * -std::log(std::max(p[label], 1e-300));
  for (int c = 0; c < classes; ++c) dz[c] = float((1.0 - a) * beta * (p[c] - (c == label ? 1.0 : 0.0)));
  if (teacher_z) {
    softmax(z, beta / T, ps);
    softmax(teacher_z, 1.0 / T, pt);
    double kl = 0;
    for (int c = 0; c < classes; ++c) {
      if (pt[c] > 0) kl += pt[c] * (std::log(pt[c]) - std::log(std::max(ps[c], 1e-300)));
      dz[c] += float(a * T * beta * (ps[c] - pt[c]));
    }
    loss += a * double(T) * T * kl;
  }
  return loss;
}

Trainer::Trainer(TrainNet& net, FitOptions options) : net_(net), opt_(std::move(options)) {
  m_.resize(net_.params().size());
  v_.resize(net_.params().size());
}

void Trainer::apply_masks() {
  for (size_t k = 0; k < masks.size() && k < net_.params().size(); ++k) {
    if (masks[k].empty()) continue;
    float* w = net_.param_data(static_cast<int>(k));
    for (size_t i = 0; i < masks[k].size(); ++i)
      if (!masks[k][i]) w[i] = 0.0f;
  }
}

void Trainer::update_batch_norm_stats(const std::vector<Workspace>& ws) {
  auto& bns = net_.batch_norms();
  for (size_t b = 0; b < bns.size(); ++b) {
    auto& bn = bns[b];
    const size_t c = bn.mean.size();
    // Combine the shards' statistics (in shard order) into the batch's.
    double rows = 0;
    std::vector<double> mean(c, 0.0), var(c, 0.0);
    for (const Workspace& w : ws) {
      if (w.bn.size() <= b || w.bn[b].rows == 0) continue;
      rows += static_cast<double>(w.bn[b].rows);
      for (size_t k = 0; k < c; ++k) mean[k] += w.bn[b].rows * double(w.bn[b].mean[k]);
    }
    if (rows == 0) continue;
    for (size_t k = 0; k < c; ++k) mean[k] /= rows;
    for (const Workspace& w : ws) {
      if (w.bn.size() <= b || w.bn[b].rows == 0) continue;
      for (size_t k = 0; k < c; ++k) {
        const double d = w.bn[b].mean[k] - mean[k];
        var[k] += w.bn[b].rows * (double(w.bn[b].var[k]) + d * d);
      }
    }
    for (size_t k = 0; k < c; ++k) {
      bn.mean[k] = bn.momentum * bn.mean[k] + (1.0f - bn.momentum) * static_cast<float>(mean[k]);
      bn.var[k] = bn.momentum * bn.var[k] + (1.0f - bn.momentum) * static_cast<float>(var[k] / rows);
    }
  }
}

void Trainer::step(const std::vector<std::vector<float>>& grads, float lr) {
  ++t_;
  const float bc1 = 1.0f - std::pow(opt_.beta1, static_cast<float>(t_));
  const float bc2 = 1.0f - std::pow(opt_.beta2, static_cast<float>(t_));
  for (size_t k = 0; k < grads.size(); ++k) {
    if (net_.frozen(static_cast<int>(k)) || grads[k].empty()) continue;
    float* w = net_.param_data(static_cast<int>(k));
    const size_t n = grads[k].size();
    auto& m = m_[k];
    auto& v = v_[k];
    if (m.size() != n) m.assign(n, 0.0f);
    const float wd = net_.is_weight(static_cast<int>(k)) ? opt_.weight_decay : 0.0f;
    if (opt_.optimizer == OptimizerKind::Adam) {
      if (v.size() != n) v.assign(n, 0.0f);
      for (size_t i = 0; i < n; ++i) {
        const float g = grads[k][i] + wd * w[i];
        m[i] = opt_.beta1 * m[i] + (1.0f - opt_.beta1) * g;
        v[i] = opt_.beta2 * v[i] + (1.0f - opt_.beta2) * g * g;
        w[i] -= lr * (m[i] / bc1) / (std::sqrt(v[i] / bc2) + opt_.eps);
      }
    } else {
      for (size_t i = 0; i < n; ++i) {
        const float g = grads[k][i] + wd * w[i];
        m[i] = opt_.momentum * m[i] + g;
        w[i] -= lr * m[i];
      }
    }
  }
  apply_masks();
}

double Trainer::fit(const Dataset& train) {
  check_data(net_, train);
  const int classes = net_.num_classes();
  if (opt_.teacher_logits && opt_.teacher_logits->size() != train.size() * classes)
    throw Error(train.name, "teacher logits do not match the training set",
                "compute the teacher's logits on the same data set");
  if (opt_.batch_size < kShards)
    throw Error("", "batch size " + std::to_string(opt_.batch_size) + " is too small",
                "use a batch size of at least " + std::to_string(kShards));
  const size_t n = train.size();
  const int64_t in_size = net_.input_size();
  const int64_t batches = static_cast<int64_t>((n + opt_.batch_size - 1) / opt_.batch_size);
  const int64_t total_steps = batches * opt_.epochs;
  Rng rng(opt_.seed);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::vector<Workspace> ws(kShards);
  std::vector<std::vector<float>> xbuf(kShards), dlog(kShards);
  std::vector<double> shard_loss(kShards);
  std::vector<std::vector<float>> grads;
  std::vector<std::vector<float>> fq_storage;
  const auto t0 = std::chrono::steady_clock::now();
  float lr = opt_.lr;
  double epoch_loss = 0;
  apply_masks();

  for (int epoch = 0; epoch < opt_.epochs; ++epoch) {
    for (size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    double loss_sum = 0;
    size_t seen = 0;
    for (int64_t b = 0; b < batches; ++b) {
      const int64_t step_no = epoch * batches + b;
      if (before_step) before_step(step_no, total_steps);
      const size_t begin = static_cast<size_t>(b) * opt_.batch_size;
      const int bs = static_cast<int>(std::min<size_t>(opt_.batch_size, n - begin));
      ParamValues pv;
      if (qat) pv = fake_quant_weights(net_, fq_storage, qat->per_channel_fc);
      run_shards(kShards, opt_.threads, [&](int s) {
        const int lo = bs * s / kShards, hi = bs * (s + 1) / kShards;
        const int sb = hi - lo;
        shard_loss[s] = 0;
        if (sb == 0) {  // a batch smaller than kShards: this shard sits out
          ws[s].param_grad.clear();
          ws[s].act.clear();
          ws[s].bn.clear();
          ws[s].observed.clear();
          return;
        }
        auto& x = xbuf[s];
        x.resize(static_cast<size_t>(sb * in_size));
        for (int i = 0; i < sb; ++i) {
          const float* src = train.x.data() + order[begin + lo + i] * in_size;
          std::copy(src, src + in_size, x.begin() + i * in_size);
        }
        forward(net_, ws[s], x.data(), sb, qat ? &pv : nullptr, qat ? &qat->act : nullptr, true);
        const float* z = ws[s].act[net_.logits()].data();
        const float beta = net_.softmax_beta();
        auto& d = dlog[s];
        d.assign(static_cast<size_t>(sb * classes), 0.0f);
        for (int i = 0; i < sb; ++i) {
          const size_t sample = order[begin + lo + i];
          const float* zt = opt_.teacher_logits ? opt_.teacher_logits->data() + sample * classes : nullptr;
          shard_loss[s] += loss_and_grad(z + i * classes, classes, train.y[sample], zt, beta,
                                         opt_.temperature, opt_.alpha, d.data() + i * classes);
        }
        for (float& v : d) v /= static_cast<float>(bs);
        backward(net_, ws[s], d.data(), qat ? &pv : nullptr);
      });
      // Fixed-order reduction: shard 0 + shard 1 + ...
      grads.resize(net_.params().size());
      for (size_t k = 0; k < grads.size(); ++k) {
        grads[k].clear();
        for (int s = 0; s < kShards; ++s) {
          if (ws[s].param_grad.size() <= k || ws[s].param_grad[k].empty()) continue;
          if (grads[k].empty())
            grads[k] = ws[s].param_grad[k];
          else
            for (size_t i = 0; i < grads[k].size(); ++i) grads[k][i] += ws[s].param_grad[k][i];
        }
      }
      if (qat) update_qat_ranges(net_, *qat, ws, false);
      update_batch_norm_stats(ws);
      step(grads, lr);
      for (int s = 0; s < kShards; ++s) loss_sum += shard_loss[s];
      seen += bs;
      if (opt_.progress) {
        Progress p;
        p.phase = opt_.phase;
        p.epoch = epoch + 1;
        p.epochs = opt_.epochs;
        p.batch = b + 1;
        p.batches = batches;
        p.loss = loss_sum / seen;
        p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double done = static_cast<double>(step_no + 1) / total_steps;
        p.eta_s = p.elapsed_s / done * (1.0 - done);
        opt_.progress(p);
      }
    }
    epoch_loss = loss_sum / std::max<size_t>(seen, 1);
    if (!std::isfinite(epoch_loss))
      throw Error(train.name, "training diverged (loss is not finite)", "lower the learning rate");
    lr *= opt_.lr_decay;
  }
  return epoch_loss;
}

std::vector<float> predict_logits(const TrainNet& net, const Dataset& data, int threads) {
  check_data(net, data);
  const int classes = net.num_classes();
  const int64_t in_size = net.input_size();
  std::vector<float> out(data.size() * classes);
  const size_t chunk = 128;
  const int nthreads = std::max(1, threads);
  std::vector<Workspace> ws(nthreads);
  run_shards(nthreads, nthreads, [&](int s) {
    for (size_t begin = s * chunk; begin < data.size(); begin += chunk * nthreads) {
      const int bs = static_cast<int>(std::min(chunk, data.size() - begin));
      forward(net, ws[s], data.x.data() + begin * in_size, bs);
      const auto& z = ws[s].act[net.logits()];
      std::copy(z.begin(), z.begin() + bs * classes, out.begin() + begin * classes);
    }
  });
  return out;
}

double top1(const std::vector<float>& logits, const std::vector<int>& labels, int classes) {
  if (labels.empty()) return 0.0;
  size_t ok = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    const float* z = logits.data() + i * classes;
    if (std::max_element(z, z + classes) - z == labels[i]) ++ok;
  }
  return static_cast<double>(ok) / labels.size();
}

double accuracy(const TrainNet& net, const Dataset& data, int threads) {
  return top1(predict_logits(net, data, threads), data.y, net.num_classes());
}

}  // namespace tinysim::train
