// The Inference page: one inference of the loaded model on a chosen input (a
// seeded random input, or one raw/.csv file per model input, as `tinysim run`
// takes them) on the MCU chosen on the Memory page. Shows the outputs as the
// emulator and the host kernels computed them, the top classes, whether the
// two agree bit for bit, and the cycles; its layers go to the Profiler.
#pragma once

#include <QWidget>

#include "app/gui/single_inference.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace tinysim::gui {

class InferencePage : public QWidget {
  Q_OBJECT
 public:
  explicit InferencePage(QWidget* parent = nullptr);

  QSpinBox* seedSpin() const { return seed_; }
  QLineEdit* fileEdit() const { return files_; }
  QRadioButton* fileChoice() const { return useFiles_; }
  QPushButton* runButton() const { return run_; }
  QLabel* summaryLabel() const { return summary_; }
  QTableWidget* outputTable() const { return outputs_; }
  QStringList inputFiles() const;  // empty when the seed is chosen
  qint64 seed() const;

 public slots:
  void showResult(const tinysim::gui::InferenceResult& result);
  void setRunnable(bool runnable, const QString& why);
  void setBusy(bool busy);

 signals:
  void inferenceRequested(const QStringList& files, qint64 seed);

 private:
  QRadioButton *useSeed_, *useFiles_;
  QSpinBox* seed_;
  QLineEdit* files_;
  QPushButton* run_;
  QLabel* summary_;
  QLabel* why_;
  QTableWidget* outputs_;
  bool runnable_ = false, busy_ = false;
};

}  // namespace tinysim::gui
