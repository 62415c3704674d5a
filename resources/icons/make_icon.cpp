// Draws resources/icons/tinysim.png (the window icon): a chip with "TS".
// Not part of the build; regenerate with
//   g++ -std=c++17 -fPIC make_icon.cpp $(pkg-config --cflags --libs Qt6Gui) -o /tmp/make_icon && \
//   QT_QPA_PLATFORM=offscreen /tmp/make_icon tinysim.png
#include <QGuiApplication>
#include <QImage>
#include <QPainter>

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  QImage img(128, 128, QImage::Format_ARGB32);
  img.fill(Qt::transparent);
  QPainter p(&img);
  p.setRenderHint(QPainter::Antialiasing);
  const QColor blue(0x2f, 0x5f, 0x8f);
  p.setPen(QPen(blue, 6, Qt::SolidLine, Qt::RoundCap));
  for (int i = 0; i < 4; ++i) {
    const int c = 34 + i * 20;
    p.drawLine(c, 8, c, 24);
    p.drawLine(c, 104, c, 120);
    p.drawLine(8, c, 24, c);
    p.drawLine(104, c, 120, c);
  }
  p.setPen(Qt::NoPen);
  p.setBrush(blue);
  p.drawRoundedRect(QRectF(22, 22, 84, 84), 12, 12);
  QFont f(QStringLiteral("DejaVu Sans"), 30, QFont::Bold);
  p.setFont(f);
  p.setPen(Qt::white);
  p.drawText(QRectF(22, 22, 84, 84), Qt::AlignCenter, QStringLiteral("TS"));
  p.end();
  return img.save(QString::fromLocal8Bit(argc > 1 ? argv[1] : "tinysim.png")) ? 0 : 1;
}
