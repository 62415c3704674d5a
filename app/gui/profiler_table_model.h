// The per-layer profiler table for one ProfileSource: op, input and output
// shapes, MACs, cycles, milliseconds, share of the inference, cycles per MAC,
// instructions, flash stall cycles and arena bytes live. Every figure is the
// core's: cycles, instructions and stalls from the emulated run, shapes and
// live bytes from the model file (model_stats / plan_memory), ms from the
// profile's clock. Qt::UserRole gives raw values for sorting and tests.
#pragma once

#include <QAbstractTableModel>

#include "app/gui/loaded_model.h"
#include "app/gui/profile_source.h"

namespace tinysim::gui {

class ProfilerTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Index, Op, Inputs, Outputs, Macs, Cycles, Ms, Share, CyclesPerMac, Instructions, FlashStalls, ArenaLive,
    ColumnCount
  };

  explicit ProfilerTableModel(QObject* parent = nullptr);

  // model: the source's .tflite loaded and analysed (null when the file is gone:
  // shapes and live bytes are then shown as "–").
  void setSource(const ProfileSource& source, LoadedModelPtr model);
  const ProfileSource& source() const { return source_; }
  // The table as CSV (raw values, one header line).
  QString csv() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QString shapes(int op, bool inputs) const;
  ProfileSource source_;
  LoadedModelPtr model_;
};

}  // namespace tinysim::gui
