// Two stacked bars: flash (weights + code + plan overhead) and RAM (arena +
// stack + static) against the profile's capacity. The limit is a line; what
// lies beyond it is drawn red and the overflow is written beside the bar.
// Hovering a segment shows its bytes and what they count.
#pragma once

#include <QRectF>
#include <QVector>
#include <QWidget>
#include <optional>

#include "app/gui/memory_breakdown.h"

namespace tinysim::gui {

class MemoryBarsWidget : public QWidget {
  Q_OBJECT
 public:
  explicit MemoryBarsWidget(QWidget* parent = nullptr);

  const std::optional<MemoryBreakdown>& breakdown() const { return breakdown_; }
  // The text drawn beside each bar ("does not fit: ... over"), for tests.
  QString flashVerdict() const;
  QString ramVerdict() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 public slots:
  void setBreakdown(const tinysim::gui::MemoryBreakdown& breakdown);
  void clear();

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Segment {
    QString name;
    qint64 bytes;
    QColor color;
    QString definition;  // what the number counts, for the tooltip
  };
  struct Hit {
    QRectF rect;
    QString text;
  };
  void paintBar(QPainter& p, const QRectF& area, const QString& title, const QVector<Segment>& segments,
                qint64 capacity, const QString& verdict);

  std::optional<MemoryBreakdown> breakdown_;
  QVector<Hit> hits_;
};

}  // namespace tinysim::gui
