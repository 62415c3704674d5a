#include "app/gui/profiler_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QFontMetrics>
#include <QHorizontalBarSeries>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "app/gui/gui_format.h"
#include "app/gui/layer_bar_set.h"

namespace tinysim::gui {

ProfilerChart::ProfilerChart(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("profilerChart"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  view_ = new QChartView(new QChart, this);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->chart()->setAnimationOptions(QChart::NoAnimation);
  scroll_ = new QScrollArea(this);
  scroll_->setWidget(view_);
  scroll_->setWidgetResizable(true);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  layout->addWidget(scroll_);
  setSources({});
}

QString ProfilerChart::hoverText(int set, int index) const {
  const ProfileSource& s = sources_[size_t(set)];
  const report::LayerRecord& l = s.layers[size_t(index)];
  const double ms = s.clockHz ? 1e3 * double(l.cycles) / double(s.clockHz) : 0;
  return tr("%1 on %2\nlayer %3 %4\n%5 cycles (%6 ms, %7% of the inference)\n%8 instructions, %9 flash stall cycles\n%10 MACs%11")
      .arg(s.model + QLatin1Char(' ') + s.variant, s.mcu)
      .arg(l.layer)
      .arg(QString::fromStdString(l.op), groupedNumber(qint64(l.cycles)))
      .arg(ms, 0, 'f', 4)
      .arg(s.cycles ? 100.0 * double(l.cycles) / double(s.cycles) : 0.0, 0, 'f', 1)
      .arg(groupedNumber(qint64(l.instructions)), groupedNumber(qint64(l.flash_stall_cycles)), groupedNumber(l.macs))
      .arg(l.cycles_per_mac ? tr(", %1 cycles/MAC").arg(*l.cycles_per_mac, 0, 'f', 2) : QString());
}

void ProfilerChart::setSources(const std::vector<ProfileSource>& sources) {
  sources_ = sources;
  QChart* c = view_->chart();
  c->removeAllSeries();
  for (QAbstractAxis* a : c->axes()) {
    c->removeAxis(a);
    delete a;
  }
  sets_.clear();
  categories_.clear();
  auto* series = new QHorizontalBarSeries;
  double maxCycles = 0;
  size_t layers = 0;
  for (size_t i = 0; i < sources_.size(); ++i) {
    const ProfileSource& s = sources_[i];
    // A horizontal bar chart draws its first category at the bottom (and
    // Qt 6.4 ignores setReverse there), so the layers go in last-first to put
    // layer 0 at the top, as in the table.
    const std::vector<report::LayerRecord> bottomUp(s.layers.rbegin(), s.layers.rend());
    QBarSet* set = layerCyclesBarSet(s.mcu, bottomUp, seriesColor(i), &maxCycles);
    if (s.layers.size() > layers) {
      layers = s.layers.size();
      categories_.clear();
      for (const auto& l : bottomUp) categories_ << QStringLiteral("#%1 %2").arg(l.layer).arg(QString::fromStdString(l.op));
    }
    const int setIndex = int(i);
    connect(set, &QBarSet::hovered, this, [this, setIndex](bool state, int index) {
      if (!state) return QToolTip::hideText();
      const size_t n = sources_[size_t(setIndex)].layers.size();
      if (index >= 0 && size_t(index) < n)  // bars are bottom-up: index 0 is the last layer
        QToolTip::showText(QCursor::pos(), hoverText(setIndex, int(n - 1 - size_t(index))), view_);
    });
    series->append(set);
    sets_.push_back(set);
  }
  c->addSeries(series);
  auto* y = new QBarCategoryAxis;
  y->append(categories_);
  auto* x = new QValueAxis;
  x->setTitleText(tr("Cycles"));
  x->setRange(0, maxCycles > 0 ? maxCycles * 1.05 : 1);
  x->applyNiceNumbers();
  x->setLabelFormat(QStringLiteral("%.3g"));
  c->addAxis(y, Qt::AlignLeft);
  c->addAxis(x, Qt::AlignBottom);
  series->attachAxis(y);
  series->attachAxis(x);
  QStringList mcus;
  for (const auto& s : sources_) mcus << s.mcu;
  c->setTitle(sources_.empty() ? tr("Per-layer cycles: run a model or a single inference to fill this chart")
                               : tr("Per-layer cycles of %1 %2 on %3")
                                     .arg(sources_.front().model, sources_.front().variant, mcus.join(QStringLiteral(", "))));
  c->legend()->setAlignment(Qt::AlignTop);
  c->legend()->setVisible(!sources_.empty());
  // Room per layer: Qt Charts elides a category label to "..." unless the
  // category's height holds the text line plus the axis label padding above
  // and below, so each layer gets two lines (and more with several MCUs' bars).
  const int line = QFontMetrics(y->labelsFont()).height();
  const int perLayer = std::max(2 * line + 4, int(sources_.size()) * 8 + line + 12);
  view_->setMinimumHeight(std::max(260, int(layers) * perLayer + 140));
}

}  // namespace tinysim::gui
