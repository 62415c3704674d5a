// `tinysim train RECIPE.json -o DIR`: trains the recipe's model and writes
// DIR/<use_case>_<variant>.tflite for every variant it lists, plus
// DIR/<use_case>_report.json with the test accuracy of each.
#include <fmt/core.h>

#include "app/cli/command_registry.h"
#include "app/cli/train_progress.h"
#include "core/train/train_pipeline.h"

namespace tinysim::cli {
namespace {

struct TrainCliOptions {
  std::string recipe;
  std::string out_dir;
  bool quiet = false;
};

int run_train(const TrainCliOptions& o) {
  train::PipelineHooks hooks;
  if (!o.quiet) hooks.progress = print_train_progress;
  hooks.log = [](const std::string& s) { fmt::print(stderr, "{}\n", s); };
  auto rep = train::run_recipe(o.recipe, o.out_dir, hooks);
  if (!rep) {
    fmt::print(stderr, "error: {}\n", rep.error().what());
    return 2;
  }
  fmt::print("{} on {} ({} train / {} test samples), {:.1f} s\n", rep->use_case, rep->dataset,
             rep->train_samples, rep->test_samples, rep->total_seconds);
  fmt::print("{:<16} {:>9} {:>9} {:>9}  {}\n", "variant", "accuracy", "bytes", "sparsity", "file");
  for (const auto& v : rep->variants)
    fmt::print("{:<16} {:>8.2f}% {:>9} {:>8.1f}%  {}\n", v.variant, 100.0 * v.accuracy, v.file_bytes,
               100.0 * v.weight_sparsity, v.file);
  fmt::print("report: {}\n", rep->report_path);
  return 0;
}

const RegisterCommand kRegister("train", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<TrainCliOptions>();
  app.description("Train a model from a JSON recipe and write its float/int8/QAT/pruned/distilled variants");
  app.add_option("recipe", o->recipe, "recipe .json (see sample_models/*/recipe.json)")->required();
  app.add_option("-o,--out", o->out_dir, "output directory")->required();
  app.add_flag("-q,--quiet", o->quiet, "no progress bar");
  return [o] { return run_train(*o); };
});

}  // namespace
}  // namespace tinysim::cli
