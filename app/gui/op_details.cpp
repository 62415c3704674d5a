#include "app/gui/op_details.h"

#include <QCoreApplication>
#include <algorithm>

#include "app/gui/gui_format.h"

namespace tinysim::gui {

namespace {

QString tr(const char* s) { return QCoreApplication::translate("OpDetails", s); }

// TFLite's names for the fused activations.
QString activationText(Activation a) {
  switch (a) {
    case Activation::None: return QStringLiteral("NONE");
    case Activation::Relu: return QStringLiteral("RELU");
    case Activation::ReluN1To1: return QStringLiteral("RELU_N1_TO_1");
    case Activation::Relu6: return QStringLiteral("RELU6");
    case Activation::Tanh: return QStringLiteral("TANH");
    case Activation::SignBit: return QStringLiteral("SIGN_BIT");
  }
  return QStringLiteral("?");
}

QString paddingText(Padding p) { return p == Padding::Same ? QStringLiteral("SAME") : QStringLiteral("VALID"); }

// The options an op carries that are not the defaults: which fields an op
// reads is the op's business, so all non-default ones are listed.
QStringList optionLines(const OpOptions& o) {
  const OpOptions d;
  QStringList out;
  if (o.padding != d.padding) out << tr("padding %1").arg(paddingText(o.padding));
  if (o.stride_w != d.stride_w || o.stride_h != d.stride_h) out << tr("stride %1×%2").arg(o.stride_h).arg(o.stride_w);
  if (o.dilation_w != d.dilation_w || o.dilation_h != d.dilation_h)
    out << tr("dilation %1×%2").arg(o.dilation_h).arg(o.dilation_w);
  if (o.filter_w != d.filter_w || o.filter_h != d.filter_h) out << tr("window %1×%2").arg(o.filter_h).arg(o.filter_w);
  if (o.depth_multiplier != d.depth_multiplier) out << tr("depth multiplier %1").arg(o.depth_multiplier);
  if (o.activation != d.activation) out << tr("fused activation %1").arg(activationText(o.activation));
  if (o.beta != d.beta) out << tr("beta %1").arg(double(o.beta));
  if (o.axis != d.axis) out << tr("axis %1").arg(o.axis);
  if (o.keep_dims != d.keep_dims) out << tr("keep dims");
  if (o.keep_num_dims != d.keep_num_dims) out << tr("keep num dims");
  if (!o.new_shape.empty()) {
    QStringList dims;
    for (int32_t v : o.new_shape) dims << QString::number(v);
    out << tr("new shape [%1]").arg(dims.join(QLatin1Char(',')));
  }
  return out;
}

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
  const QStringList options = optionLines(op.options);
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
