#include "app/gui/session_file.h"
#include "core/common/json_message.h"

#include <QFile>
#include <QSaveFile>
#include <nlohmann/json.hpp>

#include "core/report/json_report.h"

namespace tinysim::gui {

namespace {

constexpr int kFormatVersion = 1;

}  // namespace

QString saveSession(const QString& path, const Session& session) {
  nlohmann::json rows = nlohmann::json::array();
  for (const SessionRow& r : session.rows) {
    nlohmann::json j = report::to_json(r.record);
    j["how_made"] = r.howMade.toStdString();
    rows.push_back(std::move(j));
  }
  const nlohmann::json doc = {{"tinysim_session", kFormatVersion},
                              {"tinysim_version", TINYSIM_VERSION},
                              {"model", session.modelPath.toStdString()},
                              {"results", rows}};
  const QByteArray bytes = QByteArray::fromStdString(doc.dump(2) + "\n");
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
    return QStringLiteral("%1: cannot save the session (%2) (choose a writable folder)").arg(path, f.errorString());
  return {};
}

Result<Session> loadSession(const QString& path) {
  const std::string where = path.toStdString();
  return capture([&]() -> Session {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
      throw Error(where, "cannot open the session file (" + f.errorString().toStdString() + ")",
                  "check the path; sessions are saved with File > Save session");
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(f.readAll().toStdString());
    } catch (const nlohmann::json::exception& e) {
      throw Error(where, "not valid JSON (" + json_message(e) + ")", "open a .tinysim.json file saved by TinySim");
    }
    if (!doc.is_object() || !doc.contains("tinysim_session") || !doc.contains("results") ||
        !doc.at("results").is_array())
      throw Error(where, "not a TinySim session (no \"tinysim_session\" and \"results\")",
                  "open a .tinysim.json file saved by TinySim");
    if (!doc.at("tinysim_session").is_number_integer() || doc.at("tinysim_session").get<int>() > kFormatVersion)
      throw Error(where, "was saved by a newer TinySim (session format " + doc.at("tinysim_session").dump() + ")",
                  "open it with that version");
    Session s;
    if (doc.contains("model") && doc.at("model").is_string())
      s.modelPath = QString::fromStdString(doc.at("model").get<std::string>());
    size_t i = 0;
    for (const nlohmann::json& j : doc.at("results")) {
      SessionRow row;
      try {
        row.record = report::record_from_json(j);
      } catch (const Error& e) {
        throw Error(where, "result " + std::to_string(i) + ": " + e.what(), "");
      }
      if (j.contains("how_made") && j.at("how_made").is_string())
        row.howMade = QString::fromStdString(j.at("how_made").get<std::string>());
      s.rows.push_back(std::move(row));
      ++i;
    }
    return s;
  });
}

}  // namespace tinysim::gui
