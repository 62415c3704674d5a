#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include "gui_test_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "app/gui/core_adapter.h"
#include "app/gui/main_window.h"
#include "app/gui/message_bar.h"

namespace tinysim::gui::test {

void isolateSettings() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("TinySimTests"));
  // One settings file per test executable: ctest runs them in parallel.
  QCoreApplication::setApplicationName(QStringLiteral("tinysim-gui-tests-") +
                                       QFileInfo(QCoreApplication::applicationFilePath()).baseName());
  QSettings().clear();
}

QString sharedModel(const QString& name) {
  if (name.isEmpty()) return {};
  const QString p = QStringLiteral(TINYSIM_SHARED_DIR "/third_party_models/") + name;
  return QFileInfo::exists(p) ? QFileInfo(p).absoluteFilePath() : QString();
}

QString sampleOrShared(const QStringList& sampleNames, const QString& sharedName) {
  const QStringList samples = CoreAdapter::sampleModelPaths();
  for (const QString& want : sampleNames)
    for (const QString& s : samples)
      if (QFileInfo(s).fileName() == want) return s;
  return sharedModel(sharedName);
}

bool openAndWait(MainWindow& window, const QString& path, int timeoutMs) {
  CoreAdapter* adapter = window.adapter();
  QSignalSpy loaded(adapter, &CoreAdapter::modelLoaded);
  QSignalSpy failed(adapter, &CoreAdapter::errorOccurred);
  window.openModel(path);
  QElapsedTimer t;
  t.start();
  while (loaded.isEmpty() && failed.isEmpty() && t.elapsed() < timeoutMs) QTest::qWait(20);
  if (loaded.isEmpty()) return false;
  // The memory breakdown follows the model when a profile is selected.
  while (adapter->isBusy() && t.elapsed() < timeoutMs) QTest::qWait(20);
  return !adapter->isBusy();
}

}  // namespace tinysim::gui::test

#include <QProcess>

namespace tinysim::gui::test {

QString floatHarModel(const QString& workDir, QString* why) {
  for (const QString& s : CoreAdapter::sampleModelPaths())
    if (QFileInfo(s).fileName() == QStringLiteral("har_float.tflite")) return s;
  // A deliberately small model (one conv, 2 epochs on 800 windows): the
  // tests check the GUI shows what the core measures, not how good it is.
  const QString recipe = QDir(workDir).filePath(QStringLiteral("recipe.json"));
  QFile f(recipe);
  if (!f.open(QIODevice::WriteOnly)) {
    *why = QStringLiteral("cannot write ") + recipe;
    return {};
  }
  f.write(R"({
  "use_case": "har", "dataset": "har", "train_samples": 800, "test_samples": 200,
  "layers": [
    {"type": "conv1d", "filters": 8, "kernel": 5, "stride": 2, "padding": "same", "activation": "relu"},
    {"type": "maxpool", "pool": [1, 5]},
    {"type": "dense", "units": 4}
  ],
  "train": {"epochs": 2, "batch_size": 32, "optimizer": "adam", "lr": 0.003, "seed": 1},
  "variants": ["float"]
})");
  f.close();
  QProcess train;
  train.start(QStringLiteral(TINYSIM_CLI),
              {QStringLiteral("train"), recipe, QStringLiteral("-o"), workDir, QStringLiteral("-q")});
  train.waitForFinished(300000);
  const QString model = QDir(workDir).filePath(QStringLiteral("har_float.tflite"));
  if (!QFileInfo::exists(model)) {
    *why = QStringLiteral("tinysim train failed: ") + QString::fromLocal8Bit(train.readAllStandardError());
    return {};
  }
  return model;
}

}  // namespace tinysim::gui::test

#include <QListWidget>

#include "app/gui/variants_page.h"

namespace tinysim::gui::test {

QByteArray runCli(const QStringList& args, int* exitCode, QString* err) {
  QProcess cli;
  cli.start(QStringLiteral(TINYSIM_CLI), args);
  cli.waitForFinished(600000);
  *exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
  if (err) *err = QString::fromLocal8Bit(cli.readAllStandardError());
  return cli.readAllStandardOutput();
}

void tickProfiles(MainWindow& window, const QStringList& names) {
  QListWidget* list = window.variantsPage()->profileList();
  for (int i = 0; i < list->count(); ++i)
    list->item(i)->setCheckState(names.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

bool waitRunFinished(MainWindow& window, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (window.adapter()->isRunning() && t.elapsed() < timeoutMs) QTest::qWait(20);
  // The finished signal's slots run in this thread: let them.
  QTest::qWait(50);
  return !window.adapter()->isRunning();
}

}  // namespace tinysim::gui::test
