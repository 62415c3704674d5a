#include "app/gui/comparison_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>
#include <functional>

#include "app/gui/gui_format.h"
#include "core/report/csv_report.h"

namespace tinysim::gui {

namespace {

QVariant optional(const std::optional<double>& v) { return v ? QVariant(*v) : QVariant(); }
QString percent(const std::optional<double>& v) { return v ? QString::number(100.0 * *v, 'f', 2) + QLatin1Char('%') : QStringLiteral("–"); }

}  // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonModel::addRecord(const report::ResultRecord& record, const QString& howMade) {
  const int row = static_cast<int>(records_.size());
  beginInsertRows({}, row, row);
  records_.push_back(record);
  howMade_.push_back(howMade);
  endInsertRows();
  emit recordsChanged();
}

void ComparisonModel::removeRecords(QList<int> rows) {
  std::sort(rows.begin(), rows.end(), std::greater<int>());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  bool removed = false;
  for (int row : rows) {
    if (row < 0 || row >= rowCount()) continue;
    beginRemoveRows({}, row, row);
    records_.erase(records_.begin() + row);
    howMade_.erase(howMade_.begin() + row);
    endRemoveRows();
    removed = true;
  }
  if (removed) emit recordsChanged();
}

void ComparisonModel::clear() {
  if (records_.empty()) return;
  beginResetModel();
  records_.clear();
  howMade_.clear();
  endResetModel();
  emit recordsChanged();
}

QString ComparisonModel::csv() const { return QString::fromStdString(report::results_csv(records_)); }

int ComparisonModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(records_.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ComparisonModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const report::ResultRecord& r = records_[static_cast<size_t>(index.row())];
  const int col = index.column();
  if (role == Qt::TextAlignmentRole)
    return col >= Accuracy ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole && col == Fits && !r.fits) return QBrush(QColor(0xc0, 0x20, 0x20));
  if (role == Qt::ToolTipRole) {
    switch (col) {
      case Model: return QString::fromStdString(r.path);
      case HowMade: return howMade_[size_t(index.row())];
      case Accuracy:
        return r.accuracy ? tr("%1 of %2 test samples of %3").arg(r.correct).arg(r.test_samples).arg(QString::fromStdString(r.dataset))
                          : tr("no data set: accuracy not measured");
      case Agreement:
        return r.agreement ? tr("same top-1 as %1 on %2 of the test set; RMSE %3, cosine %4")
                                 .arg(QString::fromStdString(r.float_parent))
                                 .arg(percent(r.agreement))
                                 .arg(r.rmse ? QString::number(*r.rmse, 'g', 4) : QStringLiteral("–"))
                                 .arg(r.cosine ? QString::number(*r.cosine, 'f', 4) : QStringLiteral("–"))
                           : tr("no float parent in this run, or no data set");
      case Cycles:
        return tr("median of %1 emulated run(s): min %2, max %3; %4 instructions")
            .arg(r.latency_samples)
            .arg(groupedNumber(qint64(r.cycles_min)), groupedNumber(qint64(r.cycles_max)),
                 groupedNumber(qint64(r.instructions)));
      case RamBytes:
        return tr("arena %1 + stack %2 + static %3")
            .arg(bytesText(qint64(r.arena_bytes)), bytesText(qint64(r.stack_bytes)), bytesText(qint64(r.static_ram_bytes)));
      case FlashBytes:
        return tr("weights %1, code %2").arg(bytesText(qint64(r.weights_bytes)), bytesText(qint64(r.code_bytes)));
      case Fits:
        return r.fits ? tr("fits the profile's flash and RAM") : tr("over by %1").arg(bytesText(r.overflow_bytes));
      default: return {};
    }
  }
  if (role == Qt::UserRole) {
    switch (col) {
      case Model: return QString::fromStdString(r.model);
      case Variant: return QString::fromStdString(r.variant);
      case Mcu: return QString::fromStdString(r.mcu);
      case HowMade: return howMade_[size_t(index.row())];
      case Accuracy: return optional(r.accuracy);
      case Agreement: return optional(r.agreement);
      case LatencyMs: return r.latency_ms;
      case Cycles: return qulonglong(r.cycles);
      case RamBytes: return qulonglong(r.ram_peak_bytes);
      case FlashBytes: return qulonglong(r.flash_bytes);
      case EnergyUj: return r.energy_uj;
      case Fits: return r.fits;
    }
    return {};
  }
  if (role != Qt::DisplayRole) return {};
  switch (col) {
    case Model: return QString::fromStdString(r.model);
    case Variant: return QString::fromStdString(r.variant);
    case Mcu: return QString::fromStdString(r.mcu);
    case HowMade: return howMade_[size_t(index.row())];
    case Accuracy: return percent(r.accuracy);
    case Agreement: return percent(r.agreement);
    case LatencyMs: return QString::number(r.latency_ms, 'f', 3);
    case Cycles: return groupedNumber(qint64(r.cycles));
    case RamBytes: return kibText(qint64(r.ram_peak_bytes));
    case FlashBytes: return kibText(qint64(r.flash_bytes));
    case EnergyUj: return QString::number(r.energy_uj, 'f', 1);
    case Fits: return r.fits ? tr("yes") : tr("no: +%1").arg(kibText(r.overflow_bytes));
  }
  return {};
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
    switch (section) {
      case Model: return tr("Model name: the file name before the variant suffix");
      case Variant: return tr("float, int8, pruned_int8, qat_int8, ...: the file name's suffix or its tensor type");
      case Mcu: return tr("MCU profile the variant ran on (emulated Cortex-M4)");
      case HowMade: return tr("How the variant was made: calibration set and size, sparsity, fine-tuning epochs");
      case Accuracy: return tr("Top-1 accuracy on the data set's test split (host kernels, every sample)");
      case Agreement:
        return tr("Share of test samples where this variant's top-1 class equals its float parent's");
      case LatencyMs: return tr("Predicted latency of one inference: median emulated cycles / the profile's clock");
      case Cycles: return tr("Predicted cycles of one inference (median of the emulated runs)");
      case RamBytes: return tr("Peak RAM: arena + measured stack + static data");
      case FlashBytes: return tr("Flash: runtime code + execution plan with the weights");
      case EnergyUj: return tr("Energy of one inference: supply voltage × run current × latency");
      case Fits: return tr("Whether the peak RAM and the flash fit the profile");
    }
    return {};
  }
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Model: return tr("Model");
    case Variant: return tr("Variant");
    case Mcu: return tr("MCU");
    case HowMade: return tr("How made");
    case Accuracy: return tr("Accuracy");
    case Agreement: return tr("Agreement");
    case LatencyMs: return tr("Latency ms");
    case Cycles: return tr("Cycles");
    case RamBytes: return tr("RAM peak");
    case FlashBytes: return tr("Flash");
    case EnergyUj: return tr("Energy µJ");
    case Fits: return tr("Fits");
  }
  return {};
}

}  // namespace tinysim::gui
