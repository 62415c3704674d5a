// How a variant file of a run was made, in words for the results table and
// the session file: "as loaded", "int8 PTQ, calibrated on har (200 samples)",
// "pruned to 50 % sparsity (1 epoch on har), then int8 ...", "QAT int8 ...".
// Read from the request that made it, so it cannot drift from what ran.
#pragma once

#include <QString>

#include "app/gui/variant_request.h"

namespace tinysim::gui {

// `file` is one of the run's files: the loaded model or <model>_<variant>.tflite.
QString howMade(const VariantRequest& request, const QString& file);

}  // namespace tinysim::gui
