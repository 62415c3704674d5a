#include "app/gui/gui_format.h"

#include <QLocale>

#include "core/model/tflite_ops.h"

namespace tinysim::gui {

QString groupedNumber(qint64 value) {
  // Fixed ',' grouping (not the user's locale) so numbers read the same as the
  // CLI's and tests can compare text.
  const QString digits = QString::number(value < 0 ? -value : value);
  QString out;
  for (qsizetype i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += QLatin1Char(',');
    out += digits[i];
  }
  return value < 0 ? QLatin1Char('-') + out : out;
}

QString kibText(qint64 bytes) { return QString::number(double(bytes) / 1024.0, 'f', 1) + QStringLiteral(" KiB"); }

QString bytesText(qint64 bytes) {
  return QStringLiteral("%1 B (%2)").arg(groupedNumber(bytes), kibText(bytes));
}

QString tensorText(const Tensor& tensor) {
  QString s = QString::fromLatin1(tensor.type == DType::Other ? "other" : dtype_name(tensor.type));
  s += QLatin1Char('[');
  for (size_t i = 0; i < tensor.shape.size(); ++i) {
    if (i) s += QLatin1Char(',');
    s += QString::number(tensor.shape[i]);
  }
  return s + QLatin1Char(']');
}

QString opLabel(const Operator& op) { return QString::fromStdString(op_label(op)); }

QString hzText(quint64 hz) {
  if (hz >= 1000000 && hz % 1000000 == 0) return QStringLiteral("%1 MHz").arg(hz / 1000000);
  return QStringLiteral("%1 MHz").arg(double(hz) / 1e6, 0, 'f', 2);
}

}  // namespace tinysim::gui
