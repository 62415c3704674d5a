#include "core/data/idx_reader.h"

#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/common/atomic_file.h"

namespace tinysim {
namespace {

size_t element_size(IdxType t) {
  switch (t) {
    case IdxType::UInt8: case IdxType::Int8: return 1;
    case IdxType::Int16: return 2;
    case IdxType::Int32: case IdxType::Float32: return 4;
    case IdxType::Float64: return 8;
  }
  return 0;
}

bool known_type(uint8_t t) {
  return t == 0x08 || t == 0x09 || t == 0x0B || t == 0x0C || t == 0x0D || t == 0x0E;
}

uint64_t read_be(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

void write_be(std::string& out, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * (n - 1 - i))) & 0xFF));
}

// gzread also passes plain (uncompressed) files through unchanged.
// The largest data set TinySim reads (Fashion-MNIST train) is 47 MB
// unpacked: 1 GiB is a wrong file or a gzip bomb, refused before it fills memory.
constexpr size_t kMaxIdxBytes = size_t(1) << 30;

std::vector<uint8_t> read_maybe_gzip(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path, "file not found");
  if (std::filesystem::is_directory(path, ec)) throw Error(path, "is a directory, not an IDX file", "name the IDX file");
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error(path, "cannot open");
  std::vector<uint8_t> out;
  uint8_t buf[1 << 16];
  for (;;) {
    int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int code = 0;
      std::string msg = gzerror(f, &code);
      gzclose(f);
      throw Error(path, "corrupt gzip data: " + msg, "re-install or re-download the file");
    }
    if (n == 0) break;
    if (out.size() + size_t(n) > kMaxIdxBytes) {
      gzclose(f);
      throw Error(path, "holds more than 1 GiB of IDX data", "check that this is the data set's IDX file");
    }
    out.insert(out.end(), buf, buf + n);
  }
  gzclose(f);
  return out;
}

}  // namespace

IdxArray parse_idx(const std::vector<uint8_t>& b, const std::string& name) {
  const std::string fix = "expected an IDX file (magic 0 0 TYPE RANK, big-endian dims)";
  if (b.size() < 4) throw Error(name, "file too short for an IDX header", fix);
  if (b[0] != 0 || b[1] != 0 || !known_type(b[2]) || b[3] == 0)
    throw Error(name, "bad IDX magic", fix);
  IdxArray a;
  a.type = static_cast<IdxType>(b[2]);
  const size_t rank = b[3];
  if (b.size() < 4 + 4 * rank) throw Error(name, "IDX header truncated", fix);
  uint64_t count = 1;
  for (size_t i = 0; i < rank; ++i) {
    uint64_t d = read_be(&b[4 + 4 * i], 4);
    if (d == 0 || d > (1u << 30)) throw Error(name, "IDX dimension " + std::to_string(i) + " is " + std::to_string(d), fix);
    count *= d;
    if (count > (uint64_t(1) << 32)) throw Error(name, "IDX array too large", fix);
    a.shape.push_back(static_cast<int>(d));
  }
  const size_t es = element_size(a.type);
  const size_t off = 4 + 4 * rank;
  if (b.size() - off < count * es)
    throw Error(name, "IDX data truncated: header says " + std::to_string(count) + " elements, file holds " +
                          std::to_string((b.size() - off) / es), "the file is incomplete; re-create it");
  a.values.resize(count);
  const uint8_t* p = b.data() + off;
  for (size_t i = 0; i < count; ++i, p += es) {
    switch (a.type) {
      case IdxType::UInt8: a.values[i] = p[0]; break;
      case IdxType::Int8: a.values[i] = static_cast<int8_t>(p[0]); break;
      case IdxType::Int16: a.values[i] = static_cast<int16_t>(read_be(p, 2)); break;
      case IdxType::Int32: a.values[i] = static_cast<float>(static_cast<int32_t>(read_be(p, 4))); break;
      case IdxType::Float32: a.values[i] = std::bit_cast<float>(static_cast<uint32_t>(read_be(p, 4))); break;
      case IdxType::Float64: a.values[i] = static_cast<float>(std::bit_cast<double>(read_be(p, 8))); break;
    }
  }
  return a;
}

IdxArray read_idx(const std::string& path) { return parse_idx(read_maybe_gzip(path), path); }

void write_idx(const std::string& path, IdxType type, const std::vector<int>& shape,
               const std::vector<float>& values) {
  size_t count = 1;
  for (int d : shape) count *= static_cast<size_t>(d);
  if (count != values.size() || shape.empty() || shape.size() > 255)
    throw Error(path, "IDX shape does not match the number of values");
  std::string out;
  out.reserve(4 + 4 * shape.size() + values.size() * element_size(type));
  out.push_back(0); out.push_back(0);
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(shape.size()));
  for (int d : shape) write_be(out, static_cast<uint32_t>(d), 4);
  for (float v : values) {
    switch (type) {
      case IdxType::UInt8: {
        long r = std::lround(v);
        if (r < 0 || r > 255) throw Error(path, "value " + std::to_string(v) + " does not fit uint8");
        out.push_back(static_cast<char>(r));
        break;
      }
      case IdxType::Int8: out.push_back(static_cast<char>(static_cast<int8_t>(std::lround(v)))); break;
      case IdxType::Int16: write_be(out, static_cast<uint16_t>(static_cast<int16_t>(std::lround(v))), 2); break;
      case IdxType::Int32: write_be(out, static_cast<uint32_t>(static_cast<int32_t>(std::lround(v))), 4); break;
      case IdxType::Float32: write_be(out, std::bit_cast<uint32_t>(v), 4); break;
      case IdxType::Float64: write_be(out, std::bit_cast<uint64_t>(static_cast<double>(v)), 8); break;
    }
  }
  write_file_atomically(path, out);
}

}  // namespace tinysim
