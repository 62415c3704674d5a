// Synthetic motor vibration (predictive maintenance): windows of one
// accelerometer axis (in g) on a motor's bearing housing, 256 samples at
// 2048 Hz (125 ms). Classes: normal, bearing_wear, imbalance.
//   normal        shaft-rate (1x) vibration with 2x/3x harmonics, 100 Hz
//                 magnetic hum (50 Hz mains), broadband noise
//   imbalance     the same machine with a strong 1x component (unbalance force
//                 grows with speed squared), slightly raised 2x
//   bearing_wear  normal plus an outer-race defect: an impulse each time a ball
//                 passes the defect (BPFO = n/2 (1 - d/D cos(angle)) x shaft
//                 rate, with 1-2 % slip jitter), each ringing the housing's
//                 resonance (450-850 Hz) with exponential decay
// Per machine: nominal speed (1200-1800 rpm), bearing geometry, resonance,
// damping, baseline levels; per window: +-3 % speed change and drift.
// Documented in sample_models/DATA.md.
#pragma once

#include <cstdint>
#include <string>

#include "core/data/dataset.h"

namespace tinysim {

constexpr int kVibrationSampleRateHz = 2048;
constexpr int kVibrationWindow = 256;

struct VibrationOptions {
  size_t num_windows = 3000;
  uint64_t seed = 1;
  int first_machine = 0;
  int num_machines = 16;
};

// Shape {1, 256, 1}; class of window i is i % 3.
Dataset generate_vibration(const VibrationOptions& options);

// train: machines 0-15; calib: same machines, other windows; test: unseen
// machines 100-105.
Dataset vibration_split(const std::string& split, size_t n_or_zero);

}  // namespace tinysim
