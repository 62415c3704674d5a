// Opening a model fills the per-layer table with exactly the core's figures
// (model_stats, plan_memory), the memory bars with target::plan_layout's, and
// the profile panel with the profile's; the table model passes
// QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <nlohmann/json.hpp>

#include "app/gui/gui_format.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/main_window.h"
#include "app/gui/op_details.h"
#include "app/gui/memory_bars_widget.h"
#include "app/gui/profile_panel.h"
#include "core/emu/mcu_profile.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"
#include "core/target/target_run.h"
#include "gui_test_support.h"
#include "tests/support/unsupported_model.h"

using namespace tinysim;
using namespace tinysim::gui;

class LayerTableTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { test::isolateSettings(); }

  // Selecting an op shows its options and its tensors' quantization as
  // `tinysim inspect --json` reports them.
  void opDetailsEqualInspect() {
    const QString kws = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                             QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (kws.isEmpty()) QSKIP("no kws model");
    MainWindow window;
    window.show();
    QVERIFY(test::openAndWait(window, kws));
    int code = 0;
    const QByteArray out = test::runCli({QStringLiteral("inspect"), kws, QStringLiteral("--json")}, &code);
    QCOMPARE(code, 0);
    const nlohmann::json j = nlohmann::json::parse(out.toStdString());
    for (int row = 0; row < int(j.at("ops").size()); ++row) {
      window.layerView()->setCurrentIndex(window.layerView()->model()->index(row, 0));
      const QString text = window.opDetails()->toPlainText();
      const nlohmann::json& op = j.at("ops").at(size_t(row));
      QVERIFY2(text.contains(QString::fromStdString(op.at("op").get<std::string>())), qPrintable(text));
      for (const char* side : {"inputs", "outputs"})
        for (const nlohmann::json& t : op.at(side)) {
          if (!t.contains("quantization")) continue;
          Quantization q;
          q.scale = t.at("quantization").at("scale").get<std::vector<float>>();
          q.zero_point = t.at("quantization").at("zero_point").get<std::vector<int64_t>>();
          q.quantized_dimension = t.at("quantization").at("quantized_dimension").get<int>();
          QVERIFY2(text.contains(quantizationText(q)), qPrintable(text + QStringLiteral(" / ") + quantizationText(q)));
          QVERIFY(text.contains(QString::fromStdString(t.at("name").get<std::string>())));
        }
    }
    // A conv op lists its stride, padding or fused activation.
    bool conv = false;
    for (int row = 0; row < int(j.at("ops").size()); ++row)
      if (j.at("ops").at(size_t(row)).at("op") == "CONV_2D") {
        window.layerView()->setCurrentIndex(window.layerView()->model()->index(row, 0));
        const QString text = window.opDetails()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("stride")) || text.contains(QStringLiteral("padding")) ||
                     text.contains(QStringLiteral("activation")),
                 qPrintable(text));
        conv = true;
        break;
      }
    QVERIFY(conv);
  }

  void tableEqualsCoreStats_data() {
    QTest::addColumn<QString>("path");
    const QString kws = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                             QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    const QString vww = test::sharedModel(QStringLiteral("mlperf_tiny_vww_96_float.tflite"));
    const QString lstm = test::sharedModel(QStringLiteral("tflm_test_mnist_lstm_int8.tflite"));
    const QString unsupported = QString::fromStdString(
        tinysim::fixtures::write_unsupported_model(tinysim::fixtures::unsupported_model_path("gui_table")).string());
    if (!kws.isEmpty()) QTest::newRow("kws") << kws;
    if (!vww.isEmpty()) QTest::newRow("vww float") << vww;
    if (!lstm.isEmpty()) QTest::newRow("lstm") << lstm;
    if (!unsupported.isEmpty()) QTest::newRow("unsupported op") << unsupported;
  }

  void tableEqualsCoreStats() {
    QFETCH(QString, path);
    if (path.isEmpty()) QSKIP("no sample model and no ../shared models");
    MainWindow window;
    QVERIFY2(test::openAndWait(window, path), qPrintable(path));

    const Model model = load_tflite(path.toStdString()).take();
    const ModelStats stats = model_stats(model);
    const MemoryPlan plan = plan_memory(model);
    LayerTableModel* table = window.layerModel();
    QCOMPARE(table->rowCount(), int(model.ops.size()));
    QCOMPARE(table->columnCount(), int(LayerTableModel::ColumnCount));
    auto cell = [&](int row, int col) { return table->data(table->index(row, col), Qt::UserRole); };
    for (int i = 0; i < table->rowCount(); ++i) {
      const size_t op = size_t(i);
      QCOMPARE(cell(i, LayerTableModel::Index).toInt(), i);
      QCOMPARE(cell(i, LayerTableModel::Op).toString(), opLabel(model.ops[op]));
      QCOMPARE(cell(i, LayerTableModel::Params).toLongLong(), stats.ops[op].params);
      QCOMPARE(cell(i, LayerTableModel::Macs).toLongLong(), stats.ops[op].macs);
      QCOMPARE(cell(i, LayerTableModel::WeightBytes).toLongLong(), stats.ops[op].weight_bytes);
      QCOMPARE(cell(i, LayerTableModel::LiveArenaBytes).toLongLong(), plan.live_bytes[op]);
      QCOMPARE(cell(i, LayerTableModel::Outputs).toString(),
               tensorText(model.tensors[size_t(model.ops[op].outputs.at(0))]));
      // Display text is the same number, digit-grouped.
      QCOMPARE(table->data(table->index(i, LayerTableModel::Macs)).toString(), groupedNumber(stats.ops[op].macs));
    }
    // The summary states the totals.
    const QString summary = window.findChild<QLabel*>(QStringLiteral("modelSummary"))->text();
    QVERIFY(summary.contains(groupedNumber(stats.total_macs)));
    QVERIFY(summary.contains(groupedNumber(stats.total_params)));
    QVERIFY(summary.contains(bytesText(plan.arena_bytes)));
  }

  void memoryBarsEqualTargetLayout() {
    const QString path = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                              QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (path.isEmpty()) QSKIP("no sample model and no ../shared models");
    MainWindow window;
    const QStringList profiles = CoreAdapter::profileNames();
    QVERIFY2(!profiles.isEmpty(), "no MCU profiles found");
    QVERIFY(test::openAndWait(window, path));
    for (const QString& name : profiles) {
      window.profilePanel()->combo()->setCurrentText(name);  // as a user picks it
      QTRY_VERIFY_WITH_TIMEOUT(window.memoryBars()->breakdown() && window.memoryBars()->breakdown()->profile == name &&
                                   !window.adapter()->isBusy(),
                               60000);
      const emu::McuProfile profile = emu::load_profile(name.toStdString()).take();
      QCOMPARE(window.findChild<QLabel*>(QStringLiteral("profileClock"))->text(), hzText(profile.clock_hz));
      QCOMPARE(window.findChild<QLabel*>(QStringLiteral("profileRam"))->text(), kibText(profile.ram.size));
      const MemoryBreakdown& b = *window.memoryBars()->breakdown();
      Result<target::TargetLayout> layout = target::plan_layout(load_tflite(path.toStdString()).take(), profile);
      if (!layout.ok()) {
        // No firmware image in this build: the bars must say so, not invent code size.
        QVERIFY(!b.fromTarget);
        QVERIFY(b.note.contains(QString::fromUtf8(layout.error().what())));
        continue;
      }
      const target::TargetLayout& l = layout.value();
      QVERIFY(b.fromTarget);
      QCOMPARE(b.weightsBytes, qint64(l.weights_bytes));
      QCOMPARE(b.codeBytes, qint64(l.code_bytes));
      QCOMPARE(b.flashBytes(), qint64(l.flash_bytes));
      QCOMPARE(b.arenaBytes, qint64(l.arena_bytes));
      QCOMPARE(b.stackBytes, qint64(l.stack_reserve_bytes));
      QCOMPARE(b.staticBytes, qint64(l.static_ram_bytes));
      QCOMPARE(b.flashCapacity, qint64(l.flash_capacity));
      QCOMPARE(b.ramCapacity, qint64(l.ram_capacity));
      QCOMPARE(b.fits(), target::fit_problem(l).empty());
    }
  }

  void overflowIsShownRed() {
    // VWW float needs far more RAM than the smallest profile has: the bars
    // must say it does not fit and by how much.
    const QString path = test::sharedModel(QStringLiteral("mlperf_tiny_vww_96_float.tflite"));
    if (path.isEmpty()) QSKIP("needs ../shared/third_party_models/mlperf_tiny_vww_96_float.tflite");
    MainWindow window;
    QVERIFY(test::openAndWait(window, path));
    QString smallest;
    quint64 smallestRam = ~0ull;
    for (const QString& name : CoreAdapter::profileNames()) {
      const emu::McuProfile p = emu::load_profile(name.toStdString()).take();
      if (p.ram.size < smallestRam) smallestRam = p.ram.size, smallest = name;
    }
    window.profilePanel()->combo()->setCurrentText(smallest);
    QTRY_VERIFY_WITH_TIMEOUT(window.memoryBars()->breakdown() && window.memoryBars()->breakdown()->profile == smallest &&
                                 !window.adapter()->isBusy(),
                             60000);
    const MemoryBreakdown& b = *window.memoryBars()->breakdown();
    QVERIFY(b.ramBytes() > b.ramCapacity);
    QCOMPARE(b.ramOverflow(), b.ramBytes() - b.ramCapacity);
    QVERIFY(window.memoryBars()->ramVerdict().startsWith(QStringLiteral("does not fit: ") + kibText(b.ramOverflow())));
  }

  void layerModelPassesTester() {
    const QString path = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                              QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (path.isEmpty()) QSKIP("no sample model and no ../shared models");
    LayerTableModel table;
    QAbstractItemModelTester tester(&table, QAbstractItemModelTester::FailureReportingMode::QtTest);
    MainWindow window;
    QVERIFY(test::openAndWait(window, path));
    table.setModel(window.layerModel()->loadedModel());  // tester watches the reset
    QVERIFY(table.rowCount() > 0);
    table.setModel(nullptr);
    QCOMPARE(table.rowCount(), 0);
  }
};

QTEST_MAIN(LayerTableTest)
#include "layer_table_test.moc"
