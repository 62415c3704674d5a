// Importing the user's own images from the Variants page: a folder of class
// sub-folders of PGM images (200 Fashion-MNIST test images written here, the
// folders named so they sort in label order) is converted by the core into
// <folder>_tinysim, becomes the data set and is checked against the model;
// its files equal those `tinysim make-data --from` writes, and the accuracy
// the GUI's run reports equals `tinysim bench` on the CLI's import. A
// three-class import is refused for the ten-class model before any run.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <cmath>

#include "app/gui/comparison_model.h"
#include "app/gui/main_window.h"
#include "app/gui/variants_page.h"
#include "build_paths.h"
#include "core/data/dataset.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

namespace {

// Writes `n` test images of fashion-mnist as ROOT/<label>_<name>/<i>.pgm
// (only labels below `classes`). The values are k/255, so PGM keeps them exactly.
bool writeImages(const QString& root, size_t n, int classes) {
  auto r = load_dataset("fashion-mnist:" + std::to_string(n), "test");
  if (!r.ok()) return false;
  const Dataset& d = *r;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.y[i] >= classes) continue;
    QString name = QString::fromStdString(d.class_names[size_t(d.y[i])]).replace(QLatin1Char('/'), QLatin1Char('_'));
    const QString dir = QDir(root).filePath(QStringLiteral("%1_%2").arg(d.y[i]).arg(name));
    QDir().mkpath(dir);
    QFile f(QDir(dir).filePath(QStringLiteral("%1.pgm").arg(i, 4, 10, QLatin1Char('0'))));
    if (!f.open(QIODevice::WriteOnly)) return false;
    QByteArray px(28 * 28, 0);
    for (int k = 0; k < 28 * 28; ++k) px[k] = char(std::lround(d.sample(i)[k] * 255.0f));
    f.write("P5\n28 28\n255\n");
    f.write(px);
  }
  return true;
}

QByteArray fileBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Imports `source` through the page, as the Import… menu does after its
// dialog, and returns the adapter's answer (output, summary, error).
QList<QVariant> importThroughPage(MainWindow& w, const QString& source, const QString& output) {
  QSignalSpy imported(w.adapter(), &CoreAdapter::datasetImported);
  emit w.variantsPage()->importRequested(source, output);
  if (!imported.wait(120000)) return {};
  return imported.first();
}

}  // namespace

class DatasetImportTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { test::isolateSettings(); }

  void folderImportScoresLikeTheCli() {
    const QString model = test::sampleOrShared({QStringLiteral("fashion_mnist_float.tflite")}, QString());
    if (model.isEmpty()) QSKIP("needs the bundled fashion_mnist sample");
    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("clothes"));
    if (!writeImages(root, 200, 10)) QSKIP("needs the Debian package dataset-fashion-mnist");

    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(test::openAndWait(w, model));
    QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
    VariantsPage* page = w.variantsPage();
    QVERIFY(page->importButton()->isEnabled());
    QVERIFY(page->importButton()->menu() && page->importButton()->menu()->actions().size() == 2);
    test::tickProfiles(w, {QStringLiteral("stm32l4r5")});

    const QString output = root + QStringLiteral("_tinysim");
    QSignalSpy checked(w.adapter(), &CoreAdapter::datasetChecked);
    const QList<QVariant> answer = importThroughPage(w, root, output);
    QCOMPARE(answer.size(), 3);
    QVERIFY2(answer.at(2).toString().isEmpty(), qPrintable(answer.at(2).toString()));
    QVERIFY2(answer.at(1).toString().contains(QStringLiteral("200 file(s)")), qPrintable(answer.at(1).toString()));
    QCOMPARE(page->datasetCombo()->currentText(), output);
    QVERIFY(checked.wait(60000));
    QVERIFY2(checked.last().at(2).toString().isEmpty(), qPrintable(checked.last().at(2).toString()));
    QVERIFY(page->datasetProblem().isEmpty());

    // The same converter on the CLI writes the same bytes.
    const QString cliOut = tmp.filePath(QStringLiteral("cli_import"));
    int code = -1;
    test::runCli({QStringLiteral("make-data"), QStringLiteral("--from"), root, QStringLiteral("-o"), cliOut}, &code);
    QCOMPARE(code, 0);
    for (const char* f : {"train-x.idx", "train-y.idx", "test-x.idx", "test-y.idx", "calib-x.idx", "calib-y.idx"}) {
      const QByteArray gui = fileBytes(QDir(output).filePath(QString::fromLatin1(f)));
      QVERIFY2(!gui.isEmpty(), f);
      QCOMPARE(gui, fileBytes(QDir(cliOut).filePath(QString::fromLatin1(f))));
    }

    // Run the model as loaded on the import; the accuracy equals the CLI bench's.
    QSignalSpy finished(w.adapter(), &CoreAdapter::runFinished);
    const int before = w.comparisonModel()->rowCount();
    QTest::keyClick(&w, Qt::Key_F5);
    QVERIFY(finished.wait(600000));
    QVERIFY2(finished.first().at(1).toString().isEmpty(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(w.comparisonModel()->rowCount(), before + 1);
    const auto& rec = w.comparisonModel()->records().back();
    QVERIFY(rec.accuracy.has_value());
    const QString csv = tmp.filePath(QStringLiteral("bench.csv"));
    test::runCli({QStringLiteral("bench"), model, QStringLiteral("--data"), cliOut, QStringLiteral("--mcu"),
                  QStringLiteral("stm32l4r5"), QStringLiteral("--csv"), csv, QStringLiteral("--latency-samples"),
                  QStringLiteral("1")},
                 &code);
    QCOMPARE(code, 0);
    const QList<QByteArray> lines = fileBytes(csv).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const int col = lines[0].split(',').indexOf("accuracy");
    QVERIFY(col >= 0);
    QCOMPARE(lines[1].split(',').at(col).toDouble(), *rec.accuracy);
    QVERIFY(*rec.accuracy > 0.5);  // the sample model recognises the images (91 % on the full test split)
  }

  void threeClassImportIsRefused() {
    const QString model = test::sampleOrShared({QStringLiteral("fashion_mnist_float.tflite")}, QString());
    if (model.isEmpty()) QSKIP("needs the bundled fashion_mnist sample");
    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("three"));
    if (!writeImages(root, 60, 3)) QSKIP("needs the Debian package dataset-fashion-mnist");
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(test::openAndWait(w, model));
    QSignalSpy checked(w.adapter(), &CoreAdapter::datasetChecked);
    const QList<QVariant> answer = importThroughPage(w, root, root + QStringLiteral("_tinysim"));
    QCOMPARE(answer.size(), 3);
    QVERIFY2(answer.at(2).toString().isEmpty(), qPrintable(answer.at(2).toString()));
    QVERIFY(checked.wait(60000));
    const QString problem = checked.last().at(2).toString();
    QVERIFY2(problem.contains(QStringLiteral("3 classes")) && problem.contains(QStringLiteral("10 values")), qPrintable(problem));
    QCOMPARE(w.variantsPage()->datasetProblem(), problem);
    QVERIFY(!w.variantsPage()->runButton()->isEnabled());
  }
};

QTEST_MAIN(DatasetImportTest)
#include "dataset_import_test.moc"
