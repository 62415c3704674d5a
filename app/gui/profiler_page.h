// The Profiler page: pick a result (a session row with per-layer counts, or
// a single inference), see its per-layer table (sortable, CSV export) and the
// per-layer cycles of that variant on every MCU it ran on. Models are read
// back from their files for shapes and live bytes, once per file.
#pragma once

#include <QHash>
#include <QWidget>
#include <vector>

#include "app/gui/loaded_model.h"
#include "app/gui/profile_source.h"

class QComboBox;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace tinysim::gui {

class ComparisonModel;
class ProfilerChart;
class ProfilerTableModel;

class ProfilerPage : public QWidget {
  Q_OBJECT
 public:
  explicit ProfilerPage(ComparisonModel* results, QWidget* parent = nullptr);

  QComboBox* sourceCombo() const { return combo_; }
  QTableView* tableView() const { return table_; }
  ProfilerTableModel* tableModel() const { return model_; }
  ProfilerChart* chart() const { return chart_; }
  const std::vector<ProfileSource>& sources() const { return sources_; }
  // Writes the shown table as CSV; empty on success, else the error.
  QString exportCsv(const QString& path) const;

 public slots:
  // A single inference's profile; it becomes the shown source.
  void addInference(const tinysim::gui::ProfileSource& source);
  void showSource(int index);

 signals:
  void message(const QString& text, bool error);

 private:
  void rebuildSources();
  LoadedModelPtr modelFor(const QString& path);

  ComparisonModel* results_;
  std::vector<ProfileSource> sources_, inferences_;
  QHash<QString, LoadedModelPtr> models_;
  QComboBox* combo_;
  QPushButton* export_;
  QTableView* table_;
  QSortFilterProxyModel* proxy_;
  ProfilerTableModel* model_;
  ProfilerChart* chart_;
};

}  // namespace tinysim::gui
