#include "core/report/host_eval.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/ops/interpreter.h"
#include "core/report/polled_workers.h"

namespace tinysim::report {

int argmax(const float* v, size_t n) {
  return n ? int(std::max_element(v, v + n) - v) : -1;
}

void check_model_data(const Model& model, const Dataset& data) {
  if (model.inputs.size() != 1)
    throw Error(model.source, "has " + std::to_string(model.inputs.size()) + " inputs; scoring on a data set needs one",
                "bench it without --data");
  const Tensor& in = model.tensors[size_t(model.inputs[0])];
  if (size_t(in.num_elements()) != data.sample_elements())
    throw Error(model.source, "input takes " + std::to_string(in.num_elements()) + " values but data set '" + data.name +
                                  "' has " + std::to_string(data.sample_elements()) + " per sample",
                "pass the data set the model was trained on (--data)");
  const Tensor& out = model.tensors[size_t(model.outputs.at(0))];
  const size_t out_n = size_t(out.num_elements());
  if (data.num_classes > 0 && out_n != size_t(data.num_classes))
    throw Error(model.source, "output 0 has " + std::to_string(out_n) + " values but data set '" + data.name + "' has " +
                                  std::to_string(data.num_classes) + " classes",
                "pass the data set the model was trained on (--data)");
}

HostEval evaluate_on_host(const Model& model, const Dataset& data, int threads, const std::atomic<bool>& cancel,
                          const std::function<void(size_t)>& tick) {
  check_model_data(model, data);
  const size_t out_n = size_t(model.tensors[size_t(model.outputs.at(0))].num_elements());
  HostEval r;
  r.samples = data.size();
  r.outputs_per_sample = out_n;
  r.predicted.assign(r.samples, -1);
  r.outputs.assign(r.samples * out_n, 0.f);
  const int n_threads = std::max(1, std::min<int>(threads, int(std::max<size_t>(1, r.samples / 16))));
  std::atomic<bool> failed{false};
  std::atomic<size_t> finished{0};
  const size_t elems = data.sample_elements();
  // Prepared once (an unsupported op fails here); each worker's copy shares
  // the model's constants and prepared ops.
  const HostInterpreter prepared(model);
  // Contiguous shards: every sample is scored by exactly one thread, so the
  // result does not depend on the thread count.
  auto shard = [&](int t) {
    const size_t begin = r.samples * size_t(t) / size_t(n_threads);
    const size_t end = r.samples * size_t(t + 1) / size_t(n_threads);
    try {
      HostInterpreter interp(prepared);
      for (size_t i = begin; i < end; ++i) {
        if (cancel.load(std::memory_order_relaxed) || failed.load(std::memory_order_relaxed)) return;
        interp.set_input_from_float(0, data.sample(i), elems);
        interp.invoke();
        const std::vector<float> y = interp.output_as_float(0);
        std::copy(y.begin(), y.end(), r.outputs.begin() + long(i * out_n));
        r.predicted[i] = argmax(y.data(), y.size());
        finished.fetch_add(1, std::memory_order_relaxed);
      }
    } catch (...) {
      failed = true;  // the others stop at their next sample
      throw;
    }
  };
  const std::vector<std::string> errors = run_polled_workers(n_threads, shard, [&] {
    if (tick) tick(finished.load(std::memory_order_relaxed));
  });
  for (const std::string& e : errors)
    if (!e.empty()) throw Error(model.source + ": " + e);
  if (cancel.load()) return r;

  const size_t classes = data.num_classes > 0 ? size_t(data.num_classes) : out_n;
  r.confusion.assign(classes, std::vector<uint64_t>(out_n, 0));
  for (size_t i = 0; i < r.samples; ++i) {
    const int label = data.y[i];
    if (label < 0 || size_t(label) >= classes)
      throw Error(data.name, "label " + std::to_string(label) + " of sample " + std::to_string(i) + " is outside [0, " +
                                 std::to_string(classes) + ")",
                  "regenerate the data set");
    r.confusion[size_t(label)][size_t(r.predicted[i])]++;
    r.correct += (r.predicted[i] == label);
  }
  r.complete = true;
  return r;
}

Agreement compare_outputs(const HostEval& v, const HostEval& p) {
  if (v.samples != p.samples || v.outputs_per_sample != p.outputs_per_sample)
    throw Error("cannot compare outputs of different shapes (" + std::to_string(v.samples) + "x" +
                std::to_string(v.outputs_per_sample) + " vs " + std::to_string(p.samples) + "x" +
                std::to_string(p.outputs_per_sample) + ")");
  Agreement a;
  if (v.samples == 0) return a;
  const size_t n = v.outputs_per_sample;
  uint64_t same = 0;
  double sq = 0, cos_sum = 0;
  for (size_t i = 0; i < v.samples; ++i) {
    same += v.predicted[i] == p.predicted[i];
    double dot = 0, nv = 0, np = 0;
    for (size_t k = 0; k < n; ++k) {
      const double a1 = v.outputs[i * n + k], b1 = p.outputs[i * n + k];
      sq += (a1 - b1) * (a1 - b1);
      dot += a1 * b1;
      nv += a1 * a1;
      np += b1 * b1;
    }
    // Two all-zero outputs are the same direction; one zero output is not.
    cos_sum += (nv == 0 && np == 0) ? 1.0 : (nv == 0 || np == 0) ? 0.0 : dot / std::sqrt(nv * np);
  }
  a.same_top1 = double(same) / double(v.samples);
  a.rmse = std::sqrt(sq / double(v.samples * n));
  a.cosine = cos_sum / double(v.samples);
  return a;
}

}  // namespace tinysim::report
