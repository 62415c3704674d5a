// Reads a .tflite flatbuffer into TinySim's IR. The flatbuffers verifier runs
// before anything reads the buffer, then every index, shape and size the rest
// of TinySim relies on is checked, so a model that loads is safe to walk.
// Ops TinySim cannot run load as OpType::Unsupported (so `inspect` can show
// them); running them is reported by the kernels.
//
// Hybrid models (float activations, int8 constant weights with a scale) are
// returned as plain float models: those weights are dequantized at load and
// Model::description says so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/model/ir.h"

namespace tinysim {

// Errors are one line: "PATH: PROBLEM (FIX)".
Result<Model> load_tflite(const std::string& path);

// `name` is used in messages and stored as Model::source.
Result<Model> parse_tflite(const uint8_t* data, size_t size, const std::string& name);

}  // namespace tinysim
