#include "app/gui/message_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace tinysim::gui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("messageBar"));
  setFrameShape(QFrame::StyledPanel);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 4, 4, 4);
  icon_ = new QLabel(this);
  label_ = new QLabel(this);
  label_->setObjectName(QStringLiteral("messageText"));
  label_->setWordWrap(true);
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  close_ = new QToolButton(this);
  close_->setAutoRaise(true);
  close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
  close_->setToolTip(tr("Dismiss"));
  layout->addWidget(icon_);
  layout->addWidget(label_, 1);
  layout->addWidget(close_);
  connect(close_, &QToolButton::clicked, this, &MessageBar::clear);
  hide();
}

QString MessageBar::text() const { return label_->text(); }

void MessageBar::showMessage(const QString& text, Kind kind) {
  kind_ = kind;
  history_ << text;
  if (history_.size() > 50) history_.removeFirst();
  label_->setText(text);
  QStyle::StandardPixmap pix = QStyle::SP_MessageBoxInformation;
  QString colors = QStringLiteral("background:#e8f0fb; border:1px solid #9bb7e0;");
  if (kind == Kind::Warning) {
    pix = QStyle::SP_MessageBoxWarning;
    colors = QStringLiteral("background:#fff6dc; border:1px solid #e0c060;");
  } else if (kind == Kind::Error) {
    pix = QStyle::SP_MessageBoxCritical;
    colors = QStringLiteral("background:#fde8e8; border:1px solid #d08080;");
  }
  setStyleSheet(QStringLiteral("#messageBar{%1 border-radius:3px;}").arg(colors));
  icon_->setPixmap(style()->standardIcon(pix).pixmap(20, 20));
  show();
}

void MessageBar::clear() {
  label_->clear();
  hide();
}

}  // namespace tinysim::gui
