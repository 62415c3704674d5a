// What-if boards: editing a profile's clock, wait states, caches and memory
// sizes on the Memory page gives the same cycles, latency and fit verdict as
// `tinysim run --mcu EDITED.json` (a board with too little flash included);
// the edited profile saves as JSON the core loads back unchanged; an edit the
// core refuses changes nothing.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/gui/inference_page.h"
#include "app/gui/main_window.h"
#include "app/gui/memory_breakdown.h"
#include "app/gui/message_bar.h"
#include "app/gui/profile_panel.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

class WhatIfTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString model_;
  std::unique_ptr<MainWindow> window_;

  // Presses Apply and waits for the edited profile and its inference.
  bool apply(InferenceResult* result) {
    QSignalSpy ready(window_->adapter(), &CoreAdapter::inferenceReady);
    QTest::mouseClick(window_->profilePanel()->applyButton(), Qt::LeftButton);
    if (!ready.wait(120000)) return false;
    for (int i = 0; i < 1500 && window_->adapter()->isBusy(); ++i) QTest::qWait(20);
    *result = ready.first().at(0).value<InferenceResult>();
    return true;
  }

  nlohmann::json cliRun(const QString& profilePath, int* code) {
    QString err;
    const QByteArray out = test::runCli({QStringLiteral("run"), model_, QStringLiteral("--mcu"), profilePath,
                                         QStringLiteral("--random"), QStringLiteral("1"), QStringLiteral("--json")},
                                        code, &err);
    return out.trimmed().isEmpty() ? nlohmann::json() : nlohmann::json::parse(out.toStdString());
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    model_ = test::sampleOrShared({QStringLiteral("har_int8.tflite")}, QStringLiteral("tflm_hello_world_int8.tflite"));
    if (model_.isEmpty()) QSKIP("no small int8 model");
    window_ = std::make_unique<MainWindow>();
    window_->show();
    window_->profilePanel()->combo()->setCurrentText(QStringLiteral("nrf52840"));
    QVERIFY(test::openAndWait(*window_, model_));
    window_->inferencePage()->seedSpin()->setValue(1);
    window_->pages()->setCurrentIndex(1);
  }

  void slowerClockAndMoreWaitStatesMatchTheCli() {
    ProfilePanel* p = window_->profilePanel();
    const double baseMhz = p->clockMhz()->value();
    p->clockMhz()->setValue(baseMhz / 2);
    p->waitStates()->setValue(p->waitStates()->value() + 2);
    p->prefetch()->setChecked(false);
    InferenceResult r;
    QVERIFY(apply(&r));
    const auto& prof = window_->adapter()->profile();
    QVERIFY(prof.has_value());
    QCOMPARE(QString::fromStdString(prof->name), QStringLiteral("nrf52840-whatif"));
    QCOMPARE(double(prof->clock_hz), baseMhz / 2 * 1e6);
    QCOMPARE(r.mcu, QStringLiteral("nrf52840-whatif"));

    int code = 0;
    const nlohmann::json cli = cliRun(QString::fromStdString(prof->path), &code);
    QCOMPARE(code, 0);
    QCOMPARE(r.cycles, cli.at("cycles").get<quint64>());
    QCOMPARE(r.latencyMs, cli.at("latency_ms").get<double>());
    QCOMPARE(r.flashStallCycles, cli.at("flash_stall_cycles").get<quint64>());
    QVERIFY(r.flashStallCycles > 0);  // wait states without prefetch cost cycles
    QVERIFY2(window_->whatIfLatency()->text().contains(QString::number(r.latencyMs, 'f', 3)),
             qPrintable(window_->whatIfLatency()->text()));
    QVERIFY(window_->adapter()->memory().has_value());
    QVERIFY(window_->adapter()->memory()->fits());
    QCOMPARE(cli.at("fits").get<bool>(), true);
  }

  void tooLittleFlashChangesTheVerdictAsTheCliSays() {
    // 16 KiB cannot hold the runtime's code and the plan.
    ProfilePanel* p = window_->profilePanel();
    p->flashKib()->setValue(16);
    InferenceResult r;
    QVERIFY(apply(&r));
    QCOMPARE(window_->adapter()->profile()->flash.size, 16u * 1024u);
    QVERIFY(window_->adapter()->memory().has_value());
    QVERIFY(!window_->adapter()->memory()->fits());
    int code = 0;
    const nlohmann::json cli = cliRun(QString::fromStdString(window_->adapter()->profile()->path), &code);
    QCOMPARE(code, 1);
    QCOMPARE(cli.at("fits").get<bool>(), false);
    QVERIFY(window_->messageBar()->history().join(QLatin1Char('\n')).contains(QStringLiteral("does not fit")));
  }

  void refusedEditChangesNothing() {
    ProfilePanel* p = window_->profilePanel();
    const emu::McuProfile before = *window_->adapter()->profile();
    p->flashKib()->setValue(before.flash.size / 1024);
    p->ramKib()->setValue(6);  // not a multiple of 4 KiB: the core refuses it
    QSignalSpy errors(window_->adapter(), &CoreAdapter::errorOccurred);
    QTest::mouseClick(p->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("4 KiB")), qPrintable(errors.first().at(0).toString()));
    QCOMPARE(window_->adapter()->profile()->ram.size, before.ram.size);
    QCOMPARE(window_->adapter()->profile()->path, before.path);
    p->ramKib()->setValue(int(before.ram.size / 1024));
  }

  void savedProfileLoadsBackUnchanged() {
    const QString path = dir_.filePath(QStringLiteral("board.json"));
    QVERIFY(window_->profilePanel()->saveProfile(path).isEmpty());
    const auto loaded = emu::load_profile(path.toStdString());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().what());
    const emu::McuProfile& a = *window_->adapter()->profile();
    const emu::McuProfile& b = loaded.value();
    QCOMPARE(b.name, a.name);
    QCOMPARE(b.clock_hz, a.clock_hz);
    QCOMPARE(b.flash.wait_states, a.flash.wait_states);
    QCOMPARE(b.flash.accelerator.prefetch, a.flash.accelerator.prefetch);
    QCOMPARE(b.flash.accelerator.icache_lines, a.flash.accelerator.icache_lines);
    QCOMPARE(b.flash.aliases, a.flash.aliases);
    QCOMPARE(b.ram.size, a.ram.size);
    QCOMPARE(b.flash.size, a.flash.size);
    QCOMPARE(b.sources, a.sources);
    // Loading it through the panel selects it.
    emit window_->profilePanel()->profileRequested(path);
    QTRY_COMPARE(window_->adapter()->profile()->path, path.toStdString());
  }
};

QTEST_MAIN(WhatIfTest)
#include "whatif_test.moc"
