// Grabs the main views of tinysim-gui into PNGs for the README:
//   tinysim_gui_screenshots OUT_DIR
// (scripts/screenshots.sh runs it on the offscreen platform). It drives the
// real window: opens models, picks profiles, runs variants, then grabs each
// page. A third-party model from ../shared is used for the layer table when
// present; the variants come from a small HAR model trained on the spot
// (or the bundled sample).
#include <QApplication>
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

#include "app/gui/layer_cycles_chart.h"
#include "app/gui/main_window.h"
#include "app/gui/profile_panel.h"
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
  ok &= save(&w, out, QStringLiteral("comparison_table.png"));

  w.pages()->setCurrentIndex(3);
  w.chartTabs()->setCurrentIndex(0);
  ok &= save(&w, out, QStringLiteral("accuracy_vs_latency.png"));
  w.chartTabs()->setCurrentIndex(1);
  ok &= save(&w, out, QStringLiteral("layer_cycles.png"));
  w.chartTabs()->setCurrentIndex(2);
  ok &= save(&w, out, QStringLiteral("flash_ram.png"));
  return ok ? 0 : 1;
}
