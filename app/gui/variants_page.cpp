#include "app/gui/variants_page.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/comparison_model.h"
#include "app/gui/core_adapter.h"
#include "app/gui/dataset_import.h"

namespace tinysim::gui {

namespace {

QComboBox* specCombo(QWidget* parent, const QString& placeholder, const QStringList& items) {
  auto* c = new QComboBox(parent);
  c->setEditable(true);
  c->addItem(QString());
  c->addItems(items);
  c->lineEdit()->setPlaceholderText(placeholder);
  c->setInsertPolicy(QComboBox::NoInsert);
  c->setMinimumContentsLength(18);
  return c;
}

}  // namespace

VariantsPage::VariantsPage(ComparisonModel* comparison, QWidget* parent) : QWidget(parent), comparison_(comparison) {
  const QStringList datasets{QStringLiteral("fashion-mnist"), QStringLiteral("har"), QStringLiteral("vibration"),
                             QStringLiteral("kws")};
  auto* outer = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  outer->addLayout(top);

  // Variants.
  auto* variants = new QGroupBox(tr("Variants"), this);
  auto* vform = new QFormLayout(variants);
  original_ = new QCheckBox(tr("As loaded"), variants);
  original_->setObjectName(QStringLiteral("variantOriginal"));
  original_->setChecked(true);
  vform->addRow(original_);
  ptq_ = new QCheckBox(tr("int8 PTQ"), variants);
  ptq_->setObjectName(QStringLiteral("variantPtq"));
  ptq_->setToolTip(tr("Post-training int8 quantization calibrated on the calibration set"));
  calibration_ = specCombo(variants, tr("the data set's calib split"), QStringList{QStringLiteral("random:1")} + datasets);
  calibration_->setObjectName(QStringLiteral("calibrationSet"));
  calibration_->setToolTip(tr("Calibration set: a data set spec (its calib split) or random:SEED[:N] (inputs uniform in [0,1))"));
  calibSamples_ = new QSpinBox(variants);
  calibSamples_->setRange(1, 100000);
  calibSamples_->setValue(200);
  calibSamples_->setToolTip(tr("Calibration samples"));
  auto* ptqRow = new QHBoxLayout;
  ptqRow->addWidget(calibration_, 1);
  ptqRow->addWidget(calibSamples_);
  vform->addRow(ptq_, ptqRow);
  pruned_ = new QCheckBox(tr("Pruned, then int8"), variants);
  pruned_->setObjectName(QStringLiteral("variantPruned"));
  pruned_->setToolTip(tr("Magnitude pruning while fine-tuning on the data set's train split, then int8 PTQ"));
  sparsity_ = new QDoubleSpinBox(variants);
  sparsity_->setObjectName(QStringLiteral("sparsity"));
  sparsity_->setRange(5, 95);
  sparsity_->setDecimals(0);
  sparsity_->setSingleStep(5);
  sparsity_->setValue(50);
  sparsity_->setSuffix(tr(" % sparsity"));
  vform->addRow(pruned_, sparsity_);
  qat_ = new QCheckBox(tr("QAT int8"), variants);
  qat_->setObjectName(QStringLiteral("variantQat"));
  qat_->setToolTip(tr("Quantization-aware training on the data set's train split"));
  epochs_ = new QSpinBox(variants);
  epochs_->setObjectName(QStringLiteral("fineTuneEpochs"));
  epochs_->setRange(1, 100);
  epochs_->setValue(1);
  epochs_->setSuffix(tr(" fine-tune epoch(s)"));
  vform->addRow(qat_, epochs_);
  modelNote_ = new QLabel(variants);
  modelNote_->setWordWrap(true);
  modelNote_->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
  vform->addRow(modelNote_);
  top->addWidget(variants, 3);

  // Data and how to run.
  auto* data = new QGroupBox(tr("Data and run"), this);
  auto* dform = new QFormLayout(data);
  dataset_ = specCombo(data, tr("none: no accuracy"), datasets);
  dataset_->setObjectName(QStringLiteral("dataset"));
  dataset_->setToolTip(tr("Data set: accuracy on its test split; pruning and QAT train on its train split"));
  auto* browse = new QToolButton(data);
  browse->setText(QStringLiteral("…"));
  browse->setToolTip(tr("A directory holding dataset.json and IDX files"));
  connect(browse, &QToolButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Data set directory"));
    if (!dir.isEmpty()) {
      dataset_->setEditText(dir);
      emit datasetChosen(dir);
    }
  });
  // Import: the user's own folder or CSV, converted by the core into
  // <source>_tinysim beside it (asking before an earlier import is replaced).
  import_ = new QToolButton(data);
  import_->setObjectName(QStringLiteral("importDataset"));
  import_->setText(tr("Import…"));
  import_->setToolTip(tr("Import your own data: a folder of class sub-folders of images (PNG, BMP, PGM, JPEG) or "
                         "16 kHz WAV clips, or a CSV file (features, then the label); images are resized to the "
                         "model's input"));
  import_->setPopupMode(QToolButton::InstantPopup);
  auto* importMenu = new QMenu(import_);
  auto requestImport = [this](const QString& source) {
    if (source.isEmpty()) return;
    const QString output = defaultImportDir(source);
    if (QFileInfo::exists(output) &&
        QMessageBox::question(this, tr("Replace imported data?"),
                              tr("%1 already exists. Replace the data set in it with a new import of %2?").arg(output, source)) !=
            QMessageBox::Yes)
      return;
    import_->setEnabled(false);
    datasetCheck_->setText(tr("Importing %1…").arg(source));
    emit importRequested(source, output);
  };
  importMenu->addAction(tr("Folder of images or WAV clips…"), this, [this, requestImport] {
    requestImport(QFileDialog::getExistingDirectory(this, tr("Folder with one sub-folder per class")));
  });
  importMenu->addAction(tr("CSV file…"), this, [this, requestImport] {
    requestImport(QFileDialog::getOpenFileName(this, tr("CSV file, one sample per row"), QString(),
                                               tr("CSV files (*.csv)")));
  });
  import_->setMenu(importMenu);
  auto* dsRow = new QHBoxLayout;
  dsRow->addWidget(dataset_, 1);
  dsRow->addWidget(browse);
  dsRow->addWidget(import_);
  dform->addRow(tr("Data set"), dsRow);
  datasetCheck_ = new QLabel(data);
  datasetCheck_->setObjectName(QStringLiteral("datasetCheck"));
  datasetCheck_->setWordWrap(true);
  dform->addRow(datasetCheck_);
  // Checked on choice, not at run time: Enter in the field, a pick from the list.
  connect(dataset_->lineEdit(), &QLineEdit::returnPressed, this,
          [this] { emit datasetChosen(dataset_->currentText().trimmed()); });
  connect(dataset_, &QComboBox::activated, this, [this] { emit datasetChosen(dataset_->currentText().trimmed()); });
  limit_ = new QSpinBox(data);
  limit_->setObjectName(QStringLiteral("sampleLimit"));
  limit_->setRange(0, 1000000);
  limit_->setSpecialValueText(tr("all"));
  limit_->setToolTip(tr("Use only the first N samples of each split (spec DATA:N)"));
  dform->addRow(tr("Samples per split"), limit_);
  latencySamples_ = new QSpinBox(data);
  latencySamples_->setRange(1, 50);
  latencySamples_->setValue(1);
  latencySamples_->setToolTip(tr("Emulated runs per variant and profile (median reported)"));
  dform->addRow(tr("Emulated runs"), latencySamples_);
  profiles_ = new QListWidget(data);
  profiles_->setObjectName(QStringLiteral("runProfiles"));
  profiles_->setMaximumHeight(96);
  dform->addRow(tr("MCU profiles"), profiles_);
  top->addWidget(data, 2);

  // Run / Cancel / progress.
  auto* runRow = new QHBoxLayout;
  run_ = new QPushButton(tr("Run variants"), this);
  run_->setObjectName(QStringLiteral("runButton"));
  run_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  cancel_->setEnabled(false);
  progress_ = new QProgressBar(this);
  progress_->setObjectName(QStringLiteral("runProgress"));
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setTextVisible(false);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("runStatus"));
  export_ = new QPushButton(tr("Export CSV…"), this);
  export_->setObjectName(QStringLiteral("exportCsvButton"));
  export_->setEnabled(false);
  runRow->addWidget(run_);
  runRow->addWidget(cancel_);
  runRow->addWidget(progress_, 1);
  runRow->addWidget(export_);
  outer->addLayout(runRow);
  outer->addWidget(status_);

  // The session's results: filter, remove, compare.
  auto* rowTools = new QHBoxLayout;
  filter_ = new QLineEdit(this);
  filter_->setObjectName(QStringLiteral("resultsFilter"));
  filter_->setPlaceholderText(tr("Filter results (model, variant, MCU, how made)…"));
  filter_->setClearButtonEnabled(true);
  remove_ = new QPushButton(tr("Remove selected"), this);
  remove_->setObjectName(QStringLiteral("removeRows"));
  remove_->setToolTip(tr("Remove the selected result rows from the session (Delete)"));
  remove_->setShortcut(QKeySequence::Delete);
  rowTools->addWidget(new QLabel(tr("Results of this session"), this));
  rowTools->addWidget(filter_, 1);
  rowTools->addWidget(remove_);
  outer->addLayout(rowTools);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(comparison_);
  proxy_->setSortRole(Qt::UserRole);
  proxy_->setFilterRole(Qt::DisplayRole);
  proxy_->setFilterKeyColumn(-1);  // any column
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("comparisonTable"));
  table_->setModel(proxy_);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSortingEnabled(true);
  table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // bench order until a click
  table_->setAlternatingRowColors(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
  outer->addWidget(table_, 1);

  connect(run_, &QPushButton::clicked, this, [this] { emit runRequested(request()); });
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancel_->setEnabled(false);
    status_->setText(tr("Cancelling at the next safe point…"));
    emit cancelRequested();
  });
  connect(export_, &QPushButton::clicked, this, &VariantsPage::exportCsvRequested);
  connect(remove_, &QPushButton::clicked, this, [this] { comparison_->removeRecords(selectedRows()); });
  connect(comparison_, &ComparisonModel::recordsChanged, this,
          [this] {
            export_->setEnabled(!comparison_->records().empty());
            table_->resizeColumnsToContents();
            // The free-text provenance would push the measured columns off the
            // right edge; it is capped and elided (the tooltip has it whole).
            const int howMade = ComparisonModel::HowMade;
            table_->setColumnWidth(howMade, std::min(table_->columnWidth(howMade), 24 * fontMetrics().averageCharWidth()));
          });
  for (QCheckBox* b : {original_, ptq_, pruned_, qat_}) connect(b, &QCheckBox::toggled, this, &VariantsPage::updateEnabled);
  connect(dataset_, &QComboBox::currentTextChanged, this, &VariantsPage::updateEnabled);
  updateEnabled();
}

QString VariantsPage::datasetProblem() const {
  return checkedSpec_ == dataset_->currentText().trimmed() ? datasetProblem_ : QString();
}

void VariantsPage::setDatasetCheck(const QString& spec, const QString& summary, const QString& problem) {
  if (spec.trimmed() != dataset_->currentText().trimmed()) return;  // the user picked another since
  checkedSpec_ = spec.trimmed();
  datasetProblem_ = problem;
  datasetCheck_->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #c0392b;"));
  datasetCheck_->setText(problem.isEmpty() ? (summary.isEmpty() ? QString() : QStringLiteral("✓ ") + summary)
                                           : QStringLiteral("✗ ") + problem);
  updateEnabled();
}

void VariantsPage::setProfileNames(const QStringList& names, const QString& checked) {
  profiles_->clear();
  for (const QString& n : names) {
    auto* item = new QListWidgetItem(n, profiles_);
    item->setToolTip(tr("Built-in profile %1 (mcu_models/profiles)").arg(n));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(n == checked ? Qt::Checked : Qt::Unchecked);
  }
}

void VariantsPage::setProfileChecked(const QString& name, const QString& path) {
  // The profile picked on the Memory page is always part of the run; an
  // edited or loaded one joins the list, run from its file.
  for (int i = 0; i < profiles_->count(); ++i)
    if (profiles_->item(i)->text() == name) {
      if (!path.isEmpty() && !profiles_->item(i)->data(Qt::UserRole).toString().isEmpty())
        profiles_->item(i)->setData(Qt::UserRole, path);
      profiles_->item(i)->setCheckState(Qt::Checked);
      return;
    }
  auto* item = new QListWidgetItem(name, profiles_);
  item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
  item->setData(Qt::UserRole, path);
  item->setToolTip(tr("Profile file %1").arg(path));
  item->setCheckState(Qt::Checked);
}

QList<int> VariantsPage::selectedRows() const {
  QList<int> rows;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows << proxy_->mapToSource(i).row();
  return rows;
}

void VariantsPage::setRunBlocked(const QString& why) {
  blocked_ = why;
  updateEnabled();
}

void VariantsPage::setModel(const LoadedModelPtr& model) {
  model_ = model;
  bool isFloat = true;
  for (const Tensor& t : model->model.tensors)
    if (!t.is_constant() && t.type != DType::Float32) isFloat = false;
  ptq_->setEnabled(isFloat);
  pruned_->setEnabled(isFloat);
  qat_->setEnabled(isFloat);
  if (!isFloat) {
    ptq_->setChecked(false);
    pruned_->setChecked(false);
    qat_->setChecked(false);
  }
  original_->setText(tr("As loaded (%1)").arg(QFileInfo(model->path).fileName()));
  modelNote_->setText(isFloat ? tr("Variants are made from this float model and written beside each other as "
                                   "<model>_<variant>.tflite in a session folder.")
                              : tr("This model is quantized already: open its float model to make int8, pruned or "
                                   "QAT variants."));
  const QString recipe = CoreAdapter::recipeDataset(model->path);
  dataset_->setEditText(recipe);
  datasetCheck_->clear();
  checkedSpec_.clear();
  datasetProblem_.clear();  // the recipe's data set is the one the model was trained on: nothing to check
  // A calibration set chosen for another model must not stick to this one.
  calibration_->setEditText(QString());
  updateEnabled();
}

VariantRequest VariantsPage::request() const {
  VariantRequest r;
  r.modelPath = model_ ? model_->path : QString();
  r.original = original_->isChecked();
  r.ptq = ptq_->isEnabled() && ptq_->isChecked();
  r.pruned = pruned_->isEnabled() && pruned_->isChecked();
  r.qat = qat_->isEnabled() && qat_->isChecked();
  QString ds = dataset_->currentText().trimmed();
  if (!ds.isEmpty() && limit_->value() > 0) ds += QStringLiteral(":%1").arg(limit_->value());
  r.dataset = ds;
  r.calibration = calibration_->currentText().trimmed();
  r.calibrationSamples = calibSamples_->value();
  r.sparsity = sparsity_->value() / 100.0;
  r.fineTuneEpochs = epochs_->value();
  r.latencySamples = latencySamples_->value();
  for (int i = 0; i < profiles_->count(); ++i) {
    const QListWidgetItem* item = profiles_->item(i);
    if (item->checkState() != Qt::Checked) continue;
    const QString path = item->data(Qt::UserRole).toString();
    r.profiles << (path.isEmpty() ? item->text() : path);
  }
  return r;
}

void VariantsPage::updateEnabled() {
  // Pruning and QAT train: they need labelled data.
  const QString ds = dataset_->currentText().trimmed();
  const bool labelled = !ds.isEmpty() && !ds.startsWith(QStringLiteral("random:"));
  const bool isFloat = ptq_->isEnabled() || !model_;
  pruned_->setToolTip(labelled ? tr("Magnitude pruning while fine-tuning on %1's train split, then int8 PTQ").arg(ds)
                               : tr("Needs a labelled data set to fine-tune on"));
  if (model_ && isFloat) {
    pruned_->setEnabled(labelled);
    qat_->setEnabled(labelled);
  }
  const bool anyVariant = original_->isChecked() || (ptq_->isEnabled() && ptq_->isChecked()) ||
                          (pruned_->isEnabled() && pruned_->isChecked()) || (qat_->isEnabled() && qat_->isChecked());
  const QString dataProblem = datasetProblem();
  run_->setEnabled(!running_ && model_ && anyVariant && blocked_.isEmpty() && dataProblem.isEmpty());
  run_->setToolTip(!model_              ? tr("Open a model first")
                   : !blocked_.isEmpty() ? blocked_
                   : !dataProblem.isEmpty() ? dataProblem
                   : !anyVariant         ? tr("Tick at least one variant")
                                         : tr("Make the ticked variants and run them on the ticked MCUs"));
  if (!blocked_.isEmpty() && !running_) status_->setText(blocked_);
}

void VariantsPage::onRunStarted() {
  running_ = true;
  run_->setEnabled(false);
  cancel_->setEnabled(true);
  progress_->setValue(0);
  status_->setText(tr("Starting…"));
}

void VariantsPage::onRunProgress(double fraction, const QString& text) {
  progress_->setValue(static_cast<int>(fraction * 1000 + 0.5));
  status_->setText(text);
}

void VariantsPage::onRunFinished(bool cancelled, const QString& error) {
  running_ = false;
  cancel_->setEnabled(false);
  if (!error.isEmpty()) {
    status_->setText(tr("Run failed: %1").arg(error));
  } else if (cancelled) {
    status_->setText(tr("Cancelled: the results finished before are kept (%1 row(s) in the session).")
                         .arg(comparison_->rowCount()));
  } else {
    progress_->setValue(1000);
    status_->setText(tr("Done: %1 row(s) in the session.").arg(comparison_->rowCount()));
  }
  updateEnabled();
}

void VariantsPage::onDatasetImported(const QString& output, const QString& summary, const QString& error) {
  import_->setEnabled(true);
  if (!error.isEmpty()) {
    datasetCheck_->setText(error);
    return;
  }
  datasetCheck_->setText(summary);
  dataset_->setEditText(output);
  emit datasetChosen(output);
}

}  // namespace tinysim::gui
