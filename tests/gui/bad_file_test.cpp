// A bad file (garbage, truncated, missing) shows a readable one-line error in
// the window's message bar naming the file, and the app keeps working: the
// next good model opens normally.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "app/gui/layer_table_model.h"
#include "app/gui/main_window.h"
#include "app/gui/message_bar.h"
#include "core/model/tflite_reader.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

class BadFileTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { test::isolateSettings(); }

  void badFileShowsErrorAndAppSurvives() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString garbage = dir.filePath(QStringLiteral("garbage.tflite"));
    {
      QFile f(garbage);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray(300, 'x'));
    }
    const QString missing = dir.filePath(QStringLiteral("missing.tflite"));
    QStringList bad{garbage, missing};
    const QString good = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                              QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (!good.isEmpty()) {
      // The first 200 bytes of a real model: the verifier must refuse it.
      QFile in(good);
      QVERIFY(in.open(QIODevice::ReadOnly));
      const QString truncated = dir.filePath(QStringLiteral("truncated.tflite"));
      QFile out(truncated);
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(in.read(200));
      bad << truncated;
    }

    MainWindow window;
    window.show();
    MessageBar* bar = window.findChild<MessageBar*>(QStringLiteral("messageBar"));
    QVERIFY(bar);
    for (const QString& path : bad) {
      window.openModel(path);
      QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible() && bar->kind() == MessageBar::Kind::Error, 30000);
      // The message is the core's own one-line error, naming the file.
      const std::string expected = load_tflite(path.toStdString()).error().what();
      QCOMPARE(bar->text(), QString::fromStdString(expected));
      QVERIFY2(bar->text().contains(path), qPrintable(bar->text()));
      QVERIFY(!bar->text().contains(QLatin1Char('\n')));
      QCOMPARE(window.layerModel()->rowCount(), 0);  // nothing half-loaded
    }

    if (good.isEmpty()) QSKIP("bad files handled; no good model here to check recovery");
    QVERIFY(test::openAndWait(window, good));
    QVERIFY(window.layerModel()->rowCount() > 0);
    QVERIFY(bar->isHidden() || bar->kind() != MessageBar::Kind::Error);
  }
};

QTEST_MAIN(BadFileTest)
#include "bad_file_test.moc"
