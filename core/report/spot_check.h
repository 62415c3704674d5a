// The inputs a bench runs on the emulated Cortex-M4 and the bit-exactness
// check of its outputs against the host kernels on the same inputs. int8
// (and other integer) outputs must match bit for bit; float32 outputs within
// 1e-5 of the output's largest magnitude (the runtime's float kernels sum in
// a different order than the host's).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/ir.h"
#include "core/data/dataset.h"

namespace tinysim::report {

using TensorBytes = std::vector<std::vector<uint8_t>>;  // raw bytes per model input/output

// Sample i of the data set quantized for the model's single input.
TensorBytes dataset_input(const Model& model, const Dataset& data, size_t i);
// Seeded random bytes for every input, as `tinysim infer --random SEED` makes
// them: integers uniform over the type's range, floats uniform in [-1, 1].
TensorBytes random_input(const Model& model, uint64_t seed);

// Empty if equal; otherwise "output O first differs at index I (host A, emulator B)".
std::string first_difference(const Model& model, const TensorBytes& host, const TensorBytes& target);

}  // namespace tinysim::report
