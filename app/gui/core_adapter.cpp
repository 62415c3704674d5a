#include "app/gui/core_adapter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"

namespace tinysim::gui {

namespace {

Result<LoadedModelPtr> loadAndAnalyse(const QString& path) {
  return capture([&]() -> LoadedModelPtr {
    auto loaded = std::make_shared<LoadedModel>();
    loaded->path = path;
    loaded->model = load_tflite(path.toStdString()).take();
    loaded->stats = model_stats(loaded->model);
    loaded->plan = plan_memory(loaded->model);
    for (const Operator& op : loaded->model.ops)
      if (op.type == OpType::Unsupported) ++loaded->unsupportedOps;
    return loaded;
  });
}

}  // namespace

CoreAdapter::CoreAdapter(QObject* parent) : QObject(parent) {
  qRegisterMetaType<LoadedModelPtr>();
  qRegisterMetaType<MemoryBreakdown>();
  qRegisterMetaType<emu::McuProfile>();
  // Two workers: the machine TinySim targets is a laptop; the run itself
  // parallelises inside the core where it can.
  pool_.setMaxThreadCount(2);
}

CoreAdapter::~CoreAdapter() { pool_.waitForDone(); }

void CoreAdapter::waitForWorkers() { pool_.waitForDone(); }

QStringList CoreAdapter::profileNames() {
  QStringList names;
  for (const std::string& n : emu::list_profiles()) names << QString::fromStdString(n);
  return names;
}

QStringList CoreAdapter::sampleModelPaths() {
  QStringList dirs{QCoreApplication::applicationDirPath() + QStringLiteral("/../share/tinysim/sample_models"),
                   QStringLiteral(TINYSIM_SAMPLE_DIR)};
  QStringList paths;
  QSet<QString> seen;
  for (const QString& dir : dirs) {
    QDir d(dir);
    if (!d.exists()) continue;
    // Samples may sit in one folder per task (sample_models/kws/...).
    const QStringList found = [&] {
      QStringList out;
      for (const QFileInfo& fi : d.entryInfoList({QStringLiteral("*.tflite")}, QDir::Files, QDir::Name))
        out << fi.absoluteFilePath();
      for (const QFileInfo& sub : d.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        for (const QFileInfo& fi : QDir(sub.absoluteFilePath()).entryInfoList({QStringLiteral("*.tflite")},
                                                                                QDir::Files, QDir::Name))
          out << fi.absoluteFilePath();
      return out;
    }();
    for (const QString& p : found) {
      const QString key = QFileInfo(p).fileName();
      if (seen.contains(key)) continue;  // an installed copy wins over the source tree's
      seen.insert(key);
      paths << p;
    }
  }
  return paths;
}

template <class Work, class Done>
void CoreAdapter::runAsync(Work work, Done done) {
  if (pending_++ == 0) emit busyChanged(true);
  (void)QtConcurrent::run(&pool_, [this, work = std::move(work), done = std::move(done)]() mutable {
    auto result = work();
    // Back to the GUI thread; dropped by Qt if the adapter is gone by then.
    QMetaObject::invokeMethod(
        this,
        [this, done = std::move(done), result = std::move(result)]() mutable {
          done(std::move(result));
          if (--pending_ == 0) emit busyChanged(false);
        },
        Qt::QueuedConnection);
  });
}

void CoreAdapter::openModel(const QString& path) {
  const quint64 generation = ++modelGeneration_;
  emit modelLoading(path);
  runAsync([path] { return loadAndAnalyse(path); },
           [this, generation](Result<LoadedModelPtr> result) {
             if (generation != modelGeneration_) return;  // a newer open superseded it
             if (!result.ok()) {
               emit errorOccurred(QString::fromUtf8(result.error().what()));
               return;
             }
             model_ = result.value();
             emit modelLoaded(model_);
             updateMemory();
           });
}

void CoreAdapter::selectProfile(const QString& nameOrPath) {
  // A profile is a small JSON file: loading it in the GUI thread costs
  // microseconds, and the picker wants it at once.
  Result<emu::McuProfile> loaded = emu::load_profile(nameOrPath.toStdString());
  if (!loaded.ok()) {
    emit errorOccurred(QString::fromUtf8(loaded.error().what()));
    return;
  }
  profile_ = loaded.value();
  emit profileSelected(*profile_);
  updateMemory();
}

void CoreAdapter::updateMemory() {
  if (!model_ || !profile_) return;
  const quint64 generation = ++memoryGeneration_;
  runAsync([model = model_, profile = *profile_] { return computeMemoryBreakdown(*model, profile); },
           [this, generation](MemoryBreakdown breakdown) {
             if (generation != memoryGeneration_) return;
             memory_ = breakdown;
             emit memoryReady(breakdown);
           });
}

}  // namespace tinysim::gui
