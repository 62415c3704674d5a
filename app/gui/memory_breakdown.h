// Flash and RAM of one model on one MCU profile, split the way the memory bars
// draw them. The totals and the verdict are the core's (target::MemoryFit,
// core/target/memory_fit.h): planned_fit when the runtime can place the model,
// otherwise model_only_fit (weights and arena), with `note` saying what is
// missing and why.
#pragma once

#include <QMetaType>
#include <QString>
#include <cstdint>

namespace tinysim::gui {

struct MemoryBreakdown {
  QString profile;
  // flash = weights + code + plan overhead (records, alignment)
  qint64 weightsBytes = 0, codeBytes = 0, planOverheadBytes = 0, flashCapacity = 0;
  // RAM = arena + stack (the linked reserve) + static (.data/.bss), plus the
  // linker's alignment gaps between them when placed
  qint64 arenaBytes = 0, stackBytes = 0, staticBytes = 0, ramCapacity = 0;
  bool fromTarget = false;  // true: plan_layout placed it; false: model-only estimate
  QString note;             // why it is only an estimate, or the fit verdict
  // The core's totals and verdict.
  qint64 flashUsedBytes = 0, ramUsedBytes = 0, flashOverflowBytes = 0, ramOverflowBytes = 0;
  bool fitsProfile = true;

  qint64 flashBytes() const { return flashUsedBytes; }
  qint64 ramBytes() const { return ramUsedBytes; }
  qint64 flashOverflow() const { return flashOverflowBytes; }
  qint64 ramOverflow() const { return ramOverflowBytes; }
  bool fits() const { return fitsProfile; }
};

}  // namespace tinysim::gui

Q_DECLARE_METATYPE(tinysim::gui::MemoryBreakdown)

namespace tinysim::emu { struct McuProfile; }

namespace tinysim::gui {

struct LoadedModel;

// Places `model` on `profile` with the target runtime's layout (no emulation).
// When the runtime cannot place it (unsupported op, firmware image not built)
// the breakdown holds the model's own weights and arena and `note` says why.
MemoryBreakdown computeMemoryBreakdown(const LoadedModel& model, const emu::McuProfile& profile);

}  // namespace tinysim::gui
