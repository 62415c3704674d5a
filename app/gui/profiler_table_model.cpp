#include "app/gui/profiler_table_model.h"

#include "app/gui/gui_format.h"
#include "core/report/csv.h"

namespace tinysim::gui {

ProfilerTableModel::ProfilerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProfilerTableModel::setSource(const ProfileSource& source, LoadedModelPtr model) {
  beginResetModel();
  source_ = source;
  // Only a model whose ops line up with the layers describes them.
  model_ = model && !source.layers.empty() && size_t(source.layers.back().layer) < model->model.ops.size() ? model
                                                                                                          : nullptr;
  endResetModel();
}

int ProfilerTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(source_.layers.size());
}

int ProfilerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString ProfilerTableModel::shapes(int op, bool inputs) const {
  if (!model_) return QStringLiteral("–");
  const Operator& o = model_->model.ops[size_t(op)];
  QStringList parts;
  for (int t : inputs ? o.inputs : o.outputs) {
    if (t < 0) continue;
    const Tensor& tensor = model_->model.tensors[size_t(t)];
    if (inputs && tensor.is_constant()) continue;  // weights are not activations
    parts << tensorText(tensor);
  }
  return parts.join(QLatin1Char(' '));
}

QVariant ProfilerTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const report::LayerRecord& l = source_.layers[size_t(index.row())];
  const double ms = source_.clockHz ? 1e3 * double(l.cycles) / double(source_.clockHz) : 0;
  const double share = source_.cycles ? 100.0 * double(l.cycles) / double(source_.cycles) : 0;
  const qint64 live = model_ ? model_->plan.live_bytes[size_t(l.layer)] : -1;
  const int col = index.column();
  if (role == Qt::TextAlignmentRole)
    return col >= Macs ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
  if (role == Qt::UserRole) {
    switch (col) {
      case Index: return l.layer;
      case Op: return QString::fromStdString(l.op);
      case Inputs: return shapes(l.layer, true);
      case Outputs: return shapes(l.layer, false);
      case Macs: return qlonglong(l.macs);
      case Cycles: return qulonglong(l.cycles);
      case Ms: return ms;
      case Share: return share;
      case CyclesPerMac: return l.cycles_per_mac ? QVariant(*l.cycles_per_mac) : QVariant();
      case Instructions: return qulonglong(l.instructions);
      case FlashStalls: return qulonglong(l.flash_stall_cycles);
      case ArenaLive: return live >= 0 ? QVariant(qlonglong(live)) : QVariant();
    }
    return {};
  }
  if (role == Qt::ToolTipRole) {
    if (col == FlashStalls)
      return tr("%1 of this op's %2 cycles were spent waiting on flash (wait states the accelerator did not hide)")
          .arg(groupedNumber(qint64(l.flash_stall_cycles)), groupedNumber(qint64(l.cycles)));
    if (col == ArenaLive && live >= 0) return tr("%1 of activations live in the arena while this op runs").arg(bytesText(live));
    return {};
  }
  if (role != Qt::DisplayRole) return {};
  switch (col) {
    case Index: return l.layer;
    case Op: return QString::fromStdString(l.op);
    case Inputs: return shapes(l.layer, true);
    case Outputs: return shapes(l.layer, false);
    case Macs: return groupedNumber(l.macs);
    case Cycles: return groupedNumber(qint64(l.cycles));
    case Ms: return QString::number(ms, 'f', 4);
    case Share: return QString::number(share, 'f', 1) + QLatin1Char('%');
    case CyclesPerMac: return l.cycles_per_mac ? QString::number(*l.cycles_per_mac, 'f', 2) : QStringLiteral("–");
    case Instructions: return groupedNumber(qint64(l.instructions));
    case FlashStalls: return groupedNumber(qint64(l.flash_stall_cycles));
    case ArenaLive: return live >= 0 ? groupedNumber(live) : QStringLiteral("–");
  }
  return {};
}

QVariant ProfilerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case Index: return tr("Op index in the model (execution order)");
      case Inputs: return tr("Shapes of the op's activation inputs (weights left out)");
      case Outputs: return tr("Shapes of the op's outputs");
      case Macs: return tr("Multiply-accumulates of the op");
      case Cycles: return tr("Predicted cycles of the op on the emulated MCU (a documented timing model, see Help ▸ About)");
      case Ms: return tr("Cycles / the profile's clock");
      case Share: return tr("Share of the whole inference's cycles");
      case CyclesPerMac: return tr("Cycles per multiply-accumulate (ops with MACs only)");
      case Instructions: return tr("Instructions the emulated core executed in the op");
      case FlashStalls: return tr("Cycles the core waited on flash (wait states not hidden by the accelerator)");
      case ArenaLive: return tr("Arena bytes live while the op runs (planned, 16-byte aligned)");
      default: return {};
    }
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case Index: return QStringLiteral("#");
    case Op: return tr("Op");
    case Inputs: return tr("Inputs");
    case Outputs: return tr("Outputs");
    case Macs: return tr("MACs");
    case Cycles: return tr("Cycles");
    case Ms: return tr("ms");
    case Share: return tr("% of total");
    case CyclesPerMac: return tr("Cycles/MAC");
    case Instructions: return tr("Instructions");
    case FlashStalls: return tr("Flash stalls");
    case ArenaLive: return tr("Arena live B");
  }
  return {};
}

QString ProfilerTableModel::csv() const {
  std::string out = report::csv_line({"layer", "op", "inputs", "outputs", "macs", "cycles", "ms", "percent_of_total",
                                      "cycles_per_mac", "instructions", "flash_stall_cycles", "arena_live_bytes"});
  for (int row = 0; row < rowCount(); ++row) {
    report::CsvRow fields;
    for (int col = 0; col < ColumnCount; ++col) {
      const QVariant v = data(index(row, col), Qt::UserRole);
      if (!v.isValid()) fields.emplace_back();
      else if (v.typeId() == QMetaType::Double) fields.push_back(QString::number(v.toDouble(), 'g', 10).toStdString());
      else fields.push_back(v.toString().toStdString());
    }
    out += report::csv_line(fields);
  }
  return QString::fromStdString(out);
}

}  // namespace tinysim::gui
