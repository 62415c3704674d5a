// `tinysim make-data SPEC -o DIR`: writes a data set (any spec load_dataset
// reads) as DIR/dataset.json + IDX files, the format users bring their own
// data in (see sample_models/DATA.md).
#include <fmt/core.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "app/cli/command_registry.h"
#include "core/data/dataset.h"

namespace tinysim::cli {
namespace {

struct MakeDataCli {
  std::string spec, out;
  std::vector<std::string> splits = {"train", "test", "calib"};
};

const RegisterCommand reg("make-data", [](CLI::App& app) {
  auto o = std::make_shared<MakeDataCli>();
  app.description("Write a data set (fashion-mnist, har, vibration, kws[:N] or a dataset.json directory) to DIR as "
                  "dataset.json + IDX files (x float32, y uint8).");
  app.add_option("spec", o->spec, "data set spec")->required();
  app.add_option("-o,--output", o->out, "directory to write")->required();
  app.add_option("--splits", o->splits, "splits to write")->capture_default_str();
  return [o] {
    set_dataset_progress([](const std::string& what, size_t d, size_t t) {
      static const bool tty = isatty(fileno(stderr));
      if (tty) fmt::print(stderr, "\rgenerating {} {}/{}\x1b[K{}", what, d, t, d == t ? "\n" : "");
      else if (d == t) fmt::print(stderr, "generated {} ({} samples)\n", what, t);
    });
    for (const auto& split : o->splits) {
      const auto t0 = std::chrono::steady_clock::now();
      const Dataset d = load_dataset(o->spec, split).take();
      save_dataset(d, o->out, split).take();
      fmt::print("{} {}: {} samples of shape {}, {} classes, {:.1f} s\n", o->spec, split, d.size(),
                 fmt::format("{}", fmt::join(d.sample_shape, "x")), d.num_classes,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    fmt::print("wrote {}/dataset.json\n", o->out);
    return 0;
  };
});

}  // namespace
}  // namespace tinysim::cli
