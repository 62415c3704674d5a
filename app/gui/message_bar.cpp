#include "app/gui/message_bar.h"

#include <QListWidget>
#include <QStyle>
#include <QTime>
#include <QVBoxLayout>
#include <algorithm>

namespace tinysim::gui {

namespace {
constexpr int kMaxLines = 500;
}

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("messageBar"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("messageHistory"));
  list_->setWordWrap(true);
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setToolTip(tr("Messages of this session, newest last"));
  layout->addWidget(list_);
  setMinimumHeight(fontMetrics().height() * 2 + 12);
}

void MessageBar::showMessage(const QString& text, Kind kind) {
  kind_ = kind;
  current_ = text;
  history_ << text;
  if (history_.size() > kMaxLines) history_.removeFirst();
  QStyle::StandardPixmap pix = QStyle::SP_MessageBoxInformation;
  QColor background(0xee, 0xf3, 0xfb);
  if (kind == Kind::Warning) {
    pix = QStyle::SP_MessageBoxWarning;
    background = QColor(0xff, 0xf6, 0xdc);
  } else if (kind == Kind::Error) {
    pix = QStyle::SP_MessageBoxCritical;
    background = QColor(0xfd, 0xe8, 0xe8);
  }
  auto* item = new QListWidgetItem(style()->standardIcon(pix),
                                   QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + text, list_);
  item->setBackground(background);
  item->setToolTip(text);
  while (list_->count() > kMaxLines) {
    delete list_->takeItem(0);
    fresh_ = std::max(0, fresh_ - 1);
  }
  list_->scrollToBottom();
}

void MessageBar::clear() {
  // Seen: grey, but still there to read.
  for (int i = fresh_; i < list_->count(); ++i) {
    list_->item(i)->setBackground(QBrush());
    list_->item(i)->setForeground(palette().color(QPalette::PlaceholderText));
  }
  fresh_ = list_->count();
  current_.clear();
  kind_ = Kind::Info;
}

}  // namespace tinysim::gui
