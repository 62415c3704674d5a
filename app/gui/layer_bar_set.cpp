#include "app/gui/layer_bar_set.h"

#include <QBarSet>
#include <algorithm>

namespace tinysim::gui {

QColor seriesColor(size_t i) {
  static const QList<QColor> palette{QColor(0x3b, 0x75, 0xaf), QColor(0xef, 0x8a, 0x3c), QColor(0x51, 0x9e, 0x3e),
                                     QColor(0xc5, 0x3a, 0x32), QColor(0x8d, 0x6a, 0xb8), QColor(0x84, 0x58, 0x4e)};
  return palette[qsizetype(i % size_t(palette.size()))];
}

QBarSet* layerCyclesBarSet(const QString& name, const std::vector<report::LayerRecord>& layers, const QColor& color,
                           double* maxCycles) {
  auto* set = new QBarSet(name);
  set->setColor(color);
  set->setBorderColor(color.darker(115));
  for (const auto& l : layers) {
    *set << double(l.cycles);
    *maxCycles = std::max(*maxCycles, double(l.cycles));
  }
  return set;
}

}  // namespace tinysim::gui
