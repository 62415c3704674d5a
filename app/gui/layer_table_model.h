// The per-layer table: one row per op in execution order with its op name,
// input/output shapes, params, MACs, weight bytes and the arena bytes live
// while it runs. A thin view of LoadedModel: every number comes from the
// core's model_stats / plan_memory, nothing is computed here.
//
// Qt::DisplayRole gives formatted text; Qt::UserRole gives the raw value
// (qlonglong for numbers) so sorting and tests use the exact figures.
#pragma once

#include <QAbstractTableModel>

#include "app/gui/loaded_model.h"

namespace tinysim::gui {

class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Index, Op, Inputs, Outputs, Params, Macs, WeightBytes, LiveArenaBytes, ColumnCount };

  explicit LayerTableModel(QObject* parent = nullptr);

  void setModel(LoadedModelPtr model);
  LoadedModelPtr loadedModel() const { return model_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QString tensorsText(const std::vector<int>& tensors, bool skipConstants) const;
  LoadedModelPtr model_;
};

}  // namespace tinysim::gui
