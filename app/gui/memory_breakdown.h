// Flash and RAM of one model on one MCU profile, split the way the memory bars
// draw them. Filled from target::plan_layout when the runtime can place the
// model; otherwise from the model alone (weights and arena), with `note`
// saying what is missing and why.
#pragma once

#include <QMetaType>
#include <QString>
#include <cstdint>

namespace tinysim::gui {

struct MemoryBreakdown {
  QString profile;
  // flash = weights + code + plan overhead (records, alignment)
  qint64 weightsBytes = 0, codeBytes = 0, planOverheadBytes = 0, flashCapacity = 0;
  // RAM = arena + stack + static (.data/.bss)
  qint64 arenaBytes = 0, stackBytes = 0, staticBytes = 0, ramCapacity = 0;
  bool fromTarget = false;  // true: plan_layout placed it; false: model-only estimate
  QString note;             // why it is only an estimate, or the fit verdict

  qint64 flashBytes() const { return weightsBytes + codeBytes + planOverheadBytes; }
  qint64 ramBytes() const { return arenaBytes + stackBytes + staticBytes; }
  qint64 flashOverflow() const { return flashCapacity > 0 && flashBytes() > flashCapacity ? flashBytes() - flashCapacity : 0; }
  qint64 ramOverflow() const { return ramCapacity > 0 && ramBytes() > ramCapacity ? ramBytes() - ramCapacity : 0; }
  bool fits() const { return flashOverflow() == 0 && ramOverflow() == 0; }
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
