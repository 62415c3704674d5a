#include "app/gui/layer_table_model.h"

#include <QBrush>
#include <QColor>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

LayerTableModel::LayerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void LayerTableModel::setModel(LoadedModelPtr model) {
  beginResetModel();
  model_ = std::move(model);
  endResetModel();
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !model_) return 0;
  return static_cast<int>(model_->model.ops.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString LayerTableModel::tensorsText(const std::vector<int>& tensors, bool skipConstants) const {
  QStringList parts;
  for (int t : tensors) {
    if (t < 0) continue;  // optional input left out
    const Tensor& tensor = model_->model.tensors[static_cast<size_t>(t)];
    if (skipConstants && tensor.is_constant()) continue;  // weights are in the params column
    parts << tensorText(tensor);
  }
  return parts.join(QLatin1Char(' '));
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
  if (!model_ || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const size_t row = static_cast<size_t>(index.row());
  const Operator& op = model_->model.ops[row];
  const OpStats& stats = model_->stats.ops[row];
  const qint64 live = model_->plan.live_bytes[row];
  const ModelReportRow& support = model_->report.ops[row];
  const bool unsupported = !support.firmware;

  if (role == Qt::ForegroundRole && unsupported) return QBrush(QColor(0xb0, 0x20, 0x20));
  if (role == Qt::TextAlignmentRole)
    return index.column() >= Params ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                    : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole) {
    if (index.column() == Op && unsupported)
      return QString::fromStdString(support.host ? support.firmware_reason : support.host_reason);
    if (index.column() == WeightBytes) return bytesText(stats.weight_bytes);
    if (index.column() == LiveArenaBytes) return tr("%1 of activations live in the arena while this op runs").arg(bytesText(live));
    if (index.column() == Inputs) return tensorsText(op.inputs, false);
    return {};
  }
  if (role == Qt::UserRole) {
    switch (index.column()) {
      case Index: return static_cast<int>(row);
      case Op: return opLabel(op);
      case Inputs: return tensorsText(op.inputs, true);
      case Outputs: return tensorsText(op.outputs, false);
      case Params: return qlonglong(stats.params);
      case Macs: return qlonglong(stats.macs);
      case WeightBytes: return qlonglong(stats.weight_bytes);
      case LiveArenaBytes: return qlonglong(live);
    }
    return {};
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Index: return static_cast<int>(row);
    case Op: {
      QString name = QStringLiteral("%1 (v%2)").arg(opLabel(op)).arg(op.version);
      if (!support.host) return name + tr(" unsupported");
      return unsupported ? name + tr(" host only") : name;
    }
    case Inputs: return tensorsText(op.inputs, true);
    case Outputs: return tensorsText(op.outputs, false);
    case Params: return groupedNumber(stats.params);
    case Macs: return groupedNumber(stats.macs);
    case WeightBytes: return groupedNumber(stats.weight_bytes);
    case LiveArenaBytes: return groupedNumber(live);
  }
  return {};
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case Macs: return tr("Multiply-accumulates (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED)");
      case WeightBytes: return tr("Bytes of the op's constant inputs (flash)");
      case LiveArenaBytes: return tr("Arena bytes live while the op runs (planned, 16-byte aligned)");
      default: return {};
    }
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case Index: return QStringLiteral("#");
    case Op: return tr("Op");
    case Inputs: return tr("Inputs");
    case Outputs: return tr("Outputs");
    case Params: return tr("Params");
    case Macs: return tr("MACs");
    case WeightBytes: return tr("Weights B");
    case LiveArenaBytes: return tr("Live arena B");
  }
  return {};
}

}  // namespace tinysim::gui
