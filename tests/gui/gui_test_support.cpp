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
  QCoreApplication::setApplicationName(QStringLiteral("tinysim-gui-tests"));
  QSettings().clear();
}

QString sharedModel(const QString& name) {
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
