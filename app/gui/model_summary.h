// The one-paragraph summary above the layer table (ops, params, MACs,
// weights, arena, inputs/outputs, unsupported ops), as rich text.
#pragma once

#include <QString>

#include "app/gui/loaded_model.h"

namespace tinysim::gui {

QString modelSummaryHtml(const LoadedModel& model);

}  // namespace tinysim::gui
