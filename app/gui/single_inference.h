// One inference of the loaded model on one input, on the emulated MCU and on
// the host kernels side by side: the outputs (raw and as float), the top
// classes, whether the emulator's output bytes equal the host's, and the
// cycles with the per-layer counts. The same input rules as `tinysim run`
// (target::model_inputs: a raw or .csv file per input, or a seed), so a seed
// here means the same input as `tinysim run --random SEED`.
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <vector>

#include "core/common/error.h"
#include "core/emu/mcu_profile.h"
#include "core/model/ir.h"
#include "core/report/result_record.h"

namespace tinysim::gui {

struct InferenceOutput {
  QString name;                     // output tensor name
  std::vector<float> emulator;      // dequantized emulator output
  std::vector<float> host;          // dequantized host-kernel output
  std::vector<double> rawEmulator;  // stored values (int8 codes, floats)
  bool bitExact = true;             // emulator bytes == host bytes
  double maxAbsDiff = 0;            // of the dequantized values
  std::vector<int> topClasses;      // indices by emulator score, best first (at most 5)
};

struct InferenceResult {
  QString modelPath, inputText;  // what ran on what ("random seed 1", a file name)
  QString mcu;
  quint64 clockHz = 0;
  quint64 cycles = 0, instructions = 0, flashStallCycles = 0;
  double latencyMs = 0;
  std::vector<InferenceOutput> outputs;
  std::vector<report::LayerRecord> layers;
  bool agrees() const;  // every output bit exact
};

// files: one per model input (raw bytes or .csv); empty to use `seed`.
Result<InferenceResult> runSingleInference(const QString& modelPath, const Model& model,
                                           const emu::McuProfile& profile, const QStringList& files, qint64 seed);

}  // namespace tinysim::gui

Q_DECLARE_METATYPE(tinysim::gui::InferenceResult)
