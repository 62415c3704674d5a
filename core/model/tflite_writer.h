// Writes TinySim's IR back to a .tflite flatbuffer that TFLite and TFLite
// Micro load: buffer 0 is the empty sentinel, every constant gets its own
// 16-byte-aligned buffer, operator codes carry both the int8 and the int32
// builtin code fields, and op versions are at least what TFLite's converter
// assigns for the op's tensor types (see min_op_version).
//
// Unsupported ops are kept with their builtin code (or custom name) and
// version so a load -> save -> load round trip gives the same IR. Custom ops
// keep their custom option bytes; unsupported *builtin* ops lose their
// builtin options (TinySim does not parse them), so TFLite would run such an
// op with default options.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/model/ir.h"

namespace tinysim {

Result<std::vector<uint8_t>> serialize_tflite(const Model& model);

// Writes to a temporary file beside `path` and renames it into place, so the
// destination is either the old file or the complete new one. Returns true.
Result<bool> save_tflite(const Model& model, const std::string& path);

// The lowest version TFLite expects for this op given its tensor types
// (e.g. CONV_2D: 1 float, 2 hybrid, 3 int8, 4 int16x8; FULLY_CONNECTED: 1
// float, 3 hybrid, 4 int8, 5 keep_num_dims, 7 int16). The writer uses
// max(op.version, min_op_version(...)).
int min_op_version(const Model& model, const Operator& op);

}  // namespace tinysim
