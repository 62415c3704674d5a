// The comparison table: one row per bench record (model variant on an MCU
// profile) with accuracy, agreement with the float parent, latency, cycles,
// peak RAM, flash, energy and the fit verdict. A thin view of the records
// the core emitted; it keeps them for the charts and the CSV export.
//
// Qt::DisplayRole gives formatted text; Qt::UserRole the raw value (double
// or qulonglong; an invalid QVariant where the core has no value).
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "app/gui/core_metatypes.h"

namespace tinysim::gui {

class ComparisonModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Model, Variant, Mcu, Accuracy, Agreement, LatencyMs, Cycles, RamBytes, FlashBytes, EnergyUj, Fits, ColumnCount };

  explicit ComparisonModel(QObject* parent = nullptr);

  const std::vector<report::ResultRecord>& records() const { return records_; }
  // Same text as `tinysim bench --csv` for these records.
  QString csv() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 public slots:
  void addRecord(const tinysim::report::ResultRecord& record);
  void clear();

 signals:
  void recordsChanged();

 private:
  std::vector<report::ResultRecord> records_;
};

}  // namespace tinysim::gui
