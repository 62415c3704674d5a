// Helpers the GUI tests share: which model to open, waiting for the adapter's
// worker results, isolated QSettings.
#pragma once

#include <QString>
#include <QStringList>

namespace tinysim::gui {
class MainWindow;
}

namespace tinysim::gui::test {

// Keeps tests off the user's settings (recent files, last profile).
void isolateSettings();

// A model to open: a bundled sample first, else the named ../shared model;
// empty if neither exists (the caller skips with a message).
QString sampleOrShared(const QStringList& sampleNames, const QString& sharedName);
QString sharedModel(const QString& name);  // empty if absent

// Opens `path` and waits until the model (and, with a profile selected, the
// memory breakdown) arrived. false on timeout or an error message.
bool openAndWait(MainWindow& window, const QString& path, int timeoutMs = 60000);

}  // namespace tinysim::gui::test

namespace tinysim::gui::test {

// A float classification model with a data set to score it on: the bundled
// har sample if it exists, else a small HAR model trained here with
// `tinysim train` (a few seconds) into `workDir`. Empty on failure, with the
// reason in *why.
QString floatHarModel(const QString& workDir, QString* why);

}  // namespace tinysim::gui::test

namespace tinysim::gui::test {

// Runs the `tinysim` CLI of this build; stdout, with the exit code in *exitCode.
QByteArray runCli(const QStringList& args, int* exitCode, QString* err = nullptr);

// Ticks exactly these profiles on the Variants page (names or labels).
void tickProfiles(MainWindow& window, const QStringList& names);

// Waits for the adapter's run to finish; false on timeout.
bool waitRunFinished(MainWindow& window, int timeoutMs = 600000);

}  // namespace tinysim::gui::test
