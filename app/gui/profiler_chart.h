// Per-layer cycles as horizontal bars, one row per layer ("#3 CONV_2D") and
// one bar per MCU the variant ran on, inside a scroll area that grows with
// the layer count so every label stays readable at 30+ layers. Hovering a
// bar shows the layer's figures.
#pragma once

#include <QWidget>
#include <vector>

#include "app/gui/profile_source.h"

class QBarSet;
class QChartView;
class QScrollArea;

namespace tinysim::gui {

class ProfilerChart : public QWidget {
  Q_OBJECT
 public:
  explicit ProfilerChart(QWidget* parent = nullptr);

  // sources: the same model variant on one or more MCUs.
  void setSources(const std::vector<ProfileSource>& sources);

  QChartView* view() const { return view_; }
  QScrollArea* scrollArea() const { return scroll_; }
  int setCount() const { return int(sets_.size()); }
  QBarSet* barSet(int i) const { return sets_[size_t(i)]; }
  QStringList categories() const { return categories_; }
  // Text hovering bar `index` of set `set` shows.
  QString hoverText(int set, int index) const;

 private:
  QScrollArea* scroll_;
  QChartView* view_;
  std::vector<ProfileSource> sources_;
  std::vector<QBarSet*> sets_;
  QStringList categories_;
};

}  // namespace tinysim::gui
