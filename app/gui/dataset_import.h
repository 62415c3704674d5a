// Importing the user's own data from the GUI: the core's converter
// (core/data/data_import.h, the same one `tinysim make-data --from` runs)
// with the loaded model's input shape, so images are resized to what the
// model takes, written beside the source as <source>_tinysim.
#pragma once

#include <QString>
#include <atomic>

#include "core/common/error.h"
#include "core/model/ir.h"

namespace tinysim::gui {

// Where the import of `source` (a folder or a .csv file) is written by
// default: "<folder>_tinysim" or "<dir>/<stem>_tinysim".
QString defaultImportDir(const QString& source);

// The model's first input without its batch dimension, as an import shape
// (empty when the model has no input, e.g. nothing loaded).
std::vector<int> importShapeFor(const Model* model);

// Imports `source` into `output` (dataset.json + IDX, three splits) and
// returns a one-line summary, or the core's one-line error. `cancel` stops
// it between files; nothing is left behind then.
Result<QString> importDataset(const QString& source, const QString& output, const std::vector<int>& shape,
                              const std::atomic<bool>& cancel);

}  // namespace tinysim::gui
