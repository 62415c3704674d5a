#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include "app/gui/core_adapter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QDateTime>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QtConcurrent/QtConcurrentRun>
#include <filesystem>

#include "app/gui/dataset_check.h"
#include "app/gui/dataset_import.h"
#include "app/gui/function_sink.h"
#include "app/gui/variant_builder.h"
#include "app/gui/variant_provenance.h"
#include "core/report/bench.h"
#include "core/report/model_discovery.h"

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
    loaded->report = model_report(loaded->model);
    for (const ModelReportRow& row : loaded->report.ops)
      if (!row.firmware) ++loaded->unsupportedOps;
    return loaded;
  });
}

}  // namespace

CoreAdapter::CoreAdapter(QObject* parent) : QObject(parent) {
  qRegisterMetaType<LoadedModelPtr>();
  qRegisterMetaType<MemoryBreakdown>();
  qRegisterMetaType<emu::McuProfile>();
  qRegisterMetaType<report::ResultRecord>();
  qRegisterMetaType<VariantRequest>();
  qRegisterMetaType<InferenceResult>();
  // Two workers: the machine TinySim targets is a laptop; the run itself
  // parallelises inside the core where it can.
  pool_.setMaxThreadCount(2);
}

CoreAdapter::~CoreAdapter() {
  cancel_ = true;
  pool_.waitForDone();
}

QString CoreAdapter::sessionDir() const {
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
  return (dir.isEmpty() ? QDir::tempPath() + QStringLiteral("/tinysim-gui") : dir);
}

QString CoreAdapter::recipeDataset(const QString& path) {
  const std::filesystem::path p = path.toStdString();
  Result<std::string> spec = capture([&] {
    return report::recipe_dataset(p.parent_path().string(), benchModelName(p.string()));
  });
  return spec.ok() ? QString::fromStdString(spec.value()) : QString();
}

void CoreAdapter::waitForWorkers() { pool_.waitForDone(); }

QStringList CoreAdapter::profileNames() {
  QStringList names;
  for (const std::string& n : emu::list_profiles()) names << QString::fromStdString(n);
  return names;
}

QStringList CoreAdapter::sampleModelPaths() {
  QStringList dirs{QCoreApplication::applicationDirPath() + QStringLiteral("/../share/tinysim/sample_models"),
                   QStringLiteral(TINYSIM_SAMPLE_DIR)};
  // The bench's own lookup ($TINYSIM_SAMPLE_MODELS, ...) comes first.
  if (Result<std::string> found = capture([] { return report::find_sample_models_dir(); }); found.ok())
    dirs.prepend(QString::fromStdString(found.value()));
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

void CoreAdapter::checkDataset(const QString& spec) {
  const QString trimmed = spec.trimmed();
  if (!model_ || trimmed.isEmpty() || trimmed.startsWith(QStringLiteral("random:"))) {
    emit datasetChecked(spec, QString(), QString());  // nothing to check: no accuracy, or random inputs
    return;
  }
  runAsync([model = model_, trimmed] { return checkDatasetForModel(model->model, trimmed); },
           [this, spec, generation = modelGeneration_](Result<QString> r) {
             if (generation != modelGeneration_) return;  // checked for a model no longer loaded
             emit datasetChecked(spec, r.ok() ? r.value() : QString(),
                                 r.ok() ? QString() : QString::fromUtf8(r.error().what()));
           });
}

void CoreAdapter::importDataset(const QString& source, const QString& output) {
  cancel_ = false;
  const std::vector<int> shape = importShapeFor(model_ ? &model_->model : nullptr);
  runAsync([this, source, output, shape] { return tinysim::gui::importDataset(source, output, shape, cancel_); },
           [this, output](Result<QString> r) {
             emit datasetImported(output, r.ok() ? r.value() : QString(),
                                  r.ok() ? QString() : QString::fromUtf8(r.error().what()));
           });
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

namespace {

struct RunOutcome {
  QStringList files;
  bool cancelled = false;
  QString error;
};

}  // namespace

void CoreAdapter::cancel() { cancel_ = true; }

void CoreAdapter::runVariants(const VariantRequest& request) {
  if (running_) {
    emit errorOccurred(tr("A run is already under way: wait for it or press Cancel."));
    return;
  }
  if (request.profiles.isEmpty()) {
    emit errorOccurred(tr("No MCU profile chosen: tick at least one profile to run on."));
    return;
  }
  if (!request.original && !request.ptq && !request.pruned && !request.qat) {
    emit errorOccurred(tr("No variant chosen: tick at least one variant to run."));
    return;
  }
  // One folder per run, named by time: later runs never overwrite the files
  // an earlier row (or a saved session) refers to.
  static int runNumber = 0;
  const QString outDir =
      request.workDir.isEmpty()
          ? sessionDir() + QStringLiteral("/variants/") +
                QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss")) +
                QStringLiteral("-%1").arg(++runNumber)
          : request.workDir;
  running_ = true;
  cancel_ = false;
  emit runStarted();

  runAsync(
      [this, req = request, outDir]() -> RunOutcome {
        // Everything below runs on a worker thread; each event is re-posted
        // to the GUI thread, in order.
        auto post = [this](auto fn) { QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection); };
        QElapsedTimer sincePost;
        sincePost.start();
        QString lastText;
        auto postProgress = [&](double fraction, const QString& text) {
          // At most ~20 updates a second, but never drop a change of stage.
          if (text == lastText && sincePost.elapsed() < 50 && fraction < 1.0) return;
          lastText = text;
          sincePost.restart();
          post([this, fraction, text] { emit runProgress(fraction, text); });
        };

        RunOutcome out;
        const bool building = req.ptq || req.pruned || req.qat;
        const double buildShare = building ? 0.4 : 0.0;  // of the bar, a rough split
        Result<BuiltVariants> built = buildVariants(
            req, outDir.toStdString(),
            [&](const std::string& what, double f) {
              postProgress(buildShare * f, tr("Making variants: %1").arg(QString::fromStdString(what)));
            },
            cancel_);
        if (!built.ok()) {
          out.error = QString::fromUtf8(built.error().what());
          return out;
        }
        for (const std::string& f : built->files) out.files << QString::fromStdString(f);
        if (built->cancelled || cancel_) {
          out.cancelled = true;
          return out;
        }

        report::BenchRequest br;
        for (const std::string& f : built->files) br.models.push_back(f);
        br.dataset = req.dataset.toStdString();
        for (const QString& p : req.profiles) br.profiles.push_back(p.toStdString());
        br.jobs = req.jobs;
        br.latency_samples = std::max(1, req.latencySamples);
        FunctionSink sink;
        sink.progress = [&](const report::BenchProgress& p) {
          QString text = tr("Benchmarking %1/%2: %3 (%4)")
                             .arg(p.item + 1 > p.items ? p.items : p.item + 1)
                             .arg(p.items)
                             .arg(QString::fromStdString(p.current), QString::fromStdString(p.stage));
          postProgress(buildShare + (1.0 - buildShare) * p.fraction, text);
        };
        sink.result = [&](const report::ResultRecord& r) {
          const QString made = howMade(req, QString::fromStdString(r.path));
          post([this, r, made] { emit recordReady(r, made); });
        };
        sink.note = [&](const std::string& n) {
          post([this, n = QString::fromStdString(n)] { emit runNote(n); });
        };
        Result<report::BenchOutcome> outcome = report::run_bench(br, sink, cancel_);
        if (!outcome.ok()) {
          out.error = QString::fromUtf8(outcome.error().what());
          return out;
        }
        out.cancelled = outcome->cancelled;
        return out;
      },
      [this](RunOutcome o) {
        running_ = false;
        lastRunFiles_ = o.files;
        if (!o.error.isEmpty()) emit errorOccurred(o.error);
        emit runFinished(o.cancelled, o.error);
      });
}

void CoreAdapter::runInference(const QStringList& files, qint64 seed) {
  if (!model_) {
    emit errorOccurred(tr("Open a model first: there is nothing to run."));
    return;
  }
  if (!profile_) {
    emit errorOccurred(tr("Choose an MCU on the Memory page first."));
    return;
  }
  const quint64 generation = ++inferenceGeneration_;
  runAsync([model = model_, profile = *profile_, files,
            seed] { return runSingleInference(model->path, model->model, profile, files, seed); },
           [this, generation](Result<InferenceResult> result) {
             if (generation != inferenceGeneration_) return;
             if (!result.ok()) {
               emit errorOccurred(QString::fromUtf8(result.error().what()));
               return;
             }
             emit inferenceReady(result.value());
           });
}

bool CoreAdapter::applyProfile(const emu::McuProfile& profile) {
  const QString dir = sessionDir() + QStringLiteral("/profiles");
  QDir().mkpath(dir);
  QString safe = QString::fromStdString(profile.name);
  safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
  const QString path = QDir(dir).filePath(safe + QStringLiteral(".json"));
  const QByteArray bytes = QByteArray::fromStdString(emu::profile_json_text(profile));
  // The core checks the edit before it replaces the file a run may use.
  {
    QTemporaryFile check(QDir(dir).filePath(QStringLiteral("check-XXXXXX.json")));
    if (!check.open() || check.write(bytes) != bytes.size() || !check.flush()) {
      emit errorOccurred(tr("%1: cannot write the edited profile (%2)").arg(check.fileName(), check.errorString()));
      return false;
    }
    Result<emu::McuProfile> valid = emu::load_profile(check.fileName().toStdString());
    if (!valid.ok()) {
      QString why = QString::fromUtf8(valid.error().what());
      why.replace(check.fileName(), tr("edited profile %1").arg(QString::fromStdString(profile.name)));
      emit errorOccurred(why);
      return false;
    }
  }
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
    emit errorOccurred(tr("%1: cannot write the edited profile (%2)").arg(path, f.errorString()));
    return false;
  }
  selectProfile(path);
  return profile_ && profile_->path == path.toStdString();
}

}  // namespace tinysim::gui
