// `tinysim prune MODEL.tflite --sparsity 0.75 --data DATA -o OUT.tflite`:
// magnitude pruning with a polynomial schedule while fine-tuning on DATA's
// train split; writes the pruned float model, or with --int8 the
// prune-then-quantize int8 model (calibrated on DATA's calib split). Prints
// sparsity, the dense weight size and what the target plan stores.
#include <fmt/core.h>

#include <filesystem>

#include "app/cli/command_registry.h"
#include "app/cli/train_progress.h"
#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/data/dataset.h"
#include "core/train/model_eval.h"
#include "core/train/prune.h"
#include "core/train/variants.h"
#include "core/plan/memory_plan.h"
#include "core/target/plan_writer.h"

namespace tinysim::cli {
namespace {

struct PruneCliOptions {
  std::string model, data, out;
  float sparsity = 0.75f;
  int epochs = train::default_prune().fit.epochs;
  int batch_size = train::default_prune().fit.batch_size;
  float lr = train::default_prune().fit.lr;
  int frequency = train::default_prune().frequency;
  uint64_t seed = train::default_prune().fit.seed;
  size_t train_samples = 0;
  size_t calib_samples = 200;
  bool int8 = false;
  bool prune_depthwise = false;
  bool quiet = false;
};

std::string kib(uint64_t b) { return fmt::format("{} bytes ({:.1f} KiB)", b, b / 1024.0); }

int run_prune(const PruneCliOptions& o) {
  const Model m = load_tflite(o.model).take();
  train::require_float_model(m, o.model, "prune the float model and pass --int8 to quantize the result");
  const std::string spec = o.train_samples ? o.data + ":" + std::to_string(o.train_samples) : o.data;
  const Dataset train = load_dataset(spec, "train").take();
  train::VariantOptions vo;
  train::PruneOptions& po = vo.prune;
  po.target_sparsity = o.sparsity;
  po.frequency = o.frequency;
  po.prune_depthwise = o.prune_depthwise;
  po.fit.epochs = o.epochs;
  po.fit.batch_size = o.batch_size;
  po.fit.lr = o.lr;
  po.fit.seed = o.seed;
  po.fit.phase = "prune";
  if (!o.quiet) po.fit.progress = print_train_progress;
  // pruned_int8 = pruned, then int8; in two steps so the calibration data is
  // loaded only once the fine-tuning is done.
  Model out = train::make_variant("pruned", m, {nullptr, &train}, vo);
  out.description = fmt::format("magnitude-pruned to {:.0f}% sparsity by tinysim prune", 100.0 * o.sparsity);
  if (o.int8) {
    const Dataset calib = load_dataset(o.data, "calib").take();
    vo.quant.num_samples = o.calib_samples;
    out = train::make_variant("int8", out, {&calib, nullptr}, vo);
    out.description += ", int8";
  }
  save_tflite(out, o.out).take();
  const auto st = train::weight_sparsity(out);
  fmt::print("wrote {} ({})\n", o.out, kib(std::filesystem::file_size(o.out)));
  fmt::print("weight sparsity: {:.2f}% ({} of {} conv/depthwise/FC weights are zero, {} tensors >= 50% zero)\n",
             100.0 * st.sparsity, st.zeros, st.weights, st.pruned_tensors);
  if (o.int8) {
    const auto plan = target::build_plan(out, plan_memory(out));
    fmt::print("weights dense: {}; stored in the target plan: {}\n", kib(plan.dense_weight_bytes),
               kib(plan.stored_weight_bytes));
  } else {
    fmt::print("weights dense (float32): {}; sparse storage applies to int8 models (use --int8)\n",
               kib(static_cast<uint64_t>(st.weights) * 4));
  }
  const Dataset test = load_dataset(o.data, "test").take();
  fmt::print("test accuracy: {:.2f}% on {} samples\n", 100.0 * train::host_accuracy(out, test), test.size());
  return 0;
}

const RegisterCommand kRegister("prune", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<PruneCliOptions>();
  app.description("Magnitude-prune a float model to a target sparsity while fine-tuning (then int8 with --int8)");
  app.add_option("model", o->model, "float .tflite model")->required();
  app.add_option("--sparsity", o->sparsity, "fraction of conv/FC weights set to zero")
      ->check(CLI::Range(0.0, 0.99));
  app.add_option("--data", o->data, "data set spec (fashion-mnist, har, vibration, kws or a directory)")
      ->required();
  app.add_option("-o,--out", o->out, "output .tflite")->required();
  app.add_option("--epochs", o->epochs, "fine-tuning epochs")->check(CLI::Range(1, 1000));
  app.add_option("--batch-size", o->batch_size, "mini-batch size")->check(CLI::Range(2, 65536));
  app.add_option("--lr", o->lr, "Adam learning rate of the fine-tuning")->check(CLI::PositiveNumber);
  app.add_option("--frequency", o->frequency, "steps between mask updates")->check(CLI::Range(1, 1000000));
  app.add_option("--seed", o->seed, "shuffling seed");
  app.add_option("--train-samples", o->train_samples, "use only the first N training samples (0 = all)");
  app.add_option("--calib-samples", o->calib_samples, "calibration samples for --int8");
  app.add_flag("--int8", o->int8, "quantize the pruned model to int8 (prune-then-quantize)");
  app.add_flag("--prune-depthwise", o->prune_depthwise, "prune depthwise filters too");
  app.add_flag("-q,--quiet", o->quiet, "no progress bar");
  return [o] { return run_prune(*o); };
});

}  // namespace
}  // namespace tinysim::cli
