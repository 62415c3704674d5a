#include "app/gui/inference_page.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

InferencePage::InferencePage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("inferencePage"));
  auto* outer = new QVBoxLayout(this);
  auto* box = new QGroupBox(tr("Input"), this);
  auto* form = new QFormLayout(box);
  useSeed_ = new QRadioButton(tr("Random input, seed"), box);
  useSeed_->setChecked(true);
  seed_ = new QSpinBox(box);
  seed_->setObjectName(QStringLiteral("inferenceSeed"));
  seed_->setRange(0, 1 << 30);
  seed_->setValue(1);
  seed_->setToolTip(tr("The same input as tinysim run --random SEED: integers uniform over the type's range, floats in [-1, 1]"));
  form->addRow(useSeed_, seed_);
  useFiles_ = new QRadioButton(tr("From file(s)"), box);
  files_ = new QLineEdit(box);
  files_->setObjectName(QStringLiteral("inferenceFiles"));
  files_->setPlaceholderText(tr("one file per model input: an image, a 16 kHz WAV, a .csv of values or raw tensor bytes (separate with ;)"));
  auto* browse = new QToolButton(box);
  browse->setText(QStringLiteral("…"));
  connect(browse, &QToolButton::clicked, this, [this] {
    const QStringList chosen = QFileDialog::getOpenFileNames(this, tr("Input file(s)"), QString(),
                                                             tr("Inputs (*.png *.bmp *.pgm *.ppm *.jpg *.jpeg *.wav *.csv *.bin *.raw);;All files (*)"));
    if (!chosen.isEmpty()) {
      files_->setText(chosen.join(QLatin1Char(';')));
      useFiles_->setChecked(true);
    }
  });
  connect(files_, &QLineEdit::textEdited, this, [this] { useFiles_->setChecked(true); });
  auto* fileRow = new QHBoxLayout;
  fileRow->addWidget(files_, 1);
  fileRow->addWidget(browse);
  form->addRow(useFiles_, fileRow);
  run_ = new QPushButton(tr("Run inference"), box);
  run_->setObjectName(QStringLiteral("inferenceRun"));
  why_ = new QLabel(box);
  why_->setWordWrap(true);
  auto* runRow = new QHBoxLayout;
  runRow->addWidget(run_);
  runRow->addWidget(why_, 1);
  form->addRow(runRow);
  outer->addWidget(box);

  summary_ = new QLabel(tr("No inference yet."), this);
  summary_->setObjectName(QStringLiteral("inferenceSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  outer->addWidget(summary_);
  outputs_ = new QTableWidget(this);
  outputs_->setObjectName(QStringLiteral("inferenceOutputs"));
  outputs_->setColumnCount(5);
  outputs_->setHorizontalHeaderLabels({tr("Output"), tr("Index"), tr("Emulator"), tr("Host"), tr("Stored value")});
  outputs_->horizontalHeaderItem(2)->setToolTip(tr("Output of the Cortex-M4 code on the emulated MCU (dequantized)"));
  outputs_->horizontalHeaderItem(3)->setToolTip(tr("Output of TinySim's host kernels on the same input (dequantized)"));
  outputs_->horizontalHeaderItem(4)->setToolTip(tr("The value as stored in the output tensor (int8 code or float)"));
  outputs_->horizontalHeader()->setStretchLastSection(true);
  outputs_->verticalHeader()->hide();
  outputs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  outer->addWidget(outputs_, 1);

  connect(run_, &QPushButton::clicked, this, [this] { emit inferenceRequested(inputFiles(), seed()); });
  setRunnable(false, tr("Open a model first."));
}

QStringList InferencePage::inputFiles() const {
  if (!useFiles_->isChecked()) return {};
  QStringList out;
  for (const QString& f : files_->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) out << f.trimmed();
  return out;
}

qint64 InferencePage::seed() const { return seed_->value(); }

void InferencePage::setRunnable(bool runnable, const QString& why) {
  runnable_ = runnable;
  why_->setText(why);
  run_->setEnabled(runnable_ && !busy_);
  run_->setToolTip(runnable ? tr("Run one inference on the MCU chosen on the Memory page") : why);
}

void InferencePage::setBusy(bool busy) {
  busy_ = busy;
  run_->setEnabled(runnable_ && !busy_);
}

void InferencePage::showResult(const InferenceResult& r) {
  QStringList top;
  for (const InferenceOutput& o : r.outputs) {
    QStringList classes;
    for (int k : o.topClasses)
      classes << tr("class %1 (%2)").arg(k).arg(double(o.emulator[size_t(k)]), 0, 'g', 4);
    top << tr("%1: %2").arg(o.name, classes.join(QStringLiteral(", ")));
  }
  double maxDiff = 0;
  for (const InferenceOutput& o : r.outputs) maxDiff = std::max(maxDiff, o.maxAbsDiff);
  summary_->setText(
      tr("<b>%1</b> on <b>%2</b> (%3), input: %4<br>%5 cycles = %6 ms, %7 instructions, %8 flash stall cycles<br>"
         "Emulator vs host kernels: %9<br>Top classes — %10")
          .arg(QFileInfo(r.modelPath).fileName().toHtmlEscaped(), r.mcu.toHtmlEscaped(), hzText(r.clockHz),
               r.inputText.toHtmlEscaped(), groupedNumber(qint64(r.cycles)))
          .arg(r.latencyMs, 0, 'f', 3)
          .arg(groupedNumber(qint64(r.instructions)), groupedNumber(qint64(r.flashStallCycles)),
               r.agrees() ? tr("<span style='color:#207020'>identical output bytes</span>")
                          : tr("<span style='color:#c02020'>outputs differ (largest difference %1)</span>")
                                .arg(maxDiff, 0, 'g', 4),
               top.join(QStringLiteral("; ")).toHtmlEscaped()));
  int rows = 0;
  for (const InferenceOutput& o : r.outputs) rows += int(o.emulator.size());
  outputs_->setRowCount(rows);
  int row = 0;
  for (const InferenceOutput& o : r.outputs)
    for (size_t k = 0; k < o.emulator.size(); ++k, ++row) {
      const QStringList cells{o.name, QString::number(k), QString::number(double(o.emulator[k]), 'g', 6),
                              k < o.host.size() ? QString::number(double(o.host[k]), 'g', 6) : QString(),
                              QString::number(o.rawEmulator[k], 'g', 8)};
      for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c >= 1) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        outputs_->setItem(row, c, item);
      }
    }
  outputs_->resizeColumnsToContents();
}

}  // namespace tinysim::gui
