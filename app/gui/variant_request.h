// What the Variants page asks the adapter to make and run: variants of the
// loaded model (as loaded, int8 PTQ, pruned at a sparsity then int8, QAT int8)
// on one or more MCU profiles, scored on a data set.
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace tinysim::gui {

struct VariantRequest {
  QString modelPath;           // the loaded model
  bool original = true;        // bench the file as loaded
  bool ptq = false;            // int8 post-training quantization
  bool pruned = false;         // magnitude pruning while fine-tuning, then int8
  bool qat = false;            // quantization-aware training, then int8
  QString dataset;             // load_dataset spec: accuracy (test split), fine-tuning (train); "" = none
  QString calibration;         // calibration spec for PTQ ("" = the data set's calib split, or "random:SEED[:N]")
  int calibrationSamples = 200;
  double sparsity = 0.5;       // pruned variant
  int fineTuneEpochs = 1;      // pruning and QAT
  QStringList profiles;        // at least one
  int latencySamples = 1;      // emulated runs per (variant, profile)
  int jobs = 0;                // host threads for accuracy; 0 = all
  QString workDir;             // where variant files go; "" = the adapter's session folder
};

}  // namespace tinysim::gui

Q_DECLARE_METATYPE(tinysim::gui::VariantRequest)
