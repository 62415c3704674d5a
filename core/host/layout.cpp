// RESHAPE, PAD and CONCATENATION only move elements, so one byte-level kernel
// serves every element type.
#include <cstring>

#include "core/host/kernels.h"

namespace tinysim::kernels {

void reshape(const OpData& p, const void* input, void* output) {
  if (input != output) std::memmove(output, input, static_cast<size_t>(p.flat_size * p.elem_bytes));
}

void pad(const PadData& p, const void* input, void* output) {
  const Dims4 &in = p.input_shape, &out = p.output_shape;
  const size_t eb = static_cast<size_t>(p.elem_bytes);
  auto* dst = static_cast<uint8_t*>(output);
  const auto* src = static_cast<const uint8_t*>(input);
  // Fill with the padding value, then copy the input rows into place.
  uint8_t value[8] = {};
  if (p.kernel == KernelType::Float32) std::memcpy(value, &p.pad_value_f, 4);
  else if (eb == 1) value[0] = static_cast<uint8_t>(static_cast<int8_t>(p.pad_value_q));
  else { const auto v = static_cast<int16_t>(p.pad_value_q); std::memcpy(value, &v, 2); }
  for (int64_t i = 0; i < out.size(); ++i) std::memcpy(dst + static_cast<size_t>(i) * eb, value, eb);
  for (int32_t n = 0; n < in.n; ++n)
    for (int32_t h = 0; h < in.h; ++h)
      for (int32_t w = 0; w < in.w; ++w) {
        const int64_t si = ((int64_t{n} * in.h + h) * in.w + w) * in.c;
        const int64_t di = ((int64_t{n + p.pad_before[0]} * out.h + h + p.pad_before[1]) * out.w + w + p.pad_before[2]) *
                               out.c + p.pad_before[3];
        std::memcpy(dst + static_cast<size_t>(di) * eb, src + static_cast<size_t>(si) * eb,
                    static_cast<size_t>(in.c) * eb);
      }
}

void concatenation(const ConcatData& p, const void* const* inputs, void* output) {
  const size_t eb = static_cast<size_t>(p.elem_bytes);
  auto* dst = static_cast<uint8_t*>(output);
  for (int64_t outer = 0; outer < p.concat_outer; ++outer)
    for (size_t k = 0; k < p.concat_copy_elems.size(); ++k) {
      const size_t n = static_cast<size_t>(p.concat_copy_elems[k]) * eb;
      std::memcpy(dst, static_cast<const uint8_t*>(inputs[k]) + static_cast<size_t>(outer) * n, n);
      dst += n;
    }
}

}  // namespace tinysim::kernels
