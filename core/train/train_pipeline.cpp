#include "core/train/train_pipeline.h"
#include "core/model/op_schema.h"

#include <chrono>
#include <filesystem>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/common/atomic_file.h"
#include "core/data/dataset.h"
#include "core/train/model_eval.h"
#include "core/optimize/quantize.h"
#include "core/train/transfer.h"
#include "core/train/variants.h"

namespace tinysim::train {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Dataset load(const std::string& spec, size_t limit, const std::string& split) {
  const std::string s = limit > 0 ? spec + ":" + std::to_string(limit) : spec;
  return load_dataset(s, split).take();
}

int64_t count_params(const Model& m) {
  int64_t n = 0;
  for (const Operator& op : m.ops)
    for (size_t i = 1; i < op.inputs.size(); ++i)
      if (op.inputs[i] >= 0 && m.tensors[op.inputs[i]].is_constant() &&
          find_op_schema(op) && find_op_schema(op)->weight_kind != WeightKind::None)
        n += m.tensors[op.inputs[i]].num_elements();
  return n;
}

}  // namespace

Model finished_model(const TrainNet& net, const std::string& description) {
  Model m = net.folded_model();
  m.description = description;
  return m;
}

Result<TrainReport> run_recipe(const std::string& recipe_path, const std::string& out_dir,
                               const PipelineHooks& hooks) {
  return capture([&]() -> TrainReport {
    const auto t_all = Clock::now();
    const Recipe r = load_recipe(recipe_path);
    auto log = [&](const std::string& s) {
      if (hooks.log) hooks.log(s);
    };
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) throw Error(out_dir, "cannot create the output directory: " + ec.message(), "check the path");

    const Dataset train = load(r.dataset, r.train_samples, "train");
    const Dataset test = load(r.dataset, r.test_samples, "test");
    const Dataset calib = load(r.dataset, 0, "calib");
    log(fmt::format("data: {} train, {} test, {} calibration samples of {}", train.size(), test.size(),
                    calib.size(), r.dataset));

    TrainReport rep;
    rep.recipe = recipe_path;
    rep.use_case = r.use_case;
    rep.dataset = r.dataset;
    rep.train_samples = train.size();
    rep.test_samples = test.size();
    rep.calib_samples = calib.size();

    auto fit_opts = [&](FitOptions f, const std::string& phase) {
      f.phase = phase;
      f.progress = hooks.progress;
      return f;
    };
    auto save = [&](const Model& m, const std::string& variant, double seconds) {
      VariantResult v;
      v.variant = variant;
      v.file = (fs::path(out_dir) / (r.use_case + "_" + variant + ".tflite")).string();
      save_tflite(m, v.file).take();
      v.file_bytes = fs::file_size(v.file);
      // Accuracy from the file as written: what a user gets.
      const Model written = load_tflite(v.file).take();
      v.accuracy = host_accuracy(written, test);
      v.params = count_params(written);
      v.weight_sparsity = weight_sparsity(written).sparsity;
      v.seconds = seconds;
      log(fmt::format("{:<15} test accuracy {:6.2f}%  {:>7} bytes  sparsity {:4.1f}%  ({:.1f} s)  {}", variant,
                      100.0 * v.accuracy, v.file_bytes, 100.0 * v.weight_sparsity, seconds, v.file));
      rep.variants.push_back(v);
    };

    // --- the float model -------------------------------------------------
    auto t0 = Clock::now();
    std::vector<int> shape = r.input_shape.empty() ? train.sample_shape : r.input_shape;
    std::unique_ptr<TrainNet> net;
    if (r.base) {
      const Model base = to_float_model(load_tflite(r.base->model).take());
      TransferNet tn = build_transfer_model(base, r.base->cut_at, r.layers, r.base->unfreeze_top, r.fit.seed,
                                            recipe_path);
      net = std::make_unique<TrainNet>(std::move(tn.model));
      for (int k : tn.base_slots) net->set_frozen(k, true);
      Trainer head(*net, fit_opts(r.fit, "train head"));
      head.fit(train);
      if (!tn.top_slots.empty() && r.base->unfreeze_epochs > 0) {
        for (int k : tn.top_slots) net->set_frozen(k, false);
        FitOptions f = fit_opts(r.fit, "fine-tune top");
        f.epochs = r.base->unfreeze_epochs;
        f.lr = r.base->unfreeze_lr;
        f.seed = r.fit.seed + 1;
        Trainer top(*net, f);
        top.fit(train);
      }
      for (size_t k = 0; k < net->params().size(); ++k) net->set_frozen(static_cast<int>(k), false);
    } else {
      std::vector<int> bn_ops;
      net = std::make_unique<TrainNet>(build_model(shape, r.layers, true, r.fit.seed, recipe_path, &bn_ops));
      for (int op : bn_ops) net->add_batch_norm(op);
      Trainer t(*net, fit_opts(r.fit, "train"));
      t.fit(train);
    }
    const double float_seconds = since(t0);
    const Model float_model = finished_model(*net, "TinySim " + r.use_case + " float (trained from " +
                                                       fs::path(recipe_path).filename().string() + ")");
    if (r.wants("float")) save(float_model, "float", float_seconds);

    // --- PTQ, QAT, prune-then-quantize: the variant maker -----------------
    VariantOptions vo;
    vo.quant = r.quant;
    vo.qat = fit_opts(r.fit, "qat");
    vo.qat.epochs = r.qat.epochs;
    vo.qat.lr = r.qat.lr;
    vo.qat.seed = r.fit.seed + 2;
    vo.prune = r.prune;
    vo.prune.fit = fit_opts(r.prune.fit, "prune");
    vo.prune.fit.seed = r.fit.seed + 3;
    std::vector<std::string> kinds;
    for (const char* v : {"int8", "qat_int8", "pruned_int8"})
      if (r.wants(v)) kinds.push_back(v);
    t0 = Clock::now();
    make_variants(float_model, kinds, {&calib, &train}, vo, [&](const std::string& v, Model q) {
      if (v == "int8")
        q.description = "TinySim " + r.use_case + " int8 (post-training quantized)";
      else if (v == "qat_int8")
        q.description = "TinySim " + r.use_case + " int8 (quantization-aware trained)";
      else
        q.description = fmt::format("TinySim {} int8, magnitude-pruned to {:.0f}% sparsity then quantized",
                                    r.use_case, 100.0 * vo.prune.target_sparsity);
      save(q, v, since(t0));
      t0 = Clock::now();
      return true;
    });

    // --- distillation ----------------------------------------------------
    if (r.wants("distilled_int8")) {
      t0 = Clock::now();
      std::vector<float> teacher_logits;
      if (r.distill.teacher == "float") {
        teacher_logits = predict_logits(*net, train);
      } else {
        TrainNet teacher(to_float_model(load_tflite(r.distill.teacher).take()));
        teacher_logits = predict_logits(teacher, train);
      }
      std::vector<int> bn_ops;
      TrainNet student(build_model(shape, r.distill.layers, true, r.fit.seed + 4, recipe_path, &bn_ops));
      for (int op : bn_ops) student.add_batch_norm(op);
      FitOptions f = fit_opts(r.fit, "distill");
      if (r.distill.epochs >= 0) f.epochs = r.distill.epochs;
      if (r.distill.lr > 0) f.lr = r.distill.lr;
      f.teacher_logits = &teacher_logits;
      f.temperature = r.distill.temperature;
      f.alpha = r.distill.alpha;
      Trainer t(student, f);
      t.fit(train);
      Model q = quantize_model(student.folded_model(), calib, r.quant).take();
      q.description = fmt::format("TinySim {} int8 student distilled (T={}, alpha={})", r.use_case,
                                  r.distill.temperature, r.distill.alpha);
      save(q, "distilled_int8", since(t0));
    }

    rep.total_seconds = since(t_all);
    nlohmann::json j;
    j["recipe"] = fs::path(recipe_path).filename().string();
    j["use_case"] = r.use_case;
    j["dataset"] = r.dataset;
    j["train_samples"] = rep.train_samples;
    j["test_samples"] = rep.test_samples;
    j["calib_samples"] = rep.calib_samples;
    j["seed"] = r.fit.seed;
    j["total_seconds"] = rep.total_seconds;
    for (const auto& v : rep.variants)
      j["variants"].push_back({{"variant", v.variant},
                               {"file", fs::path(v.file).filename().string()},
                               {"test_accuracy", v.accuracy},
                               {"file_bytes", v.file_bytes},
                               {"params", v.params},
                               {"weight_sparsity", v.weight_sparsity},
                               {"seconds", v.seconds}});
    rep.report_path = (fs::path(out_dir) / (r.use_case + "_report.json")).string();
    write_file_atomically(rep.report_path, j.dump(2) + "\n");
    return rep;
  });
}

}  // namespace tinysim::train
