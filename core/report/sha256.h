// SHA-256 (FIPS 180-4) of files and byte buffers, so every result row names
// exactly which model file produced it. OpenSSL (libssl-dev) does the
// hashing; tests/report checks it against the FIPS vectors and sha256sum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tinysim::report {

// Lower-case hex digest.
std::string sha256_hex(const void* data, size_t size);
// Throws tinysim::Error naming the file when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace tinysim::report
