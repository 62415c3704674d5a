#include "app/gui/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace tinysim::gui {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QObject* parent, int maxEntries) : QObject(parent), max_(maxEntries) {}

QStringList RecentFiles::files() const {
  QStringList out;
  for (const QString& f : QSettings().value(kKey).toStringList())
    if (QFileInfo::exists(f)) out << f;
  return out;
}

void RecentFiles::add(const QString& path) {
  const QString abs = QFileInfo(path).absoluteFilePath();
  QStringList list = QSettings().value(kKey).toStringList();
  list.removeAll(abs);
  list.prepend(abs);
  while (list.size() > max_) list.removeLast();
  QSettings().setValue(kKey, list);
  emit changed();
}

void RecentFiles::clear() {
  QSettings().remove(kKey);
  emit changed();
}

}  // namespace tinysim::gui
