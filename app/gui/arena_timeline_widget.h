// The arena timeline: where each activation tensor sits in the tensor arena
// (x: byte offset) and while which ops it is live (y: op rows, execution
// order), as TFLite Micro's planner prints its plan, drawn from the core's
// MemoryPlan. The op row with the most live bytes is the peak and is marked,
// and the arena's end is a line. Hovering a tensor shows its name, bytes,
// offsets and lifetime. The widget grows one row per op, so it sits in a
// scroll area and stays readable at 30+ layers.
#pragma once

#include <QRectF>
#include <QVector>
#include <QWidget>

#include "app/gui/loaded_model.h"

namespace tinysim::gui {

class ArenaTimelineWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ArenaTimelineWidget(QWidget* parent = nullptr);

  struct Block {
    int tensor = -1;
    int firstOp = -1, lastOp = -1;
    qint64 offset = 0, bytes = 0;
    QRectF rect;  // where it is drawn (widget coordinates)
  };
  // One block per tensor in the arena, in tensor order (valid after a layout).
  const QVector<Block>& blocks() const { return blocks_; }
  // The op whose live tensors need the most bytes (-1 without a model).
  int peakOp() const { return peakOp_; }
  qint64 peakBytes() const;
  qint64 arenaBytes() const;
  // The tensor drawn at `pos` (-1 if none) and the text its tooltip shows.
  int tensorAt(const QPointF& pos) const;
  QString tensorText(int tensor) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 public slots:
  void setModel(const tinysim::gui::LoadedModelPtr& model);
  void clear();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  bool event(QEvent* event) override;

 private:
  void layoutBlocks();
  qreal rowHeight() const;
  qreal labelWidth() const;
  QRectF plotArea() const;

  LoadedModelPtr model_;
  QVector<Block> blocks_;
  int peakOp_ = -1;
};

}  // namespace tinysim::gui
