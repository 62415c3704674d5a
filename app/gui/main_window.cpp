#include "app/gui/main_window.h"

#include "build_paths.h"  // TINYSIM_SOURCE_DIR (About, fidelity figures)

#include <QApplication>
#include <QChartView>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include "app/gui/accuracy_latency_chart.h"
#include "app/gui/arena_timeline_widget.h"
#include "app/gui/chart_image.h"
#include "app/gui/comparison_model.h"
#include "app/gui/gui_format.h"
#include "app/gui/inference_page.h"
#include "app/gui/layer_cycles_chart.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/memory_bars_widget.h"
#include "app/gui/memory_chart.h"
#include "app/gui/message_bar.h"
#include "app/gui/model_summary.h"
#include "app/gui/op_details.h"
#include "app/gui/op_graph_view.h"
#include "app/gui/profile_panel.h"
#include "app/gui/profiler_chart.h"
#include "app/gui/profiler_page.h"
#include "app/gui/recent_files.h"
#include "app/gui/share_bar_delegate.h"
#include "app/gui/variants_page.h"

namespace tinysim::gui {

namespace {

const char* const kSessionKey = "session";

ProfileSource inferenceSource(const InferenceResult& r) {
  ProfileSource s;
  const auto [model, variant] = report::split_model_variant(QFileInfo(r.modelPath).completeBaseName().toStdString());
  s.model = QString::fromStdString(model);
  s.variant = variant.empty() ? QStringLiteral("as loaded") : QString::fromStdString(variant);
  s.mcu = r.mcu;
  s.title = QCoreApplication::translate("MainWindow", "%1 on %2 (single inference, %3)")
                .arg(QFileInfo(r.modelPath).fileName(), r.mcu, r.inputText);
  s.modelPath = r.modelPath;
  s.clockHz = r.clockHz;
  s.cycles = r.cycles;
  s.layers = r.layers;
  return s;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), adapter_(new CoreAdapter(this)), recent_(new RecentFiles(this)) {
  setWindowTitle(tr("TinySim"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/tinysim.png")));
  setAcceptDrops(true);

  // Pages above, the message history below: a splitter, so messages never
  // push the pages around and small windows can give the pages the room.
  auto* split = new QSplitter(Qt::Vertical, this);
  split->setObjectName(QStringLiteral("mainSplitter"));
  pages_ = new QTabWidget(split);
  pages_->setObjectName(QStringLiteral("pages"));
  messageBar_ = new MessageBar(split);
  split->addWidget(pages_);
  split->addWidget(messageBar_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 0);
  split->setCollapsible(0, false);
  split->setSizes({620, 90});
  setCentralWidget(split);

  // Model page: summary + per-layer table.
  auto* modelPage = new QWidget(pages_);
  auto* modelLayout = new QVBoxLayout(modelPage);
  summary_ = new QLabel(tr("Open a .tflite model (File ▸ Open, drag and drop, or File ▸ Samples)."), modelPage);
  summary_->setObjectName(QStringLiteral("modelSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layerModel_ = new LayerTableModel(this);
  auto* proxy = new QSortFilterProxyModel(this);
  proxy->setSourceModel(layerModel_);
  proxy->setSortRole(Qt::UserRole);
  layerView_ = new QTableView(modelPage);
  layerView_->setObjectName(QStringLiteral("layerTable"));
  layerView_->setModel(proxy);
  layerView_->setSortingEnabled(true);
  layerView_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // execution order until a click
  layerView_->horizontalHeader()->setStretchLastSection(true);
  layerView_->setAlternatingRowColors(true);
  layerView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  layerView_->verticalHeader()->hide();
  layerView_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
  layerView_->setItemDelegateForColumn(LayerTableModel::Macs, new ShareBarDelegate(QColor(0xd6, 0xe4, 0xf2), this));
  layerView_->setItemDelegateForColumn(LayerTableModel::LiveArenaBytes,
                                       new ShareBarDelegate(QColor(0xd9, 0xee, 0xd4), this));
  opDetails_ = new QTextBrowser(modelPage);
  opDetails_->setObjectName(QStringLiteral("opDetails"));
  opDetails_->setPlaceholderText(tr("Select an op to see its options and its tensors' quantization."));
  // The ops as a table or as a graph with the last run's cycles as heat.
  opGraph_ = new OpGraphView(modelPage);
  modelViews_ = new QTabWidget(modelPage);
  modelViews_->setObjectName(QStringLiteral("modelViews"));
  modelViews_->addTab(layerView_, tr("Table"));
  modelViews_->addTab(opGraph_, tr("Graph"));
  connect(opGraph_, &OpGraphView::opClicked, this, [this, proxy](int op) {
    const QModelIndex source = layerModel_->index(op, 0);
    if (source.isValid()) layerView_->setCurrentIndex(proxy->mapFromSource(source));  // shows its details below
  });
  auto* modelSplit = new QSplitter(Qt::Vertical, modelPage);
  modelSplit->addWidget(modelViews_);
  modelSplit->addWidget(opDetails_);
  modelSplit->setStretchFactor(0, 3);
  modelSplit->setStretchFactor(1, 1);
  connect(layerView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this, proxy](const QModelIndex& current) {
            const LoadedModelPtr m = layerModel_->loadedModel();
            const int row = proxy->mapToSource(current).row();
            if (m && row >= 0 && size_t(row) < m->model.ops.size()) opDetails_->setHtml(opDetailsHtml(*m, row));
          });
  modelLayout->addWidget(summary_);
  modelLayout->addWidget(modelSplit, 1);
  pages_->addTab(modelPage, tr("Model"));

  pages_->addTab(buildMemoryPage(), tr("Memory"));

  // Variants page: make, run and keep the session's results.
  comparison_ = new ComparisonModel(this);
  variantsPage_ = new VariantsPage(comparison_, pages_);
  pages_->addTab(variantsPage_, tr("Variants and results"));

  inferencePage_ = new InferencePage(pages_);
  pages_->addTab(inferencePage_, tr("Inference"));

  profilerPage_ = new ProfilerPage(comparison_, pages_);
  pages_->addTab(profilerPage_, tr("Profiler"));

  // Charts of the comparison.
  chartTabs_ = new QTabWidget(pages_);
  chartTabs_->setObjectName(QStringLiteral("chartTabs"));
  accuracyChart_ = new AccuracyLatencyChart(comparison_, chartTabs_);
  layerChart_ = new LayerCyclesChart(comparison_, chartTabs_);
  memoryChart_ = new MemoryChart(comparison_, chartTabs_);
  chartTabs_->addTab(accuracyChart_, tr("Accuracy vs latency"));
  chartTabs_->addTab(layerChart_, tr("Per-layer cycles"));
  chartTabs_->addTab(memoryChart_, tr("Flash / RAM"));
  pages_->addTab(chartTabs_, tr("Charts"));

  buildMenus();

  connect(variantsPage_, &VariantsPage::runRequested, this, [this](const VariantRequest& r) {
    messageBar_->clear();
    adapter_->runVariants(r);  // rows are added to the session; none is removed
  });
  connect(variantsPage_, &VariantsPage::cancelRequested, adapter_, &CoreAdapter::cancel);
  connect(variantsPage_, &VariantsPage::datasetChosen, adapter_, &CoreAdapter::checkDataset);
  connect(adapter_, &CoreAdapter::datasetChecked, this,
          [this](const QString& spec, const QString& summary, const QString& problem) {
            variantsPage_->setDatasetCheck(spec, summary, problem);
            if (!problem.isEmpty()) messageBar_->showError(tr("Data set refused: %1").arg(problem));
          });
  connect(variantsPage_, &VariantsPage::importRequested, adapter_, &CoreAdapter::importDataset);
  connect(adapter_, &CoreAdapter::datasetImported, this,
          [this](const QString& output, const QString& summary, const QString& error) {
            variantsPage_->onDatasetImported(output, summary, error);
            if (error.isEmpty()) messageBar_->showInfo(summary);
            else messageBar_->showError(tr("Import failed: %1").arg(error));
          });
  connect(variantsPage_, &VariantsPage::exportCsvRequested, this, &MainWindow::exportCsvDialog);
  connect(adapter_, &CoreAdapter::runStarted, variantsPage_, &VariantsPage::onRunStarted);
  connect(adapter_, &CoreAdapter::runProgress, variantsPage_, &VariantsPage::onRunProgress);
  connect(adapter_, &CoreAdapter::recordReady, comparison_, &ComparisonModel::addRecord);
  connect(adapter_, &CoreAdapter::recordReady, this, [this](const report::ResultRecord& r, const QString&) {
    const LoadedModelPtr m = layerModel_->loadedModel();
    if (m && QFileInfo(QString::fromStdString(r.path)) == QFileInfo(m->path))
      opGraph_->setCycles(r.layers, tr("%1 on %2").arg(QString::fromStdString(r.variant), QString::fromStdString(r.mcu)));
  });
  connect(adapter_, &CoreAdapter::runNote, messageBar_, &MessageBar::showInfo);
  connect(adapter_, &CoreAdapter::runFinished, variantsPage_, &VariantsPage::onRunFinished);
  connect(adapter_, &CoreAdapter::runStarted, this, &MainWindow::updateRunActions);
  connect(adapter_, &CoreAdapter::runFinished, this, [this](bool cancelled, const QString& error) {
    if (error.isEmpty())
      messageBar_->showInfo(cancelled ? tr("Run cancelled: the finished results stay in the session (%1 row(s)).")
                                            .arg(comparison_->rowCount())
                                      : tr("Run finished: %1 row(s) in the session.").arg(comparison_->rowCount()));
    updateRunActions();
  });
  connect(adapter_, &CoreAdapter::profileSelected, variantsPage_, [this](const emu::McuProfile& p) {
    const bool builtin = CoreAdapter::profileNames().contains(QString::fromStdString(p.name));
    variantsPage_->setProfileChecked(QString::fromStdString(p.name), builtin ? QString() : QString::fromStdString(p.path));
  });

  connect(inferencePage_, &InferencePage::inferenceRequested, adapter_, &CoreAdapter::runInference);
  connect(adapter_, &CoreAdapter::inferenceReady, this, [this](const InferenceResult& r) {
    inferencePage_->showResult(r);
    if (const LoadedModelPtr m = layerModel_->loadedModel(); m && QFileInfo(r.modelPath) == QFileInfo(m->path))
      opGraph_->setCycles(r.layers, tr("single inference on %1").arg(r.mcu));
    profilerPage_->addInference(inferenceSource(r));
    whatIfLatency_->setText(tr("Latency on %1: %2 ms (%3 cycles, one inference on %4)%5")
                                .arg(r.mcu)
                                .arg(r.latencyMs, 0, 'f', 3)
                                .arg(groupedNumber(qint64(r.cycles)), r.inputText,
                                     r.agrees() ? QString() : tr(" — emulator and host outputs differ")));
    messageBar_->showInfo(tr("Inference of %1 on %2: %3 ms, %4 cycles; emulator and host outputs %5.")
                              .arg(QFileInfo(r.modelPath).fileName(), r.mcu)
                              .arg(r.latencyMs, 0, 'f', 3)
                              .arg(groupedNumber(qint64(r.cycles)), r.agrees() ? tr("identical") : tr("differ")));
  });
  connect(profilerPage_, &ProfilerPage::message, this,
          [this](const QString& text, bool error) { error ? messageBar_->showError(text) : messageBar_->showInfo(text); });

  connect(adapter_, &CoreAdapter::errorOccurred, messageBar_, &MessageBar::showError);
  connect(adapter_, &CoreAdapter::modelLoading, this,
          [this](const QString& path) { statusBar()->showMessage(tr("Loading %1 …").arg(path)); });
  connect(adapter_, &CoreAdapter::modelLoaded, this, &MainWindow::onModelLoaded);
  connect(adapter_, &CoreAdapter::profileSelected, profilePanel_, &ProfilePanel::setProfile);
  connect(profilePanel_, &ProfilePanel::profileRequested, adapter_, &CoreAdapter::selectProfile);
  connect(profilePanel_, &ProfilePanel::editedProfileRequested, this, [this](const emu::McuProfile& p) {
    messageBar_->clear();
    // The latency follows the fit: one inference on the edited board.
    if (adapter_->applyProfile(p) && adapter_->model() && runBlocked_.isEmpty())
      adapter_->runInference({}, inferencePage_->seed());
  });
  connect(profilePanel_, &ProfilePanel::message, this,
          [this](const QString& text, bool error) { error ? messageBar_->showError(text) : messageBar_->showInfo(text); });
  connect(adapter_, &CoreAdapter::memoryReady, this, [this](const MemoryBreakdown& b) {
    memoryBars_->setBreakdown(b);
    memoryNote_->setText(b.note);
    if (!b.fits())
      messageBar_->showWarning(tr("%1 does not fit %2: %3").arg(QFileInfo(adapter_->model()->path).fileName(), b.profile,
                                                              b.note.isEmpty() ? memoryBars_->ramVerdict() : b.note));
  });
  connect(adapter_, &CoreAdapter::busyChanged, this, [this](bool busy) {
    if (!busy) statusBar()->clearMessage();
    inferencePage_->setBusy(busy);
  });

  const QStringList profiles = CoreAdapter::profileNames();
  profilePanel_->setProfileNames(profiles);
  variantsPage_->setProfileNames(profiles, QString());
  if (profiles.isEmpty()) {
    messageBar_->showWarning(tr("No MCU profiles found (mcu_models/profiles): set TINYSIM_PROFILE_DIR."));
  } else {
    const QString last = QSettings().value(QStringLiteral("profile")).toString();
    adapter_->selectProfile(profiles.contains(last) ? last : profiles.first());
  }
  updateRunActions();

  // The last session comes back on start.
  const QString last = QSettings().value(QString::fromLatin1(kSessionKey)).toString();
  if (!last.isEmpty() && QFileInfo::exists(last) && loadSession(last))
    messageBar_->showInfo(tr("Reopened the session %1 (%2 row(s)).").arg(last).arg(comparison_->rowCount()));
  resize(1100, 720);
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildMemoryPage() {
  auto* memPage = new QSplitter(Qt::Horizontal, pages_);
  memPage->setObjectName(QStringLiteral("memorySplitter"));
  auto* scroll = new QScrollArea(memPage);
  profilePanel_ = new ProfilePanel(scroll);
  scroll->setWidget(profilePanel_);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(260);
  auto* right = new QWidget(memPage);
  auto* rightLayout = new QVBoxLayout(right);
  memoryBars_ = new MemoryBarsWidget(right);
  memoryNote_ = new QLabel(right);
  memoryNote_->setObjectName(QStringLiteral("memoryNote"));
  memoryNote_->setWordWrap(true);
  whatIfLatency_ = new QLabel(tr("Latency on this board: press Apply on the what-if board, or run an inference (F6)."),
                              right);
  whatIfLatency_->setObjectName(QStringLiteral("whatIfLatency"));
  whatIfLatency_->setWordWrap(true);
  // The arena timeline: one row per op, so it scrolls on deep models.
  auto* timelineTitle = new QLabel(tr("<b>Arena timeline</b> — activation tensors by offset (→) and lifetime (↓), "
                                      "from the planner (the target's arena adds kernel scratch)"),
                                   right);
  timelineTitle->setWordWrap(true);
  arenaTimeline_ = new ArenaTimelineWidget(right);
  auto* timelineScroll = new QScrollArea(right);
  timelineScroll->setObjectName(QStringLiteral("arenaTimelineScroll"));
  timelineScroll->setWidget(arenaTimeline_);
  timelineScroll->setWidgetResizable(true);
  timelineScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  rightLayout->addWidget(memoryBars_);
  rightLayout->addWidget(memoryNote_);
  rightLayout->addWidget(whatIfLatency_);
  rightLayout->addWidget(timelineTitle);
  rightLayout->addWidget(timelineScroll, 1);
  memPage->addWidget(scroll);
  memPage->addWidget(right);
  memPage->setStretchFactor(1, 1);
  memPage->setSizes({380, 700});
  return memPage;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open model…"), this,
                                  &MainWindow::openModelDialog);
  open->setShortcut(QKeySequence::Open);
  samplesMenu_ = file->addMenu(tr("&Samples"));
  const QStringList samples = CoreAdapter::sampleModelPaths();
  for (const QString& path : samples)
    samplesMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openModel(path); });
  if (samples.isEmpty()) samplesMenu_->addAction(tr("(no sample models found)"))->setEnabled(false);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  connect(recent_, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(tr("&New session"), this, &MainWindow::newSession);
  file->addAction(tr("Open &session…"), this, &MainWindow::openSessionDialog);
  QAction* saveSessionAction = file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton),
                                               tr("Save session &as…"), this, &MainWindow::saveSessionDialog);
  saveSessionAction->setShortcut(QKeySequence::Save);
  file->addSeparator();
  QAction* exportCsv = file->addAction(tr("Export results as &CSV…"), this, &MainWindow::exportCsvDialog);
  QAction* exportPng = file->addAction(tr("Export charts as &PNG…"), this, &MainWindow::exportChartsDialog);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  runAction_ = run->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run model"), this,
                              &MainWindow::runLoadedModel);
  runAction_->setObjectName(QStringLiteral("runAction"));
  runAction_->setShortcut(Qt::Key_F5);
  inferAction_ = run->addAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("Single &inference"), this,
                                &MainWindow::runInference);
  inferAction_->setObjectName(QStringLiteral("inferAction"));
  inferAction_->setShortcut(Qt::Key_F6);
  cancelAction_ = run->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Cancel run"), adapter_,
                                 &CoreAdapter::cancel);
  cancelAction_->setShortcut(Qt::Key_Escape);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < pages_->count(); ++i) {
    QAction* a = view->addAction(pages_->tabText(i), this, [this, i] { pages_->setCurrentIndex(i); });
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    pages_->setTabToolTip(i, tr("%1 (%2)").arg(pages_->tabText(i), a->shortcut().toString(QKeySequence::NativeText)));
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About TinySim"), this, &MainWindow::showAbout);
  help->addAction(tr("&Fidelity figures"), this, [] {
    QDesktopServices::openUrl(QUrl::fromLocalFile(QStringLiteral(TINYSIM_SOURCE_DIR "/benchmarks/fidelity/fidelity.md")));
  });

  QToolBar* tools = addToolBar(tr("Main"));
  tools->setObjectName(QStringLiteral("mainToolbar"));
  tools->setMovable(false);
  tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  exportCsv->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
  exportPng->setIcon(style()->standardIcon(QStyle::SP_FileDialogContentsView));
  tools->addAction(open);
  tools->addSeparator();
  tools->addAction(runAction_);
  tools->addAction(inferAction_);
  tools->addAction(cancelAction_);
  tools->addSeparator();
  tools->addAction(saveSessionAction);
  tools->addAction(exportCsv);
  tools->addAction(exportPng);
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList files = recent_->files();
  for (const QString& f : files) recentMenu_->addAction(f, this, [this, f] { openModel(f); });
  if (files.isEmpty()) {
    recentMenu_->addAction(tr("(none yet)"))->setEnabled(false);
  } else {
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("Clear list"), recent_, &RecentFiles::clear);
  }
}

void MainWindow::updateRunActions() {
  const bool running = adapter_->isRunning();
  const bool haveModel = adapter_->model() != nullptr;
  const QString why = !haveModel ? tr("Open a model first") : runBlocked_;
  runAction_->setEnabled(!running && why.isEmpty());
  runAction_->setToolTip(why.isEmpty() ? tr("Run the loaded model as it is on the ticked MCUs (F5)") : why);
  runAction_->setStatusTip(runAction_->toolTip());
  inferAction_->setEnabled(why.isEmpty());
  inferAction_->setToolTip(why.isEmpty() ? tr("One inference on the Inference page's input (F6)") : why);
  cancelAction_->setEnabled(running);
  inferencePage_->setRunnable(why.isEmpty(), why);
  variantsPage_->setRunBlocked(haveModel ? runBlocked_ : QString());
}

void MainWindow::runLoadedModel() {
  if (!runAction_->isEnabled()) return;
  VariantRequest r = variantsPage_->request();
  r.original = true;
  r.ptq = r.pruned = r.qat = false;
  if (const QString problem = variantsPage_->datasetProblem(); !problem.isEmpty()) {
    messageBar_->showError(tr("Not run: %1").arg(problem));  // refused before anything starts
    return;
  }
  messageBar_->clear();
  adapter_->runVariants(r);
}

void MainWindow::runInference() {
  if (!inferAction_->isEnabled()) return;
  pages_->setCurrentWidget(inferencePage_);
  adapter_->runInference(inferencePage_->inputFiles(), inferencePage_->seed());
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About TinySim"),
      tr("<h3>TinySim %1</h3>"
         "<p>TinyML models on an emulated Cortex-M4: the model runs as real Thumb-2 code of TinySim's runtime on "
         "an emulated MCU, and its outputs equal the host kernels' bit for bit.</p>"
         "<p><b>Cycles, latency and energy are predictions</b> of a documented timing model (per-instruction "
         "costs, flash wait states and the flash accelerator, see core/emu/README.md), not measurements on a "
         "board. How close they come to published MLPerf Tiny figures is in the "
         "<a href='%2'>fidelity figures</a>.</p>")
          .arg(QStringLiteral(TINYSIM_VERSION),
               QUrl::fromLocalFile(QStringLiteral(TINYSIM_SOURCE_DIR "/benchmarks/fidelity/fidelity.md")).toString()));
}

void MainWindow::openModelDialog() {
  const QString dir = QSettings().value(QStringLiteral("lastDir")).toString();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), dir, tr("TFLite models (*.tflite);;All files (*)"));
  if (!path.isEmpty()) openModel(path);
}

void MainWindow::openModel(const QString& path) {
  messageBar_->clear();
  QSettings().setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
  adapter_->openModel(path);
}

void MainWindow::onModelLoaded(const LoadedModelPtr& model) {
  layerModel_->setModel(model);
  variantsPage_->setModel(model);
  arenaTimeline_->setModel(model);
  opGraph_->setModel(&model->model);
  layerView_->resizeColumnsToContents();
  // Room for the share bars to be read.
  for (int c : {int(LayerTableModel::Macs), int(LayerTableModel::LiveArenaBytes)})
    layerView_->setColumnWidth(c, std::max(layerView_->columnWidth(c), 150));
  summary_->setText(modelSummaryHtml(*model));
  setWindowTitle(tr("TinySim — %1").arg(QFileInfo(model->path).fileName()));
  recent_->add(model->path);
  memoryBars_->clear();
  opDetails_->clear();
  runBlocked_.clear();
  if (model->unsupportedOps > 0) {
    QStringList ops;  // the core's support check (the op registry) decides
    for (const ModelReportRow& row : model->report.ops)
      if (!row.firmware && !ops.contains(QString::fromStdString(row.op))) ops << QString::fromStdString(row.op);
    runBlocked_ = tr("Cannot run %1: TinySim has no kernel for %2 yet. You can still inspect the model here.")
                      .arg(QFileInfo(model->path).fileName(), ops.join(QStringLiteral(", ")));
    messageBar_->showWarning(tr("%1 has %2 op(s) TinySim cannot run yet (%3): the table shows them; running it is "
                                "not possible.")
                                 .arg(QFileInfo(model->path).fileName())
                                 .arg(model->unsupportedOps)
                                 .arg(ops.join(QStringLiteral(", "))));
  }
  updateRunActions();
}

bool MainWindow::exportCsv(const QString& path) {
  QSaveFile f(path);
  const QByteArray bytes = comparison_->csv().toUtf8();
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
    messageBar_->showError(tr("%1: cannot write the CSV (%2) (choose a writable folder)").arg(path, f.errorString()));
    return false;
  }
  messageBar_->showInfo(tr("Wrote %1 row(s) to %2").arg(comparison_->rowCount()).arg(path));
  return true;
}

QStringList MainWindow::exportCharts(const QString& dir, const std::function<bool(const QStringList&)>& overwriteOk) {
  QStringList written;
  const std::pair<QChartView*, QString> charts[] = {{accuracyChart_, QStringLiteral("accuracy_vs_latency.png")},
                                                    {layerChart_->view(), QStringLiteral("layer_cycles.png")},
                                                    {memoryChart_, QStringLiteral("flash_ram.png")},
                                                    {profilerPage_->chart()->view(), QStringLiteral("profiler_layers.png")}};
  QStringList existing;
  for (const auto& chart : charts)
    if (QFileInfo::exists(QDir(dir).filePath(chart.second))) existing << QDir(dir).filePath(chart.second);
  if (!existing.isEmpty() && (!overwriteOk || !overwriteOk(existing))) {
    messageBar_->showInfo(tr("Charts not exported: %1 exist(s) already in %2.").arg(existing.size()).arg(dir));
    return written;
  }
  for (const auto& [view, name] : charts) {
    // On screen: the size the user sees; hidden tab: a fixed report size.
    QSize size = view->isVisible() && view->width() >= 400 ? view->size() : QSize(1100, 650);
    size.setHeight(std::max(size.height(), view->minimumHeight()));  // the profiler's tall chart
    const QString path = QDir(dir).filePath(name);
    if (!renderChartImage(view, size).save(path, "PNG")) {
      messageBar_->showError(tr("%1: cannot write the PNG (choose a writable folder)").arg(path));
      return written;
    }
    written << path;
  }
  messageBar_->showInfo(tr("Saved %1 chart(s) to %2").arg(written.size()).arg(dir));
  return written;
}

void MainWindow::exportCsvDialog() {
  if (comparison_->rowCount() == 0) {
    messageBar_->showWarning(tr("Nothing to export yet: run a model (F5) or variants first."));
    return;
  }
  const QString path = QFileDialog::getSaveFileName(this, tr("Export results"), QStringLiteral("tinysim_results.csv"),
                                                    tr("CSV files (*.csv)"));
  if (!path.isEmpty()) exportCsv(path);
}

void MainWindow::exportChartsDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the chart PNGs"));
  if (dir.isEmpty()) return;
  exportCharts(dir, [this](const QStringList& existing) {
    return QMessageBox::question(this, tr("Replace the charts?"),
                                 tr("%1 already exist(s):\n%2\n\nReplace them?")
                                     .arg(existing.size())
                                     .arg(existing.join(QLatin1Char('\n'))),
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
  });
}

Session MainWindow::session() const {
  Session s;
  s.modelPath = adapter_->model() ? adapter_->model()->path : QString();
  for (size_t i = 0; i < comparison_->records().size(); ++i)
    s.rows.push_back({comparison_->records()[i], comparison_->howMade(i)});
  return s;
}

QString MainWindow::autosavePath() {
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  QDir().mkpath(dir);
  return QDir(dir).filePath(QStringLiteral("last") + QString::fromLatin1(kSessionSuffix));
}

bool MainWindow::saveSession(const QString& path) {
  const QString error = gui::saveSession(path, session());
  if (!error.isEmpty()) {
    messageBar_->showError(error);
    return false;
  }
  sessionPath_ = path;
  QSettings().setValue(QString::fromLatin1(kSessionKey), path);
  return true;
}

bool MainWindow::loadSession(const QString& path) {
  Result<Session> loaded = gui::loadSession(path);
  if (!loaded.ok()) {
    messageBar_->showError(QString::fromUtf8(loaded.error().what()));
    return false;
  }
  comparison_->clear();
  for (const SessionRow& row : loaded->rows) comparison_->addRecord(row.record, row.howMade);
  sessionPath_ = path;
  QSettings().setValue(QString::fromLatin1(kSessionKey), path);
  if (!loaded->modelPath.isEmpty() && QFileInfo::exists(loaded->modelPath) && !adapter_->model())
    openModel(loaded->modelPath);
  return true;
}

void MainWindow::newSession() {
  if (comparison_->rowCount() > 0 &&
      QMessageBox::question(this, tr("New session"),
                            tr("Remove the %1 result row(s) of this session? (Save it first to keep them.)")
                                .arg(comparison_->rowCount()),
                            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
    return;
  comparison_->clear();
  sessionPath_.clear();
  QSettings().remove(QString::fromLatin1(kSessionKey));
}

void MainWindow::openSessionDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(),
                                                    tr("TinySim sessions (*%1);;All files (*)").arg(QString::fromLatin1(kSessionSuffix)));
  if (!path.isEmpty() && loadSession(path))
    messageBar_->showInfo(tr("Opened the session %1 (%2 row(s)).").arg(path).arg(comparison_->rowCount()));
}

void MainWindow::saveSessionDialog() {
  const bool named = !sessionPath_.isEmpty() && sessionPath_ != autosavePath();
  QString path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                              named ? sessionPath_ : QStringLiteral("results.tinysim.json"),
                                              tr("TinySim sessions (*%1)").arg(QString::fromLatin1(kSessionSuffix)));
  if (path.isEmpty()) return;
  if (!path.endsWith(QString::fromLatin1(kSessionSuffix))) path += QString::fromLatin1(kSessionSuffix);
  if (saveSession(path)) messageBar_->showInfo(tr("Saved %1 row(s) to %2").arg(comparison_->rowCount()).arg(path));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile()) {
      const QString path = url.toLocalFile();
      if (path.endsWith(QString::fromLatin1(kSessionSuffix))) loadSession(path);
      else openModel(path);
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!profilePanel_->currentName().isEmpty())
    QSettings().setValue(QStringLiteral("profile"), profilePanel_->currentName());
  // The session comes back next time. It goes to the app's own file: a
  // session saved by name is only written when the user saves it.
  if (gui::saveSession(autosavePath(), session()).isEmpty())
    QSettings().setValue(QString::fromLatin1(kSessionKey), autosavePath());
  QMainWindow::closeEvent(event);
}

}  // namespace tinysim::gui
