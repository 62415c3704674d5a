#include "app/gui/main_window.h"

#include <QApplication>
#include <QChartView>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include "app/gui/accuracy_latency_chart.h"
#include "app/gui/chart_image.h"
#include "app/gui/comparison_model.h"
#include "app/gui/layer_cycles_chart.h"
#include "app/gui/layer_table_model.h"
#include "app/gui/memory_chart.h"
#include "app/gui/variants_page.h"
#include "app/gui/memory_bars_widget.h"
#include "app/gui/message_bar.h"
#include "app/gui/model_summary.h"
#include "app/gui/profile_panel.h"
#include "app/gui/recent_files.h"
#include "app/gui/share_bar_delegate.h"

namespace tinysim::gui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), adapter_(new CoreAdapter(this)), recent_(new RecentFiles(this)) {
  setWindowTitle(tr("TinySim"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/tinysim.png")));
  setAcceptDrops(true);

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(6, 6, 6, 6);
  messageBar_ = new MessageBar(central);
  layout->addWidget(messageBar_);
  pages_ = new QTabWidget(central);
  pages_->setObjectName(QStringLiteral("pages"));
  layout->addWidget(pages_, 1);
  setCentralWidget(central);

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
  layerView_->setAlternatingRowColors(true);
  layerView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  layerView_->verticalHeader()->hide();
  layerView_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
  layerView_->setItemDelegateForColumn(LayerTableModel::Macs, new ShareBarDelegate(QColor(0xd6, 0xe4, 0xf2), this));
  layerView_->setItemDelegateForColumn(LayerTableModel::LiveArenaBytes,
                                       new ShareBarDelegate(QColor(0xd9, 0xee, 0xd4), this));
  modelLayout->addWidget(summary_);
  modelLayout->addWidget(layerView_, 1);
  pages_->addTab(modelPage, tr("Model"));

  // Memory page: profile picker + bars.
  auto* memPage = new QWidget(pages_);
  auto* memLayout = new QHBoxLayout(memPage);
  profilePanel_ = new ProfilePanel(memPage);
  profilePanel_->setMaximumWidth(380);
  auto* right = new QVBoxLayout;
  memoryBars_ = new MemoryBarsWidget(memPage);
  memoryNote_ = new QLabel(memPage);
  memoryNote_->setObjectName(QStringLiteral("memoryNote"));
  memoryNote_->setWordWrap(true);
  right->addWidget(memoryBars_);
  right->addWidget(memoryNote_);
  right->addStretch(1);
  memLayout->addWidget(profilePanel_, 0, Qt::AlignTop);
  memLayout->addLayout(right, 1);
  pages_->addTab(memPage, tr("Memory"));

  // Variants page: make, run and compare.
  comparison_ = new ComparisonModel(this);
  variantsPage_ = new VariantsPage(comparison_, pages_);
  pages_->addTab(variantsPage_, tr("Variants"));

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
    comparison_->clear();
    adapter_->runVariants(r);
  });
  connect(variantsPage_, &VariantsPage::cancelRequested, adapter_, &CoreAdapter::cancel);
  connect(variantsPage_, &VariantsPage::exportCsvRequested, this, &MainWindow::exportCsvDialog);
  connect(adapter_, &CoreAdapter::runStarted, variantsPage_, &VariantsPage::onRunStarted);
  connect(adapter_, &CoreAdapter::runProgress, variantsPage_, &VariantsPage::onRunProgress);
  connect(adapter_, &CoreAdapter::recordReady, comparison_, &ComparisonModel::addRecord);
  connect(adapter_, &CoreAdapter::runNote, messageBar_, &MessageBar::showInfo);
  connect(adapter_, &CoreAdapter::runFinished, variantsPage_, &VariantsPage::onRunFinished);
  connect(adapter_, &CoreAdapter::profileSelected, variantsPage_,
          [this](const emu::McuProfile& p) { variantsPage_->setProfileChecked(QString::fromStdString(p.name)); });

  connect(adapter_, &CoreAdapter::errorOccurred, messageBar_, &MessageBar::showError);
  connect(adapter_, &CoreAdapter::modelLoading, this,
          [this](const QString& path) { statusBar()->showMessage(tr("Loading %1 …").arg(path)); });
  connect(adapter_, &CoreAdapter::modelLoaded, this, &MainWindow::onModelLoaded);
  connect(adapter_, &CoreAdapter::profileSelected, profilePanel_, &ProfilePanel::setProfile);
  connect(profilePanel_, &ProfilePanel::profileRequested, adapter_, &CoreAdapter::selectProfile);
  connect(adapter_, &CoreAdapter::memoryReady, this, [this](const MemoryBreakdown& b) {
    memoryBars_->setBreakdown(b);
    memoryNote_->setText(b.note);
    if (!b.fits())
      messageBar_->showWarning(tr("%1 does not fit %2: %3").arg(QFileInfo(adapter_->model()->path).fileName(), b.profile,
                                                              b.note.isEmpty() ? memoryBars_->ramVerdict() : b.note));
  });
  connect(adapter_, &CoreAdapter::busyChanged, this, [this](bool busy) {
    if (!busy) statusBar()->clearMessage();
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
  resize(1100, 720);
}

MainWindow::~MainWindow() = default;

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
  QAction* exportCsv = file->addAction(tr("Export comparison as &CSV…"), this, &MainWindow::exportCsvDialog);
  QAction* exportPng = file->addAction(tr("Export charts as &PNG…"), this, &MainWindow::exportChartsDialog);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QToolBar* tools = addToolBar(tr("Main"));
  tools->setObjectName(QStringLiteral("mainToolbar"));
  tools->setMovable(false);
  tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  exportCsv->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
  exportPng->setIcon(style()->standardIcon(QStyle::SP_FileDialogContentsView));
  tools->addAction(open);
  tools->addSeparator();
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
  layerView_->resizeColumnsToContents();
  // Room for the share bars to be read.
  for (int c : {int(LayerTableModel::Macs), int(LayerTableModel::LiveArenaBytes)})
    layerView_->setColumnWidth(c, std::max(layerView_->columnWidth(c), 150));
  summary_->setText(modelSummaryHtml(*model));
  setWindowTitle(tr("TinySim — %1").arg(QFileInfo(model->path).fileName()));
  recent_->add(model->path);
  memoryBars_->clear();
  if (model->unsupportedOps > 0)
    messageBar_->showWarning(tr("%1 has %2 op(s) TinySim cannot run yet: the table shows them; variants and target "
                                "runs are not possible.")
                                 .arg(QFileInfo(model->path).fileName())
                                 .arg(model->unsupportedOps));
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

QStringList MainWindow::exportCharts(const QString& dir) {
  QStringList written;
  const std::pair<QChartView*, QString> charts[] = {{accuracyChart_, QStringLiteral("accuracy_vs_latency.png")},
                                                    {layerChart_->view(), QStringLiteral("layer_cycles.png")},
                                                    {memoryChart_, QStringLiteral("flash_ram.png")}};
  for (const auto& [view, name] : charts) {
    // On screen: the size the user sees; hidden tab: a fixed report size.
    const QSize size = view->isVisible() && view->width() >= 400 ? view->size() : QSize(1100, 650);
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
    messageBar_->showWarning(tr("Nothing to export yet: run variants on the Variants page first."));
    return;
  }
  const QString path = QFileDialog::getSaveFileName(this, tr("Export comparison"), QStringLiteral("tinysim_results.csv"),
                                                    tr("CSV files (*.csv)"));
  if (!path.isEmpty()) exportCsv(path);
}

void MainWindow::exportChartsDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the chart PNGs"));
  if (!dir.isEmpty()) exportCharts(dir);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile()) {
      openModel(url.toLocalFile());
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!profilePanel_->currentName().isEmpty())
    QSettings().setValue(QStringLiteral("profile"), profilePanel_->currentName());
  QMainWindow::closeEvent(event);
}

}  // namespace tinysim::gui
