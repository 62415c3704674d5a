#include "core/optimize/calibration.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

#include "core/ops/interpreter.h"

namespace tinysim {
namespace {

constexpr int kHistogramBins = 4096;

struct Stats {
  std::vector<float> lo, hi;                  // per tracked tensor
  std::vector<std::vector<uint64_t>> hist;    // per tracked tensor (percentile pass)
};

}  // namespace

std::vector<int> float_activation_tensors(const Model& m) {
  std::vector<char> seen(m.tensors.size(), 0);
  std::vector<int> out;
  auto add = [&](int t) {
    if (t < 0 || seen[static_cast<size_t>(t)]) return;
    const Tensor& x = m.tensors[static_cast<size_t>(t)];
    if (x.type != DType::Float32 || x.is_constant()) return;
    seen[static_cast<size_t>(t)] = 1;
    out.push_back(t);
  };
  for (int t : m.inputs) add(t);
  for (const Operator& op : m.ops)
    for (int t : op.outputs) add(t);
  return out;
}

TensorRanges calibrate(const Model& model, const Dataset& calib, const QuantizeOptions& o) {
  const std::string where = model.source.empty() ? "model" : model.source;
  if (model.inputs.size() != 1)
    throw Error(where, "calibration supports models with one input; this one has " + std::to_string(model.inputs.size()));
  const Tensor& in = model.tensors[static_cast<size_t>(model.inputs[0])];
  if (in.type != DType::Float32)
    throw Error(where, std::string("input is ") + dtype_name(in.type) + ", not float32", "quantize a float model");
  if (calib.size() == 0) throw Error(calib.name, "calibration data set is empty");
  if (static_cast<int64_t>(calib.sample_elements()) != in.num_elements()) {
    std::string shape;
    for (int d : calib.sample_shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
    throw Error(calib.name, "samples have " + std::to_string(calib.sample_elements()) + " values (" + shape +
                                ") but the model input " + in.name + " needs " + std::to_string(in.num_elements()),
                "use a data set made for this model, or --calib random:SEED");
  }
  if (o.method == CalibrationMethod::Percentile && !(o.percentile > 50.0 && o.percentile <= 100.0))
    throw Error(where, "percentile " + std::to_string(o.percentile) + " is out of range", "use a value in (50, 100], e.g. 99.99");

  const std::vector<int> tensors = float_activation_tensors(model);
  const size_t n = o.num_samples == 0 ? calib.size() : std::min(o.num_samples, calib.size());
  const bool percentile = o.method == CalibrationMethod::Percentile;
  const size_t total_steps = n * (percentile ? 2 : 1);
  std::atomic<size_t> steps{0};
  std::mutex mu;
  const unsigned threads = std::max(1u, std::min(2u, static_cast<unsigned>(n)));
  std::string first_error;

  // One pass over the samples; `visit(stats, slot, values, count)` per tensor.
  auto run_pass = [&](auto&& visit, std::vector<Stats>& per_thread) {
    std::atomic<size_t> next{0};
    auto worker = [&](unsigned w) {
      try {
        HostInterpreter interp(model);
        for (;;) {
          const size_t i = next.fetch_add(1);
          if (i >= n) return;
          interp.set_input(0, calib.sample(i), calib.sample_elements() * sizeof(float));
          interp.invoke();
          for (size_t k = 0; k < tensors.size(); ++k) {
            const auto& bytes = interp.tensor_bytes(tensors[k]);
            visit(per_thread[w], k, reinterpret_cast<const float*>(bytes.data()), bytes.size() / sizeof(float));
          }
          const size_t done = ++steps;
          if (o.progress) {
            std::lock_guard<std::mutex> lock(mu);
            o.progress(done, total_steps);
          }
        }
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.empty()) first_error = e.what();
        next = n;
      }
    };
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < threads; ++w) pool.emplace_back(worker, w);
    for (auto& t : pool) t.join();
    if (!first_error.empty()) throw Error(first_error);
  };

  std::vector<Stats> st(threads);
  for (auto& s : st) {
    s.lo.assign(tensors.size(), std::numeric_limits<float>::infinity());
    s.hi.assign(tensors.size(), -std::numeric_limits<float>::infinity());
  }
  run_pass([](Stats& s, size_t k, const float* v, size_t count) {
    float lo = s.lo[k], hi = s.hi[k];
    for (size_t j = 0; j < count; ++j) {
      if (!std::isfinite(v[j])) continue;
      lo = std::min(lo, v[j]);
      hi = std::max(hi, v[j]);
    }
    s.lo[k] = lo;
    s.hi[k] = hi;
  }, st);
  std::vector<float> lo(tensors.size()), hi(tensors.size());
  for (size_t k = 0; k < tensors.size(); ++k) {
    lo[k] = st[0].lo[k];
    hi[k] = st[0].hi[k];
    for (unsigned w = 1; w < threads; ++w) {
      lo[k] = std::min(lo[k], st[w].lo[k]);
      hi[k] = std::max(hi[k], st[w].hi[k]);
    }
    if (!std::isfinite(lo[k]) || !std::isfinite(hi[k]))
      throw Error(where, "tensor " + model.tensors[static_cast<size_t>(tensors[k])].name +
                             " produced no finite values during calibration", "check the model and the calibration data");
  }

  if (percentile) {
    // Second pass: histograms over each tensor's [min, max], then the
    // (100-p) and p percentiles, so rare outliers stop stretching the scale.
    for (auto& s : st) s.hist.assign(tensors.size(), std::vector<uint64_t>(kHistogramBins, 0));
    run_pass([&](Stats& s, size_t k, const float* v, size_t count) {
      const float a = lo[k], w = hi[k] - lo[k];
      auto& h = s.hist[k];
      if (w <= 0) { h[0] += count; return; }
      const float inv = kHistogramBins / w;
      for (size_t j = 0; j < count; ++j) {
        if (!std::isfinite(v[j])) continue;
        const int b = std::clamp(static_cast<int>((v[j] - a) * inv), 0, kHistogramBins - 1);
        ++h[static_cast<size_t>(b)];
      }
    }, st);
    const double tail = (100.0 - o.percentile) / 100.0;
    for (size_t k = 0; k < tensors.size(); ++k) {
      std::vector<uint64_t> h(kHistogramBins, 0);
      uint64_t total = 0;
      for (auto& s : st)
        for (int b = 0; b < kHistogramBins; ++b) h[static_cast<size_t>(b)] += s.hist[k][static_cast<size_t>(b)];
      for (uint64_t c : h) total += c;
      const double bw = (hi[k] - lo[k]) / kHistogramBins;
      if (total == 0 || bw <= 0) continue;
      const double cut = tail * static_cast<double>(total);
      // Lower edge: first bin where the cumulative count exceeds the tail;
      // upper edge likewise from the top. Edges are conservative (bin bounds).
      uint64_t acc = 0;
      int b_lo = 0;
      for (; b_lo < kHistogramBins; ++b_lo) {
        acc += h[static_cast<size_t>(b_lo)];
        if (static_cast<double>(acc) > cut) break;
      }
      acc = 0;
      int b_hi = kHistogramBins - 1;
      for (; b_hi >= 0; --b_hi) {
        acc += h[static_cast<size_t>(b_hi)];
        if (static_cast<double>(acc) > cut) break;
      }
      const double base = lo[k];
      lo[k] = static_cast<float>(base + bw * b_lo);
      hi[k] = static_cast<float>(base + bw * (b_hi + 1));
    }
  }
  TensorRanges r;
  for (size_t k = 0; k < tensors.size(); ++k) r[tensors[k]] = {lo[k], hi[k]};
  return r;
}

Result<TensorRanges> calibrate_ranges(const Model& float_model, const Dataset& calib, const QuantizeOptions& options) {
  return capture([&] { return calibrate(float_model, calib, options); });
}

}  // namespace tinysim
