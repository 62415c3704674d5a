// Accuracy vs latency scatter: one point per (variant, MCU profile); colour
// = variant, marker shape = MCU, so the trade-off of each optimisation is
// read at a glance. Records without accuracy (no data set) are counted in the
// title, not plotted; when no record has an accuracy the chart plots peak RAM
// against latency instead, so it is never blank. Hovering a point shows its
// figures.
#pragma once

#include <QChartView>
#include <vector>

class QScatterSeries;

namespace tinysim::gui {

class ComparisonModel;

class AccuracyLatencyChart : public QChartView {
  Q_OBJECT
 public:
  explicit AccuracyLatencyChart(ComparisonModel* model, QWidget* parent = nullptr);

  // Points plotted (for tests): one per record with an accuracy.
  int pointCount() const;
  // The tooltip text hovering point `i` of series `s` shows.
  QString hoverText(int series, int point) const;
  // true: no result has an accuracy, the y axis is peak RAM.
  bool showsLatencyVsMemory() const { return latencyMemory_; }

 public slots:
  void rebuild();

 private:
  ComparisonModel* model_;
  bool latencyMemory_ = false;
  std::vector<QScatterSeries*> series_;
  std::vector<std::vector<size_t>> recordOf_;  // per series, per point: index into model_->records()
};

}  // namespace tinysim::gui
