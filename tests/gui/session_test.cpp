// A session of results: runs of two models add rows (none is wiped), each row
// says how its variant was made, rows can be filtered and removed, a failed
// check changes nothing, Cancel keeps what finished, and the session saved as
// .tinysim.json and reloaded (by hand, or on start) equals what was shown.
// The rows are the core's: equal to `tinysim bench --json` for the same files.
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/gui/accuracy_latency_chart.h"
#include "app/gui/comparison_model.h"
#include "app/gui/main_window.h"
#include "app/gui/message_bar.h"
#include "app/gui/session_file.h"
#include "app/gui/variants_page.h"
#include "core/report/json_report.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

namespace {

std::vector<nlohmann::json> rowsJson(const ComparisonModel& m) {
  std::vector<nlohmann::json> out;
  for (size_t i = 0; i < m.records().size(); ++i) {
    nlohmann::json j = report::to_json(m.records()[i]);
    j["how_made"] = m.howMade(i).toStdString();
    out.push_back(j);
  }
  return out;
}

}  // namespace

class SessionTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString har_, vibration_;
  std::unique_ptr<MainWindow> window_;
  const QString mcu_ = QStringLiteral("nrf52840");

  // Opens `model`, sets its data set (limit 100) and presses F5.
  bool runModel(const QString& model, const QString& dataset) {
    if (!test::openAndWait(*window_, model)) return false;
    VariantsPage* page = window_->variantsPage();
    page->datasetCombo()->setEditText(dataset);
    page->sampleLimit()->setValue(dataset.isEmpty() ? 0 : 100);
    test::tickProfiles(*window_, {mcu_});
    QSignalSpy finished(window_->adapter(), &CoreAdapter::runFinished);
    QTest::keyClick(window_.get(), Qt::Key_F5);
    if (!finished.wait(600000)) return false;
    return finished.first().at(1).toString().isEmpty();
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    har_ = test::sampleOrShared({QStringLiteral("har_float.tflite")}, QString());
    const QString vibration = test::sampleOrShared({QStringLiteral("vibration_int8.tflite")}, QString());
    if (har_.isEmpty() || vibration.isEmpty()) QSKIP("needs the bundled har and vibration samples");
    // A copy away from its recipe: a model without a data set.
    vibration_ = dir_.filePath(QStringLiteral("vibration_int8.tflite"));
    QVERIFY(QFile::copy(vibration, vibration_));
    window_ = std::make_unique<MainWindow>();
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_.get()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  }

  void runsOfTwoModelsAccumulate() {
    QVERIFY(window_->runAction()->isEnabled() == false);  // no model yet
    QVERIFY(runModel(har_, QStringLiteral("har")));
    QCOMPARE(window_->comparisonModel()->rowCount(), 1);
    QVERIFY(runModel(vibration_, QString()));  // no data set: latency and memory only
    ComparisonModel* m = window_->comparisonModel();
    QCOMPARE(m->rowCount(), 2);  // the first model's row is still there
    QCOMPARE(QString::fromStdString(m->records()[0].model), QStringLiteral("har"));
    QCOMPARE(QString::fromStdString(m->records()[1].model), QStringLiteral("vibration"));
    QCOMPARE(m->howMade(0), QStringLiteral("as loaded"));
    QVERIFY(m->records()[0].accuracy.has_value());
    QVERIFY(!m->records()[1].accuracy.has_value());
  }

  void rowsEqualTinysimBench() {
    ComparisonModel* m = window_->comparisonModel();
    if (m->rowCount() != 2) QSKIP("the runs above failed");
    const std::pair<QString, QString> runs[] = {{har_, QStringLiteral("har:100")}, {vibration_, QString()}};
    for (size_t i = 0; i < 2; ++i) {
      const QString json = dir_.filePath(QStringLiteral("bench%1.json").arg(i));
      QStringList args{QStringLiteral("bench"), runs[i].first, QStringLiteral("--mcu"), mcu_,
                       QStringLiteral("--csv"), dir_.filePath(QStringLiteral("bench.csv")), QStringLiteral("--json"),
                       json, QStringLiteral("--latency-samples"), QStringLiteral("1")};
      if (!runs[i].second.isEmpty()) args << QStringLiteral("--data") << runs[i].second;
      int code = 0;
      QString err;
      test::runCli(args, &code, &err);
      QVERIFY2(code == 0, qPrintable(err));
      QFile f(json);
      QVERIFY(f.open(QIODevice::ReadOnly));
      const nlohmann::json cli = nlohmann::json::parse(f.readAll().toStdString());
      QCOMPARE(int(cli.at("results").size()), 1);
      QCOMPARE(report::to_json(m->records()[i]).dump(), cli.at("results").at(0).dump());
    }
  }

  void failedCheckChangesNothing() {
    ComparisonModel* m = window_->comparisonModel();
    const auto before = rowsJson(*m);
    test::tickProfiles(*window_, {});  // no MCU ticked
    QSignalSpy errors(window_->adapter(), &CoreAdapter::errorOccurred);
    QTest::keyClick(window_.get(), Qt::Key_F5);
    QTRY_VERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("No MCU profile")),
             qPrintable(errors.first().at(0).toString()));
    QCOMPARE(window_->messageBar()->kind(), MessageBar::Kind::Error);
    QVERIFY(rowsJson(*m) == before);
  }

  void chartsWorkWithoutAccuracy() {
    // A session holding only the latency-and-memory row still draws a chart.
    ComparisonModel only;
    const ComparisonModel* m = window_->comparisonModel();
    if (m->rowCount() != 2) QSKIP("the runs above failed");
    only.addRecord(m->records()[1], m->howMade(1));
    AccuracyLatencyChart chart(&only);
    QVERIFY(chart.showsLatencyVsMemory());
    QCOMPARE(chart.pointCount(), 1);
    QVERIFY(chart.hoverText(0, 0).contains(QString::number(m->records()[1].latency_ms, 'f', 3)));
    QVERIFY(chart.chart()->title().contains(QStringLiteral("vibration")));
    QVERIFY(chart.chart()->title().contains(mcu_));
  }

  void filterAndRemoveRows() {
    VariantsPage* page = window_->variantsPage();
    ComparisonModel* m = window_->comparisonModel();
    if (m->rowCount() != 2) QSKIP("the runs above failed");
    QTest::keyClicks(page->filterEdit(), QStringLiteral("vibration"));
    QCOMPARE(page->resultsProxy()->rowCount(), 1);
    page->filterEdit()->clear();
    QCOMPARE(page->resultsProxy()->rowCount(), 2);

    // Remove one row through a copy, keep the window's session for the save test.
    ComparisonModel copy;
    for (size_t i = 0; i < m->records().size(); ++i) copy.addRecord(m->records()[i], m->howMade(i));
    copy.removeRecords({0, 0});
    QCOMPARE(copy.rowCount(), 1);
    QCOMPARE(copy.records()[0].model, m->records()[1].model);
  }

  void savedAndReloadedEqual() {
    ComparisonModel* m = window_->comparisonModel();
    if (m->rowCount() != 2) QSKIP("the runs above failed");
    const QString path = dir_.filePath(QStringLiteral("two_models.tinysim.json"));
    QVERIFY(window_->saveSession(path));
    const auto shown = rowsJson(*m);
    {
      MainWindow other;  // reopens the last session on start
      QCOMPARE(other.sessionPath(), path);
      QVERIFY(rowsJson(*other.comparisonModel()) == shown);
      QVERIFY(other.loadSession(path));
      QVERIFY(rowsJson(*other.comparisonModel()) == shown);
    }
    // A bad session file is refused with one line and changes nothing.
    const QString bad = dir_.filePath(QStringLiteral("bad.tinysim.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"results\": 3}");
    f.close();
    QVERIFY(!window_->loadSession(bad));
    QVERIFY(window_->messageBar()->text().contains(bad));
    QVERIFY(!window_->messageBar()->text().contains(QLatin1Char('\n')));
    QVERIFY(rowsJson(*m) == shown);
  }

  void closingKeepsTheSessionForNextStart() {
    ComparisonModel* m = window_->comparisonModel();
    const auto shown = rowsJson(*m);
    window_->close();
    MainWindow next;
    QVERIFY(rowsJson(*next.comparisonModel()) == shown);
    window_->show();
  }

  void cancelKeepsFinishedRows() {
    ComparisonModel* m = window_->comparisonModel();
    const auto before = rowsJson(*m);
    VariantsPage* page = window_->variantsPage();
    QVERIFY(test::openAndWait(*window_, har_));
    page->datasetCombo()->setEditText(QString());
    page->sampleLimit()->setValue(0);
    VariantRequest r = page->request();
    r.original = true;
    r.ptq = r.pruned = r.qat = false;
    r.dataset.clear();
    r.profiles = CoreAdapter::profileNames();  // every built-in MCU, many emulated runs each
    r.latencySamples = 40;
    QSignalSpy records(window_->adapter(), &CoreAdapter::recordReady);
    QSignalSpy finished(window_->adapter(), &CoreAdapter::runFinished);
    emit page->runRequested(r);
    QVERIFY(records.wait(300000));  // the first MCU's row is finished
    QTest::mouseClick(page->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(300000));
    const bool cancelled = finished.first().at(0).toBool();
    QVERIFY(finished.first().at(1).toString().isEmpty());
    // Every row finished before the cancel is kept, after the earlier ones.
    QCOMPARE(m->rowCount(), int(before.size()) + records.count());
    QVERIFY(records.count() >= 1);
    if (cancelled) QVERIFY(records.count() < int(r.profiles.size()));
    const auto after = rowsJson(*m);
    QVERIFY(std::equal(before.begin(), before.end(), after.begin()));
    QCOMPARE(m->records()[before.size()].cycles, records.first().at(0).value<report::ResultRecord>().cycles);
  }
};

QTEST_MAIN(SessionTest)
#include "session_test.moc"
