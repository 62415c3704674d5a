#include "core/train/model_eval.h"

#include <algorithm>
#include <thread>

#include "core/common/error.h"
#include "core/ops/interpreter.h"
#include "core/train/trainer.h"

namespace tinysim::train {

std::vector<float> host_scores(const Model& model, const Dataset& data, int threads) {
  if (model.inputs.size() != 1 || model.outputs.size() != 1)
    throw Error(model.source, "accuracy needs a model with one input and one output");
  const Tensor& in = model.tensors[model.inputs[0]];
  const int64_t in_size = sample_size(data);
  if (in.num_elements() != in_size)
    throw Error(data.name,
                "samples have " + std::to_string(in_size) + " values but the model input takes " +
                    std::to_string(in.num_elements()),
                "use a data set whose sample shape matches the model input");
  const int64_t classes = model.tensors[model.outputs[0]].num_elements();
  std::vector<float> out(data.size() * classes);
  const int nthreads = std::max(1, threads);
  std::vector<std::string> errors(nthreads);
  const HostInterpreter prepared(model);  // each worker's copy shares its constants
  auto work = [&](int s) {
    try {
      HostInterpreter interp(prepared);
      for (size_t i = s; i < data.size(); i += nthreads) {
        interp.set_input_from_float(0, data.x.data() + i * in_size, static_cast<size_t>(in_size));
        interp.invoke();
        const std::vector<float> y = interp.output_as_float(0);
        std::copy(y.begin(), y.end(), out.begin() + i * classes);
      }
    } catch (const std::exception& e) {
      errors[s] = e.what();
    }
  };
  std::vector<std::thread> pool;
  for (int s = 1; s < nthreads; ++s) pool.emplace_back(work, s);
  work(0);
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (!e.empty()) throw Error(e);
  return out;
}

double host_accuracy(const Model& model, const Dataset& data, int threads) {
  const auto scores = host_scores(model, data, threads);
  const int classes = static_cast<int>(model.tensors[model.outputs[0]].num_elements());
  return top1(scores, data.y, classes);
}

}  // namespace tinysim::train
