// `tinysim quantize MODEL.tflite --calib DATA -o OUT.tflite`: post-training
// int8 quantization with TFLite's conventions (see core/optimize/quantize.h).
// DATA is a data set spec (its calib split is used) or random:SEED[:N] for a
// model without matching data.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/cli/command_registry.h"
#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/data/dataset.h"
#include "core/optimize/quantize.h"
#include "core/train/variants.h"

namespace tinysim::cli {
namespace {

struct QuantizeCli {
  std::string model, calib, out, method = "minmax", range = "0:1", split = "calib";
  size_t samples = 200;
  double percentile = 99.99;
  bool per_channel_fc = false, quiet = false, no_check = false;
};

// One line rewritten in place on a terminal; 10 % steps otherwise.
void progress_bar(const std::string& what, size_t done, size_t total) {
  static const bool tty = isatty(fileno(stderr));
  static int last_decile = -1;
  const int decile = static_cast<int>(10 * done / std::max<size_t>(total, 1));
  if (!tty && decile == last_decile && done != total) return;
  last_decile = decile;
  const int width = 30;
  const int filled = static_cast<int>(width * done / std::max<size_t>(total, 1));
  fmt::print(stderr, "{}{:<14} [{}{}] {}/{}{}", tty ? "\r" : "", what, std::string(filled, '#'),
             std::string(width - filled, '.'), done, total, tty ? (done == total ? "\n" : "\x1b[K") : "\n");
  std::fflush(stderr);
  if (done == total) last_decile = -1;
}

std::pair<float, float> parse_range(const std::string& s) {
  const auto pos = s.find(':');
  const std::string fix = "write --range LO:HI, e.g. --range -1:1";
  if (pos == std::string::npos) throw Error(s, "is not a range", fix);
  try {
    size_t a = 0, b = 0;
    const float lo = std::stof(s.substr(0, pos), &a), hi = std::stof(s.substr(pos + 1), &b);
    if (a != pos || b != s.size() - pos - 1 || !(lo < hi)) throw Error(s, "is not a range LO:HI with LO < HI", fix);
    return {lo, hi};
  } catch (const std::logic_error&) {
    throw Error(s, "is not a range", fix);
  }
}

int run(const QuantizeCli& o) {
  const Model fm = load_tflite(o.model).take();
  if (fm.inputs.size() != 1) throw Error(o.model, "has " + std::to_string(fm.inputs.size()) + " inputs; quantize supports one");
  train::require_float_model(fm, o.model, "quantize needs a float model; this one is quantized already");
  const Tensor& in = fm.tensors[static_cast<size_t>(fm.inputs[0])];
  QuantizeOptions qo;
  if (o.method == "minmax") qo.method = CalibrationMethod::MinMax;
  else if (o.method == "percentile") qo.method = CalibrationMethod::Percentile;
  else throw Error(o.method, "unknown calibration method", "use minmax or percentile");
  qo.percentile = o.percentile;
  qo.per_channel_fc = o.per_channel_fc;
  if (!o.quiet) {
    set_dataset_progress([](const std::string& what, size_t d, size_t t) { progress_bar("generating " + what, d, t); });
    qo.progress = [](size_t d, size_t t) { progress_bar("calibrating", d, t); };
  }

  uint32_t seed = 0;
  size_t n = 0;
  Dataset calib;
  std::string calib_desc;
  if (parse_random_spec(o.calib, seed, n, o.samples)) {
    const auto [lo, hi] = parse_range(o.range);
    std::vector<int> shape(in.shape.begin() + (in.shape.size() > 1 ? 1 : 0), in.shape.end());
    calib = make_random_dataset(shape, seed, n, lo, hi);
    calib_desc = fmt::format("{} random inputs uniform in [{}, {}] (seed {})", n, lo, hi, seed);
  } else {
    calib = load_dataset(o.calib, o.split).take();
    calib_desc = fmt::format("{} samples of {} ({} split)", std::min(o.samples ? o.samples : calib.size(), calib.size()),
                             o.calib, o.split);
  }
  qo.num_samples = o.samples;
  const auto t0 = std::chrono::steady_clock::now();
  train::VariantOptions vo;
  vo.quant = qo;
  Model q = train::make_variant("int8", fm, {&calib, nullptr}, vo);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  q.description = fmt::format("int8 PTQ by tinysim quantize ({}, {}) of {}", o.method == "minmax" ? "min/max" : fmt::format("percentile {}", o.percentile),
                              calib_desc, std::filesystem::path(o.model).filename().string());
  save_tflite(q, o.out).take();

  const Tensor& qi = q.tensors[static_cast<size_t>(q.inputs[0])];
  const Tensor& qo_t = q.tensors[static_cast<size_t>(q.outputs[0])];
  fmt::print("wrote {} ({} bytes, float model {} bytes)\n", o.out, std::filesystem::file_size(o.out),
             std::filesystem::file_size(o.model));
  fmt::print("calibration: {}, {} in {:.1f} s\n", calib_desc, o.method, secs);
  fmt::print("input  {}: int8 scale {:.6g} zero_point {}\n", qi.name, qi.quant.scale[0], qi.quant.zero_point[0]);
  fmt::print("output {}: int8 scale {:.6g} zero_point {}\n", qo_t.name, qo_t.quant.scale[0], qo_t.quant.zero_point[0]);

  // A sanity check against the float model on the calibration inputs (not an
  // accuracy: the float model's answer is the reference). Classifiers (output
  // made by SOFTMAX) compare top-1; other models the output error.
  if (!o.no_check) {
    bool classifier = false;
    for (const Operator& op : fm.ops)
      if (!op.outputs.empty() && op.outputs[0] == fm.outputs[0]) classifier = op.type == OpType::Softmax;
    const size_t m = std::min<size_t>(qo.num_samples ? qo.num_samples : calib.size(), calib.size());
    HostInterpreter fi(fm), ii(q);
    size_t same = 0;
    double se = 0, lo = 1e300, hi = -1e300, count = 0;
    for (size_t i = 0; i < m; ++i) {
      const std::vector<float> x(calib.sample(i), calib.sample(i) + calib.sample_elements());
      fi.set_input_from_float(0, x);
      ii.set_input_from_float(0, x);
      fi.invoke();
      ii.invoke();
      const auto a = fi.output_as_float(0), b = ii.output_as_float(0);
      same += std::max_element(a.begin(), a.end()) - a.begin() == std::max_element(b.begin(), b.end()) - b.begin();
      for (size_t k = 0; k < a.size(); ++k) {
        se += (a[k] - b[k]) * (a[k] - b[k]);
        lo = std::min<double>(lo, a[k]);
        hi = std::max<double>(hi, a[k]);
        ++count;
      }
    }
    if (classifier)
      fmt::print("int8 vs float top-1 agreement on the calibration inputs: {:.1f}% ({}/{})\n", 100.0 * same / m, same, m);
    else
      fmt::print("int8 vs float output RMSE on the calibration inputs: {:.4g} ({:.2f}% of the float output range)\n",
                 std::sqrt(se / count), 100.0 * std::sqrt(se / count) / std::max(hi - lo, 1e-30));
  }
  return 0;
}

const RegisterCommand reg("quantize", [](CLI::App& app) {
  auto o = std::make_shared<QuantizeCli>();
  app.description(
      "Post-training int8 quantization (TFLite conventions: per-channel int8 weights, int32 biases, "
      "per-tensor int8 activations, int8 input and output).\n"
      "DATA is a data set spec (fashion-mnist, har, vibration, kws, a dataset.json directory; ':N' limits it) "
      "whose calib split is used, or random:SEED[:N] for N inputs uniform in --range when the model has no "
      "matching data. Real data calibrates far better than random inputs.");
  app.add_option("model", o->model, "float .tflite model")->required()->check(CLI::ExistingFile);
  app.add_option("--calib", o->calib, "calibration data: a data set spec or random:SEED[:N]")->required();
  app.add_option("-o,--output", o->out, "int8 .tflite to write")->required();
  app.add_option("--samples", o->samples, "calibration samples to use (0 = all)")->capture_default_str();
  app.add_option("--method", o->method, "calibration: minmax or percentile")->capture_default_str();
  app.add_option("--percentile", o->percentile, "percentile kept by --method percentile")->capture_default_str();
  app.add_option("--range", o->range, "LO:HI of random:SEED inputs")->capture_default_str();
  app.add_option("--split", o->split, "split of the data set to calibrate on (calib, train, test)")->capture_default_str();
  app.add_flag("--per-channel-fc", o->per_channel_fc, "per-output-row FULLY_CONNECTED weight scales (default per-tensor)");
  app.add_flag("--no-check", o->no_check, "skip the int8-vs-float agreement check on the calibration inputs");
  app.add_flag("-q,--quiet", o->quiet, "no progress bar");
  return [o] { return run(*o); };
});

}  // namespace
}  // namespace tinysim::cli
