#include "core/report/spot_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/common/error.h"
#include "core/target/model_inputs.h"
#include "core/ops/interpreter.h"

namespace tinysim::report {
namespace {

double element(const Tensor& t, const std::vector<uint8_t>& b, size_t k) {
  switch (t.type) {
    case DType::Float32: { float f; std::memcpy(&f, &b[4 * k], 4); return f; }
    case DType::Int8: return int8_t(b[k]);
    case DType::UInt8: return b[k];
    case DType::Int16: { int16_t x; std::memcpy(&x, &b[2 * k], 2); return x; }
    case DType::Int32: { int32_t x; std::memcpy(&x, &b[4 * k], 4); return x; }
    default: return b[k];
  }
}

}  // namespace

TensorBytes dataset_input(const Model& model, const Dataset& data, size_t i) {
  const Tensor& t = model.tensors[size_t(model.inputs.at(0))];
  std::vector<float> x(data.sample(i), data.sample(i) + data.sample_elements());
  return {quantize_for_tensor(t, x)};
}

TensorBytes random_input(const Model& model, uint64_t seed) {
  try {
    return target::model_inputs(model, {}, int64_t(seed));
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (bench it with --data)");
  }
}

std::string first_difference(const Model& model, const TensorBytes& host, const TensorBytes& target) {
  if (host.size() != target.size())
    return fmt::format("{} outputs on the host, {} from the emulator", host.size(), target.size());
  for (size_t o = 0; o < host.size(); ++o) {
    const Tensor& t = model.tensors[size_t(model.outputs.at(o))];
    if (host[o].size() != target[o].size())
      return fmt::format("output {} has {} bytes on the host, {} from the emulator", o, host[o].size(), target[o].size());
    const size_t esize = std::max<size_t>(1, dtype_size(t.type));
    const size_t n = host[o].size() / esize;
    if (t.type == DType::Float32) {
      double peak = 0;
      for (size_t k = 0; k < n; ++k) peak = std::max(peak, std::fabs(element(t, host[o], k)));
      const double tol = 1e-5 * std::max(peak, 1e-30);
      for (size_t k = 0; k < n; ++k) {
        const double a = element(t, host[o], k), b = element(t, target[o], k);
        if (!(std::fabs(a - b) <= tol))
          return fmt::format("output {} first differs at index {} (host {}, emulator {}, tolerance {:.3g})", o, k, a, b, tol);
      }
    } else {
      for (size_t k = 0; k < n; ++k)
        if (std::memcmp(&host[o][k * esize], &target[o][k * esize], esize) != 0)
          return fmt::format("output {} first differs at index {} (host {}, emulator {})", o, k, element(t, host[o], k),
                             element(t, target[o], k));
    }
  }
  return {};
}

}  // namespace tinysim::report
