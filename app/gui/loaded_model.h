// A model as the GUI holds it after loading: the IR plus the figures the core
// computed for it (per-op stats and the arena plan). Immutable once built and
// shared between threads by const pointer.
#pragma once

#include <QMetaType>
#include <QString>
#include <memory>

#include "core/model/ir.h"
#include "core/model/model_stats.h"
#include "core/plan/memory_plan.h"
#include "core/report/model_report.h"

namespace tinysim::gui {

struct LoadedModel {
  QString path;
  Model model;
  ModelStats stats;
  MemoryPlan plan;
  // The same rows `tinysim inspect` prints (per-op support per backend).
  ModelReport report;
  // Ops the Cortex-M4 firmware refuses (then no variants or target runs).
  int unsupportedOps = 0;
};

using LoadedModelPtr = std::shared_ptr<const LoadedModel>;

}  // namespace tinysim::gui

Q_DECLARE_METATYPE(tinysim::gui::LoadedModelPtr)
