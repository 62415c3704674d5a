// Most recently opened models, newest first, kept in QSettings
// ("recentFiles") so they survive restarts. Missing files drop out on read.
#pragma once

#include <QObject>
#include <QStringList>

namespace tinysim::gui {

class RecentFiles : public QObject {
  Q_OBJECT
 public:
  explicit RecentFiles(QObject* parent = nullptr, int maxEntries = 8);

  QStringList files() const;
  void add(const QString& path);
  void clear();

 signals:
  void changed();

 private:
  int max_;
};

}  // namespace tinysim::gui
