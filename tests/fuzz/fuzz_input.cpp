// The `--input` parsers of `infer` and `run`: a .csv of values or raw tensor
// bytes for an input tensor whose type and shape come from the first bytes.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/model/ir.h"
#include "core/target/model_inputs.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  if (size < 3) return 0;
  static const DType kTypes[] = {DType::Float32, DType::Int8, DType::UInt8, DType::Int16, DType::Int32};
  Tensor t;
  t.name = "input_1";
  t.type = kTypes[data[0] % 5];
  t.shape = {1, 1 + data[1] % 64};
  const bool csv = data[2] & 1;
  const std::string path = fuzz::write_scratch(csv ? "input.csv" : "input.bin",
                                               std::string_view(reinterpret_cast<const char*>(data + 3), size - 3));
  auto bytes = capture([&] { return target::input_from_file(path, t); });
  fuzz::check_result(bytes, std::string_view(reinterpret_cast<const char*>(data + 3), size - 3));
  if (bytes && bytes->size() != size_t(t.num_bytes())) std::abort();
  // A float input that parsed holds finite values only (issue 14: nan/inf were accepted).
  if (bytes && t.type == DType::Float32)
    for (size_t k = 0; k + 4 <= bytes->size(); k += 4) {
      float v;
      std::memcpy(&v, bytes->data() + k, 4);
      if (!std::isfinite(v)) std::abort();
    }
  return 0;
}
