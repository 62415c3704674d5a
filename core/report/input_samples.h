// Model inputs from the files a user has at hand: an image (PNG, BMP,
// PGM/PPM, JPEG) or a 16 kHz WAV clip, turned into the input tensor the same
// way an imported data set is (core/data: pixels in [0, 1] resized to the
// input's H x W x C; WAV -> the kws front end's 49 x 10 MFCC), then quantized
// with the input's scale and zero point; any other file goes to
// target::model_inputs (raw tensor bytes or a .csv of values). `tinysim run
// --input` and the GUI's single inference both read inputs through here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ir.h"

namespace tinysim::report {

// True for the file kinds decoded here rather than taken as tensor bytes.
bool is_sample_file(const std::string& path);

// files: one per model input, or seed >= 0 for random inputs (as
// target::model_inputs). Throws tinysim::Error naming the file and the fix.
std::vector<std::vector<uint8_t>> inputs_from_files(const Model& model, const std::vector<std::string>& files,
                                                    int64_t seed);

}  // namespace tinysim::report
