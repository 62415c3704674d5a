// Variants made and run from the GUI: the comparison table equals what the
// core's bench engine measures for the same files; the exported CSV equals
// `tinysim bench --csv` for the same models and profiles; the charts plot the
// same numbers; Cancel stops a run and the window keeps working.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "app/gui/accuracy_latency_chart.h"
#include "app/gui/comparison_model.h"
#include "app/gui/layer_cycles_chart.h"
#include "app/gui/main_window.h"
#include "app/gui/memory_chart.h"
#include "app/gui/message_bar.h"
#include "app/gui/variants_page.h"
#include "core/report/bench.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

namespace {

// CSV rows split into fields (no quoted commas in the bench's numeric
// columns; quoted text fields are compared as whole lines anyway).
QList<QStringList> readCsv(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QList<QStringList> rows;
  for (const QByteArray& line : f.readAll().split('\n'))
    if (!line.isEmpty()) rows << QString::fromUtf8(line).split(QLatin1Char(','));
  return rows;
}

}  // namespace

class VariantsTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString model_;
  QStringList profiles_;
  std::unique_ptr<MainWindow> window_;
  const QString dataset_ = QStringLiteral("har:200");

 private slots:
  void initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    QString why;
    model_ = test::floatHarModel(dir_.path(), &why);
    QVERIFY2(!model_.isEmpty(), qPrintable(why));
    const QStringList all = CoreAdapter::profileNames();
    QVERIFY(all.size() >= 1);
    for (const QString& want : {QStringLiteral("nrf52840"), QStringLiteral("stm32l4r5")})
      if (all.contains(want)) profiles_ << want;
    if (profiles_.isEmpty()) profiles_ << all.first();
    window_ = std::make_unique<MainWindow>();
    window_->show();
    QVERIFY(test::openAndWait(*window_, model_));
  }

  void runVariantsFromTheForm() {
    VariantsPage* page = window_->variantsPage();
    page->originalBox()->setChecked(true);
    page->datasetCombo()->setEditText(QStringLiteral("har"));
    page->sampleLimit()->setValue(200);
    QVERIFY(page->ptqBox()->isEnabled());
    page->ptqBox()->setChecked(true);
    QVERIFY2(page->prunedBox()->isEnabled(), "pruning needs a labelled data set: har is one");
    page->prunedBox()->setChecked(true);
    page->sparsitySpin()->setValue(50);
    page->qatBox()->setChecked(true);
    for (int i = 0; i < page->profileList()->count(); ++i) {
      QListWidgetItem* item = page->profileList()->item(i);
      item->setCheckState(profiles_.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    const VariantRequest req = page->request();
    QCOMPARE(req.dataset, dataset_);
    QCOMPARE(req.profiles, profiles_);

    QSignalSpy progress(window_->adapter(), &CoreAdapter::runProgress);
    QSignalSpy finished(window_->adapter(), &CoreAdapter::runFinished);
    QTest::mouseClick(page->runButton(), Qt::LeftButton);
    // The click returned while the work goes on elsewhere: the GUI thread is free.
    QVERIFY(window_->adapter()->isRunning());
    QVERIFY(finished.isEmpty());
    QVERIFY(page->cancelButton()->isEnabled());  // running: Cancel offered
    QVERIFY(finished.wait(900000));
    QCOMPARE(finished.first().at(0).toBool(), false);               // not cancelled
    QVERIFY2(finished.first().at(1).toString().isEmpty(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(progress.count() > 0);
    QCOMPARE(page->progressBar()->value(), page->progressBar()->maximum());
    // as loaded + int8 + pruned_int8 + qat_int8, on each profile.
    QCOMPARE(window_->adapter()->lastRunFiles().size(), 4);
    QCOMPARE(window_->comparisonModel()->rowCount(), 4 * int(profiles_.size()));
  }

  void tableEqualsCoreBench() {
    ComparisonModel* table = window_->comparisonModel();
    if (table->rowCount() == 0) QSKIP("the run above failed");
    report::BenchRequest br;
    for (const QString& f : window_->adapter()->lastRunFiles()) br.models.push_back(f.toStdString());
    br.dataset = dataset_.toStdString();
    for (const QString& p : profiles_) br.profiles.push_back(p.toStdString());
    br.latency_samples = 1;
    report::RecordCollector core;
    std::atomic<bool> cancel{false};
    auto outcome = report::run_bench(br, core, cancel);
    QVERIFY2(outcome.ok(), outcome.ok() ? "" : outcome.error().what());
    QCOMPARE(table->rowCount(), int(core.records.size()));
    auto v = [&](int row, int col) { return table->data(table->index(row, col), Qt::UserRole); };
    QSet<QString> variants;
    for (int i = 0; i < table->rowCount(); ++i) {
      const report::ResultRecord& r = core.records[size_t(i)];
      QCOMPARE(v(i, ComparisonModel::Model).toString(), QString::fromStdString(r.model));
      QCOMPARE(v(i, ComparisonModel::Variant).toString(), QString::fromStdString(r.variant));
      QCOMPARE(v(i, ComparisonModel::Mcu).toString(), QString::fromStdString(r.mcu));
      QVERIFY(r.accuracy.has_value());
      QCOMPARE(v(i, ComparisonModel::Accuracy).toDouble(), *r.accuracy);
      if (r.agreement) QCOMPARE(v(i, ComparisonModel::Agreement).toDouble(), *r.agreement);
      QCOMPARE(v(i, ComparisonModel::LatencyMs).toDouble(), r.latency_ms);
      QCOMPARE(v(i, ComparisonModel::Cycles).toULongLong(), r.cycles);
      QCOMPARE(v(i, ComparisonModel::RamBytes).toULongLong(), r.ram_peak_bytes);
      QCOMPARE(v(i, ComparisonModel::FlashBytes).toULongLong(), r.flash_bytes);
      QCOMPARE(v(i, ComparisonModel::EnergyUj).toDouble(), r.energy_uj);
      QCOMPARE(v(i, ComparisonModel::Fits).toBool(), r.fits);
      QVERIFY(r.cycles > 0);
      variants << QString::fromStdString(r.variant);
    }
    QCOMPARE(variants, (QSet<QString>{QStringLiteral("float"), QStringLiteral("int8"), QStringLiteral("pruned_int8"),
                                      QStringLiteral("qat_int8")}));
  }

  void csvEqualsTinysimBench() {
    if (window_->comparisonModel()->rowCount() == 0) QSKIP("the run above failed");
    const QString guiCsv = dir_.filePath(QStringLiteral("gui.csv"));
    const QString cliCsv = dir_.filePath(QStringLiteral("cli.csv"));
    QVERIFY(window_->exportCsv(guiCsv));
    QStringList args{QStringLiteral("bench")};
    args << window_->adapter()->lastRunFiles();
    args << QStringLiteral("--data") << dataset_ << QStringLiteral("--mcu") << profiles_.join(QLatin1Char(','))
         << QStringLiteral("--csv") << cliCsv << QStringLiteral("--latency-samples") << QStringLiteral("1");
    QProcess cli;
    cli.start(QStringLiteral(TINYSIM_CLI), args);
    QVERIFY(cli.waitForFinished(900000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

    const QList<QStringList> gui = readCsv(guiCsv), ref = readCsv(cliCsv);
    QVERIFY(gui.size() > 1);
    QCOMPARE(gui.first(), ref.first());  // same columns, same order
    // No column of the bench CSV is volatile (no timestamps or wall times);
    // should one be added, it would be listed here and skipped.
    const QStringList volatileColumns{};
    QCOMPARE(gui.size(), ref.size());
    for (qsizetype row = 1; row < gui.size(); ++row)
      for (qsizetype col = 0; col < gui[row].size(); ++col) {
        if (volatileColumns.contains(gui.first()[col])) continue;
        QCOMPARE(gui[row][col], ref[row][col]);
      }
  }

  void chartsPlotTheRecords() {
    ComparisonModel* table = window_->comparisonModel();
    if (table->rowCount() == 0) QSKIP("the run above failed");
    const auto& records = table->records();
    QCOMPARE(window_->accuracyChart()->pointCount(), int(records.size()));  // all have accuracy here
    // Hovering a point names its variant and MCU and shows the measured figures.
    const QString hover = window_->accuracyChart()->hoverText(0, 0);
    QVERIFY2(hover.contains(QString::fromStdString(records[0].variant)) &&
                 hover.contains(QString::fromStdString(records[0].mcu)) &&
                 hover.contains(QString::number(records[0].latency_ms, 'f', 3)) &&
                 hover.contains(QString::number(100.0 * *records[0].accuracy, 'f', 2)),
             qPrintable(hover));
    LayerCyclesChart* layers = window_->layerChart();
    QCOMPARE(layers->setCount(), 4);  // one bar set per variant on the chosen MCU
    for (int s = 0; s < layers->setCount(); ++s) {
      const auto& r = records[layers->recordOf(s)];
      QCOMPARE(QString::fromStdString(r.mcu), layers->mcuCombo()->currentText());
      QCOMPARE(layers->barSet(s)->count(), int(r.layers.size()));
      for (int i = 0; i < layers->barSet(s)->count(); ++i)
        QCOMPARE(layers->barSet(s)->at(i), double(r.layers[size_t(i)].cycles));
    }
    MemoryChart* mem = window_->memoryChart();
    QCOMPARE(mem->flashSet()->count(), int(records.size()));
    for (int i = 0; i < mem->flashSet()->count(); ++i) {
      QCOMPARE(mem->flashSet()->at(i), double(records[size_t(i)].flash_bytes) / 1024.0);
      QCOMPARE(mem->ramSet()->at(i), double(records[size_t(i)].ram_peak_bytes) / 1024.0);
    }
    const QStringList pngs = window_->exportCharts(dir_.path());
    QCOMPARE(pngs.size(), 4);  // the three charts and the profiler's
    for (const QString& p : pngs) {
      const QImage img(p);
      QVERIFY2(!img.isNull() && img.width() >= 200, qPrintable(p));
    }
  }

  void comparisonModelPassesTester() {
    ComparisonModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const auto& r : window_->comparisonModel()->records()) model.addRecord(r);
    QCOMPARE(model.rowCount(), window_->comparisonModel()->rowCount());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
  }

  void cancelStopsTheRunAndTheAppSurvives() {
    VariantsPage* page = window_->variantsPage();
    // A run long enough to cancel: QAT over many epochs on the whole train split.
    page->originalBox()->setChecked(false);
    page->ptqBox()->setChecked(false);
    page->prunedBox()->setChecked(false);
    page->qatBox()->setChecked(true);
    page->sampleLimit()->setValue(0);
    VariantRequest r = page->request();
    r.fineTuneEpochs = 50;
    QSignalSpy progress(window_->adapter(), &CoreAdapter::runProgress);
    QSignalSpy finished(window_->adapter(), &CoreAdapter::runFinished);
    emit page->runRequested(r);
    QVERIFY(progress.wait(120000));
    QTest::mouseClick(page->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().at(0).toBool(), true);  // cancelled
    QVERIFY(finished.first().at(1).toString().isEmpty());
    QVERIFY(!window_->adapter()->isRunning());
    QVERIFY(page->runButton()->isEnabled());
    // Still alive and responsive: a model opens afterwards.
    QVERIFY(test::openAndWait(*window_, model_));
  }
};

QTEST_MAIN(VariantsTest)
#include "variants_test.moc"
