#include "app/gui/dataset_import.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include "core/data/data_import.h"

namespace tinysim::gui {

QString defaultImportDir(const QString& source) {
  const QFileInfo f(QDir::cleanPath(source));
  if (f.isDir()) return f.absoluteFilePath() + QStringLiteral("_tinysim");
  return f.absoluteDir().filePath(f.completeBaseName() + QStringLiteral("_tinysim"));
}

std::vector<int> importShapeFor(const Model* model) {
  if (!model || model->inputs.empty()) return {};
  std::vector<int> shape = model->tensors[size_t(model->inputs.front())].shape;
  if (shape.size() >= 2 && shape.front() == 1) shape.erase(shape.begin());  // the batch dimension
  return shape;
}

Result<QString> importDataset(const QString& source, const QString& output, const std::vector<int>& shape,
                              const std::atomic<bool>& cancel) {
  return capture([&]() -> QString {
    ImportOptions o;
    o.sample_shape = shape;
    o.progress = [&cancel](size_t, size_t) { return !cancel.load(); };
    const ImportedDataset d = import_dataset(source.toStdString(), o).take();
    save_imported_dataset(d, output.toStdString()).take();
    QStringList dims;
    for (int v : d.train.sample_shape) dims << QString::number(v);
    return QCoreApplication::translate("DatasetImport",
                                       "Imported %1 file(s) from %2 into %3: %4 per sample, %5 classes, "
                                       "%6 train / %7 test / %8 calib")
        .arg(d.files)
        .arg(source, output, dims.join(QChar(0x00d7)))
        .arg(d.train.num_classes)
        .arg(d.train.size())
        .arg(d.test.size())
        .arg(d.calib.size());
  });
}

}  // namespace tinysim::gui
