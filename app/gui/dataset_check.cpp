#include "app/gui/dataset_check.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include "core/data/dataset.h"
#include "core/report/host_eval.h"

namespace tinysim::gui {

QString datasetBase(const QString& spec) {
  QString s = spec.trimmed();
  static const QRegularExpression limit(QStringLiteral(":\\d+$"));
  return s.remove(limit);
}

Result<QString> checkDatasetForModel(const Model& model, const QString& spec) {
  return capture([&]() -> QString {
    const QString base = datasetBase(spec);
    // One sample is enough to know its shape and the class count.
    const Dataset d = load_dataset((base + QStringLiteral(":1")).toStdString(), "test").take();
    report::check_model_data(model, d);
    QStringList dims;
    for (int v : d.sample_shape) dims << QString::number(v);
    return QCoreApplication::translate("DatasetCheck", "%1: %2 per sample, %3 classes — matches the model")
        .arg(base, dims.join(QChar(0x00d7)))
        .arg(d.num_classes);
  });
}

}  // namespace tinysim::gui
