#include "app/gui/share_bar_delegate.h"

#include <QAbstractItemModel>
#include <QPainter>
#include <algorithm>

namespace tinysim::gui {

ShareBarDelegate::ShareBarDelegate(QColor color, QObject* parent) : QStyledItemDelegate(parent), color_(color) {}

void ShareBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  const QAbstractItemModel* model = index.model();
  double maxValue = 0;
  for (int r = 0; r < model->rowCount(index.parent()); ++r)
    maxValue = std::max(maxValue, model->index(r, index.column(), index.parent()).data(Qt::UserRole).toDouble());
  const double value = index.data(Qt::UserRole).toDouble();
  if (maxValue > 0 && value > 0) {
    QRectF bar = QRectF(option.rect).adjusted(2, 3, -2, -3);
    bar.setWidth(bar.width() * value / maxValue);
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(color_);
    painter->drawRect(bar);
    painter->restore();
  }
  QStyledItemDelegate::paint(painter, option, index);
}

}  // namespace tinysim::gui
