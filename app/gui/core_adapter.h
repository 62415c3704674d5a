// The GUI's only door into the core. Widgets call its slots; it runs the core
// work (load and analyse a model, place it on a profile, run variants) on its
// own thread pool and answers with typed results by signals, delivered in the
// GUI thread. Errors come back as one readable line (errorOccurred), never as
// an exception. Results of work that was superseded (a second model opened
// while the first still loads) are dropped.
#pragma once

#include <QObject>
#include <QStringList>
#include <QThreadPool>
#include <atomic>
#include <optional>

#include "app/gui/core_metatypes.h"
#include "app/gui/loaded_model.h"
#include "app/gui/memory_breakdown.h"
#include "app/gui/single_inference.h"
#include "app/gui/variant_request.h"

namespace tinysim::gui {

class CoreAdapter : public QObject {
  Q_OBJECT
 public:
  explicit CoreAdapter(QObject* parent = nullptr);
  ~CoreAdapter() override;  // cancels and waits for the workers

  static QStringList profileNames();
  // .tflite files bundled in sample_models/ (source tree or installed share dir).
  static QStringList sampleModelPaths();

  LoadedModelPtr model() const { return model_; }
  const std::optional<emu::McuProfile>& profile() const { return profile_; }
  const std::optional<MemoryBreakdown>& memory() const { return memory_; }
  bool isBusy() const { return pending_ > 0; }
  bool isRunning() const { return running_; }
  // Variant files of the last run, in bench order (as loaded, int8, ...).
  const QStringList& lastRunFiles() const { return lastRunFiles_; }
  // Folder variant files and edited profiles are written to. It outlives the
  // process (the app's data folder, not a temporary one) so that a saved
  // session's rows still point at their files when it is reopened.
  QString sessionDir() const;
  // The data set the bench would use for `path` by itself: the "dataset" of
  // a recipe beside it (sample_models/<name>/recipe.json); empty if none.
  static QString recipeDataset(const QString& path);
  // Blocks until queued work is done (tests, shutdown). Results still arrive
  // as queued signals: spin the event loop after it to receive them.
  void waitForWorkers();

 public slots:
  void openModel(const QString& path);
  void selectProfile(const QString& nameOrPath);
  // Makes the requested variants, then benches them all on every profile
  // (report::run_bench): records arrive one by one. One run at a time.
  void runVariants(const tinysim::gui::VariantRequest& request);
  // Stops the run at the next safe point; finished records stay.
  void cancel();
  // One inference of the loaded model on the selected profile (files: one per
  // model input, or empty for a seeded random input): inferenceReady.
  void runInference(const QStringList& files, qint64 seed);
  // Checks a data set spec against the loaded model (dataset_check.h):
  // datasetChecked, with problem empty when it fits.
  void checkDataset(const QString& spec);
  // Imports the user's folder or CSV into `output` with the loaded model's
  // input shape (dataset_import.h): datasetImported, error empty on success.
  // Cancel stops it between files.
  void importDataset(const QString& source, const QString& output);
  // An edited profile (what-if board): written as JSON under sessionDir() and
  // selected like any profile file, so runs and the CLI can use it. An edit
  // the core refuses is an errorOccurred and changes nothing; false then.
  bool applyProfile(const tinysim::emu::McuProfile& profile);

 signals:
  void modelLoading(const QString& path);
  void modelLoaded(tinysim::gui::LoadedModelPtr model);
  void profileSelected(const tinysim::emu::McuProfile& profile);
  void memoryReady(const tinysim::gui::MemoryBreakdown& breakdown);
  void busyChanged(bool busy);
  void runStarted();
  // fraction of the whole run in [0, 1], and what is under way.
  void runProgress(double fraction, const QString& text);
  // howMade: how the record's variant was made (variant_provenance.h).
  void recordReady(const tinysim::report::ResultRecord& record, const QString& howMade);
  void inferenceReady(const tinysim::gui::InferenceResult& result);
  void datasetChecked(const QString& spec, const QString& summary, const QString& problem);
  void datasetImported(const QString& output, const QString& summary, const QString& error);
  void runNote(const QString& note);
  // Emitted once per run, after the last record; error is empty unless the
  // run failed.
  void runFinished(bool cancelled, const QString& error);
  void errorOccurred(const QString& message);

 private:
  void updateMemory();
  template <class Work, class Done>
  void runAsync(Work work, Done done);

  QThreadPool pool_;
  LoadedModelPtr model_;
  std::optional<emu::McuProfile> profile_;
  std::optional<MemoryBreakdown> memory_;
  int pending_ = 0;
  quint64 modelGeneration_ = 0, memoryGeneration_ = 0;
  bool running_ = false;
  std::atomic<bool> cancel_{false};
  QStringList lastRunFiles_;
  quint64 inferenceGeneration_ = 0;
};

}  // namespace tinysim::gui
