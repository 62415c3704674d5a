// The application window: menus (open, samples, recent, session, run,
// export, help), the toolbar with Run (F5) and Inference (F6), the pages
// (model table, memory and what-if boards, variants and the session's
// results, single inference, per-layer profiler, charts; Ctrl+1..6) above the
// message history in a splitter. It wires widgets to the CoreAdapter, keeps
// the session of results (saved as .tinysim.json, reopened on start) and
// holds no core logic of its own.
#pragma once

#include <QMainWindow>

#include <functional>

#include "app/gui/core_adapter.h"
#include "app/gui/session_file.h"

class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace tinysim::gui {

class AccuracyLatencyChart;
class ArenaTimelineWidget;
class ComparisonModel;
class InferencePage;
class ProfilerPage;
class LayerCyclesChart;
class LayerTableModel;
class MemoryChart;
class VariantsPage;
class MemoryBarsWidget;
class MessageBar;
class OpGraphView;
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
  ArenaTimelineWidget* arenaTimeline() const { return arenaTimeline_; }
  ProfilePanel* profilePanel() const { return profilePanel_; }
  QTabWidget* pages() const { return pages_; }
  QTableView* layerView() const { return layerView_; }
  ComparisonModel* comparisonModel() const { return comparison_; }
  VariantsPage* variantsPage() const { return variantsPage_; }
  QTabWidget* chartTabs() const { return chartTabs_; }
  AccuracyLatencyChart* accuracyChart() const { return accuracyChart_; }
  LayerCyclesChart* layerChart() const { return layerChart_; }
  MemoryChart* memoryChart() const { return memoryChart_; }
  InferencePage* inferencePage() const { return inferencePage_; }
  ProfilerPage* profilerPage() const { return profilerPage_; }
  QAction* runAction() const { return runAction_; }
  QAction* inferAction() const { return inferAction_; }
  QAction* cancelAction() const { return cancelAction_; }
  QLabel* whatIfLatency() const { return whatIfLatency_; }
  QTextBrowser* opDetails() const { return opDetails_; }
  OpGraphView* opGraph() const { return opGraph_; }
  QTabWidget* modelViews() const { return modelViews_; }

  // Writes the comparison as `tinysim bench` CSV; false (and a message) on error.
  bool exportCsv(const QString& path);
  // Saves each chart as DIR/<name>.png; returns the files written. When some
  // exist, overwriteOk(existing) decides (none is written if it says no).
  QStringList exportCharts(const QString& dir, const std::function<bool(const QStringList&)>& overwriteOk = {});

  // The session: the results table's rows and the open model.
  Session session() const;
  QString sessionPath() const { return sessionPath_; }
  // false (and a message) on error; a failed load leaves the rows as they were.
  bool saveSession(const QString& path);
  bool loadSession(const QString& path);
  // Where the session is kept between runs of the app when not saved by name.
  static QString autosavePath();

 public slots:
  void openModel(const QString& path);
  void openModelDialog();
  void exportCsvDialog();
  void exportChartsDialog();
  // Runs the loaded model as it is on the ticked MCUs (toolbar Run, F5).
  void runLoadedModel();
  // One inference with the Inference page's input (F6).
  void runInference();
  void newSession();
  void openSessionDialog();
  void saveSessionDialog();
  void showAbout();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void rebuildRecentMenu();
  void onModelLoaded(const LoadedModelPtr& model);
  void updateRunActions();
  QWidget* buildMemoryPage();

  CoreAdapter* adapter_;
  RecentFiles* recent_;
  MessageBar* messageBar_;
  QTabWidget* pages_;
  QLabel* summary_;
  QTableView* layerView_;
  LayerTableModel* layerModel_;
  ProfilePanel* profilePanel_;
  MemoryBarsWidget* memoryBars_;
  ArenaTimelineWidget* arenaTimeline_;
  QLabel* memoryNote_;
  ComparisonModel* comparison_;
  VariantsPage* variantsPage_;
  QTabWidget* chartTabs_;
  AccuracyLatencyChart* accuracyChart_;
  LayerCyclesChart* layerChart_;
  MemoryChart* memoryChart_;
  InferencePage* inferencePage_;
  ProfilerPage* profilerPage_;
  QLabel* whatIfLatency_;
  QTextBrowser* opDetails_;
  OpGraphView* opGraph_ = nullptr;
  QTabWidget* modelViews_ = nullptr;
  QAction *runAction_ = nullptr, *inferAction_ = nullptr, *cancelAction_ = nullptr;
  QString runBlocked_;  // why the loaded model cannot run ("" = it can)
  QString sessionPath_;
  QMenu* recentMenu_ = nullptr;
  QMenu* samplesMenu_ = nullptr;
};

}  // namespace tinysim::gui
