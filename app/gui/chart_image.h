// Renders a chart to an image of a given size whether or not its view is on
// screen (charts on a hidden tab have no laid-out viewport to grab).
#pragma once

#include <QImage>
#include <QSize>

class QChartView;

namespace tinysim::gui {

QImage renderChartImage(QChartView* view, QSize size);

}  // namespace tinysim::gui
