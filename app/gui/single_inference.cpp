#include "app/gui/single_inference.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/ops/interpreter.h"
#include "core/report/bench.h"
#include "core/report/input_samples.h"
#include "core/target/target_run.h"

namespace tinysim::gui {

bool InferenceResult::agrees() const {
  return std::all_of(outputs.begin(), outputs.end(), [](const InferenceOutput& o) { return o.bitExact; });
}

Result<InferenceResult> runSingleInference(const QString& modelPath, const Model& model,
                                           const emu::McuProfile& profile, const QStringList& files, qint64 seed) {
  return capture([&]() -> InferenceResult {
    std::vector<std::string> paths;
    for (const QString& f : files) paths.push_back(f.toStdString());
    const auto inputs = report::inputs_from_files(model, paths, files.isEmpty() ? seed : -1);
    target::TargetOptions options;
    options.require_fit = false;  // a what-if board that is too small still gets its cycles
    const target::TargetRun run = target::run_on_target(model, profile, inputs, options).take();
    const auto host = run_host(model, inputs).take();

    InferenceResult out;
    out.modelPath = modelPath;
    QStringList names;
    for (const QString& f : files) names << QFileInfo(f).fileName();
    out.inputText = files.isEmpty() ? QStringLiteral("random seed %1").arg(seed) : names.join(QStringLiteral(", "));
    out.mcu = QString::fromStdString(profile.name);
    out.clockHz = profile.clock_hz;
    out.cycles = run.cycles;
    out.instructions = run.instructions;
    out.flashStallCycles = run.flash_stall_cycles;
    out.latencyMs = run.latency_ms;
    out.layers = report::layer_records(run.layers);
    for (size_t i = 0; i < run.outputs.size(); ++i) {
      const Tensor& t = model.tensors[size_t(model.outputs[i])];
      InferenceOutput o;
      o.name = QString::fromStdString(t.name);
      o.emulator = tensor_values_as_float(t, run.outputs[i]);
      o.host = tensor_values_as_float(t, host[i]);
      o.bitExact = run.outputs[i] == host[i];
      Tensor raw = t;
      raw.quant = {};  // the stored values themselves
      for (float v : tensor_values_as_float(raw, run.outputs[i])) o.rawEmulator.push_back(v);
      for (size_t k = 0; k < o.emulator.size() && k < o.host.size(); ++k)
        o.maxAbsDiff = std::max(o.maxAbsDiff, std::fabs(double(o.emulator[k]) - double(o.host[k])));
      std::vector<int> order(o.emulator.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return o.emulator[size_t(a)] > o.emulator[size_t(b)]; });
      order.resize(std::min<size_t>(order.size(), 5));
      o.topClasses = order;
      out.outputs.push_back(std::move(o));
    }
    return out;
  });
}

}  // namespace tinysim::gui
