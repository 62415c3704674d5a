#include "app/gui/arena_timeline_widget.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

#include "app/gui/gui_format.h"
#include "app/gui/layer_bar_set.h"

namespace tinysim::gui {

namespace {
constexpr qreal kMargin = 10;
constexpr qreal kAxisHeight = 34;  // byte scale and its labels above the rows
}  // namespace

ArenaTimelineWidget::ArenaTimelineWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("arenaTimeline"));
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ArenaTimelineWidget::setModel(const LoadedModelPtr& model) {
  model_ = model;
  peakOp_ = -1;
  if (model_) {
    const std::vector<int64_t>& live = model_->plan.live_bytes;
    if (!live.empty()) peakOp_ = int(std::max_element(live.begin(), live.end()) - live.begin());
  }
  updateGeometry();
  layoutBlocks();
  update();
}

void ArenaTimelineWidget::clear() { setModel(nullptr); }

qint64 ArenaTimelineWidget::peakBytes() const {
  return model_ && peakOp_ >= 0 ? qint64(model_->plan.live_bytes[size_t(peakOp_)]) : 0;
}

qint64 ArenaTimelineWidget::arenaBytes() const { return model_ ? qint64(model_->plan.arena_bytes) : 0; }

qreal ArenaTimelineWidget::rowHeight() const { return fontMetrics().height() + 6; }

qreal ArenaTimelineWidget::labelWidth() const {
  if (!model_) return 0;
  qreal w = 0;
  for (size_t i = 0; i < model_->model.ops.size(); ++i)
    w = std::max<qreal>(w, fontMetrics().horizontalAdvance(
                               QStringLiteral("#%1 %2").arg(i).arg(opLabel(model_->model.ops[i]))));
  return w + 12;
}

QRectF ArenaTimelineWidget::plotArea() const {
  const qreal left = kMargin + labelWidth();
  const qreal rows = model_ ? qreal(model_->model.ops.size()) : 0;
  return QRectF(left, kMargin + kAxisHeight, std::max<qreal>(40, width() - left - kMargin - 90), rows * rowHeight());
}

QSize ArenaTimelineWidget::sizeHint() const {
  const int rows = model_ ? int(model_->model.ops.size()) : 3;
  return QSize(640, int(2 * kMargin + kAxisHeight + rows * rowHeight() + fontMetrics().height() + 8));
}

QSize ArenaTimelineWidget::minimumSizeHint() const { return QSize(360, sizeHint().height()); }

void ArenaTimelineWidget::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  layoutBlocks();
}

void ArenaTimelineWidget::layoutBlocks() {
  blocks_.clear();
  if (!model_ || model_->plan.arena_bytes <= 0) return;
  const MemoryPlan& plan = model_->plan;
  const QRectF area = plotArea();
  const qreal pxPerByte = area.width() / double(plan.arena_bytes);
  for (size_t t = 0; t < plan.offsets.size(); ++t) {
    if (plan.offsets[t] < 0 || plan.sizes[t] <= 0) continue;
    Block b;
    b.tensor = int(t);
    b.firstOp = plan.first_op[t];
    b.lastOp = plan.last_op[t];
    b.offset = plan.offsets[t];
    b.bytes = plan.sizes[t];
    b.rect = QRectF(area.left() + b.offset * pxPerByte, area.top() + b.firstOp * rowHeight(),
                    std::max<qreal>(1.5, b.bytes * pxPerByte), (b.lastOp - b.firstOp + 1) * rowHeight());
    blocks_.push_back(b);
  }
}

int ArenaTimelineWidget::tensorAt(const QPointF& pos) const {
  // Smallest first, so a thin tensor drawn over a wide one can be hovered.
  const Block* best = nullptr;
  for (const Block& b : blocks_)
    if (b.rect.contains(pos) && (!best || b.rect.width() * b.rect.height() < best->rect.width() * best->rect.height()))
      best = &b;
  return best ? best->tensor : -1;
}

QString ArenaTimelineWidget::tensorText(int tensor) const {
  for (const Block& b : blocks_) {
    if (b.tensor != tensor) continue;
    const Tensor& t = model_->model.tensors[size_t(tensor)];
    const QString ops = b.firstOp == b.lastOp ? tr("op #%1").arg(b.firstOp) : tr("ops #%1–#%2").arg(b.firstOp).arg(b.lastOp);
    return tr("%1 %2\n%3 at offset %4–%5\nlive during %6")
        .arg(QString::fromStdString(t.name), gui::tensorText(t), bytesText(b.bytes), groupedNumber(b.offset),
             groupedNumber(b.offset + b.bytes), ops);
  }
  return {};
}

void ArenaTimelineWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, false);
  p.fillRect(rect(), palette().color(QPalette::Base));
  const QColor text = palette().color(QPalette::WindowText);
  if (!model_ || model_->plan.arena_bytes <= 0) {
    p.setPen(text);
    p.drawText(rect(), Qt::AlignCenter, model_ ? tr("This model has no activations in the arena.")
                                               : tr("Open a model to see its arena timeline."));
    return;
  }
  const MemoryPlan& plan = model_->plan;
  const QRectF area = plotArea();
  const qreal rowH = rowHeight();
  const QFontMetrics fm(font());

  // The peak row, shaded behind everything.
  if (peakOp_ >= 0) p.fillRect(QRectF(0, area.top() + peakOp_ * rowH, width(), rowH), QColor(0xfd, 0xe8, 0xc8));

  // Byte scale: five ticks across the arena.
  p.setPen(text);
  const qreal pxPerByte = area.width() / double(plan.arena_bytes);
  for (int i = 0; i <= 4; ++i) {
    const qint64 bytes = plan.arena_bytes * i / 4;
    const qreal x = area.left() + bytes * pxPerByte;
    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    p.drawLine(QPointF(x, area.top() - 4), QPointF(x, area.bottom()));
    p.setPen(text);
    const QString label = kibText(bytes);
    const qreal w = fm.horizontalAdvance(label);
    p.drawText(QPointF(std::clamp(x - w / 2, area.left() - w / 2, area.right() - w / 2), area.top() - 8), label);
  }
  p.drawText(QPointF(kMargin, kMargin + fm.ascent()), tr("op (execution order) ↓   arena offset →"));

  // Op labels.
  for (size_t i = 0; i < model_->model.ops.size(); ++i) {
    QFont f = font();
    f.setBold(int(i) == peakOp_);
    p.setFont(f);
    p.drawText(QRectF(kMargin, area.top() + i * rowH, labelWidth() - 8, rowH), Qt::AlignVCenter | Qt::AlignLeft,
               QStringLiteral("#%1 %2").arg(i).arg(opLabel(model_->model.ops[i])));
  }
  p.setFont(font());

  // Tensors.
  for (const Block& b : blocks_) {
    const QColor c = seriesColor(size_t(b.tensor));
    p.setPen(QPen(c.darker(150), 1));
    p.setBrush(QColor(c.red(), c.green(), c.blue(), 170));
    p.drawRect(b.rect.adjusted(0, 1, 0, -1));
  }

  // The arena's end and the peak.
  p.setPen(QPen(QColor(0xc0, 0x39, 0x2b), 2));
  p.drawLine(QPointF(area.right(), area.top() - 4), QPointF(area.right(), area.bottom()));
  p.drawText(QPointF(area.right() + 6, area.top() + fm.ascent()), tr("arena"));
  p.drawText(QPointF(area.right() + 6, area.top() + fm.ascent() + fm.height()), kibText(plan.arena_bytes));
  if (peakOp_ >= 0) {
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QPointF(area.right() + 6, area.top() + peakOp_ * rowH + fm.ascent() + 3), tr("◀ peak"));
    p.setFont(font());
    p.setPen(text);
    p.drawText(QPointF(area.left(), area.bottom() + fm.ascent() + 6),
               tr("Peak %1 live at op #%2 (%3); planned arena %4 with %5-byte alignment")
                   .arg(bytesText(peakBytes()))
                   .arg(peakOp_)
                   .arg(opLabel(model_->model.ops[size_t(peakOp_)]), bytesText(plan.arena_bytes))
                   .arg(plan.alignment));
  }
}

bool ArenaTimelineWidget::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const int t = tensorAt(help->pos());
    if (t >= 0) QToolTip::showText(help->globalPos(), tensorText(t), this);
    else QToolTip::hideText();
    return true;
  }
  return QWidget::event(e);
}

}  // namespace tinysim::gui
