// Flash and RAM per variant as grouped bars (KiB), one category per
// (variant, MCU); the profile's capacity is in the tooltip with the fit
// verdict. Hovering a bar shows the exact bytes and their parts.
#pragma once

#include <QChartView>
#include <vector>

class QBarSet;

namespace tinysim::gui {

class ComparisonModel;

class MemoryChart : public QChartView {
  Q_OBJECT
 public:
  explicit MemoryChart(ComparisonModel* model, QWidget* parent = nullptr);

  QBarSet* flashSet() const { return flash_; }
  QBarSet* ramSet() const { return ram_; }

 public slots:
  void rebuild();

 private:
  ComparisonModel* model_;
  QBarSet* flash_ = nullptr;
  QBarSet* ram_ = nullptr;
};

}  // namespace tinysim::gui
