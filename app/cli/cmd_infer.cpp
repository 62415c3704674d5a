// `tinysim infer MODEL.tflite (--input FILE | --random SEED) [--json]`: runs
// the host reference kernels once and prints the outputs.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "app/cli/command_registry.h"
#include "core/common/error.h"
#include "core/host/interpreter.h"
#include "core/model/tflite_reader.h"

namespace tinysim::cli {
namespace {

struct InferOptions {
  std::string model;
  std::vector<std::string> inputs;
  int64_t seed = -1;
  bool json = false;
};

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "cannot open input file", "check the path");
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// A CSV of numbers (commas, spaces or newlines between them), one value per
// element in the tensor's own units: raw integers for integer tensors.
std::vector<uint8_t> read_csv_input(const std::string& path, const Tensor& t) {
  const auto raw = read_file(path);
  std::string text(raw.begin(), raw.end());
  std::replace(text.begin(), text.end(), ',', ' ');
  std::istringstream in(text);
  std::vector<double> values;
  std::string tok;
  while (in >> tok) {
    try {
      size_t used = 0;
      values.push_back(std::stod(tok, &used));
      if (used != tok.size()) throw std::invalid_argument(tok);
    } catch (const std::exception&) {
      throw Error(path, "'" + tok + "' is not a number", "give comma-separated numbers");
    }
  }
  if (static_cast<int64_t>(values.size()) != t.num_elements())
    throw Error(path, "has " + std::to_string(values.size()) + " values but input '" + t.name + "' needs " +
                          std::to_string(t.num_elements()),
                "give one value per element");
  std::vector<uint8_t> bytes(static_cast<size_t>(t.num_bytes()));
  for (size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    auto check = [&](double lo, double hi) {
      if (v < lo || v > hi || v != std::floor(v))
        throw Error(path, "value " + tok + " at position " + std::to_string(k) + " is not a valid " +
                              dtype_name(t.type), "use integers in the type's range");
    };
    switch (t.type) {
      case DType::Float32: { const float f = static_cast<float>(v); std::memcpy(&bytes[4 * k], &f, 4); break; }
      case DType::Int8: check(-128, 127); bytes[k] = static_cast<uint8_t>(static_cast<int8_t>(v)); break;
      case DType::UInt8: check(0, 255); bytes[k] = static_cast<uint8_t>(v); break;
      case DType::Int16: { check(-32768, 32767); const auto x = static_cast<int16_t>(v); std::memcpy(&bytes[2 * k], &x, 2); break; }
      case DType::Int32: { check(-2147483648.0, 2147483647.0); const auto x = static_cast<int32_t>(v); std::memcpy(&bytes[4 * k], &x, 4); break; }
      default: throw Error(path, std::string("inputs of type ") + dtype_name(t.type) + " are not supported");
    }
  }
  return bytes;
}

// Deterministic from the seed: integer inputs uniform over the full type range;
// float inputs uniform in [-1, 1].
std::vector<uint8_t> random_input(const Tensor& t, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t n = static_cast<size_t>(t.num_elements());
  std::vector<uint8_t> bytes(static_cast<size_t>(t.num_bytes()));
  for (size_t k = 0; k < n; ++k) {
    switch (t.type) {
      case DType::Float32: {
        const float f = std::uniform_real_distribution<float>(-1.f, 1.f)(rng);
        std::memcpy(&bytes[4 * k], &f, 4);
        break;
      }
      case DType::Int8: bytes[k] = static_cast<uint8_t>(std::uniform_int_distribution<int>(-128, 127)(rng)); break;
      case DType::UInt8: bytes[k] = static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 255)(rng)); break;
      case DType::Int16: {
        const auto x = static_cast<int16_t>(std::uniform_int_distribution<int>(-32768, 32767)(rng));
        std::memcpy(&bytes[2 * k], &x, 2);
        break;
      }
      default: throw Error(std::string("random inputs of type ") + dtype_name(t.type) + " are not supported");
    }
  }
  return bytes;
}

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
  const bool random = o.seed >= 0;
  if (!random && static_cast<int>(o.inputs.size()) != interp.num_inputs())
    throw Error(o.model, "model has " + std::to_string(interp.num_inputs()) + " inputs but " +
                             std::to_string(o.inputs.size()) + " --input files were given",
                "pass --input once per model input");
  for (int i = 0; i < interp.num_inputs(); ++i) {
    const Tensor& t = interp.input_tensor(i);
    std::vector<uint8_t> bytes;
    if (random) {
      bytes = random_input(t, static_cast<uint64_t>(o.seed) + static_cast<uint64_t>(i));
    } else {
      const std::string& path = o.inputs[static_cast<size_t>(i)];
      if (std::filesystem::path(path).extension() == ".csv") {
        bytes = read_csv_input(path, t);
      } else {
        bytes = read_file(path);
        if (static_cast<int64_t>(bytes.size()) != t.num_bytes())
          throw Error(path, "is " + std::to_string(bytes.size()) + " bytes but input '" + t.name + "' needs " +
                                std::to_string(t.num_bytes()) + " bytes (" + std::to_string(t.num_elements()) +
                                " " + dtype_name(t.type) + ")",
                      "give raw little-endian tensor bytes or a .csv of values");
      }
    }
    interp.set_input(i, bytes.data(), bytes.size());
  }
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
                            "input file per model input: raw tensor bytes, or .csv of values");
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
