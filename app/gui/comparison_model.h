// The session's results: one row per bench record (model variant on an MCU
// profile) with how the variant was made, accuracy, agreement with the float
// parent, latency, cycles, peak RAM, flash, energy and the fit verdict. Rows
// accumulate over runs and models until removed; a thin view of the records
// the core emitted, kept for the charts, the profiler, the CSV export and
// the session file.
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
  enum Column { Model, Variant, Mcu, HowMade, Accuracy, Agreement, LatencyMs, Cycles, RamBytes, FlashBytes, EnergyUj, Fits, ColumnCount };

  explicit ComparisonModel(QObject* parent = nullptr);

  const std::vector<report::ResultRecord>& records() const { return records_; }
  // How row i's variant was made ("as loaded", "int8 PTQ, calibrated on ...").
  const QString& howMade(size_t i) const { return howMade_[i]; }
  // Same text as `tinysim bench --csv` for these records.
  QString csv() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 public slots:
  void addRecord(const tinysim::report::ResultRecord& record, const QString& howMade = QString());
  // Removes the given source rows (any order, duplicates ignored).
  void removeRecords(QList<int> rows);
  void clear();

 signals:
  void recordsChanged();

 private:
  std::vector<report::ResultRecord> records_;
  std::vector<QString> howMade_;
};

}  // namespace tinysim::gui
