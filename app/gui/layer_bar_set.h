// The pieces the per-layer cycle charts share: the series colours and one
// bar set of a run's per-layer cycles.
#pragma once

#include <QColor>
#include <QList>
#include <vector>

#include "core/report/result_record.h"

class QBarSet;

namespace tinysim::gui {

// Colour i of the charts' series (cycles through a fixed palette).
QColor seriesColor(size_t i);

// A bar set named `name`, one bar per layer (its cycles), coloured `color`;
// raises *maxCycles to the largest bar.
QBarSet* layerCyclesBarSet(const QString& name, const std::vector<report::LayerRecord>& layers, const QColor& color,
                           double* maxCycles);

}  // namespace tinysim::gui
