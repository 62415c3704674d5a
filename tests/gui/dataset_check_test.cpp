// A data set is checked when it is chosen, not when a run has started: a set
// whose samples or classes do not fit the model is refused with the core's
// message (report::check_model_data), Run is disabled with that reason, F5
// starts nothing and the session keeps its rows; a matching set is accepted
// and runs. Driven by keys as a person would: Ctrl+3, type the name, Enter, F5.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

#include "app/gui/comparison_model.h"
#include "app/gui/main_window.h"
#include "app/gui/message_bar.h"
#include "app/gui/variants_page.h"
#include "core/data/dataset.h"
#include "core/model/tflite_reader.h"
#include "core/report/host_eval.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

namespace {

// What the core says about `spec` for `model` ("" when it fits).
QString coreProblem(const QString& model, const QString& spec) {
  try {
    const Model m = load_tflite(model.toStdString()).take();
    report::check_model_data(m, load_dataset(spec.toStdString() + ":1", "test").take());
    return {};
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
}

// Clicks the data set field, replaces its text by typing and presses Enter;
// returns the adapter's answer (spec, summary, problem).
QList<QVariant> chooseDataset(MainWindow& w, const QString& spec) {
  QLineEdit* edit = w.variantsPage()->datasetCombo()->lineEdit();
  QSignalSpy checked(w.adapter(), &CoreAdapter::datasetChecked);
  QTest::mouseClick(edit, Qt::LeftButton);
  QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(edit, spec);
  QTest::keyClick(edit, Qt::Key_Return);
  if (!checked.wait(120000)) return {};
  return checked.first();
}

}  // namespace

class DatasetCheckTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { test::isolateSettings(); }

  void mismatchIsRefusedAndMatchRuns() {
    const QString har = test::sampleOrShared({QStringLiteral("har_float.tflite")}, QString());
    if (har.isEmpty()) QSKIP("needs the bundled har sample");
    const QString expected = coreProblem(har, QStringLiteral("vibration"));
    QVERIFY2(!expected.isEmpty(), "the core accepts vibration for har: pick another mismatch");
    QVERIFY(coreProblem(har, QStringLiteral("har")).isEmpty());

    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(test::openAndWait(w, har));
    QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(w.pages()->currentWidget(), w.variantsPage());
    VariantsPage* page = w.variantsPage();
    test::tickProfiles(w, {QStringLiteral("nrf52840")});
    page->sampleLimit()->setValue(100);
    ComparisonModel* rows = w.comparisonModel();
    const int before = rows->rowCount();

    // Vibration windows (1x256x1, 3 classes) do not fit the HAR model.
    QList<QVariant> answer = chooseDataset(w, QStringLiteral("vibration"));
    QCOMPARE(answer.size(), 3);
    QCOMPARE(answer.at(2).toString(), expected);
    QVERIFY2(page->datasetCheckLabel()->text().contains(expected), qPrintable(page->datasetCheckLabel()->text()));
    QCOMPARE(page->datasetProblem(), expected);
    QVERIFY(!page->runButton()->isEnabled());
    QCOMPARE(page->runButton()->toolTip(), expected);
    QCOMPARE(w.messageBar()->kind(), MessageBar::Kind::Error);
    QSignalSpy started(w.adapter(), &CoreAdapter::runStarted);
    QTest::keyClick(&w, Qt::Key_F5);
    QTest::qWait(300);
    QVERIFY(started.isEmpty());
    QCOMPARE(rows->rowCount(), before);

    // The HAR windows fit: accepted, Run comes back, F5 adds a scored row.
    answer = chooseDataset(w, QStringLiteral("har"));
    QCOMPARE(answer.size(), 3);
    QVERIFY2(answer.at(2).toString().isEmpty(), qPrintable(answer.at(2).toString()));
    QVERIFY2(page->datasetCheckLabel()->text().contains(QStringLiteral("4 classes")),
             qPrintable(page->datasetCheckLabel()->text()));
    QVERIFY(page->datasetProblem().isEmpty());
    QVERIFY(page->runButton()->isEnabled());
    QSignalSpy finished(w.adapter(), &CoreAdapter::runFinished);
    QTest::keyClick(&w, Qt::Key_F5);
    QVERIFY(finished.wait(600000));
    QVERIFY2(finished.first().at(1).toString().isEmpty(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(rows->rowCount(), before + 1);
    QVERIFY(rows->records().back().accuracy.has_value());
    QCOMPARE(QString::fromStdString(rows->records().back().dataset).section(QLatin1Char(':'), 0, 0),
             QStringLiteral("har"));
  }
};

QTEST_MAIN(DatasetCheckTest)
#include "dataset_check_test.moc"
