// Text the GUI shows for numbers, bytes, shapes and op names, in one place so
// the table, the summary, the bars and the tooltips print them alike (and like
// `tinysim inspect`: bytes with KiB beside them, digits grouped).
#pragma once

#include <QString>
#include <cstdint>

#include "core/model/ir.h"

namespace tinysim::gui {

QString groupedNumber(qint64 value);             // 1,234,567
QString bytesText(qint64 bytes);                 // 12,345 B (12.1 KiB)
QString kibText(qint64 bytes);                   // 12.1 KiB
QString tensorText(const Tensor& tensor);        // int8[1,49,10,1]
QString opLabel(const Operator& op);             // CONV_2D, or the TFLite name of an unsupported op
QString hzText(quint64 hz);                      // 120 MHz

}  // namespace tinysim::gui
