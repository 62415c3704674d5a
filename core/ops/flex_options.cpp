#include "core/ops/flex_options.h"

#include <flatbuffers/flexbuffers.h>

#include <cstring>
#include <string>

namespace tinysim::ops {

FlexOptions::FlexOptions(const PrepareContext& ctx) : ctx_(ctx) {
  const std::vector<uint8_t>& b = ctx.op().custom_options;
  if (b.empty()) ctx.fail("has no custom options", "the op's flexbuffer options are missing: re-export the model");
  std::vector<uint8_t> reuse;
  if (!flexbuffers::VerifyBuffer(b.data(), b.size(), &reuse))
    ctx.fail("has damaged custom options (not a valid flexbuffer)", "re-export the model");
  const flexbuffers::Reference root = flexbuffers::GetRoot(b.data(), b.size());
  if (!root.IsMap()) ctx.fail("has custom options that are not a flexbuffer map", "re-export the model");
  const flexbuffers::Map map = root.AsMap();
  const flexbuffers::TypedVector keys = map.Keys();
  const flexbuffers::Vector vals = map.Values();
  if (keys.size() != vals.size())
    ctx.fail("has damaged custom options (a map with " + std::to_string(keys.size()) + " keys and " +
                 std::to_string(vals.size()) + " values)",
             "re-export the model");
  const uint8_t* end = b.data() + b.size();
  for (size_t i = 0; i < keys.size(); ++i) {
    // VerifyBuffer does not check that a key's bytes end inside the buffer
    // (fuzz_tflite found one running past it): find its NUL within bounds.
    const auto* k = reinterpret_cast<const uint8_t*>(keys[i].AsKey());
    if (!keys[i].IsKey() || k < b.data() || k >= end || !std::memchr(k, 0, static_cast<size_t>(end - k)))
      ctx.fail("has damaged custom options (a key runs past the end of the options)", "re-export the model");
    const flexbuffers::Reference v = vals[i];
    if (v.IsBool() || v.IsInt() || v.IsUInt()) values_[reinterpret_cast<const char*>(k)] = v.AsInt64();
  }
}

int64_t FlexOptions::get(const char* key, int64_t lo, int64_t hi) const {
  const auto it = values_.find(key);
  if (it == values_.end())
    ctx_.fail(std::string("custom option '") + key + "' is missing", "re-export the model with TFLM's signal ops");
  if (it->second < lo || it->second > hi)
    ctx_.fail(std::string("custom option '") + key + "' = " + std::to_string(it->second) + " is outside [" +
              std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return it->second;
}

std::vector<uint8_t> flex_map(std::initializer_list<std::pair<const char*, int64_t>> values) {
  flexbuffers::Builder fbb;
  fbb.Map([&] {
    for (const auto& [k, v] : values) fbb.Int(k, v);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

}  // namespace tinysim::ops
