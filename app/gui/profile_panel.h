// MCU profile picker and what-if editor: a combo box of the built-in
// profiles, the chosen profile's figures (board, clock, flash, RAM, FPU,
// power), and fields to edit the clock, flash wait states, the flash
// accelerator (prefetch, cache lines) and the RAM / flash sizes. It only asks
// for a profile (profileRequested: a name or JSON path; editedProfileRequested:
// the edited figures); the adapter loads or writes it and hands it back to
// setProfile, so what is shown is always what the core accepted.
#pragma once

#include <QWidget>

#include "app/gui/core_metatypes.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tinysim::gui {

class ProfilePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProfilePanel(QWidget* parent = nullptr);

  void setProfileNames(const QStringList& names);
  QString currentName() const;
  QComboBox* combo() const { return combo_; }

  // What-if fields, for tests and the screenshot tool.
  QDoubleSpinBox* clockMhz() const { return clock_mhz_; }
  QSpinBox* waitStates() const { return wait_; }
  QCheckBox* prefetch() const { return prefetch_; }
  QSpinBox* icacheLines() const { return icache_; }
  QSpinBox* dcacheLines() const { return dcache_; }
  QSpinBox* ramKib() const { return ram_kib_; }
  QSpinBox* flashKib() const { return flash_kib_; }
  QLineEdit* nameEdit() const { return name_; }
  QPushButton* applyButton() const { return apply_; }
  // The shown profile with the fields' values.
  emu::McuProfile editedProfile() const;
  // Writes the shown profile (as the core accepted it) as JSON; empty on success.
  QString saveProfile(const QString& path) const;

 public slots:
  void setProfile(const tinysim::emu::McuProfile& profile);

 signals:
  void profileRequested(const QString& nameOrPath);
  void editedProfileRequested(const tinysim::emu::McuProfile& profile);
  void message(const QString& text, bool error);

 private:
  QComboBox* combo_;
  QLabel* board_;
  QLabel* clock_;
  QLabel* flash_;
  QLabel* ram_;
  QLabel* fpu_;
  QLabel* power_;
  QLineEdit* name_;
  QDoubleSpinBox* clock_mhz_;
  QSpinBox *wait_, *icache_, *dcache_, *ram_kib_, *flash_kib_;
  QCheckBox* prefetch_;
  QPushButton *apply_, *load_, *save_, *reset_;
  emu::McuProfile shown_;
};

}  // namespace tinysim::gui
