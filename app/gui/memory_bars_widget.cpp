#include "app/gui/memory_bars_widget.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

namespace {

const QColor kOverflow(0xd0, 0x30, 0x30);

QString verdict(qint64 used, qint64 capacity) {
  if (capacity <= 0) return QObject::tr("%1 (no limit known)").arg(kibText(used));
  const double pct = 100.0 * double(used) / double(capacity);
  if (used > capacity)
    return QObject::tr("does not fit: %1 over (%2 of %3)").arg(kibText(used - capacity), kibText(used), kibText(capacity));
  return QObject::tr("%1 of %2 (%3%)").arg(kibText(used), kibText(capacity)).arg(pct, 0, 'f', 1);
}

}  // namespace

MemoryBarsWidget::MemoryBarsWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("memoryBars"));
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

QSize MemoryBarsWidget::sizeHint() const { return {640, 230}; }
QSize MemoryBarsWidget::minimumSizeHint() const { return {320, 230}; }

QString MemoryBarsWidget::flashVerdict() const {
  return breakdown_ ? verdict(breakdown_->flashBytes(), breakdown_->flashCapacity) : QString();
}
QString MemoryBarsWidget::ramVerdict() const {
  return breakdown_ ? verdict(breakdown_->ramBytes(), breakdown_->ramCapacity) : QString();
}

void MemoryBarsWidget::setBreakdown(const MemoryBreakdown& breakdown) {
  breakdown_ = breakdown;
  update();
}

void MemoryBarsWidget::clear() {
  breakdown_.reset();
  hits_.clear();
  update();
}

void MemoryBarsWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  hits_.clear();
  if (!breakdown_) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter, tr("Open a model and pick an MCU profile to see flash and RAM."));
    return;
  }
  const MemoryBreakdown& b = *breakdown_;
  const qreal half = height() / 2.0;
  paintBar(p, QRectF(0, 0, width(), half), tr("Flash"),
           {{tr("weights"), b.weightsBytes, QColor(0x3b, 0x75, 0xaf),
             tr("weights, biases and lookup tables inside the plan the runtime reads from flash, as the target "
                "stores them (the Model page counts the .tflite's own weight buffers)")},
            {tr("code"), b.codeBytes, QColor(0x8c, 0x56, 0x4b),
             tr("the runtime image: kernels, interpreter and start-up code (.text + .rodata + .data init)")},
            {tr("plan"), b.planOverheadBytes, QColor(0x9a, 0xb8, 0xd8),
             tr("plan records (ops, tensors, quantization) and alignment padding")}},
           b.flashCapacity, flashVerdict());
  paintBar(p, QRectF(0, half, width(), half), tr("RAM"),
           {{tr("arena"), b.arenaBytes, QColor(0x51, 0x9e, 0x3e),
             tr("tensor arena on the target: planned activations plus kernel scratch (the Model page and the arena "
                "timeline show the activations alone)")},
            {tr("stack"), b.stackBytes, QColor(0xef, 0x8a, 0x3c),
             tr("stack reserve linked into the image; a run measures the high-water mark (results table)")},
            {tr("static"), b.staticBytes, QColor(0xa0, 0x7c, 0xc5), tr(".data + .bss of the runtime")}},
           b.ramCapacity, ramVerdict());
}

void MemoryBarsWidget::paintBar(QPainter& p, const QRectF& area, const QString& title,
                                const QVector<Segment>& segments, qint64 capacity, const QString& verdictText) {
  qint64 used = 0;
  for (const Segment& s : segments) used += s.bytes;
  const bool overflow = capacity > 0 && used > capacity;
  const QFontMetrics fm(font());
  const qreal margin = 12, titleH = fm.height() + 4, barH = std::max<qreal>(26, area.height() * 0.28);
  const QRectF bar(area.left() + margin, area.top() + margin + titleH, area.width() - 2 * margin, barH);

  // Title and verdict.
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRectF(bar.left(), area.top() + margin, bar.width(), titleH), Qt::AlignLeft | Qt::AlignVCenter, title);
  p.setFont(font());
  p.setPen(overflow ? kOverflow : palette().color(QPalette::WindowText));
  if (overflow) p.setFont(bold);
  p.drawText(QRectF(bar.left(), area.top() + margin, bar.width(), titleH), Qt::AlignRight | Qt::AlignVCenter,
             verdictText);
  p.setFont(font());

  // Scale: the larger of capacity and use, so an overflow shows past the limit.
  const qint64 full = std::max<qint64>({capacity, used, 1});
  const qreal pxPerByte = bar.width() / double(full);
  p.setPen(Qt::NoPen);
  p.setBrush(palette().color(QPalette::Base).darker(108));
  p.drawRect(bar);
  qreal x = bar.left();
  for (const Segment& s : segments) {
    if (s.bytes <= 0) continue;
    const QRectF r(x, bar.top(), s.bytes * pxPerByte, bar.height());
    p.setBrush(s.color);
    p.drawRect(r);
    hits_.push_back({r, QStringLiteral("%1 %2: %3\n%4").arg(title, s.name, bytesText(s.bytes), s.definition)});
    x += r.width();
  }
  if (overflow) {
    // Everything past the limit is the overflow: hatch it red.
    const QRectF over(bar.left() + capacity * pxPerByte, bar.top(), (used - capacity) * pxPerByte, bar.height());
    p.setBrush(QBrush(kOverflow, Qt::BDiagPattern));
    p.setPen(QPen(kOverflow, 2));
    p.drawRect(over);
    hits_.push_front({over, tr("%1 overflow: %2 more than the profile has").arg(title, bytesText(used - capacity))});
  }
  if (capacity > 0) {
    const qreal lx = bar.left() + capacity * pxPerByte;
    p.setPen(QPen(palette().color(QPalette::WindowText), 2, Qt::DashLine));
    p.drawLine(QPointF(lx, bar.top() - 4), QPointF(lx, bar.bottom() + 4));
    hits_.push_back({QRectF(lx - 3, bar.top() - 4, 6, bar.height() + 8),
                     tr("%1 limit: %2").arg(title, bytesText(capacity))});
  }

  // Legend under the bar.
  qreal lx = bar.left();
  const qreal ly = bar.bottom() + 8;
  p.setPen(palette().color(QPalette::WindowText));
  for (const Segment& s : segments) {
    const QString text = QStringLiteral("%1 %2").arg(s.name, kibText(s.bytes));
    p.setPen(Qt::NoPen);
    p.setBrush(s.color);
    p.drawRect(QRectF(lx, ly + 2, 12, fm.height() - 4));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QPointF(lx + 16, ly + fm.ascent()), text);
    lx += 16 + fm.horizontalAdvance(text) + 18;
  }
}

bool MemoryBarsWidget::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    for (const Hit& h : hits_) {
      if (h.rect.contains(help->pos())) {
        QToolTip::showText(help->globalPos(), h.text, this);
        return true;
      }
    }
    QToolTip::hideText();
    e->ignore();
    return true;
  }
  return QWidget::event(e);
}

}  // namespace tinysim::gui
