#include "app/gui/profile_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

ProfilePanel::ProfilePanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  form->setContentsMargins(0, 0, 0, 0);
  combo_ = new QComboBox(this);
  combo_->setObjectName(QStringLiteral("profileCombo"));
  combo_->setToolTip(tr("Microcontroller profile (mcu_models/profiles/*.json)"));
  auto label = [this](const char* name) {
    auto* l = new QLabel(this);
    l->setObjectName(QString::fromLatin1(name));
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
  };
  board_ = label("profileBoard");
  clock_ = label("profileClock");
  flash_ = label("profileFlash");
  ram_ = label("profileRam");
  fpu_ = label("profileFpu");
  power_ = label("profilePower");
  form->addRow(tr("MCU"), combo_);
  form->addRow(tr("Board"), board_);
  form->addRow(tr("Clock"), clock_);
  form->addRow(tr("Flash"), flash_);
  form->addRow(tr("RAM"), ram_);
  form->addRow(tr("FPU"), fpu_);
  form->addRow(tr("Power"), power_);
  connect(combo_, &QComboBox::currentTextChanged, this, [this](const QString& name) {
    if (!name.isEmpty()) emit profileRequested(name);
  });
}

void ProfilePanel::setProfileNames(const QStringList& names) {
  const QSignalBlocker block(combo_);
  combo_->clear();
  combo_->addItems(names);
}

QString ProfilePanel::currentName() const { return combo_->currentText(); }

void ProfilePanel::setProfile(const emu::McuProfile& p) {
  const QString name = QString::fromStdString(p.name);
  if (combo_->currentText() != name) {
    const QSignalBlocker block(combo_);
    if (combo_->findText(name) < 0) combo_->addItem(name);
    combo_->setCurrentText(name);
  }
  board_->setText(QString::fromStdString(p.board) + QStringLiteral(" (") + QString::fromStdString(p.core) +
                  QLatin1Char(')'));
  clock_->setText(hzText(p.clock_hz));
  flash_->setText(tr("%1, %2 wait state(s)%3")
                      .arg(kibText(p.flash.size))
                      .arg(p.flash.wait_states)
                      .arg(p.flash.accelerator.prefetch || p.flash.accelerator.icache_lines
                               ? tr(", accelerator on")
                               : QString()));
  ram_->setText(kibText(p.ram.size));
  fpu_->setText(p.fpu ? tr("yes (FPv4-SP, hard float)") : tr("no (soft float)"));
  power_->setText(p.power.run_current_ma > 0
                      ? tr("%1 mA at %2 V").arg(p.power.run_current_ma).arg(p.power.voltage_v)
                      : tr("not given"));
  QString sources;
  for (const std::string& s : p.sources) sources += QStringLiteral("• ") + QString::fromStdString(s) + QLatin1Char('\n');
  setToolTip(sources.trimmed());
}

}  // namespace tinysim::gui
