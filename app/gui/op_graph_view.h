// The model as a graph of ops (Netron-style boxes and edges) on the Model
// page: one box per op in execution order, laid out in rows by dependency
// depth, an edge from the op that writes a tensor to each op that reads it.
// After a run or a single inference of this model the boxes take a heat
// colour from their share of the inference's cycles (pale = cheap, red = the
// hottest layer); hovering a box gives op, output shape, cycles and share.
#pragma once

#include <QColor>
#include <QGraphicsView>
#include <QString>
#include <vector>

#include "core/model/ir.h"
#include "core/report/result_record.h"

class QGraphicsRectItem;

namespace tinysim::gui {

class OpGraphView : public QGraphicsView {
  Q_OBJECT
 public:
  explicit OpGraphView(QWidget* parent = nullptr);

  // Rebuilds the graph for `model` (nullptr clears it); the heat is cleared.
  void setModel(const Model* model);
  // Colours op i by layers[k].cycles where layers[k].layer == i; `source`
  // names the run in the legend ("int8 on stm32l4r5"). Layers of another
  // model (more ops than this one) are ignored.
  void setCycles(const std::vector<report::LayerRecord>& layers, const QString& source);

  // For tests and the screenshot tool.
  int nodeCount() const { return int(nodes_.size()); }
  int edgeCount() const { return edges_; }
  QColor nodeColor(int op) const;
  QString nodeToolTip(int op) const;
  QString heatSource() const { return source_; }

  // The colour of a share in [0, 1] of the hottest layer's cycles.
  static QColor heatColor(double share);

 signals:
  void opClicked(int op);

 protected:
  void mousePressEvent(QMouseEvent* event) override;

 private:
  struct Node {
    QGraphicsRectItem* box = nullptr;
    QString label, shape;
  };
  std::vector<Node> nodes_;
  int edges_ = 0;
  QString source_;
};

}  // namespace tinysim::gui
