// The Memory page's arena timeline shows the core's plan: every arena tensor
// at its planned offset and lifetime, the peak op and the arena size as
// `tinysim inspect --json` reports them; hovering a tensor names it. Driven as
// a person would: open the model, Ctrl+2 to the Memory page, move the mouse.
#include <QApplication>
#include <QComboBox>
#include <QHelpEvent>
#include <QScrollArea>
#include <QTabWidget>
#include <QTest>
#include <QToolTip>
#include <nlohmann/json.hpp>

#include "app/gui/arena_timeline_widget.h"
#include "app/gui/gui_format.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/main_window.h"
#include "app/gui/memory_bars_widget.h"
#include "app/gui/profile_panel.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

namespace {

// Shows the window, opens `path` and goes to the Memory page with Ctrl+2.
bool openOnMemoryPage(MainWindow& window, const QString& path) {
  window.show();
  if (!QTest::qWaitForWindowExposed(&window) || !test::openAndWait(window, path)) return false;
  QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
  return window.pages()->currentIndex() == 1;
}

}  // namespace

class ArenaTimelineTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { test::isolateSettings(); }

  void timelineEqualsThePlan_data() {
    QTest::addColumn<QString>("path");
    const QString kws = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                             QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (!kws.isEmpty()) QTest::newRow("kws") << kws;
    // 31 ops: the rows must stay readable and scroll.
    const QString vww = test::sharedModel(QStringLiteral("mlperf_tiny_vww_96_int8.tflite"));
    if (!vww.isEmpty()) QTest::newRow("vww") << vww;
    if (kws.isEmpty() && vww.isEmpty()) QTest::newRow("none") << QString();
  }

  void timelineEqualsThePlan() {
    QFETCH(QString, path);
    if (path.isEmpty()) QSKIP("no sample model and no ../shared models");
    MainWindow window;
    QVERIFY(openOnMemoryPage(window, path));
    ArenaTimelineWidget* timeline = window.findChild<ArenaTimelineWidget*>(QStringLiteral("arenaTimeline"));
    QVERIFY(timeline);
    QTRY_VERIFY(timeline->isVisible());

    int code = 0;
    const nlohmann::json j =
        nlohmann::json::parse(test::runCli({QStringLiteral("inspect"), path, QStringLiteral("--json")}, &code).toStdString());
    QCOMPARE(code, 0);
    QCOMPARE(timeline->arenaBytes(), j.at("arena_bytes").get<qint64>());
    // The peak op is the one `inspect` reports the most live bytes for.
    qint64 most = -1;
    int mostOp = -1;
    for (const nlohmann::json& op : j.at("ops"))
      if (op.at("live_bytes").get<qint64>() > most) most = op.at("live_bytes").get<qint64>(), mostOp = op.at("index").get<int>();
    QCOMPARE(timeline->peakOp(), mostOp);
    QCOMPARE(timeline->peakBytes(), most);
    QVERIFY(timeline->peakBytes() <= timeline->arenaBytes());

    // One block per arena tensor, where the core's planner put it.
    const Model model = load_tflite(path.toStdString()).take();
    const MemoryPlan plan = plan_memory(model);
    int inArena = 0;
    for (size_t t = 0; t < plan.offsets.size(); ++t) inArena += plan.offsets[t] >= 0 && plan.sizes[t] > 0;
    QCOMPARE(timeline->blocks().size(), inArena);
    for (const ArenaTimelineWidget::Block& b : timeline->blocks()) {
      const size_t t = size_t(b.tensor);
      QCOMPARE(b.offset, qint64(plan.offsets[t]));
      QCOMPARE(b.bytes, qint64(plan.sizes[t]));
      QCOMPARE(b.firstOp, plan.first_op[t]);
      QCOMPARE(b.lastOp, plan.last_op[t]);
      QVERIFY(b.rect.width() > 0 && b.rect.height() > 0);
      QVERIFY2(b.rect.right() <= timeline->width() && b.rect.bottom() <= timeline->height(), "block drawn outside");
    }
    // Rows are drawn in execution order, a row per op, none squeezed below a text line.
    QVERIFY(timeline->height() >= int(model.ops.size()) * timeline->fontMetrics().height());
    auto* scroll = qobject_cast<QScrollArea*>(timeline->parentWidget()->parentWidget());
    QVERIFY2(scroll, "the timeline sits in a scroll area");

    // Hovering the largest tensor shows its name and bytes.
    const ArenaTimelineWidget::Block* big = nullptr;
    for (const ArenaTimelineWidget::Block& b : timeline->blocks())
      if (!big || b.bytes > big->bytes) big = &b;
    QVERIFY(big);
    scroll->ensureVisible(int(big->rect.center().x()), int(big->rect.top() + 4));
    // A point inside the block and no smaller block.
    QPoint at;
    bool found = false;
    for (qreal y = big->rect.top() + 2; y < big->rect.bottom() && !found; y += 3)
      for (qreal x = big->rect.left() + 1; x < big->rect.right() && !found; x += 3)
        if (timeline->tensorAt(QPointF(x, y)) == big->tensor) at = QPointF(x, y).toPoint(), found = true;
    QVERIFY(found);
    QTest::mouseMove(timeline, at);
    QHelpEvent help(QEvent::ToolTip, at, timeline->mapToGlobal(at));
    QApplication::sendEvent(timeline, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(QString::fromStdString(model.tensors[size_t(big->tensor)].name)), qPrintable(tip));
    QVERIFY2(tip.contains(bytesText(big->bytes)), qPrintable(tip));
    QVERIFY2(tip.contains(groupedNumber(big->offset)), qPrintable(tip));
  }

  // The Memory page's bars carry the byte counts `tinysim run --json` prints
  // for the same model and MCU, the Model page the `inspect --json` ones, and
  // the arena segment says what it counts (activations plus scratch).
  void memoryPageEqualsTinysimRun() {
    const QString path = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                              QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (path.isEmpty()) QSKIP("no sample model and no ../shared models");
    MainWindow window;
    QVERIFY(openOnMemoryPage(window, path));
    window.profilePanel()->combo()->setCurrentText(QStringLiteral("stm32l4r5"));
    QTRY_VERIFY_WITH_TIMEOUT(window.memoryBars()->breakdown() &&
                                 window.memoryBars()->breakdown()->profile == QStringLiteral("stm32l4r5") &&
                                 !window.adapter()->isBusy(),
                             60000);
    int code = 0;
    const QByteArray out = test::runCli(
        {QStringLiteral("run"), path, QStringLiteral("--mcu"), QStringLiteral("stm32l4r5"), QStringLiteral("--random"),
         QStringLiteral("1"), QStringLiteral("--json")},
        &code);
    QCOMPARE(code, 0);
    const nlohmann::json run = nlohmann::json::parse(out.toStdString());
    const MemoryBreakdown& b = *window.memoryBars()->breakdown();
    QCOMPARE(b.arenaBytes, run.at("arena_bytes").get<qint64>());
    QCOMPARE(b.weightsBytes, run.at("weights_bytes").get<qint64>());
    QCOMPARE(b.codeBytes, run.at("code_bytes").get<qint64>());
    QCOMPARE(b.staticBytes, run.at("static_ram_bytes").get<qint64>());
    QCOMPARE(b.ramCapacity, run.at("ram_capacity").get<qint64>());
    // The planner's arena (Model page, timeline) is the activations alone and
    // never more than the target's, which adds kernel scratch.
    const nlohmann::json insp =
        nlohmann::json::parse(test::runCli({QStringLiteral("inspect"), path, QStringLiteral("--json")}, &code).toStdString());
    QCOMPARE(code, 0);
    QCOMPARE(window.arenaTimeline()->arenaBytes(), insp.at("arena_bytes").get<qint64>());
    QVERIFY(window.arenaTimeline()->arenaBytes() <= b.arenaBytes);
    QCOMPARE(window.layerModel()->loadedModel()->stats.weight_bytes, insp.at("weight_bytes").get<int64_t>());

    // Hover the RAM bar's first segment (the arena).
    MemoryBarsWidget* bars = window.memoryBars();
    const QPoint at(16, bars->height() / 2 + 12 + bars->fontMetrics().height() + 4 + 6);
    QTest::mouseMove(bars, at);
    QHelpEvent help(QEvent::ToolTip, at, bars->mapToGlobal(at));
    QApplication::sendEvent(bars, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(bytesText(b.arenaBytes)) && tip.contains(QStringLiteral("scratch")), qPrintable(tip));
  }
};

QTEST_MAIN(ArenaTimelineTest)
#include "arena_timeline_test.moc"
