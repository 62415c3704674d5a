#include "app/gui/memory_chart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

#include "app/gui/comparison_model.h"
#include "app/gui/gui_format.h"

namespace tinysim::gui {

MemoryChart::MemoryChart(ComparisonModel* model, QWidget* parent) : QChartView(new QChart, parent), model_(model) {
  setObjectName(QStringLiteral("memoryChart"));
  setRenderHint(QPainter::Antialiasing);
  chart()->setAnimationOptions(QChart::NoAnimation);
  connect(model_, &ComparisonModel::recordsChanged, this, &MemoryChart::rebuild);
  rebuild();
}

void MemoryChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* a : c->axes()) {
    c->removeAxis(a);
    delete a;
  }
  const auto& records = model_->records();
  auto* series = new QBarSeries;
  flash_ = new QBarSet(tr("Flash (KiB)"));
  ram_ = new QBarSet(tr("RAM peak (KiB)"));
  flash_->setColor(QColor(0x3b, 0x75, 0xaf));
  ram_->setColor(QColor(0x51, 0x9e, 0x3e));
  QStringList categories;
  double maxKib = 0;
  for (const auto& r : records) {
    const double f = double(r.flash_bytes) / 1024.0, m = double(r.ram_peak_bytes) / 1024.0;
    *flash_ << f;
    *ram_ << m;
    maxKib = std::max({maxKib, f, m});
    // Axis labels are rich text: one line for the variant, one for the MCU.
    QString label = QStringLiteral("%1<br>%2<br>%3")
                        .arg(QString::fromStdString(r.model), QString::fromStdString(r.variant), QString::fromStdString(r.mcu));
    if (!r.fits) label += tr("<br><font color='#c02020'>does not fit</font>");
    categories << label;
  }
  auto tip = [this](bool flash) {
    return [this, flash](bool state, int index) {
      if (!state) return QToolTip::hideText();
      const auto& r = model_->records()[size_t(index)];
      const QString text =
          flash ? tr("%1 %2 on %3\nflash %4\n= weights %5 + code %6 + plan")
                      .arg(QString::fromStdString(r.model), QString::fromStdString(r.variant), QString::fromStdString(r.mcu),
                           bytesText(qint64(r.flash_bytes)), bytesText(qint64(r.weights_bytes)), bytesText(qint64(r.code_bytes)))
                : tr("%1 %2 on %3\nRAM peak %4\n= arena %5 + stack %6 + static %7")
                      .arg(QString::fromStdString(r.model), QString::fromStdString(r.variant), QString::fromStdString(r.mcu),
                           bytesText(qint64(r.ram_peak_bytes)), bytesText(qint64(r.arena_bytes)),
                           bytesText(qint64(r.stack_bytes)), bytesText(qint64(r.static_ram_bytes)));
      QToolTip::showText(QCursor::pos(), text + (r.fits ? QString() : tr("\ndoes not fit: %1 over").arg(bytesText(r.overflow_bytes))), this);
    };
  };
  connect(flash_, &QBarSet::hovered, this, tip(true));
  connect(ram_, &QBarSet::hovered, this, tip(false));
  series->append(flash_);
  series->append(ram_);
  c->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  auto* y = new QValueAxis;
  y->setTitleText(tr("KiB"));
  y->setLabelFormat(QStringLiteral("%.0f"));
  y->setRange(0, maxKib > 0 ? maxKib * 1.1 : 1);
  y->applyNiceNumbers();
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  QStringList models, mcus;
  for (const auto& r : records) {
    if (!models.contains(QString::fromStdString(r.model))) models << QString::fromStdString(r.model);
    if (!mcus.contains(QString::fromStdString(r.mcu))) mcus << QString::fromStdString(r.mcu);
  }
  c->setTitle(records.empty() ? tr("Flash and RAM per variant: run a model to fill this chart")
                              : tr("Flash and RAM of %1 on %2").arg(models.join(QStringLiteral(", ")),
                                                                     mcus.join(QStringLiteral(", "))));
  c->legend()->setAlignment(Qt::AlignTop);
}

}  // namespace tinysim::gui
