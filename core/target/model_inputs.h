// Model inputs from files or a seed, in the format `tinysim infer` takes:
// raw little-endian tensor bytes, or a .csv of values in the tensor's own
// units; --random SEED fills input i from seed + i (integers uniform over
// the type's range, floats uniform in [-1, 1]). Shared by `tinysim run` and
// the tests so a seed means the same input everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ir.h"

namespace tinysim::target {

// Throws tinysim::Error naming the file and the problem.
std::vector<uint8_t> input_from_file(const std::string& path, const Tensor& t);
std::vector<uint8_t> random_input(const Tensor& t, uint64_t seed);
// files: one per model input; or seed >= 0 for random inputs.
std::vector<std::vector<uint8_t>> model_inputs(const Model& model, const std::vector<std::string>& files,
                                               int64_t seed);

}  // namespace tinysim::target
