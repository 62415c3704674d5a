#include "core/host/op_data.h"

#include "core/common/error.h"

namespace tinysim {

const char* kernel_type_name(KernelType k) {
  switch (k) {
    case KernelType::Float32: return "float32";
    case KernelType::Int8: return "int8";
    case KernelType::Int16x8: return "int16x8";
    case KernelType::Int16: return "int16";
    case KernelType::Int32: return "int32";
  }
  return "?";
}

Dims4 to_dims4(const std::vector<int32_t>& shape, const std::string& what) {
  if (shape.size() > 4)
    throw Error(what + " has " + std::to_string(shape.size()) + " dimensions; at most 4 are supported");
  int32_t d[4] = {1, 1, 1, 1};
  const size_t off = 4 - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) d[off + i] = shape[i];
  return Dims4{d[0], d[1], d[2], d[3]};
}

}  // namespace tinysim
