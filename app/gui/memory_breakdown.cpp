#include "app/gui/memory_breakdown.h"

#include <QObject>

#include "app/gui/gui_format.h"
#include "app/gui/loaded_model.h"
#include "core/target/target_run.h"

namespace tinysim::gui {

MemoryBreakdown computeMemoryBreakdown(const LoadedModel& model, const emu::McuProfile& profile) {
  MemoryBreakdown b;
  b.profile = QString::fromStdString(profile.name);
  b.flashCapacity = profile.flash.size;
  b.ramCapacity = profile.ram.size;
  Result<target::TargetLayout> layout = target::plan_layout(model.model, profile);
  if (layout.ok()) {
    const target::TargetLayout& l = layout.value();
    b.fromTarget = true;
    b.weightsBytes = static_cast<qint64>(l.weights_bytes);
    b.codeBytes = static_cast<qint64>(l.code_bytes);
    b.planOverheadBytes = static_cast<qint64>(l.flash_bytes) - b.weightsBytes - b.codeBytes;
    if (b.planOverheadBytes < 0) b.planOverheadBytes = 0;
    b.arenaBytes = static_cast<qint64>(l.arena_bytes);
    b.stackBytes = static_cast<qint64>(l.stack_reserve_bytes);
    b.staticBytes = static_cast<qint64>(l.static_ram_bytes);
    if (l.flash_capacity) b.flashCapacity = static_cast<qint64>(l.flash_capacity);
    if (l.ram_capacity) b.ramCapacity = static_cast<qint64>(l.ram_capacity);
    b.note = QString::fromStdString(target::fit_problem(l));
    return b;
  }
  // The runtime cannot place it: show what the model alone needs, which is a
  // lower bound (no code, stack or static data).
  b.weightsBytes = model.stats.weight_bytes;
  b.arenaBytes = model.plan.arena_bytes;
  b.note = QObject::tr("Estimate from the model only (weights and planned arena; code, stack and static data "
                       "unknown): %1")
               .arg(QString::fromUtf8(layout.error().what()));
  return b;
}

}  // namespace tinysim::gui
