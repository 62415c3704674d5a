// The application window: menus (open, samples, recent, export), the message
// bar, and the pages (model table, memory on the chosen MCU, variants and
// their comparison, charts). It wires
// widgets to the CoreAdapter and holds no core logic of its own.
#pragma once

#include <QMainWindow>

#include "app/gui/core_adapter.h"

class QLabel;
class QMenu;
class QTabWidget;
class QTableView;

namespace tinysim::gui {

class AccuracyLatencyChart;
class ComparisonModel;
class LayerCyclesChart;
class LayerTableModel;
class MemoryChart;
class VariantsPage;
class MemoryBarsWidget;
class MessageBar;
class ProfilePanel;
class RecentFiles;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  CoreAdapter* adapter() const { return adapter_; }
  LayerTableModel* layerModel() const { return layerModel_; }
  MessageBar* messageBar() const { return messageBar_; }
  MemoryBarsWidget* memoryBars() const { return memoryBars_; }
  ProfilePanel* profilePanel() const { return profilePanel_; }
  QTabWidget* pages() const { return pages_; }
  QTableView* layerView() const { return layerView_; }
  ComparisonModel* comparisonModel() const { return comparison_; }
  VariantsPage* variantsPage() const { return variantsPage_; }
  QTabWidget* chartTabs() const { return chartTabs_; }
  AccuracyLatencyChart* accuracyChart() const { return accuracyChart_; }
  LayerCyclesChart* layerChart() const { return layerChart_; }
  MemoryChart* memoryChart() const { return memoryChart_; }

  // Writes the comparison as `tinysim bench` CSV; false (and a message) on error.
  bool exportCsv(const QString& path);
  // Saves each chart as DIR/<name>.png; returns the files written.
  QStringList exportCharts(const QString& dir);

 public slots:
  void openModel(const QString& path);
  void openModelDialog();
  void exportCsvDialog();
  void exportChartsDialog();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void rebuildRecentMenu();
  void onModelLoaded(const LoadedModelPtr& model);

  CoreAdapter* adapter_;
  RecentFiles* recent_;
  MessageBar* messageBar_;
  QTabWidget* pages_;
  QLabel* summary_;
  QTableView* layerView_;
  LayerTableModel* layerModel_;
  ProfilePanel* profilePanel_;
  MemoryBarsWidget* memoryBars_;
  QLabel* memoryNote_;
  ComparisonModel* comparison_;
  VariantsPage* variantsPage_;
  QTabWidget* chartTabs_;
  AccuracyLatencyChart* accuracyChart_;
  LayerCyclesChart* layerChart_;
  MemoryChart* memoryChart_;
  QMenu* recentMenu_ = nullptr;
  QMenu* samplesMenu_ = nullptr;
};

}  // namespace tinysim::gui
