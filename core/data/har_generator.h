// Synthetic human-activity-recognition data: 2 s windows of a 3-axis
// accelerometer (in g) sampled at 50 Hz, worn in a trouser pocket (the thigh
// axis is "vertical" when standing). Classes: walking, sitting, running, fall.
// The physics behind each class is documented in sample_models/DATA.md:
// gravity seen through the sensor's orientation (either way up, any turn
// around the thigh), gait at a step frequency with harmonics, heel strikes and
// thigh swing, per-subject variation (gait rate, vigour, mounting, bias,
// noise, clock error), and for a fall: a drop, an impact and the posture and
// motion after it. The classes overlap on purpose (brisk walks vs slow jogs,
// soft falls, fidgeting, transitions at window edges); labels stay true.
#pragma once

#include <cstdint>
#include <vector>

#include "core/data/dataset.h"

namespace tinysim {

struct HarOptions {
  size_t num_windows = 4000;
  uint64_t seed = 1;
  int first_subject = 0;  // subjects first_subject .. first_subject+num_subjects-1
  int num_subjects = 24;
};

constexpr int kHarSampleRateHz = 50;
constexpr int kHarWindow = 100;  // 2 s
constexpr int kHarAxes = 3;

// Windows are shaped {1, 100, 3} (H=1 so a 1-D conv is a 1xK CONV_2D); class
// of window i is i % 4, so any prefix is balanced.
Dataset generate_har(const HarOptions& options);

// The split the spec "har" maps to: train = subjects 0-23, calib = the same
// subjects with other windows, test = unseen subjects 100-107.
Dataset har_split(const std::string& split, size_t n_or_zero);

}  // namespace tinysim
