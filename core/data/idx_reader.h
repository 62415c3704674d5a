// IDX files (the MNIST / Fashion-MNIST container): a 4-byte magic (0, 0,
// element type, rank), big-endian int32 dimensions, then big-endian elements.
// Gzip-compressed files are read transparently (zlib), so the Debian
// dataset-fashion-mnist *.gz files load as they are installed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinysim {

enum class IdxType : uint8_t { UInt8 = 0x08, Int8 = 0x09, Int16 = 0x0B, Int32 = 0x0C,
                               Float32 = 0x0D, Float64 = 0x0E };

struct IdxArray {
  IdxType type = IdxType::UInt8;
  std::vector<int> shape;
  std::vector<float> values;  // every element converted to float
  size_t count() const { return values.size(); }
};

// Throws tinysim::Error naming the path for a missing, truncated or malformed file.
IdxArray read_idx(const std::string& path);

// Parses an in-memory (already decompressed) IDX image; `name` is for messages.
IdxArray parse_idx(const std::vector<uint8_t>& bytes, const std::string& name);

// Writes an uncompressed IDX file atomically (temp file + rename). Values are
// stored as `type` (UInt8 values are rounded and must lie in [0, 255]).
void write_idx(const std::string& path, IdxType type, const std::vector<int>& shape,
               const std::vector<float>& values);

}  // namespace tinysim
