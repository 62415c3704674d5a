// The Variants page: which variants to make (as loaded, int8 PTQ with a
// calibration set, pruned at a sparsity, QAT), the data set, the MCU
// profiles, Run / Cancel with a progress bar, and the session's results
// (filter, remove selected rows, CSV export). It builds a VariantRequest from the form and shows what the
// adapter reports; the work itself happens in the adapter.
#pragma once

#include <QWidget>

#include "app/gui/loaded_model.h"
#include "app/gui/variant_request.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QToolButton;

namespace tinysim::gui {

class ComparisonModel;

class VariantsPage : public QWidget {
  Q_OBJECT
 public:
  VariantsPage(ComparisonModel* comparison, QWidget* parent = nullptr);

  void setProfileNames(const QStringList& names, const QString& checked);
  // The request the form describes for the current model.
  VariantRequest request() const;

  // Form parts, for tests and the screenshot tool.
  QCheckBox* originalBox() const { return original_; }
  QCheckBox* ptqBox() const { return ptq_; }
  QCheckBox* prunedBox() const { return pruned_; }
  QCheckBox* qatBox() const { return qat_; }
  QComboBox* datasetCombo() const { return dataset_; }
  QComboBox* calibrationCombo() const { return calibration_; }
  QSpinBox* sampleLimit() const { return limit_; }
  QDoubleSpinBox* sparsitySpin() const { return sparsity_; }
  QListWidget* profileList() const { return profiles_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QTableView* comparisonView() const { return table_; }
  QLineEdit* filterEdit() const { return filter_; }
  QPushButton* removeButton() const { return remove_; }
  QToolButton* importButton() const { return import_; }
  QSortFilterProxyModel* resultsProxy() const { return proxy_; }
  // Source rows of the selected table rows.
  QList<int> selectedRows() const;
  // Non-empty: Run is disabled and says why (a model with unsupported ops).
  void setRunBlocked(const QString& why);
  // Why the chosen data set cannot be used with the model ("" = it can, or
  // it is not checked yet).
  QString datasetProblem() const;
  QLabel* datasetCheckLabel() const { return datasetCheck_; }

 public slots:
  void setModel(const tinysim::gui::LoadedModelPtr& model);
  // Ticks profile `name`; one not in the list yet (an edited or loaded
  // profile) is added and run from `path`.
  void setProfileChecked(const QString& name, const QString& path = QString());
  void onRunStarted();
  void onRunProgress(double fraction, const QString& text);
  void onRunFinished(bool cancelled, const QString& error);
  // The adapter's answer to datasetChosen (ignored if the choice changed since).
  void setDatasetCheck(const QString& spec, const QString& summary, const QString& problem);
  // The adapter's answer to importRequested: on success the imported folder
  // becomes the data set (and is checked against the model).
  void onDatasetImported(const QString& output, const QString& summary, const QString& error);

 signals:
  void runRequested(const tinysim::gui::VariantRequest& request);
  void cancelRequested();
  void exportCsvRequested();
  // A data set was picked or typed (Enter, list, browse, a new model's recipe).
  void datasetChosen(const QString& spec);
  // Import the user's folder of class sub-folders (images, WAV) or CSV file
  // `source` into `output` (Import… button: source chosen, output beside it).
  void importRequested(const QString& source, const QString& output);

 private:
  void updateEnabled();

  ComparisonModel* comparison_;
  LoadedModelPtr model_;
  bool running_ = false;
  QCheckBox *original_, *ptq_, *pruned_, *qat_;
  QComboBox *dataset_, *calibration_;
  QSpinBox *limit_, *calibSamples_, *epochs_, *latencySamples_;
  QDoubleSpinBox* sparsity_;
  QListWidget* profiles_;
  QPushButton *run_, *cancel_, *export_, *remove_;
  QToolButton* import_;
  QLineEdit* filter_;
  QSortFilterProxyModel* proxy_;
  QString blocked_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* datasetCheck_;
  QString checkedSpec_, datasetProblem_;  // the last answer and the spec it is for
  QLabel* modelNote_;
  QTableView* table_;
};

}  // namespace tinysim::gui
