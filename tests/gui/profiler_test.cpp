// Single inference and the per-layer profiler: F6 runs one inference on the
// chosen input; its outputs equal `tinysim run --json --random SEED` and the
// host kernels'; the profiler table's layers equal that run's layers (cycles,
// instructions, flash stalls, MACs, cycles/MAC, ms, share); it sorts,
// exports as CSV and the chart has one readable row per layer, also for the
// 31-layer MLPerf VWW model.
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/gui/comparison_model.h"
#include "app/gui/inference_page.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/main_window.h"
#include "app/gui/profile_panel.h"
#include "app/gui/profiler_chart.h"
#include "app/gui/profiler_page.h"
#include "app/gui/profiler_table_model.h"
#include "app/gui/variants_page.h"
#include "core/report/csv.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

class ProfilerTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<MainWindow> window_;
  const QString mcu_ = QStringLiteral("stm32l4r5");

  // Opens `model` and runs one inference (seed 7) with F6; the CLI's run of the same.
  bool inferAndCompare(const QString& model, nlohmann::json* cli) {
    if (!test::openAndWait(*window_, model)) return false;
    window_->profilePanel()->combo()->setCurrentText(mcu_);
    for (int i = 0; i < 1500 && window_->adapter()->isBusy(); ++i) QTest::qWait(20);
    window_->inferencePage()->seedSpin()->setValue(7);
    QSignalSpy ready(window_->adapter(), &CoreAdapter::inferenceReady);
    QTest::keyClick(window_.get(), Qt::Key_F6);
    if (!ready.wait(300000)) return false;
    int code = 0;
    QString err;
    const QByteArray out = test::runCli({QStringLiteral("run"), model, QStringLiteral("--mcu"), mcu_,
                                         QStringLiteral("--random"), QStringLiteral("7"), QStringLiteral("--json")},
                                        &code, &err);
    if (code != 0) qWarning("%s", qPrintable(err));
    *cli = nlohmann::json::parse(out.toStdString());
    return true;
  }

  void checkTableEqualsCli(const nlohmann::json& cli) {
    ProfilerPage* page = window_->profilerPage();
    ProfilerTableModel* t = page->tableModel();
    const nlohmann::json& layers = cli.at("layers");
    QCOMPARE(t->rowCount(), int(layers.size()));
    const double clock = cli.at("clock_hz").get<double>();
    const double total = cli.at("cycles").get<double>();
    auto v = [&](int row, int col) { return t->data(t->index(row, col), Qt::UserRole); };
    for (int i = 0; i < t->rowCount(); ++i) {
      const nlohmann::json& l = layers[size_t(i)];
      QCOMPARE(v(i, ProfilerTableModel::Index).toInt(), l.at("index").get<int>());
      QCOMPARE(v(i, ProfilerTableModel::Op).toString(), QString::fromStdString(l.at("op").get<std::string>()));
      QCOMPARE(v(i, ProfilerTableModel::Cycles).toULongLong(), l.at("cycles").get<quint64>());
      QCOMPARE(v(i, ProfilerTableModel::Instructions).toULongLong(), l.at("instructions").get<quint64>());
      QCOMPARE(v(i, ProfilerTableModel::FlashStalls).toULongLong(), l.at("flash_stall_cycles").get<quint64>());
      QCOMPARE(v(i, ProfilerTableModel::Macs).toLongLong(), l.at("macs").get<qint64>());
      if (l.at("macs").get<qint64>() > 0)
        QCOMPARE(v(i, ProfilerTableModel::CyclesPerMac).toDouble(), l.at("cycles_per_mac").get<double>());
      else
        QVERIFY(!v(i, ProfilerTableModel::CyclesPerMac).isValid());
      QCOMPARE(v(i, ProfilerTableModel::Ms).toDouble(), 1e3 * l.at("cycles").get<double>() / clock);
      QCOMPARE(v(i, ProfilerTableModel::Share).toDouble(), 100.0 * l.at("cycles").get<double>() / total);
      // Live bytes: the same figure the Model page shows for this op.
      LayerTableModel* lt = window_->layerModel();
      QCOMPARE(v(i, ProfilerTableModel::ArenaLive).toLongLong(),
               lt->data(lt->index(l.at("index").get<int>(), LayerTableModel::LiveArenaBytes), Qt::UserRole).toLongLong());
      QVERIFY(!v(i, ProfilerTableModel::Outputs).toString().isEmpty());
    }
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    window_ = std::make_unique<MainWindow>();
    window_->resize(1200, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_.get()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  }

  void singleInferenceEqualsTinysimRun() {
    const QString model = test::sampleOrShared({QStringLiteral("kws_int8.tflite")}, QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (model.isEmpty()) QSKIP("no kws model");
    nlohmann::json cli;
    QVERIFY(inferAndCompare(model, &cli));
    InferencePage* inf = window_->inferencePage();
    QCOMPARE(window_->pages()->currentWidget(), inf);
    QVERIFY2(inf->summaryLabel()->text().contains(QStringLiteral("identical output bytes")),
             qPrintable(inf->summaryLabel()->text()));
    // The stored output values are the CLI's, element by element.
    const nlohmann::json& out = cli.at("outputs").at(0);
    QCOMPARE(inf->outputTable()->rowCount(), int(out.size()));
    for (int k = 0; k < int(out.size()); ++k)
      QCOMPARE(inf->outputTable()->item(k, 4)->text().toDouble(), out[size_t(k)].get<double>());
    QVERIFY(inf->summaryLabel()->text().contains(QString::number(cli.at("latency_ms").get<double>(), 'f', 3)));

    ProfilerPage* page = window_->profilerPage();
    QVERIFY(page->sourceCombo()->currentText().contains(QStringLiteral("single inference")));
    checkTableEqualsCli(cli);
  }

  void tableSortsAndExports() {
    ProfilerPage* page = window_->profilerPage();
    ProfilerTableModel* t = page->tableModel();
    if (t->rowCount() == 0) QSKIP("no profile above");
    QTableView* view = page->tableView();
    view->sortByColumn(ProfilerTableModel::Cycles, Qt::DescendingOrder);
    quint64 maxCycles = 0;
    for (int i = 0; i < t->rowCount(); ++i)
      maxCycles = std::max(maxCycles, t->data(t->index(i, ProfilerTableModel::Cycles), Qt::UserRole).toULongLong());
    QCOMPARE(view->model()->index(0, ProfilerTableModel::Cycles).data(Qt::UserRole).toULongLong(), maxCycles);
    view->sortByColumn(-1, Qt::AscendingOrder);

    const QString csv = dir_.filePath(QStringLiteral("layers.csv"));
    QVERIFY(page->exportCsv(csv).isEmpty());
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto rows = report::parse_csv(f.readAll().toStdString());
    QCOMPARE(int(rows.size()), t->rowCount() + 1);
    QCOMPARE(QString::fromStdString(rows[0][5]), QStringLiteral("cycles"));
    for (int i = 0; i < t->rowCount(); ++i)
      QCOMPARE(QString::fromStdString(rows[size_t(i) + 1][5]).toULongLong(),
               t->data(t->index(i, ProfilerTableModel::Cycles), Qt::UserRole).toULongLong());

    ProfilerChart* chart = page->chart();
    QCOMPARE(chart->setCount(), 1);
    QCOMPARE(chart->categories().size(), t->rowCount());
    // Bars go bottom-up (layer 0 drawn at the top): bar n-1-i is row i.
    const int n = t->rowCount();
    for (int i = 0; i < n; ++i) {
      QCOMPARE(chart->barSet(0)->at(n - 1 - i),
               double(t->data(t->index(i, ProfilerTableModel::Cycles), Qt::UserRole).toULongLong()));
      QVERIFY(chart->categories().at(n - 1 - i).startsWith(QStringLiteral("#%1 ").arg(i)));
    }
    const QString hover = chart->hoverText(0, 0);
    QVERIFY2(hover.contains(t->data(t->index(0, ProfilerTableModel::Cycles)).toString()), qPrintable(hover));
    QVERIFY(chart->view()->chart()->title().contains(mcu_));
  }

  void benchRowsAreProfiledToo() {
    // F5 (the model as loaded on the ticked MCUs): the row's layers in the profiler.
    const QString har = test::sampleOrShared({QStringLiteral("har_int8.tflite")}, QString());
    if (har.isEmpty()) QSKIP("needs the bundled har sample");
    QVERIFY(test::openAndWait(*window_, har));
    test::tickProfiles(*window_, {mcu_});
    window_->variantsPage()->datasetCombo()->setEditText(QStringLiteral("har"));
    window_->variantsPage()->sampleLimit()->setValue(50);
    QSignalSpy finished(window_->adapter(), &CoreAdapter::runFinished);
    QTest::keyClick(window_.get(), Qt::Key_F5);
    QVERIFY(finished.wait(300000));
    ProfilerPage* page = window_->profilerPage();
    const auto& records = window_->comparisonModel()->records();
    QVERIFY(!records.empty());
    page->sourceCombo()->setCurrentIndex(0);
    ProfilerTableModel* t = page->tableModel();
    QCOMPARE(t->rowCount(), int(records[0].layers.size()));
    for (int i = 0; i < t->rowCount(); ++i) {
      QCOMPARE(t->data(t->index(i, ProfilerTableModel::Cycles), Qt::UserRole).toULongLong(), records[0].layers[size_t(i)].cycles);
      QCOMPARE(t->data(t->index(i, ProfilerTableModel::FlashStalls), Qt::UserRole).toULongLong(),
               records[0].layers[size_t(i)].flash_stall_cycles);
    }
  }

  void thirtyOneLayersStayReadable() {
    const QString vww = test::sharedModel(QStringLiteral("mlperf_tiny_vww_96_int8.tflite"));
    if (vww.isEmpty()) QSKIP("needs ../shared/third_party_models/mlperf_tiny_vww_96_int8.tflite");
    nlohmann::json cli;
    QVERIFY(inferAndCompare(vww, &cli));
    QCOMPARE(int(cli.at("layers").size()), 31);
    checkTableEqualsCli(cli);
    window_->pages()->setCurrentWidget(window_->profilerPage());
    ProfilerChart* chart = window_->profilerPage()->chart();
    QCOMPARE(chart->categories().size(), 31);
    // Every category gets two text lines of height (Qt Charts elides a label
    // to "..." with less, which the earlier screenshots showed).
    const int line = chart->fontMetrics().height();
    QVERIFY2(chart->view()->minimumHeight() >= 31 * 2 * line, qPrintable(QString::number(chart->view()->minimumHeight())));
    QTest::qWait(100);
    QVERIFY(chart->view()->height() >= chart->view()->minimumHeight());
  }
};

QTEST_MAIN(ProfilerTest)
#include "profiler_test.moc"
