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
#include <QDateTime>
#include <QListWidget>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>

#include "app/gui/comparison_model.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/main_window.h"
#include "app/gui/message_bar.h"
#include "app/gui/profile_panel.h"
#include "app/gui/recent_files.h"
#include "app/gui/variants_page.h"
#include "gui_test_support.h"
#include "tests/support/unsupported_model.h"

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
    const QString unsupported = QString::fromStdString(
        tinysim::fixtures::write_unsupported_model(tinysim::fixtures::unsupported_model_path("gui_shell")).string());
    if (unsupported.isEmpty()) QSKIP("needs ../shared/third_party_models/tflm_test_mnist_lstm_int8.tflite");
    MainWindow w;
    w.show();
    QVERIFY(test::openAndWait(w, unsupported));
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
    // Run is offered nowhere for it, and each place says why, naming the op.
    for (const QString& why : {page->runButton()->toolTip(), w.runAction()->toolTip(),
                               w.inferAction()->toolTip()})
      QVERIFY2(why.contains(QLatin1String(tinysim::fixtures::kUnsupportedOp)), qPrintable(why));
    QVERIFY(!page->runButton()->isEnabled());
    QVERIFY(!w.runAction()->isEnabled());
    QVERIFY(!w.inferAction()->isEnabled());
    QVERIFY(test::openAndWait(w, model_));  // still working, and runnable again
    QVERIFY(w.runAction()->isEnabled());
    QVERIFY(page->runButton()->isEnabled());
  }

  void tabShortcutsAndHelp() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    for (int i = 0; i < w.pages()->count(); ++i) {
      QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
      QCOMPARE(w.pages()->currentIndex(), i);
    }
    // Help > About says cycles are predictions and links the fidelity figures.
    QMenu* help = nullptr;
    for (QMenu* m : w.menuBar()->findChildren<QMenu*>())
      if (m->title() == QStringLiteral("&Help")) help = m;
    QVERIFY(help);
    QString aboutText;
    QTimer::singleShot(200, [&] {
      for (QWidget* top : QApplication::topLevelWidgets())
        if (auto* box = qobject_cast<QMessageBox*>(top); box && box->isVisible()) {
          aboutText = box->text();
          box->accept();
        }
    });
    w.showAbout();
    QVERIFY2(aboutText.contains(QStringLiteral("predictions")), qPrintable(aboutText));
    QVERIFY(aboutText.contains(QStringLiteral("fidelity.md")));
    QVERIFY(QFileInfo::exists(QStringLiteral(TINYSIM_SOURCE_DIR "/benchmarks/fidelity/fidelity.md")));
  }

  void messagesKeepAHistoryWithoutMovingThePages() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QRect pagesBefore = w.pages()->geometry();
    w.messageBar()->showError(QStringLiteral("first"));
    w.messageBar()->showInfo(QStringLiteral("second"));
    QTest::qWait(50);
    QCOMPARE(w.pages()->geometry(), pagesBefore);  // nothing jumps
    w.messageBar()->clear();
    QVERIFY(w.messageBar()->text().isEmpty());
    QVERIFY(w.messageBar()->history().endsWith(QStringLiteral("second")));
    QVERIFY(w.messageBar()->history().contains(QStringLiteral("first")));
    QVERIFY(w.messageBar()->list()->count() >= 2);
  }

  void chartExportAsksBeforeOverwriting() {
    QTemporaryDir dir;
    MainWindow w;
    const QStringList first = w.exportCharts(dir.path());
    QCOMPARE(first.size(), 4);
    const QDateTime written = QFileInfo(first.first()).lastModified();
    QStringList asked;
    QTest::qWait(20);
    QVERIFY(w.exportCharts(dir.path(), [&](const QStringList& existing) {
               asked = existing;
               return false;
             }).isEmpty());
    QCOMPARE(asked, first);
    QCOMPARE(QFileInfo(first.first()).lastModified(), written);  // left alone
    QCOMPARE(w.exportCharts(dir.path(), [](const QStringList&) { return true; }).size(), 4);
  }
};

QTEST_MAIN(AppShellTest)
#include "app_shell_test.moc"
