// `tinysim make-data SPEC -o DIR`: writes a data set (any spec load_dataset
// reads) as DIR/dataset.json + IDX files, the format users bring their own
// data in (see sample_models/DATA.md).
// `tinysim make-data --from PATH -o DIR`: the same, from the user's folder of
// class sub-folders of images or WAV clips, or a CSV (core/data/data_import.h;
// the GUI's Import runs the same converter).
#include <fmt/core.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "app/cli/command_registry.h"
#include "core/data/data_import.h"
#include "core/data/dataset.h"

namespace tinysim::cli {
namespace {

struct MakeDataCli {
  std::string spec, from, shape, out;
  double test_fraction = 0.2, calib_fraction = 0.1;
  std::vector<std::string> splits = {"train", "test", "calib"};
};

void print_split(const std::string& what, const std::string& split, const Dataset& d, double seconds) {
  fmt::print("{} {}: {} samples of shape {}, {} classes, {:.1f} s\n", what, split, d.size(),
             fmt::format("{}", fmt::join(d.sample_shape, "x")), d.num_classes, seconds);
}

int import_from(const MakeDataCli& o) {
  const auto t0 = std::chrono::steady_clock::now();
  ImportOptions opt;
  if (!o.shape.empty()) opt.sample_shape = parse_shape(o.shape);
  opt.test_fraction = o.test_fraction;
  opt.calib_fraction = o.calib_fraction;
  const bool tty = isatty(fileno(stderr));
  opt.progress = [tty](size_t done, size_t total) {
    if (tty && (done % 64 == 0 || done == total)) fmt::print(stderr, "\rreading {}/{}\x1b[K{}", done, total, done == total ? "\n" : "");
    return !dataset_cancel_requested();
  };
  const ImportedDataset d = import_dataset(o.from, opt).take();
  save_imported_dataset(d, o.out).take();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto* split : {"train", "test", "calib"})
    print_split(o.from, split, std::string(split) == "train" ? d.train : std::string(split) == "test" ? d.test : d.calib, s);
  fmt::print("wrote {}/dataset.json ({} files read)\n", o.out, d.files);
  return 0;
}

const RegisterCommand reg("make-data", [](CLI::App& app) {
  auto o = std::make_shared<MakeDataCli>();
  app.description("Write a data set (fashion-mnist, har, vibration, kws[:N] or a dataset.json directory, or with --from "
                  "your own folder of class sub-folders of images/WAV clips or a CSV) to DIR as dataset.json + IDX "
                  "files (x float32, y uint8).");
  app.add_option("spec", o->spec, "data set spec");
  app.add_option("--from", o->from, "import a folder (ROOT/<class>/<file> or ROOT/train|test/<class>/<file>; PNG, BMP, "
                                    "PGM/PPM, JPEG or 16 kHz WAV) or a CSV (features..., label)");
  app.add_option("--shape", o->shape, "with --from: sample shape such as 28x28x1 (images are resized to it)");
  app.add_option("--test-fraction", o->test_fraction, "with --from: share of each class held out for test")
      ->capture_default_str();
  app.add_option("--calib-fraction", o->calib_fraction, "with --from: share of train used for int8 calibration")
      ->capture_default_str();
  app.add_option("-o,--output", o->out, "directory to write")->required();
  app.add_option("--splits", o->splits, "splits to write")->capture_default_str();
  return [o] {
    if (o->spec.empty() == o->from.empty()) {
      fmt::print(stderr, "make-data: give either a data set SPEC or --from PATH (not both)\n");
      return 2;
    }
    if (!o->from.empty()) return import_from(*o);
    set_dataset_progress([](const std::string& what, size_t d, size_t t) {
      static const bool tty = isatty(fileno(stderr));
      if (tty) fmt::print(stderr, "\rgenerating {} {}/{}\x1b[K{}", what, d, t, d == t ? "\n" : "");
      else if (d == t) fmt::print(stderr, "generated {} ({} samples)\n", what, t);
    });
    for (const auto& split : o->splits) {
      const auto t0 = std::chrono::steady_clock::now();
      const Dataset d = load_dataset(o->spec, split).take();
      save_dataset(d, o->out, split).take();
      print_split(o->spec, split, d, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    fmt::print("wrote {}/dataset.json\n", o->out);
    return 0;
  };
});

}  // namespace
}  // namespace tinysim::cli
