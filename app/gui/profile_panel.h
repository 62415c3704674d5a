// MCU profile picker: a combo box of the built-in profiles and the chosen
// profile's figures (board, clock, flash, RAM, FPU, flash wait states).
// It only asks for a profile (profileRequested); the adapter loads it and
// hands it back to setProfile.
#pragma once

#include <QWidget>

#include "app/gui/core_metatypes.h"

class QComboBox;
class QFormLayout;
class QLabel;

namespace tinysim::gui {

class ProfilePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProfilePanel(QWidget* parent = nullptr);

  void setProfileNames(const QStringList& names);
  QString currentName() const;
  QComboBox* combo() const { return combo_; }

 public slots:
  void setProfile(const tinysim::emu::McuProfile& profile);

 signals:
  void profileRequested(const QString& name);

 private:
  QComboBox* combo_;
  QLabel* board_;
  QLabel* clock_;
  QLabel* flash_;
  QLabel* ram_;
  QLabel* fpu_;
  QLabel* power_;
};

}  // namespace tinysim::gui
