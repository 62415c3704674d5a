#include "app/gui/variant_builder.h"

#include <filesystem>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/data/dataset.h"
#include "core/optimize/quantize.h"
#include "core/train/trainer.h"
#include "core/train/variants.h"
#include "core/report/result_record.h"

namespace tinysim::gui {

namespace fs = std::filesystem;

namespace {

// Thrown from the trainer's progress hook (called between batches on the
// calling thread, outside its worker shards) to stop training early.
struct Cancelled {};

std::vector<int> sampleShape(const Model& m) {
  const Tensor& in = m.tensors[static_cast<size_t>(m.inputs.at(0))];
  return std::vector<int>(in.shape.begin() + (in.shape.size() > 1 ? 1 : 0), in.shape.end());
}

BuiltVariants cancelledResult(BuiltVariants& out) {
  out.cancelled = true;
  return out;
}

}  // namespace

std::string benchModelName(const std::string& path) {
  return report::split_model_variant(fs::path(path).stem().string()).first;
}

Result<BuiltVariants> buildVariants(const VariantRequest& r, const std::string& outDir, const BuildProgress& progress,
                                    const std::atomic<bool>& cancel) {
  return capture([&]() -> BuiltVariants {
    BuiltVariants out;
    const std::string path = r.modelPath.toStdString();
    if (r.original) out.files.push_back(path);
    if (!r.ptq && !r.pruned && !r.qat) return out;

    const Model model = load_tflite(path).take();
    train::require_float_model(model, path, "open the float model to make int8, pruned or QAT variants");
    if (model.inputs.size() != 1)
      throw Error(path, "has " + std::to_string(model.inputs.size()) + " inputs; variants need one");
    const std::string dataset = r.dataset.toStdString();
    const std::string name = benchModelName(path);
    fs::create_directories(outDir);
    auto fileFor = [&](const std::string& variant) { return (fs::path(outDir) / (name + "_" + variant + ".tflite")).string(); };

    // Calibration set: an explicit spec, else the data set's calib split.
    train::VariantOptions vo;
    QuantizeOptions& qo = vo.quant;
    qo.num_samples = static_cast<size_t>(std::max(0, r.calibrationSamples));
    const std::string calibSpec = r.calibration.isEmpty() ? dataset : r.calibration.toStdString();
    if (calibSpec.empty())
      throw Error(path, "int8 variants need calibration data",
                  "choose a data set or a calibration set (random:1 when the model has none)");
    Dataset calib;
    uint32_t seed = 0;
    size_t n = 0;
    progress("loading calibration data " + calibSpec, 0);
    if (parse_random_spec(calibSpec, seed, n, qo.num_samples ? qo.num_samples : 200))
      calib = make_random_dataset(sampleShape(model), seed, n, 0.0f, 1.0f);
    else
      calib = load_dataset(calibSpec, "calib").take();
    if (cancel) return cancelledResult(out);

    vo.calibration_progress = [&](const std::string& variant, size_t done, size_t total) {
      progress(variant == "int8" ? "int8: calibrating on " + calibSpec : "pruned: calibrating",
               total ? double(done) / double(total) : 1.0);
    };
    auto save = [&](Model m, const std::string& variant, const std::string& description) {
      m.description = description;
      const std::string file = fileFor(variant);
      save_tflite(m, file).take();
      out.files.push_back(file);
    };

    if (r.ptq) {
      Model q = train::make_variant("int8", model, {&calib, nullptr}, vo);
      save(std::move(q), "int8", "int8 PTQ by tinysim-gui (calibrated on " + calibSpec + ")");
      if (cancel) return cancelledResult(out);
    }

    Dataset train;
    if (r.pruned || r.qat) {
      if (dataset.empty() || dataset.rfind("random:", 0) == 0)
        throw Error(path, "pruning and QAT fine-tune on labelled training data",
                    "choose a data set (fashion-mnist, har, vibration, kws or a directory)");
      progress("loading training data " + dataset, 0);
      train = load_dataset(dataset, "train").take();
    }
    auto fitOptions = [&](train::FitOptions f, const std::string& phase) {
      f.epochs = std::max(1, r.fineTuneEpochs);
      f.phase = phase;
      f.progress = [&, phase](const train::Progress& p) {
        if (cancel) throw Cancelled{};
        const double total = double(p.epochs) * double(std::max<int64_t>(p.batches, 1));
        progress(phase + " (epoch " + std::to_string(p.epoch) + "/" + std::to_string(p.epochs) + ")",
                 (double(p.epoch - 1) * double(p.batches) + double(p.batch)) / total);
      };
      return f;
    };

    try {
      if (r.pruned) {
        vo.prune.target_sparsity = static_cast<float>(r.sparsity);
        vo.prune.fit = fitOptions(vo.prune.fit, "pruning to " + std::to_string(int(r.sparsity * 100 + 0.5)) + "% sparsity");
        Model q = train::make_variant("pruned_int8", model, {&calib, &train}, vo);
        save(std::move(q), "pruned_int8",
             "int8, magnitude-pruned to " + std::to_string(int(r.sparsity * 100 + 0.5)) +
                 "% sparsity then quantized, by tinysim-gui");
        if (cancel) return cancelledResult(out);
      }
      if (r.qat) {
        vo.qat = fitOptions(vo.qat, "QAT");
        Model q = train::make_variant("qat_int8", model, {&calib, &train}, vo);
        save(std::move(q), "qat_int8", "int8, quantization-aware trained by tinysim-gui");
      }
    } catch (const Cancelled&) {
      out.cancelled = true;
    }
    return out;
  });
}

}  // namespace tinysim::gui
