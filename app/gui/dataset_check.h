// Whether a data set spec fits a model, checked when the user picks it rather
// than when a run has already started: the core's own check
// (report::check_model_data: values per sample vs the model's input, classes
// vs its output) on the first sample of the test split. A mismatch or a data
// set that cannot be read is refused with the core's one-line message.
#pragma once

#include <QString>

#include "core/common/error.h"
#include "core/model/ir.h"

namespace tinysim::gui {

// The spec without a trailing ":N" sample limit ("har:500" -> "har").
QString datasetBase(const QString& spec);

// A one-line summary of the data set ("har: 1×100×3 per sample, 4 classes")
// or the reason it does not fit `model`.
Result<QString> checkDatasetForModel(const Model& model, const QString& spec);

}  // namespace tinysim::gui
