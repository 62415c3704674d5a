// Draws a cell's number over a light bar as long as its share of the
// column's largest value (Qt::UserRole), so the heavy layers stand out in
// the per-layer table (MACs, live arena bytes) without a separate chart.
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace tinysim::gui {

class ShareBarDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  explicit ShareBarDelegate(QColor color, QObject* parent = nullptr);
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 private:
  QColor color_;
};

}  // namespace tinysim::gui
