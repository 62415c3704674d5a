#include "core/target/model_inputs.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>

#include "core/common/error.h"
#include "core/common/input_file.h"

namespace tinysim::target {
namespace {

const char* const kInputFix = "pass raw little-endian tensor bytes or a .csv of values";

std::vector<uint8_t> read_csv(const std::string& path, const Tensor& t) {
  // A value takes at most a few dozen characters; far more text than that is
  // the wrong file, refused before it fills memory.
  std::string text = read_input_text(path, "input file", kInputFix, 64 * uint64_t(t.num_elements()) + 4096);
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
    if (!std::isfinite(values.back()))
      throw Error(path, "value '" + tok + "' at position " + std::to_string(values.size() - 1) + " is not a finite number",
                  "give finite numbers (no nan, inf or values beyond the float range)");
  }
  if (int64_t(values.size()) != t.num_elements())
    throw Error(path, "has " + std::to_string(values.size()) + " values but input '" + t.name + "' needs " +
                          std::to_string(t.num_elements()),
                "give one value per element");
  std::vector<uint8_t> bytes(size_t(t.num_bytes()));
  for (size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    auto check = [&](double lo, double hi) {
      if (v < lo || v > hi || v != std::floor(v))
        throw Error(path, "value at position " + std::to_string(k) + " is not a valid " + dtype_name(t.type),
                    "use integers in the type's range");
    };
    switch (t.type) {
      case DType::Float32: {
        if (std::fabs(v) > double(std::numeric_limits<float>::max()))
          throw Error(path, "value at position " + std::to_string(k) + " is beyond the float32 range",
                      "give values a float32 can hold");
        const float f = float(v);
        std::memcpy(&bytes[4 * k], &f, 4);
        break;
      }
      case DType::Int8: check(-128, 127); bytes[k] = uint8_t(int8_t(v)); break;
      case DType::UInt8: check(0, 255); bytes[k] = uint8_t(v); break;
      case DType::Int16: { check(-32768, 32767); const auto x = int16_t(v); std::memcpy(&bytes[2 * k], &x, 2); break; }
      case DType::Int32: { check(-2147483648.0, 2147483647.0); const auto x = int32_t(v); std::memcpy(&bytes[4 * k], &x, 4); break; }
      default: throw Error(path, std::string("inputs of type ") + dtype_name(t.type) + " are not supported");
    }
  }
  return bytes;
}

}  // namespace

std::vector<uint8_t> input_from_file(const std::string& path, const Tensor& t) {
  if (std::filesystem::path(path).extension() == ".csv") return read_csv(path, t);
  auto wrong_size = [&](uint64_t size) {
    return Error(path, "is " + std::to_string(size) + " bytes but input '" + t.name + "' needs " +
                           std::to_string(t.num_bytes()) + " bytes (" + std::to_string(t.num_elements()) + " " +
                           dtype_name(t.type) + ")",
                 kInputFix);
  };
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size != uint64_t(t.num_bytes())) throw wrong_size(size);
  }
  // At most one byte more than the tensor holds (a pipe has no size to check first).
  auto bytes = read_input_file(path, "input file", kInputFix, uint64_t(t.num_bytes()) + 1);
  if (int64_t(bytes.size()) != t.num_bytes()) throw wrong_size(bytes.size());
  return bytes;
}

std::vector<uint8_t> random_input(const Tensor& t, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t n = size_t(t.num_elements());
  std::vector<uint8_t> bytes(size_t(t.num_bytes()));
  for (size_t k = 0; k < n; ++k) {
    switch (t.type) {
      case DType::Float32: {
        const float f = std::uniform_real_distribution<float>(-1.f, 1.f)(rng);
        std::memcpy(&bytes[4 * k], &f, 4);
        break;
      }
      case DType::Int8: bytes[k] = uint8_t(std::uniform_int_distribution<int>(-128, 127)(rng)); break;
      case DType::UInt8: bytes[k] = uint8_t(std::uniform_int_distribution<int>(0, 255)(rng)); break;
      case DType::Int16: {
        const auto x = int16_t(std::uniform_int_distribution<int>(-32768, 32767)(rng));
        std::memcpy(&bytes[2 * k], &x, 2);
        break;
      }
      // Plain integers (audio front ends, int32 arithmetic): moderate ranges.
      case DType::Int32: {
        const auto x = int32_t(std::uniform_int_distribution<int32_t>(-100000, 100000)(rng));
        std::memcpy(&bytes[4 * k], &x, 4);
        break;
      }
      case DType::UInt32: {
        const auto x = uint32_t(std::uniform_int_distribution<uint32_t>(0, 1u << 24)(rng));
        std::memcpy(&bytes[4 * k], &x, 4);
        break;
      }
      case DType::UInt64: {
        const auto x = std::uniform_int_distribution<uint64_t>(0, uint64_t{1} << 40)(rng);
        std::memcpy(&bytes[8 * k], &x, 8);
        break;
      }
      default: throw Error(std::string("random inputs of type ") + dtype_name(t.type) + " are not supported");
    }
  }
  return bytes;
}

std::vector<std::vector<uint8_t>> model_inputs(const Model& model, const std::vector<std::string>& files,
                                               int64_t seed) {
  std::vector<std::vector<uint8_t>> out;
  if (seed < 0 && files.size() != model.inputs.size())
    throw Error(model.source, "model has " + std::to_string(model.inputs.size()) + " inputs but " +
                                  std::to_string(files.size()) + " --input files were given",
                "pass --input once per model input");
  for (size_t i = 0; i < model.inputs.size(); ++i) {
    const Tensor& t = model.tensors[size_t(model.inputs[i])];
    out.push_back(seed >= 0 ? random_input(t, uint64_t(seed) + i) : input_from_file(files[i], t));
  }
  return out;
}

}  // namespace tinysim::target
