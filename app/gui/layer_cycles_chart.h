// Per-layer cycles as grouped bars: one category per layer (op index and
// name), one bar set per variant, for one chosen model and MCU profile (the
// combo boxes above the chart). Hovering a bar shows layer, op, cycles,
// MACs and cycles per MAC.
#pragma once

#include <QWidget>
#include <vector>

class QBarSet;
class QChartView;
class QComboBox;

namespace tinysim::gui {

class ComparisonModel;

class LayerCyclesChart : public QWidget {
  Q_OBJECT
 public:
  explicit LayerCyclesChart(ComparisonModel* model, QWidget* parent = nullptr);

  QChartView* view() const { return view_; }
  QComboBox* mcuCombo() const { return mcu_; }
  // Bar sets shown (one per variant) and their values, for tests.
  int setCount() const { return int(sets_.size()); }
  QBarSet* barSet(int i) const { return sets_[size_t(i)]; }
  // Index into model->records() of bar set i.
  size_t recordOf(int i) const { return recordOf_[size_t(i)]; }

 public slots:
  void rebuild();

 private:
  void refreshChoices();

  ComparisonModel* model_;
  QComboBox* modelChoice_;
  QComboBox* mcu_;
  QChartView* view_;
  std::vector<QBarSet*> sets_;
  std::vector<size_t> recordOf_;
};

}  // namespace tinysim::gui
