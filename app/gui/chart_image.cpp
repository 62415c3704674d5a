#include "app/gui/chart_image.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QPainter>

namespace tinysim::gui {

QImage renderChartImage(QChartView* view, QSize size) {
  QChart* chart = view->chart();
  const QSizeF before = chart->size();
  const QPointF pos = chart->pos();
  chart->resize(size);
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  {
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    view->scene()->render(&p, QRectF(0, 0, size.width(), size.height()), QRectF(pos, QSizeF(size)));
  }
  chart->resize(before);  // the view lays it out again when it is shown
  return image;
}

}  // namespace tinysim::gui
