// The details of one op for the Model page: its options (stride, padding,
// dilation, activation, ... as the core's model report lists them) and every
// input and output tensor with its type, shape and quantization (scale and
// zero point, or the per-channel scales and their dimension), as `tinysim
// inspect --json` reports them. No op is special-cased here.
#pragma once

#include <QString>

#include "app/gui/loaded_model.h"

namespace tinysim::gui {

QString opDetailsHtml(const LoadedModel& model, int op);
// "scale 0.0235 zero point -128", "per-channel: 8 scales (0.0012 … 0.0031) on dim 0", "not quantized"
QString quantizationText(const Quantization& q);

}  // namespace tinysim::gui
