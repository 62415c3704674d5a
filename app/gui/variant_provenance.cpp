#include "app/gui/variant_provenance.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace tinysim::gui {

namespace {

QString tr(const char* s) { return QCoreApplication::translate("VariantProvenance", s); }

QString calibration(const VariantRequest& r) {
  const QString spec = r.calibration.isEmpty() ? r.dataset : r.calibration;
  return tr("calibrated on %1 (%2 samples)").arg(spec).arg(r.calibrationSamples);
}

QString epochs(const VariantRequest& r) {
  return tr("%1 epoch(s) on %2").arg(r.fineTuneEpochs).arg(r.dataset);
}

}  // namespace

QString howMade(const VariantRequest& r, const QString& file) {
  if (QFileInfo(file).absoluteFilePath() == QFileInfo(r.modelPath).absoluteFilePath()) return tr("as loaded");
  const QString stem = QFileInfo(file).completeBaseName();
  if (stem.endsWith(QStringLiteral("_pruned_int8")))
    return tr("pruned to %1 % sparsity (%2), then int8 PTQ %3")
        .arg(qRound(r.sparsity * 100))
        .arg(epochs(r), calibration(r));
  if (stem.endsWith(QStringLiteral("_qat_int8"))) return tr("QAT int8 (%1)").arg(epochs(r));
  if (stem.endsWith(QStringLiteral("_int8"))) return tr("int8 PTQ %1").arg(calibration(r));
  return tr("as loaded");
}

}  // namespace tinysim::gui
