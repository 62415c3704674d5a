// One per-layer profile the profiler can show: a result row of the session
// (a variant benched on an MCU) or a single inference. The layer figures are
// the core's (report::LayerRecord from the emulated run); the model file is
// read again only for the shapes and the arena bytes live per op.
#pragma once

#include <QString>
#include <vector>

#include "core/report/result_record.h"

namespace tinysim::gui {

struct ProfileSource {
  QString title;       // "har float on nrf52840", "kws int8 on stm32l4r5 (single inference, random seed 1)"
  QString modelPath;   // the .tflite the layers ran from
  QString model, variant, mcu;
  quint64 clockHz = 0;
  quint64 cycles = 0;  // the inference's cycles: the 100 % of the share column
  std::vector<report::LayerRecord> layers;
};

}  // namespace tinysim::gui
