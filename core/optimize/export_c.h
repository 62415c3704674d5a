// A .tflite model as a C header for firmware: the bytes as an array (the
// layout `xxd -i` gives), 16-byte aligned (TFLite Micro requires the model
// buffer aligned) and const so the linker places it in flash (.rodata), plus
// the tensor arena size to reserve. Compiles as C and as C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/model/ir.h"

namespace tinysim {

struct CHeaderInfo {
  std::string name;          // C identifier of the array
  size_t model_bytes = 0;    // NAME_len
  int64_t arena_bytes = 0;   // NAME_ARENA_SIZE
  std::string path;          // where it was written
};

// A valid C identifier made from a file name: "kws int8.tflite" -> "kws_int8".
std::string c_identifier_from_path(const std::string& path);

// The header text for `bytes` (a .tflite file's exact contents); `model` is
// the same file parsed (for the arena size). `source` names the file in the
// header comment. Throws tinysim::Error for a name that is not a C identifier.
std::string make_c_header(const std::vector<uint8_t>& bytes, const Model& model, const std::string& name,
                          const std::string& source, int64_t* arena_bytes = nullptr);

// Reads and verifies MODEL.tflite, then writes the header atomically. An
// empty name is derived from the model's file name.
Result<CHeaderInfo> export_c_header(const std::string& tflite_path, const std::string& out_path,
                                    const std::string& name = {});

}  // namespace tinysim
