#include "app/gui/model_summary.h"

#include <QFileInfo>
#include <map>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

QString modelSummaryHtml(const LoadedModel& m) {
  QString io;
  auto tensors = [&](const std::vector<int>& list) {
    QStringList parts;
    for (int t : list) parts << tensorText(m.model.tensors[static_cast<size_t>(t)]);
    return parts.join(QStringLiteral(", "));
  };
  QString html = QStringLiteral("<b>%1</b> &mdash; %2 ops, %3 tensors<br>")
                     .arg(QFileInfo(m.path).fileName().toHtmlEscaped())
                     .arg(m.model.ops.size())
                     .arg(m.model.tensors.size());
  html += QObject::tr("Params <b>%1</b> &nbsp; MACs <b>%2</b> &nbsp; Weights (flash) <b>%3</b> &nbsp; "
                      "Arena <b>%4</b><br>")
              .arg(groupedNumber(m.stats.total_params), groupedNumber(m.stats.total_macs),
                   bytesText(m.stats.weight_bytes), bytesText(m.plan.arena_bytes));
  html += QObject::tr("Input %1 &rarr; output %2").arg(tensors(m.model.inputs), tensors(m.model.outputs));
  if (!m.model.description.empty())
    html += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(m.model.description).toHtmlEscaped());
  if (m.unsupportedOps > 0) {
    QStringList names;
    for (const auto& [name, n] : m.report.unsupported_firmware)
      names << QStringLiteral("%1 x%2").arg(QString::fromStdString(name)).arg(n);
    html += QObject::tr("<br><span style='color:#b02020'>Unsupported ops: %1</span>").arg(names.join(QStringLiteral(", ")));
  }
  return html;
}

}  // namespace tinysim::gui
