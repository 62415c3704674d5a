// A session of results as a file (.tinysim.json): every row of the results
// table (the core's ResultRecord, in the same JSON as `tinysim bench --json`,
// plus how the variant was made) and the model that was open. Saving writes
// the whole file or nothing (QSaveFile); loading a bad file is one readable
// error naming it, and leaves the caller's session untouched.
#pragma once

#include <QString>
#include <vector>

#include "app/gui/core_metatypes.h"
#include "core/common/error.h"

namespace tinysim::gui {

struct SessionRow {
  report::ResultRecord record;
  QString howMade;
};

struct Session {
  QString modelPath;  // the model open when it was saved ("" = none)
  std::vector<SessionRow> rows;
};

inline constexpr const char* kSessionSuffix = ".tinysim.json";

// Empty on success, else the one-line error.
QString saveSession(const QString& path, const Session& session);
Result<Session> loadSession(const QString& path);

}  // namespace tinysim::gui
