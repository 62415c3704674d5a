// The Model page's graph view: one box per op of the core's model, one edge
// per (op, input tensor written by an earlier op); after a single inference
// (F6) every box's heat and tooltip are that layer's cycles from the
// inference, the hottest layer is full red; a click on a box selects its row
// in the op table and shows its details.
#include <QComboBox>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <algorithm>
#include <set>

#include "app/gui/gui_format.h"
#include "app/gui/main_window.h"
#include "app/gui/op_graph_view.h"
#include "app/gui/profile_panel.h"
#include "app/gui/single_inference.h"
#include "core/model/tflite_reader.h"
#include "gui_test_support.h"

using namespace tinysim;
using namespace tinysim::gui;

class OpGraphTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { test::isolateSettings(); }

  void graphMatchesTheModelAndTakesTheInferenceHeat() {
    const QString kws = test::sampleOrShared({QStringLiteral("kws_int8.tflite")},
                                             QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
    if (kws.isEmpty()) QSKIP("no kws model");
    const Model model = load_tflite(kws.toStdString()).take();
    int expectEdges = 0;
    {
      std::set<int> written;
      for (const Operator& op : model.ops) {
        for (int t : std::set<int>(op.inputs.begin(), op.inputs.end())) expectEdges += written.count(t) ? 1 : 0;
        for (int t : op.outputs) written.insert(t);
      }
    }
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.profilePanel()->combo()->setCurrentText(QStringLiteral("stm32l4r5"));
    QVERIFY(test::openAndWait(w, kws));
    OpGraphView* g = w.opGraph();
    QCOMPARE(g->nodeCount(), int(model.ops.size()));
    QCOMPARE(g->edgeCount(), expectEdges);
    QVERIFY(g->heatSource().isEmpty());

    QSignalSpy inferred(w.adapter(), &CoreAdapter::inferenceReady);
    QTest::keyClick(&w, Qt::Key_F6);
    QVERIFY(inferred.wait(300000));
    const InferenceResult r = inferred.first().first().value<InferenceResult>();
    QCOMPARE(int(r.layers.size()), g->nodeCount());
    QVERIFY(g->heatSource().contains(QStringLiteral("stm32l4r5")));
    const auto hottest = std::max_element(r.layers.begin(), r.layers.end(),
                                          [](const auto& a, const auto& b) { return a.cycles < b.cycles; });
    QCOMPARE(g->nodeColor(hottest->layer), OpGraphView::heatColor(1.0));
    for (const auto& l : r.layers) {
      QCOMPARE(g->nodeColor(l.layer), OpGraphView::heatColor(double(l.cycles) / double(hottest->cycles)));
      QVERIFY2(g->nodeToolTip(l.layer).contains(groupedNumber(qint64(l.cycles)) + QStringLiteral(" cycles")),
               qPrintable(g->nodeToolTip(l.layer)));
    }

    // Click the last op's box: its row is selected, its details shown.
    w.pages()->setCurrentIndex(0);
    w.modelViews()->setCurrentWidget(g);
    const int last = g->nodeCount() - 1;
    QGraphicsRectItem* box = nullptr;
    for (QGraphicsItem* item : g->scene()->items())
      if (item->data(0).isValid() && item->data(0).toInt() == last) box = static_cast<QGraphicsRectItem*>(item);
    QVERIFY(box);
    g->centerOn(box);
    QTest::qWait(50);
    const QPoint at = g->mapFromScene(box->sceneBoundingRect().center());
    QTest::mouseClick(g->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(w.layerView()->currentIndex().row(), last);
    QVERIFY(w.opDetails()->toPlainText().contains(QString::fromLatin1(op_name(model.ops[size_t(last)].type))));
  }
};

QTEST_MAIN(OpGraphTest)
#include "op_graph_test.moc"
