#include "app/gui/op_graph_view.h"

#include <QBrush>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPainterPath>
#include <QPen>
#include <algorithm>
#include <map>
#include <set>

#include "app/gui/gui_format.h"

namespace tinysim::gui {
namespace {

constexpr qreal kBoxW = 170, kBoxH = 44, kGapX = 28, kGapY = 34;
const QColor kNoHeat(0xee, 0xf2, 0xf7);

QString shapeText(const Tensor& t) {
  QStringList dims;
  for (int32_t d : t.shape) dims << QString::number(d);
  return QStringLiteral("%1[%2]").arg(QString::fromLatin1(dtype_name(t.type)), dims.join(QLatin1Char(',')));
}

}  // namespace

OpGraphView::OpGraphView(QWidget* parent) : QGraphicsView(parent) {
  setObjectName(QStringLiteral("opGraph"));
  setScene(new QGraphicsScene(this));
  setRenderHint(QPainter::Antialiasing);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setAlignment(Qt::AlignHCenter | Qt::AlignTop);
}

QColor OpGraphView::heatColor(double share) {
  share = std::clamp(share, 0.0, 1.0);
  // Pale yellow -> orange -> red, as profilers' flame colours: hue 55 -> 0.
  return QColor::fromHsvF(float((55.0 - 55.0 * share) / 360.0), float(0.15 + 0.75 * share), 1.0f);
}

void OpGraphView::setModel(const Model* model) {
  scene()->clear();
  nodes_.clear();
  edges_ = 0;
  source_.clear();
  if (!model) return;
  const size_t n = model->ops.size();
  // Which op writes each tensor; depth = 1 + the deepest producer of an input.
  std::map<int, int> producer;
  std::vector<int> depth(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (int t : model->ops[i].inputs)
      if (auto p = producer.find(t); p != producer.end()) depth[i] = std::max(depth[i], depth[size_t(p->second)] + 1);
    for (int t : model->ops[i].outputs) producer[t] = int(i);
  }
  std::map<int, int> rowCount, perRow;  // ops in each depth row; placed so far
  for (size_t i = 0; i < n; ++i) ++rowCount[depth[i]];
  int widest = 1;
  for (const auto& rc : rowCount) widest = std::max(widest, rc.second);
  std::vector<QPointF> pos(n);
  for (size_t i = 0; i < n; ++i) {
    const int col = perRow[depth[i]]++;
    const int inRow = rowCount[depth[i]];
    // Centre each row over the widest one.
    const qreal x = (widest - inRow) * (kBoxW + kGapX) / 2 + col * (kBoxW + kGapX);
    pos[i] = QPointF(x, depth[i] * (kBoxH + kGapY));
  }
  // Edges first, under the boxes: bottom centre of the producer to top centre of the reader.
  QPen edgePen(QColor(0x80, 0x88, 0x94), 1.2);
  for (size_t i = 0; i < n; ++i)
    for (int t : std::set<int>(model->ops[i].inputs.begin(), model->ops[i].inputs.end())) {  // ADD(x, x): one edge
      const auto p = producer.find(t);
      if (p == producer.end() || p->second >= int(i)) continue;
      const QPointF a = pos[size_t(p->second)] + QPointF(kBoxW / 2, kBoxH), b = pos[i] + QPointF(kBoxW / 2, 0);
      QPainterPath path(a);
      path.cubicTo(a + QPointF(0, kGapY / 2), b - QPointF(0, kGapY / 2), b);
      scene()->addPath(path, edgePen);
      ++edges_;
    }
  const QFont small = font();
  for (size_t i = 0; i < n; ++i) {
    const Operator& op = model->ops[i];
    Node node;
    node.label = QStringLiteral("#%1 %2").arg(i).arg(op.type == OpType::Custom ? QString::fromStdString(op.custom_code) : QString::fromLatin1(op_name(op.type)));
    node.shape = op.outputs.empty() || op.outputs[0] < 0 ? QString() : shapeText(model->tensors[size_t(op.outputs[0])]);
    node.box = scene()->addRect(QRectF(pos[i], QSizeF(kBoxW, kBoxH)), QPen(QColor(0x4a, 0x55, 0x63)), QBrush(kNoHeat));
    node.box->setData(0, int(i));
    auto* text = new QGraphicsSimpleTextItem(node.label + QLatin1Char('\n') + node.shape, node.box);
    text->setFont(small);
    text->setPos(pos[i] + QPointF(6, 4));
    node.box->setToolTip(node.label + QLatin1Char('\n') + node.shape);
    nodes_.push_back(node);
  }
  scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-10, -10, 10, 10));
}

void OpGraphView::setCycles(const std::vector<report::LayerRecord>& layers, const QString& source) {
  uint64_t hottest = 0, total = 0;
  for (const auto& l : layers) {
    if (l.layer < 0 || l.layer >= nodeCount()) return;  // another model's layers
    hottest = std::max(hottest, l.cycles);
    total += l.cycles;
  }
  for (Node& node : nodes_) {
    node.box->setBrush(kNoHeat);
    node.box->setToolTip(node.label + QLatin1Char('\n') + node.shape);
  }
  source_ = source;
  for (const auto& l : layers) {
    Node& node = nodes_[size_t(l.layer)];
    node.box->setBrush(heatColor(hottest ? double(l.cycles) / double(hottest) : 0.0));
    node.box->setToolTip(tr("%1\n%2\n%3 cycles, %4 % of the inference (%5)")
                             .arg(node.label, node.shape, groupedNumber(qint64(l.cycles)))
                             .arg(total ? 100.0 * double(l.cycles) / double(total) : 0.0, 0, 'f', 1)
                             .arg(source));
  }
}

QColor OpGraphView::nodeColor(int op) const { return nodes_.at(size_t(op)).box->brush().color(); }

QString OpGraphView::nodeToolTip(int op) const { return nodes_.at(size_t(op)).box->toolTip(); }

void OpGraphView::mousePressEvent(QMouseEvent* event) {
  for (QGraphicsItem* item : items(event->pos())) {
    while (item->parentItem()) item = item->parentItem();
    const QVariant op = item->data(0);
    if (op.isValid()) {
      emit opClicked(op.toInt());
      break;
    }
  }
  QGraphicsView::mousePressEvent(event);
}

}  // namespace tinysim::gui
