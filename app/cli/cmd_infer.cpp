// `tinysim infer MODEL.tflite (--input FILE | --random SEED) [--json]`: runs
// the host reference kernels once and prints the outputs.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "app/cli/command_registry.h"
#include "core/common/error.h"
#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/report/input_samples.h"

namespace tinysim::cli {
namespace {

struct InferOptions {
  std::string model;
  std::vector<std::string> inputs;
  int64_t seed = -1;
  bool json = false;
};

nlohmann::json raw_values(const Tensor& t, const std::vector<uint8_t>& bytes) {
  nlohmann::json arr = nlohmann::json::array();
  const size_t n = static_cast<size_t>(t.num_elements());
  for (size_t k = 0; k < n; ++k) {
    switch (t.type) {
      case DType::Float32: { float f; std::memcpy(&f, &bytes[4 * k], 4); arr.push_back(f); break; }
      case DType::Int8: arr.push_back(static_cast<int8_t>(bytes[k])); break;
      case DType::UInt8: arr.push_back(bytes[k]); break;
      case DType::Int16: { int16_t x; std::memcpy(&x, &bytes[2 * k], 2); arr.push_back(x); break; }
      case DType::Int32: { int32_t x; std::memcpy(&x, &bytes[4 * k], 4); arr.push_back(x); break; }
      default: arr.push_back(nullptr);
    }
  }
  return arr;
}

int run_infer(const InferOptions& o) {
  Model model = load_tflite(o.model).take();
  HostInterpreter interp(model);
  // Same input files and seeds as `tinysim run`, so the two can be compared.
  const auto inputs = report::inputs_from_files(model, o.inputs, o.seed);
  for (int i = 0; i < interp.num_inputs(); ++i)
    interp.set_input(i, inputs[size_t(i)].data(), inputs[size_t(i)].size());
  interp.invoke();

  nlohmann::json outputs = nlohmann::json::array(), deq = nlohmann::json::array(), top1 = nlohmann::json::array();
  for (int i = 0; i < interp.num_outputs(); ++i) {
    const Tensor& t = interp.output_tensor(i);
    const auto floats = interp.output_as_float(i);
    outputs.push_back(raw_values(t, interp.output_bytes(i)));
    deq.push_back(floats);
    top1.push_back(floats.empty() ? -1 : std::max_element(floats.begin(), floats.end()) - floats.begin());
  }
  if (o.json) {
    nlohmann::json j{{"model", o.model}, {"outputs", outputs}, {"outputs_dequantized", deq}, {"top1", top1}};
    fmt::print("{}\n", j.dump());
    return 0;
  }
  for (int i = 0; i < interp.num_outputs(); ++i) {
    const Tensor& t = interp.output_tensor(i);
    fmt::print("output {} '{}' {} [{}]\n", i, t.name, dtype_name(t.type), fmt::join(t.shape, ", "));
    fmt::print("  values: {}\n", outputs[static_cast<size_t>(i)].dump());
    if (t.quant.present() && t.type != DType::Float32)
      fmt::print("  dequantized: {}\n", deq[static_cast<size_t>(i)].dump());
    fmt::print("  top-1 index: {}\n", top1[static_cast<size_t>(i)].get<int64_t>());
  }
  return 0;
}

const RegisterCommand kRegister("infer", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<InferOptions>();
  app.description("Run a model once on the host reference kernels and print its outputs");
  app.add_option("model", o->model, "model .tflite file")->required();
  auto* in = app.add_option("--input", o->inputs,
                            "input file per model input: raw tensor bytes, a .csv of values, an image or a 16 kHz WAV");
  auto* rnd = app.add_option("--random", o->seed, "fill inputs with seeded uniform random values")
                  ->check(CLI::NonNegativeNumber);
  in->excludes(rnd);
  rnd->excludes(in);
  app.add_flag("--json", o->json, "print one JSON object");
  return [o, in, rnd] {
    if (in->count() == 0 && rnd->count() == 0)
      throw Error(o->model, "no input given", "pass --input FILE or --random SEED");
    return run_infer(*o);
  };
});

}  // namespace
}  // namespace tinysim::cli
