#include "app/gui/profiler_page.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/comparison_model.h"
#include "app/gui/profiler_chart.h"
#include "app/gui/profiler_table_model.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"

namespace tinysim::gui {

ProfilerPage::ProfilerPage(ComparisonModel* results, QWidget* parent) : QWidget(parent), results_(results) {
  setObjectName(QStringLiteral("profilerPage"));
  auto* outer = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  combo_ = new QComboBox(this);
  combo_->setObjectName(QStringLiteral("profilerSource"));
  combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  combo_->setToolTip(tr("A result of the session or a single inference"));
  export_ = new QPushButton(tr("Export table as CSV…"), this);
  export_->setObjectName(QStringLiteral("profilerExport"));
  top->addWidget(new QLabel(tr("Result"), this));
  top->addWidget(combo_, 1);
  top->addWidget(export_);
  outer->addLayout(top);

  model_ = new ProfilerTableModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(Qt::UserRole);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("profilerTable"));
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // execution order until a click
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  chart_ = new ProfilerChart(this);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(table_);
  split->addWidget(chart_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({1, 1});  // half each to start: the table's size hint alone would leave the chart a sliver
  outer->addWidget(split, 1);

  connect(results_, &ComparisonModel::recordsChanged, this, &ProfilerPage::rebuildSources);
  connect(combo_, &QComboBox::currentIndexChanged, this, &ProfilerPage::showSource);
  connect(export_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export per-layer table"),
                                                      QStringLiteral("tinysim_layers.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    const QString error = exportCsv(path);
    emit message(error.isEmpty() ? tr("Wrote %1 layer(s) to %2").arg(model_->rowCount()).arg(path) : error,
                 !error.isEmpty());
  });
  rebuildSources();
}

LoadedModelPtr ProfilerPage::modelFor(const QString& path) {
  if (auto it = models_.find(path); it != models_.end()) return it.value();
  // Small files read once; a missing file (an old session) just has no shapes.
  Result<LoadedModelPtr> loaded = capture([&]() -> LoadedModelPtr {
    auto m = std::make_shared<LoadedModel>();
    m->path = path;
    m->model = load_tflite(path.toStdString()).take();
    m->stats = model_stats(m->model);
    m->plan = plan_memory(m->model);
    return m;
  });
  LoadedModelPtr m = loaded.ok() ? loaded.value() : nullptr;
  models_.insert(path, m);
  return m;
}

void ProfilerPage::rebuildSources() {
  const QString keep = combo_->currentText();
  sources_.clear();
  const auto& records = results_->records();
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.layers.empty()) continue;
    ProfileSource s;
    s.model = QString::fromStdString(r.model);
    s.variant = QString::fromStdString(r.variant);
    s.mcu = QString::fromStdString(r.mcu);
    s.title = tr("%1 %2 on %3").arg(s.model, s.variant, s.mcu);
    if (!results_->howMade(i).isEmpty()) s.title += QStringLiteral(" — ") + results_->howMade(i);
    s.modelPath = QString::fromStdString(r.path);
    s.clockHz = r.profile_clock_hz;
    s.cycles = r.cycles;
    s.layers = r.layers;
    sources_.push_back(std::move(s));
  }
  for (const ProfileSource& s : inferences_) sources_.push_back(s);
  {
    const QSignalBlocker block(combo_);
    combo_->clear();
    for (const ProfileSource& s : sources_) combo_->addItem(s.title);
    const int again = combo_->findText(keep);
    combo_->setCurrentIndex(again >= 0 ? again : (sources_.empty() ? -1 : 0));
  }
  showSource(combo_->currentIndex());
}

void ProfilerPage::addInference(const ProfileSource& source) {
  inferences_.push_back(source);
  if (inferences_.size() > 20) inferences_.erase(inferences_.begin());  // a bounded history
  rebuildSources();
  combo_->setCurrentIndex(combo_->count() - 1);
}

void ProfilerPage::showSource(int index) {
  export_->setEnabled(index >= 0 && size_t(index) < sources_.size());
  if (index < 0 || size_t(index) >= sources_.size()) {
    model_->setSource({}, nullptr);
    chart_->setSources({});
    return;
  }
  const ProfileSource& s = sources_[size_t(index)];
  model_->setSource(s, modelFor(s.modelPath));
  table_->resizeColumnsToContents();
  // The chart: this variant (same file, same kind of source) on every MCU.
  std::vector<ProfileSource> same{s};
  const bool single = size_t(index) >= sources_.size() - inferences_.size();
  for (size_t i = 0; i < sources_.size(); ++i) {
    const bool otherSingle = i >= sources_.size() - inferences_.size();
    if (sources_[i].modelPath == s.modelPath && otherSingle == single &&
        std::none_of(same.begin(), same.end(), [&](const ProfileSource& x) { return x.mcu == sources_[i].mcu; }))
      same.push_back(sources_[i]);
  }
  chart_->setSources(same);
}

QString ProfilerPage::exportCsv(const QString& path) const {
  QSaveFile f(path);
  const QByteArray bytes = model_->csv().toUtf8();
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
    return tr("%1: cannot write the CSV (%2) (choose a writable folder)").arg(path, f.errorString());
  return {};
}

}  // namespace tinysim::gui
