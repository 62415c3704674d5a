// The window around the tables: recent files survive a restart (QSettings),
// dropping a .tflite opens it, bundled samples are offered, the chosen
// profile is remembered, and a model TinySim cannot run (unsupported op)
// gives a readable error when run while the app keeps working.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDropEvent>
#include <QFileInfo>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include "app/gui/comparison_model.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/main_window.h"
#include "app/gui/message_bar.h"
#include "app/gui/profile_panel.h"
#include "app/gui/recent_files.h"
#include "app/gui/variants_page.h"
#include "gui_test_support.h"

using namespace tinysim::gui;

class AppShellTest : public QObject {
  Q_OBJECT
  QString model_;

 private slots:
  void initTestCase() {
    test::isolateSettings();
    model_ = test::sampleOrShared({QStringLiteral("kws_int8.tflite")}, QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (model_.isEmpty()) QSKIP("no sample model and no ../shared models");
  }

  void recentFilesSurviveARestart() {
    {
      MainWindow w;
      QVERIFY(test::openAndWait(w, model_));
    }
    MainWindow again;
    QCOMPARE(RecentFiles().files().value(0), QFileInfo(model_).absoluteFilePath());
    // The File menu's "Open recent" offers it.
    QMenu* recent = nullptr;
    for (QMenu* m : again.menuBar()->findChildren<QMenu*>())
      if (m->title().contains(QStringLiteral("recent"))) recent = m;
    QVERIFY(recent);
    bool listed = false;
    for (QAction* a : recent->actions()) listed |= a->text() == QFileInfo(model_).absoluteFilePath();
    QVERIFY(listed);
  }

  void droppingAFileOpensIt() {
    MainWindow w;
    w.show();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(model_)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QSignalSpy loaded(w.adapter(), &CoreAdapter::modelLoaded);
    QApplication::sendEvent(&w, &drop);
    QVERIFY(loaded.wait(60000));
    QVERIFY(w.layerModel()->rowCount() > 0);
    QCOMPARE(w.layerModel()->loadedModel()->path, model_);
  }

  void bundledSamplesAreOffered() {
    const QStringList samples = CoreAdapter::sampleModelPaths();
    const QDir dir(QStringLiteral(TINYSIM_SOURCE_DIR "/sample_models"));
    QStringList onDisk;
    for (const QFileInfo& sub : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot))
      for (const QFileInfo& f : QDir(sub.absoluteFilePath()).entryInfoList({QStringLiteral("*.tflite")}, QDir::Files))
        onDisk << f.fileName();
    if (onDisk.isEmpty()) QSKIP("no .tflite in sample_models/ yet");
    QStringList offered;
    for (const QString& s : samples) offered << QFileInfo(s).fileName();
    for (const QString& f : onDisk) QVERIFY2(offered.contains(f), qPrintable(f));
  }

  void chosenProfileIsRemembered() {
    const QStringList profiles = CoreAdapter::profileNames();
    if (profiles.size() < 2) QSKIP("needs two profiles");
    {
      MainWindow w;
      w.profilePanel()->combo()->setCurrentText(profiles.last());
      QTRY_VERIFY(w.adapter()->profile() && QString::fromStdString(w.adapter()->profile()->name) == profiles.last());
      w.close();
    }
    MainWindow again;
    QCOMPARE(QString::fromStdString(again.adapter()->profile()->name), profiles.last());
  }

  void unsupportedOpRunShowsErrorAndAppSurvives() {
    const QString lstm = test::sharedModel(QStringLiteral("tflm_test_mnist_lstm_int8.tflite"));
    if (lstm.isEmpty()) QSKIP("needs ../shared/third_party_models/tflm_test_mnist_lstm_int8.tflite");
    MainWindow w;
    w.show();
    QVERIFY(test::openAndWait(w, lstm));
    MessageBar* bar = w.messageBar();
    QVERIFY(bar->isVisible());
    QVERIFY2(bar->history().join(QLatin1Char('\n')).contains(QStringLiteral("cannot run")), qPrintable(bar->text()));

    VariantsPage* page = w.variantsPage();
    QVERIFY(!page->ptqBox()->isEnabled());  // an int8 model: no PTQ/QAT/pruning from it
    VariantRequest r = page->request();
    r.profiles = QStringList{CoreAdapter::profileNames().first()};
    QSignalSpy finished(w.adapter(), &CoreAdapter::runFinished);
    emit page->runRequested(r);
    QVERIFY(finished.wait(120000));
    const QString error = finished.first().at(1).toString();
    QVERIFY2(!error.isEmpty(), "running an unsupported op must fail with a message");
    QVERIFY(!error.contains(QLatin1Char('\n')));
    QCOMPARE(bar->kind(), MessageBar::Kind::Error);
    QCOMPARE(bar->text(), error);
    QCOMPARE(w.comparisonModel()->rowCount(), 0);
    QVERIFY(page->runButton()->isEnabled());
    QVERIFY(test::openAndWait(w, model_));  // still working
  }
};

QTEST_MAIN(AppShellTest)
#include "app_shell_test.moc"
