// Top-1 accuracy of any IR model (float or int8) on a data set, run on the
// host reference kernels (the kernels the target is bit-exact with), so an
// accuracy figure is a statement about the device.
#pragma once

#include <vector>

#include "core/model/ir.h"
#include "core/data/dataset.h"

namespace tinysim::train {

// Output scores (dequantized) of every sample, [n, classes]. Throws
// tinysim::Error when the data does not fit the model's input.
std::vector<float> host_scores(const Model& model, const Dataset& data, int threads = 2);

// Throws tinysim::Error like host_scores.
double host_accuracy(const Model& model, const Dataset& data, int threads = 2);

}  // namespace tinysim::train
