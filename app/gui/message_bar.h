// The strip at the top of the window where errors and notices appear as one
// readable line (bad file, unsupported op, does not fit, emulator fault). It
// keeps a short history so a test, or a user, can see every message since
// the last clear. Nothing here is modal: the app keeps running.
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QToolButton;

namespace tinysim::gui {

class MessageBar : public QFrame {
  Q_OBJECT
 public:
  enum class Kind { Info, Warning, Error };
  explicit MessageBar(QWidget* parent = nullptr);

  QString text() const;
  Kind kind() const { return kind_; }
  const QStringList& history() const { return history_; }

 public slots:
  void showMessage(const QString& text, tinysim::gui::MessageBar::Kind kind);
  void showError(const QString& text) { showMessage(text, Kind::Error); }
  void showWarning(const QString& text) { showMessage(text, Kind::Warning); }
  void showInfo(const QString& text) { showMessage(text, Kind::Info); }
  void clear();

 private:
  QLabel* icon_;
  QLabel* label_;
  QToolButton* close_;
  Kind kind_ = Kind::Info;
  QStringList history_;
};

}  // namespace tinysim::gui
