#include "app/gui/accuracy_latency_chart.h"

#include <QChart>
#include <QCursor>
#include <QLegend>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <map>

#include "app/gui/comparison_model.h"
#include "app/gui/gui_format.h"
#include "app/gui/layer_bar_set.h"

namespace tinysim::gui {

AccuracyLatencyChart::AccuracyLatencyChart(ComparisonModel* model, QWidget* parent)
    : QChartView(new QChart, parent), model_(model) {
  setObjectName(QStringLiteral("accuracyLatencyChart"));
  setRenderHint(QPainter::Antialiasing);
  chart()->setAnimationOptions(QChart::NoAnimation);
  connect(model_, &ComparisonModel::recordsChanged, this, &AccuracyLatencyChart::rebuild);
  rebuild();
}

int AccuracyLatencyChart::pointCount() const {
  int n = 0;
  for (const auto* s : series_) n += s->count();
  return n;
}

QString AccuracyLatencyChart::hoverText(int s, int point) const {
  const auto& r = model_->records()[recordOf_[size_t(s)][size_t(point)]];
  if (latencyMemory_)
    return tr("%1 %2 on %3\nlatency %4 ms (%5 cycles)\nRAM %6, flash %7\nenergy %8 µJ\n(no data set: no accuracy)")
        .arg(QString::fromStdString(r.model), QString::fromStdString(r.variant), QString::fromStdString(r.mcu))
        .arg(r.latency_ms, 0, 'f', 3)
        .arg(groupedNumber(qint64(r.cycles)), kibText(qint64(r.ram_peak_bytes)), kibText(qint64(r.flash_bytes)))
        .arg(r.energy_uj, 0, 'f', 1);
  return tr("%1 %2 on %3\naccuracy %4%\nlatency %5 ms (%6 cycles)\nRAM %7, flash %8\nenergy %9 µJ")
      .arg(QString::fromStdString(r.model), QString::fromStdString(r.variant), QString::fromStdString(r.mcu))
      .arg(100.0 * r.accuracy.value_or(0), 0, 'f', 2)
      .arg(r.latency_ms, 0, 'f', 3)
      .arg(groupedNumber(qint64(r.cycles)), kibText(qint64(r.ram_peak_bytes)), kibText(qint64(r.flash_bytes)))
      .arg(r.energy_uj, 0, 'f', 1);
}

void AccuracyLatencyChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* a : c->axes()) {
    c->removeAxis(a);
    delete a;
  }
  series_.clear();
  recordOf_.clear();

  const auto& records = model_->records();
  // Without any accuracy (no data set) the chart still compares: latency
  // against peak RAM.
  const bool anyAccuracy =
      std::any_of(records.begin(), records.end(), [](const report::ResultRecord& r) { return r.accuracy.has_value(); });
  latencyMemory_ = !records.empty() && !anyAccuracy;
  // One series per (model variant, MCU): colour = variant, marker = MCU.
  std::map<std::string, size_t> bySeries, colorOf, shapeOf;
  int skipped = 0;
  double maxX = 0, minY = 100, maxY = 0;
  const QList<QScatterSeries::MarkerShape> shapes{
      QScatterSeries::MarkerShapeCircle, QScatterSeries::MarkerShapeRectangle, QScatterSeries::MarkerShapeTriangle,
      QScatterSeries::MarkerShapeRotatedRectangle, QScatterSeries::MarkerShapeStar, QScatterSeries::MarkerShapePentagon};
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (!r.accuracy && !latencyMemory_) {
      ++skipped;
      continue;
    }
    const std::string variantKey = r.model + " " + r.variant;
    const std::string key = variantKey + " · " + r.mcu;
    auto it = bySeries.find(key);
    if (it == bySeries.end()) {
      const size_t color = colorOf.emplace(variantKey, colorOf.size()).first->second;
      const size_t shape = shapeOf.emplace(r.mcu, shapeOf.size()).first->second;
      auto* s = new QScatterSeries;
      s->setName(QString::fromStdString(key));
      const size_t k = series_.size();
      QColor fill = seriesColor(color);
      fill.setAlpha(210);  // variants at the same spot stay visible
      s->setColor(fill);
      s->setMarkerShape(shapes[qsizetype(shape % size_t(shapes.size()))]);
      s->setMarkerSize(14);
      s->setBorderColor(Qt::white);
      const int seriesIndex = static_cast<int>(k);
      connect(s, &QScatterSeries::hovered, this, [this, seriesIndex](const QPointF& p, bool state) {
        if (!state) return QToolTip::hideText();
        const auto* ser = series_[size_t(seriesIndex)];
        for (int j = 0; j < ser->count(); ++j)
          if (ser->at(j) == p) return QToolTip::showText(QCursor::pos(), hoverText(seriesIndex, j), this);
      });
      series_.push_back(s);
      recordOf_.emplace_back();
      it = bySeries.emplace(key, k).first;
    }
    const double y = latencyMemory_ ? double(r.ram_peak_bytes) / 1024.0 : 100.0 * *r.accuracy;
    series_[it->second]->append(r.latency_ms, y);
    recordOf_[it->second].push_back(i);
    maxX = std::max(maxX, r.latency_ms);
    minY = std::min(minY, y);
    maxY = std::max(maxY, y);
  }
  for (auto* s : series_) c->addSeries(s);

  auto* x = new QValueAxis;
  x->setTitleText(tr("Latency per inference (ms)"));
  x->setRange(0, maxX > 0 ? maxX * 1.12 : 1);
  x->applyNiceNumbers();
  x->setLabelFormat(QStringLiteral("%.3g"));
  auto* y = new QValueAxis;
  y->setTitleText(latencyMemory_ ? tr("Peak RAM (KiB)") : tr("Top-1 accuracy (%)"));
  const double pad = std::max(1.0, (maxY - minY) * 0.15);
  // Half a pad above the best point so markers at 100 % are not cut in half.
  if (latencyMemory_) y->setRange(0, maxY * 1.12 + 1);
  else y->setRange(series_.empty() ? 0 : std::max(0.0, minY - pad), series_.empty() ? 100 : maxY + pad / 2);
  y->applyNiceNumbers();
  y->setLabelFormat(QStringLiteral("%.1f"));
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  for (auto* s : series_) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
  QStringList models, mcus;
  for (const auto& r : records) {
    if (!models.contains(QString::fromStdString(r.model))) models << QString::fromStdString(r.model);
    if (!mcus.contains(QString::fromStdString(r.mcu))) mcus << QString::fromStdString(r.mcu);
  }
  const QString what = tr("%1 on %2").arg(models.join(QStringLiteral(", ")), mcus.join(QStringLiteral(", ")));
  QString title = latencyMemory_ ? tr("Latency vs peak RAM of %1 (no data set: accuracy not measured)").arg(what)
                                 : tr("Accuracy vs latency of %1").arg(what);
  if (records.empty()) title = tr("Accuracy vs latency: run a model to fill this chart");
  else if (skipped > 0) title += tr(" — %1 result(s) without a data set not shown").arg(skipped);
  c->setTitle(title);
  c->legend()->setAlignment(Qt::AlignRight);
  c->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
}

}  // namespace tinysim::gui
