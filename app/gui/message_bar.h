// The message history at the bottom of the window: every error, warning and
// notice (bad file, unsupported op, does not fit, run finished) as one
// readable, time-stamped line, newest last. It has a fixed place in a
// splitter, so messages never make the layout jump, and older lines stay
// readable instead of being replaced. clear() marks what is shown as seen
// (greyed) without deleting it. Nothing here is modal.
#pragma once

#include <QFrame>
#include <QStringList>

class QListWidget;

namespace tinysim::gui {

class MessageBar : public QFrame {
  Q_OBJECT
 public:
  enum class Kind { Info, Warning, Error };
  explicit MessageBar(QWidget* parent = nullptr);

  // The newest message not yet cleared ("" after clear()), and its kind.
  QString text() const { return current_; }
  Kind kind() const { return kind_; }
  // Every message of this session, oldest first (the last 500).
  const QStringList& history() const { return history_; }
  QListWidget* list() const { return list_; }

 public slots:
  void showMessage(const QString& text, tinysim::gui::MessageBar::Kind kind);
  void showError(const QString& text) { showMessage(text, Kind::Error); }
  void showWarning(const QString& text) { showMessage(text, Kind::Warning); }
  void showInfo(const QString& text) { showMessage(text, Kind::Info); }
  void clear();

 private:
  QListWidget* list_;
  QString current_;
  Kind kind_ = Kind::Info;
  QStringList history_;
  int fresh_ = 0;  // list rows from here on are not yet cleared
};

}  // namespace tinysim::gui
