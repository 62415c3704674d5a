// Custom ops' options: the flexbuffer map TFLM's custom kernels read in
// Init (tflite::FlexbufferWrapper). Its integer and bool values by key, read
// once in prepare; a damaged buffer or a missing key is the op's error.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/ops/prepare_context.h"

namespace tinysim::ops {

class FlexOptions {
 public:
  // Throws (through ctx.fail) when the bytes are not a flexbuffer map.
  explicit FlexOptions(const PrepareContext& ctx);
  // The value of `key` (bools as 0/1); fails naming the key when absent or
  // outside [lo, hi].
  int64_t get(const char* key, int64_t lo, int64_t hi) const;
  bool has(const char* key) const { return values_.count(key) > 0; }

 private:
  const PrepareContext& ctx_;
  std::map<std::string, int64_t> values_;
};

// A flexbuffer map of integer options, for example models and tests.
std::vector<uint8_t> flex_map(std::initializer_list<std::pair<const char*, int64_t>> values);

}  // namespace tinysim::ops
