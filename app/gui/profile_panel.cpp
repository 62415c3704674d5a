#include "app/gui/profile_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSpinBox>

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
    if (!name.isEmpty()) emit profileRequested(combo_->currentData().toString().isEmpty()
                                                   ? name
                                                   : combo_->currentData().toString());
  });

  // What-if: edit the chosen profile and run on the result.
  auto* whatIf = new QGroupBox(tr("What-if board"), this);
  whatIf->setToolTip(tr("Edit the profile and press Apply: the fit and the latency follow. "
                        "The edited profile is saved as JSON and can be used by tinysim --mcu FILE."));
  auto* wf = new QFormLayout(whatIf);
  name_ = new QLineEdit(whatIf);
  name_->setObjectName(QStringLiteral("whatIfName"));
  name_->setToolTip(tr("Name of the edited profile (shown in the MCU column of results)"));
  clock_mhz_ = new QDoubleSpinBox(whatIf);
  clock_mhz_->setObjectName(QStringLiteral("whatIfClock"));
  clock_mhz_->setRange(1, 1000);
  clock_mhz_->setDecimals(3);
  clock_mhz_->setSuffix(tr(" MHz"));
  auto spin = [whatIf](const char* name, int lo, int hi, int step, const QString& suffix, const QString& tip) {
    auto* s = new QSpinBox(whatIf);
    s->setObjectName(QString::fromLatin1(name));
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setSuffix(suffix);
    s->setToolTip(tip);
    return s;
  };
  wait_ = spin("whatIfWaitStates", 0, 32, 1, QString(), tr("Flash wait states at this clock (see the datasheet's table)"));
  prefetch_ = new QCheckBox(tr("prefetch"), whatIf);
  prefetch_->setObjectName(QStringLiteral("whatIfPrefetch"));
  icache_ = spin("whatIfIcache", 0, 4096, 8, tr(" I-lines"), tr("Flash accelerator instruction cache lines (0 = none)"));
  dcache_ = spin("whatIfDcache", 0, 4096, 8, tr(" D-lines"), tr("Flash accelerator data cache lines (0 = none)"));
  ram_kib_ = spin("whatIfRam", 4, 1 << 20, 4, tr(" KiB"), tr("RAM size (multiple of 4 KiB)"));
  flash_kib_ = spin("whatIfFlash", 4, 1 << 20, 4, tr(" KiB"), tr("Flash size (multiple of 4 KiB)"));
  auto* cacheRow = new QHBoxLayout;
  cacheRow->addWidget(prefetch_);
  cacheRow->addWidget(icache_);
  cacheRow->addWidget(dcache_);
  wf->addRow(tr("Name"), name_);
  wf->addRow(tr("Clock"), clock_mhz_);
  wf->addRow(tr("Wait states"), wait_);
  wf->addRow(tr("Accelerator"), cacheRow);
  wf->addRow(tr("RAM"), ram_kib_);
  wf->addRow(tr("Flash"), flash_kib_);
  apply_ = new QPushButton(tr("Apply"), whatIf);
  apply_->setObjectName(QStringLiteral("whatIfApply"));
  reset_ = new QPushButton(tr("Reset"), whatIf);
  load_ = new QPushButton(tr("Load JSON…"), whatIf);
  save_ = new QPushButton(tr("Save JSON…"), whatIf);
  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {apply_, reset_, load_, save_}) buttons->addWidget(b);
  wf->addRow(buttons);
  form->addRow(whatIf);

  connect(apply_, &QPushButton::clicked, this, [this] { emit editedProfileRequested(editedProfile()); });
  connect(reset_, &QPushButton::clicked, this, [this] { setProfile(shown_); });
  connect(load_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load MCU profile"), QString(), tr("Profiles (*.json)"));
    if (!path.isEmpty()) emit profileRequested(path);
  });
  connect(save_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save MCU profile"),
                                                      QString::fromStdString(shown_.name) + QStringLiteral(".json"),
                                                      tr("Profiles (*.json)"));
    if (path.isEmpty()) return;
    const QString error = saveProfile(path);
    emit message(error.isEmpty() ? tr("Saved the profile %1 to %2").arg(QString::fromStdString(shown_.name), path) : error,
                 !error.isEmpty());
  });
}

emu::McuProfile ProfilePanel::editedProfile() const {
  emu::McuProfile p = shown_;
  p.name = name_->text().trimmed().toStdString();
  if (p.name.empty()) p.name = shown_.name;
  p.clock_hz = quint64(qRound64(clock_mhz_->value() * 1e6));
  p.flash.wait_states = uint32_t(wait_->value());
  p.flash.accelerator.prefetch = prefetch_->isChecked();
  p.flash.accelerator.icache_lines = uint32_t(icache_->value());
  p.flash.accelerator.dcache_lines = uint32_t(dcache_->value());
  p.ram.size = uint32_t(ram_kib_->value()) * 1024u;
  p.flash.size = uint32_t(flash_kib_->value()) * 1024u;
  if (p.clock_hz != shown_.clock_hz || p.flash.wait_states != shown_.flash.wait_states ||
      p.flash.accelerator.prefetch != shown_.flash.accelerator.prefetch ||
      p.flash.accelerator.icache_lines != shown_.flash.accelerator.icache_lines ||
      p.flash.accelerator.dcache_lines != shown_.flash.accelerator.dcache_lines || p.ram.size != shown_.ram.size ||
      p.flash.size != shown_.flash.size)
    p.sources.insert(p.sources.begin(), "edited in tinysim-gui from " + shown_.name + " (what-if; not a real part)");
  return p;
}

QString ProfilePanel::saveProfile(const QString& path) const {
  QSaveFile f(path);
  const QByteArray bytes = QByteArray::fromStdString(emu::profile_json_text(shown_));
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
    return tr("%1: cannot save the profile (%2) (choose a writable folder)").arg(path, f.errorString());
  return {};
}

void ProfilePanel::setProfileNames(const QStringList& names) {
  const QSignalBlocker block(combo_);
  combo_->clear();
  combo_->addItems(names);
}

QString ProfilePanel::currentName() const { return combo_->currentText(); }

void ProfilePanel::setProfile(const emu::McuProfile& p) {
  shown_ = p;
  const QString name = QString::fromStdString(p.name);
  if (combo_->currentText() != name) {
    const QSignalBlocker block(combo_);
    // A profile from a file (edited or loaded) is offered again by its path.
    // (Built-in names are in the combo already.)
    if (combo_->findText(name) < 0) combo_->addItem(name, QString::fromStdString(p.path));
    combo_->setCurrentText(name);
  }
  {
    const QSignalBlocker b1(clock_mhz_), b2(wait_), b3(prefetch_), b4(icache_), b5(dcache_), b6(ram_kib_),
        b7(flash_kib_);
    name_->setText(name.endsWith(QStringLiteral("-whatif")) ? name : name + QStringLiteral("-whatif"));
    clock_mhz_->setValue(double(p.clock_hz) / 1e6);
    wait_->setValue(int(p.flash.wait_states));
    prefetch_->setChecked(p.flash.accelerator.prefetch);
    icache_->setValue(int(p.flash.accelerator.icache_lines));
    dcache_->setValue(int(p.flash.accelerator.dcache_lines));
    ram_kib_->setValue(int(p.ram.size / 1024));
    flash_kib_->setValue(int(p.flash.size / 1024));
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
