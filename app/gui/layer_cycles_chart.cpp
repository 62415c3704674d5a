#include "app/gui/layer_cycles_chart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "app/gui/comparison_model.h"
#include "app/gui/gui_format.h"
#include "app/gui/layer_bar_set.h"

namespace tinysim::gui {

namespace {

// Short op names so a category label fits under its bars (the tooltip has
// the full name).
QString shortOp(const std::string& op) {
  if (op == "FULLY_CONNECTED") return QStringLiteral("FC");
  if (op == "DEPTHWISE_CONV_2D") return QStringLiteral("DW_CONV");
  if (op == "AVERAGE_POOL_2D") return QStringLiteral("AVG_POOL");
  if (op == "MAX_POOL_2D") return QStringLiteral("MAX_POOL");
  if (op == "CONV_2D") return QStringLiteral("CONV");
  return QString::fromStdString(op);
}

}  // namespace

LayerCyclesChart::LayerCyclesChart(ComparisonModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  setObjectName(QStringLiteral("layerCyclesChart"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* choices = new QHBoxLayout;
  modelChoice_ = new QComboBox(this);
  mcu_ = new QComboBox(this);
  mcu_->setObjectName(QStringLiteral("layerChartMcu"));
  choices->addWidget(new QLabel(tr("Model"), this));
  choices->addWidget(modelChoice_);
  choices->addSpacing(12);
  choices->addWidget(new QLabel(tr("MCU"), this));
  choices->addWidget(mcu_);
  choices->addStretch(1);
  layout->addLayout(choices);
  view_ = new QChartView(new QChart, this);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->chart()->setAnimationOptions(QChart::NoAnimation);
  layout->addWidget(view_, 1);
  connect(model_, &ComparisonModel::recordsChanged, this, [this] {
    refreshChoices();
    rebuild();
  });
  connect(modelChoice_, &QComboBox::currentTextChanged, this, &LayerCyclesChart::rebuild);
  connect(mcu_, &QComboBox::currentTextChanged, this, &LayerCyclesChart::rebuild);
  rebuild();
}

void LayerCyclesChart::refreshChoices() {
  const QSignalBlocker b1(modelChoice_), b2(mcu_);
  const QString keepModel = modelChoice_->currentText(), keepMcu = mcu_->currentText();
  QStringList models, mcus;
  for (const auto& r : model_->records()) {
    if (!models.contains(QString::fromStdString(r.model))) models << QString::fromStdString(r.model);
    if (!mcus.contains(QString::fromStdString(r.mcu))) mcus << QString::fromStdString(r.mcu);
  }
  modelChoice_->clear();
  modelChoice_->addItems(models);
  mcu_->clear();
  mcu_->addItems(mcus);
  if (models.contains(keepModel)) modelChoice_->setCurrentText(keepModel);
  if (mcus.contains(keepMcu)) mcu_->setCurrentText(keepMcu);
}

void LayerCyclesChart::rebuild() {
  QChart* c = view_->chart();
  c->removeAllSeries();
  for (QAbstractAxis* a : c->axes()) {
    c->removeAxis(a);
    delete a;
  }
  sets_.clear();
  recordOf_.clear();
  const auto& records = model_->records();
  const std::string wantModel = modelChoice_->currentText().toStdString();
  const std::string wantMcu = mcu_->currentText().toStdString();

  auto* series = new QBarSeries;
  QStringList categories;
  size_t layers = 0;
  double maxCycles = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.model != wantModel || r.mcu != wantMcu || r.layers.empty()) continue;
    QBarSet* set = layerCyclesBarSet(QString::fromStdString(r.variant), r.layers, seriesColor(sets_.size()), &maxCycles);
    if (r.layers.size() > layers) {
      layers = r.layers.size();
      categories.clear();
      // Rich-text labels: index over op name, so long op names are not cut.
      for (const auto& l : r.layers) categories << QStringLiteral("%1<br>%2").arg(l.layer).arg(shortOp(l.op));
    }
    const int setIndex = static_cast<int>(sets_.size());
    connect(set, &QBarSet::hovered, this, [this, setIndex](bool state, int index) {
      if (!state) return QToolTip::hideText();
      const auto& rec = model_->records()[recordOf_[size_t(setIndex)]];
      if (index < 0 || size_t(index) >= rec.layers.size()) return;
      const auto& l = rec.layers[size_t(index)];
      QToolTip::showText(QCursor::pos(),
                         tr("%1 on %2\nlayer %3 %4\n%5 cycles, %6 instructions\n%7 MACs%8")
                             .arg(QString::fromStdString(rec.variant), QString::fromStdString(rec.mcu))
                             .arg(l.layer)
                             .arg(QString::fromStdString(l.op), groupedNumber(qint64(l.cycles)),
                                  groupedNumber(qint64(l.instructions)), groupedNumber(l.macs))
                             .arg(l.cycles_per_mac ? tr(", %1 cycles/MAC").arg(*l.cycles_per_mac, 0, 'f', 2) : QString()),
                         view_);
    });
    series->append(set);
    sets_.push_back(set);
    recordOf_.push_back(i);
  }
  c->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setLabelsAngle(categories.size() > 14 ? -60 : 0);
  auto* y = new QValueAxis;
  y->setTitleText(tr("Cycles"));
  y->setRange(0, maxCycles > 0 ? maxCycles * 1.08 : 1);
  y->applyNiceNumbers();
  y->setLabelFormat(QStringLiteral("%.0f"));
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  c->setTitle(sets_.empty() ? tr("Per-layer cycles: run variants to fill this chart")
                            : tr("Per-layer cycles of %1 on %2, by variant")
                                  .arg(QString::fromStdString(wantModel), QString::fromStdString(wantMcu)));
  c->legend()->setAlignment(Qt::AlignTop);
}

}  // namespace tinysim::gui
