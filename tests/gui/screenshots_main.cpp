// Grabs the main views of tinysim-gui into PNGs for the README:
//   tinysim_gui_screenshots OUT_DIR
// (scripts/screenshots.sh runs it on the offscreen platform). It drives the
// real window: opens models, picks profiles, runs variants, then grabs each
// page. A third-party model from ../shared is used for the layer table when
// present; the variants come from a small HAR model trained on the spot
// (or the bundled sample).
#include <QApplication>
#include <QChartView>
#include <QPushButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

#include <QDoubleSpinBox>
#include <QScrollArea>
#include <QScrollBar>

#include "app/gui/arena_timeline_widget.h"
#include "app/gui/inference_page.h"
#include "app/gui/layer_cycles_chart.h"
#include "app/gui/main_window.h"
#include "app/gui/profile_panel.h"
#include "app/gui/profiler_chart.h"
#include "app/gui/profiler_page.h"
#include "app/gui/variants_page.h"
#include "gui_test_support.h"

using namespace tinysim::gui;

namespace {

bool save(QWidget* w, const QString& dir, const QString& name) {
  QTest::qWait(150);  // let layouts and charts settle
  const QString path = QDir(dir).filePath(name);
  const bool ok = w->grab().save(path, "PNG");
  std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
  return ok;
}

bool waitIdle(MainWindow& w) {
  for (int i = 0; i < 3000 && w.adapter()->isBusy(); ++i) QTest::qWait(20);
  return !w.adapter()->isBusy();
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  test::isolateSettings();
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  const QString out = QString::fromLocal8Bit(argv[1]);
  QDir().mkpath(out);
  QTemporaryDir work;
  QString why;
  const QString har = test::floatHarModel(work.path(), &why);
  if (har.isEmpty()) {
    std::fprintf(stderr, "no model: %s\n", qPrintable(why));
    return 1;
  }

  MainWindow w;
  w.resize(1280, 800);
  w.show();
  bool ok = true;

  // Model page: a real MLPerf Tiny model if ../shared is there.
  QString tableModel = test::sharedModel(QStringLiteral("mlperf_tiny_kws_ref_int8.tflite"));
  if (tableModel.isEmpty()) tableModel = har;
  ok &= test::openAndWait(w, tableModel);
  w.pages()->setCurrentIndex(0);
  ok &= save(&w, out, QStringLiteral("layer_table.png"));

  // Memory page: fits, then an overflow (VWW float on the profile with the
  // least RAM).
  w.pages()->setCurrentIndex(1);
  w.profilePanel()->combo()->setCurrentText(QStringLiteral("stm32l4r5"));
  ok &= waitIdle(w);
  ok &= save(&w, out, QStringLiteral("memory_bars.png"));
  const QString vww = test::sharedModel(QStringLiteral("mlperf_tiny_vww_96_float.tflite"));
  if (!vww.isEmpty()) {
    QString smallest;
    quint64 smallestRam = ~0ull;
    for (const QString& name : CoreAdapter::profileNames()) {
      auto p = tinysim::emu::load_profile(name.toStdString());
      if (p.ok() && p->ram.size < smallestRam) smallestRam = p->ram.size, smallest = name;
    }
    w.profilePanel()->combo()->setCurrentText(smallest);
    ok &= test::openAndWait(w, vww);
    w.pages()->setCurrentIndex(1);
    ok &= save(&w, out, QStringLiteral("memory_overflow.png"));
  }

  // What-if: the KWS model on an STM32L4R5 slowed to 80 MHz without its
  // flash accelerator's prefetch; latency and fit follow.
  if (!tableModel.isEmpty()) {
    w.profilePanel()->combo()->setCurrentText(QStringLiteral("stm32l4r5"));
    ok &= test::openAndWait(w, tableModel);
    w.pages()->setCurrentIndex(1);
    w.profilePanel()->clockMhz()->setValue(80);
    w.profilePanel()->waitStates()->setValue(4);
    QSignalSpy inferred(w.adapter(), &CoreAdapter::inferenceReady);
    QMetaObject::invokeMethod(w.profilePanel()->applyButton(), "click");
    ok &= inferred.wait(120000);
    ok &= waitIdle(w);
    w.pages()->setCurrentIndex(1);
    ok &= save(&w, out, QStringLiteral("whatif_board.png"));
  }

  // Single inference and the profiler on the 31-layer MLPerf VWW int8 model.
  const QString vwwInt8 = test::sharedModel(QStringLiteral("mlperf_tiny_vww_96_int8.tflite"));
  if (!vwwInt8.isEmpty()) {
    w.profilePanel()->combo()->setCurrentText(QStringLiteral("stm32l4r5"));
    ok &= test::openAndWait(w, vwwInt8);
    QSignalSpy inferred(w.adapter(), &CoreAdapter::inferenceReady);
    QTest::keyClick(&w, Qt::Key_F6);
    ok &= inferred.wait(300000);
    ok &= waitIdle(w);
    ok &= save(&w, out, QStringLiteral("inference.png"));
    w.pages()->setCurrentWidget(w.profilerPage());
    ok &= save(&w, out, QStringLiteral("profiler_table.png"));
    // The op graph of the Model page, heat from this inference.
    w.pages()->setCurrentIndex(0);
    w.modelViews()->setCurrentIndex(1);
    QTest::qWait(150);
    ok &= save(&w, out, QStringLiteral("model_graph_vww.png"));
    w.modelViews()->setCurrentIndex(0);
    // The arena timeline of the 31 ops, whole (it scrolls in the window).
    w.pages()->setCurrentIndex(1);
    QTest::qWait(150);
    ok &= save(w.arenaTimeline(), out, QStringLiteral("arena_timeline_vww.png"));
    w.pages()->setCurrentWidget(w.profilerPage());
    // The chart on its own, whole (it scrolls in the window).
    ProfilerChart* chart = w.profilerPage()->chart();
    QTest::qWait(150);
    const QString path = QDir(out).filePath(QStringLiteral("profiler_chart_vww.png"));
    const bool saved = chart->view()->grab().save(path, "PNG");
    std::fprintf(stderr, "%s %s\n", saved ? "wrote" : "FAILED", qPrintable(path));
    ok &= saved;
  }

  // Variants on two MCUs: the Fashion-MNIST sample (variants differ in
  // accuracy there) if it is bundled, else the HAR model.
  QString variantsModel = test::sampleOrShared({QStringLiteral("fashion_mnist_float.tflite")}, QString());
  const bool fashion = !variantsModel.isEmpty() && variantsModel.endsWith(QStringLiteral("fashion_mnist_float.tflite"));
  if (!fashion) variantsModel = har;
  ok &= test::openAndWait(w, variantsModel);
  VariantsPage* page = w.variantsPage();
  w.pages()->setCurrentIndex(2);
  page->datasetCombo()->setEditText(fashion ? QStringLiteral("fashion-mnist") : QStringLiteral("har"));
  page->sampleLimit()->setValue(fashion ? 1000 : 500);
  page->sparsitySpin()->setValue(50);
  page->findChild<QSpinBox*>(QStringLiteral("fineTuneEpochs"))->setValue(2);
  page->ptqBox()->setChecked(true);
  page->prunedBox()->setChecked(true);
  page->qatBox()->setChecked(true);
  for (int i = 0; i < page->profileList()->count(); ++i) {
    QListWidgetItem* item = page->profileList()->item(i);
    const bool on = item->text() == QStringLiteral("nrf52840") || item->text() == QStringLiteral("stm32l4r5");
    item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
  }
  QSignalSpy finished(w.adapter(), &CoreAdapter::runFinished);
  emit page->runRequested(page->request());
  if (!finished.wait(900000)) return 1;
  // A second model in the same session: results accumulate and compare.
  ok &= test::openAndWait(w, har);
  page->datasetCombo()->setEditText(QStringLiteral("har"));
  page->sampleLimit()->setValue(500);
  {
    QSignalSpy again(w.adapter(), &CoreAdapter::runFinished);
    QTest::keyClick(&w, Qt::Key_F5);
    if (!again.wait(900000)) return 1;
  }
  w.pages()->setCurrentIndex(2);
  ok &= save(&w, out, QStringLiteral("comparison_table.png"));

  w.pages()->setCurrentIndex(5);
  w.chartTabs()->setCurrentIndex(0);
  ok &= save(&w, out, QStringLiteral("accuracy_vs_latency.png"));
  w.chartTabs()->setCurrentIndex(1);
  ok &= save(&w, out, QStringLiteral("layer_cycles.png"));
  w.chartTabs()->setCurrentIndex(2);
  ok &= save(&w, out, QStringLiteral("flash_ram.png"));
  return ok ? 0 : 1;
}
