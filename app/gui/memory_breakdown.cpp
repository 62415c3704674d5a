#include "app/gui/memory_breakdown.h"

#include <QObject>
#include <algorithm>

#include "app/gui/gui_format.h"
#include "app/gui/loaded_model.h"
#include "core/target/memory_fit.h"
#include "core/target/target_run.h"

namespace tinysim::gui {

namespace {

MemoryBreakdown fromFit(const target::MemoryFit& f) {
  MemoryBreakdown b;
  b.profile = QString::fromStdString(f.profile);
  b.weightsBytes = static_cast<qint64>(f.weights_bytes);
  b.codeBytes = static_cast<qint64>(f.code_bytes);
  b.planOverheadBytes = std::max<qint64>(0, static_cast<qint64>(f.flash_bytes) - b.weightsBytes - b.codeBytes);
  b.flashCapacity = static_cast<qint64>(f.flash_capacity);
  b.arenaBytes = static_cast<qint64>(f.arena_bytes);
  b.stackBytes = static_cast<qint64>(f.stack_bytes);
  b.staticBytes = static_cast<qint64>(f.static_ram_bytes);
  b.ramCapacity = static_cast<qint64>(f.ram_capacity);
  b.flashUsedBytes = static_cast<qint64>(f.flash_bytes);
  b.ramUsedBytes = static_cast<qint64>(f.ram_bytes);
  b.flashOverflowBytes = std::max<qint64>(0, f.flash_overflow_bytes);
  b.ramOverflowBytes = std::max<qint64>(0, f.ram_overflow_bytes);
  b.fitsProfile = f.fits;
  b.fromTarget = f.basis != target::FitBasis::ModelOnly;
  return b;
}

}  // namespace

MemoryBreakdown computeMemoryBreakdown(const LoadedModel& model, const emu::McuProfile& profile) {
  Result<target::TargetLayout> layout = target::plan_layout(model.model, profile);
  if (layout.ok()) {
    const target::MemoryFit fit = target::planned_fit(layout.value());
    MemoryBreakdown b = fromFit(fit);
    b.note = QString::fromStdString(target::fit_problem(fit));
    return b;
  }
  // The runtime cannot place it: show what the model alone needs, which is a
  // lower bound (no code, stack or static data).
  MemoryBreakdown b = fromFit(target::model_only_fit(model.stats.weight_bytes, model.plan.arena_bytes, profile));
  b.note = QObject::tr("Estimate from the model only (weights and planned arena; code, stack and static data "
                       "unknown): %1")
               .arg(QString::fromUtf8(layout.error().what()));
  return b;
}

}  // namespace tinysim::gui
