#include "app/gui/op_details.h"

#include <QCoreApplication>
#include <algorithm>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

namespace {

QString tr(const char* s) { return QCoreApplication::translate("OpDetails", s); }

}  // namespace

QString quantizationText(const Quantization& q) {
  if (!q.present()) return tr("not quantized");
  if (q.per_channel()) {
    const auto [lo, hi] = std::minmax_element(q.scale.begin(), q.scale.end());
    return tr("per-channel: %1 scales (%2 … %3) on dim %4")
        .arg(q.scale.size())
        .arg(double(*lo), 0, 'g', 6)
        .arg(double(*hi), 0, 'g', 6)
        .arg(q.quantized_dimension);
  }
  return tr("scale %1 zero point %2").arg(double(q.scale[0]), 0, 'g', 6).arg(q.zero_point.empty() ? 0 : q.zero_point[0]);
}

QString opDetailsHtml(const LoadedModel& m, int index) {
  const Operator& op = m.model.ops[size_t(index)];
  QString html = tr("<b>#%1 %2</b> (version %3)").arg(index).arg(opLabel(op).toHtmlEscaped()).arg(op.version);
  // The options as the core's model report names them (the op registry's view).
  QStringList options;
  if (size_t(index) < m.report.ops.size())
    for (const auto& [name, value] : m.report.ops[size_t(index)].attributes)
      options << QStringLiteral("%1 %2").arg(QString::fromStdString(name), QString::fromStdString(value));
  html += QStringLiteral("<br>") + (options.isEmpty() ? tr("no options set") : options.join(QStringLiteral(", ")));
  auto tensors = [&](const std::vector<int>& list, const QString& what) {
    QString rows;
    for (int t : list) {
      if (t < 0) {
        rows += tr("<tr><td>%1</td><td colspan=3>(optional, not given)</td></tr>").arg(what);
        continue;
      }
      const Tensor& tensor = m.model.tensors[size_t(t)];
      rows += QStringLiteral("<tr><td>%1</td><td>%2%3</td><td>%4</td><td>%5</td></tr>")
                  .arg(what, QString::fromStdString(tensor.name).toHtmlEscaped(),
                       tensor.is_constant() ? tr(" (constant)") : QString(), tensorText(tensor),
                       quantizationText(tensor.quant).toHtmlEscaped());
    }
    return rows;
  };
  html += QStringLiteral("<table cellspacing=6>") + tensors(op.inputs, tr("in")) + tensors(op.outputs, tr("out")) +
          QStringLiteral("</table>");
  return html;
}

}  // namespace tinysim::gui
