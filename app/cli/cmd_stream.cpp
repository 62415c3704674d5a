// `tinysim stream PREPROCESSOR.tflite CLASSIFIER.tflite --input CLIP.wav
//  [--stride-ms 20] [--mcu PROFILE] [--backend unicorn|qemu|host] [--json]`:
// an audio chain as TFLM's micro_speech example runs it. The clip is cut into
// frames of the preprocessor's input length every stride; each frame runs
// through the preprocessor (stateful ops keep their state from frame to
// frame, as one firmware calling ts_invoke per frame); the frames' outputs,
// concatenated, are the classifier's input. Reports the classifier's output
// and, on unicorn, cycles per stage.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "app/cli/command_registry.h"
#include "core/common/error.h"
#include "core/data/wav_file.h"
#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/target/target_run.h"

namespace tinysim::cli {
namespace {

struct StreamOptions {
  std::string preprocessor, classifier, input, mcu = "nrf52840", backend = "unicorn";
  double stride_ms = 20;
  int sample_rate = 16000;
  bool json = false;
};

const Tensor& only_io(const Model& m, const std::vector<int>& io, const char* what) {
  if (io.size() != 1)
    throw Error(m.source, std::string("has ") + std::to_string(io.size()) + " " + what + "s; stream needs exactly one",
                "use a single-input, single-output model");
  return m.tensors[size_t(io[0])];
}

int stream(const StreamOptions& o) {
  const Model pre = load_tflite(o.preprocessor).take(), cls = load_tflite(o.classifier).take();
  const Tensor& audio = only_io(pre, pre.inputs, "input");
  const Tensor& feature = only_io(pre, pre.outputs, "output");
  const Tensor& cls_in = only_io(cls, cls.inputs, "input");
  if (audio.type != DType::Int16)
    throw Error(o.preprocessor, std::string("takes ") + dtype_name(audio.type) + " input, not int16 audio",
                "stream feeds 16-bit PCM frames to an audio front end");
  if (feature.num_bytes() <= 0 || cls_in.num_bytes() % feature.num_bytes() != 0 || cls_in.type != feature.type)
    throw Error(o.classifier,
                fmt::format("input {} {} bytes is not a whole number of the preprocessor's {} {}-byte outputs",
                            dtype_name(cls_in.type), cls_in.num_bytes(), dtype_name(feature.type), feature.num_bytes()),
                "pair the preprocessor with the classifier trained on its features");
  const int frames_needed = int(cls_in.num_bytes() / feature.num_bytes());
  const int frame = int(audio.num_elements());
  const int stride = int(o.stride_ms * o.sample_rate / 1000.0 + 0.5);
  const auto pcm = wav_frames_int16(o.input, frame, std::max(stride, 1), frames_needed);
  if (int(pcm.size()) < frames_needed)
    throw Error(o.input, fmt::format("gives {} frames of {} samples every {}, the classifier takes {}", pcm.size(),
                                     frame, stride, frames_needed),
                "use a longer clip or a shorter --stride-ms");
  std::vector<std::vector<std::vector<uint8_t>>> frames;
  for (const auto& f : pcm) {
    std::vector<uint8_t> b(f.size() * 2);
    std::memcpy(b.data(), f.data(), b.size());
    frames.push_back({std::move(b)});
  }
  const emu::McuProfile profile = emu::load_profile(o.mcu).take();
  target::TargetOptions to;
  to.backend = target::parse_backend(o.backend);
  const auto runs = target::run_frames_on_target(pre, profile, frames, to).take();
  std::vector<uint8_t> features;
  uint64_t pre_cycles = 0, pre_max = 0;
  for (const target::TargetRun& r : runs) {
    features.insert(features.end(), r.outputs[0].begin(), r.outputs[0].end());
    pre_cycles += r.cycles;
    pre_max = std::max(pre_max, r.cycles);
  }
  const target::TargetRun c = target::run_on_target(cls, profile, {features}, to).take();
  const Tensor& out = only_io(cls, cls.outputs, "output");
  std::vector<double> scores;
  for (int64_t k = 0; k < out.num_elements(); ++k) {
    double v = 0;
    switch (out.type) {
      case DType::Int8: v = int8_t(c.outputs[0][size_t(k)]); break;
      case DType::Float32: { float f; std::memcpy(&f, &c.outputs[0][size_t(4 * k)], 4); v = f; break; }
      default: throw Error(o.classifier, "output type " + std::string(dtype_name(out.type)) + " is not int8 or float32");
    }
    if (out.quant.present()) v = (v - double(out.quant.zero_point.at(0))) * out.quant.scale[0];
    scores.push_back(v);
  }
  const size_t best = size_t(std::max_element(scores.begin(), scores.end()) - scores.begin());
  const bool cycles = to.backend == target::Backend::Unicorn;
  if (o.json) {
    nlohmann::json j{{"preprocessor", o.preprocessor}, {"classifier", o.classifier}, {"input", o.input},
                     {"backend", o.backend},           {"mcu", profile.name},          {"frames", runs.size()},
                     {"scores", scores},               {"category", best}};
    if (cycles)
      j["cycles"] = {{"preprocessor_total", pre_cycles},
                     {"preprocessor_per_frame", pre_cycles / runs.size()},
                     {"preprocessor_max_frame", pre_max},
                     {"classifier", c.cycles}};
    fmt::print("{}\n", j.dump());
    return 0;
  }
  fmt::print("{} frames of {} samples every {} from {} through {}, then {} (backend {}, {})\n", runs.size(), frame,
             stride, o.input, o.preprocessor, o.classifier, o.backend, profile.name);
  fmt::print("scores [{:.4f}]  category {}\n", fmt::join(scores, ", "), best);
  if (cycles)
    fmt::print("cycles preprocessor {} total, {} per frame (max {}), classifier {}; {:.3f} ms per frame, {:.3f} ms classifier\n",
               pre_cycles, pre_cycles / runs.size(), pre_max, c.cycles, profile.cycles_to_ms(pre_cycles / runs.size()),
               profile.cycles_to_ms(c.cycles));
  return 0;
}

const RegisterCommand kRegister("stream", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<StreamOptions>();
  app.description("Run an audio chain frame by frame (preprocessor with its state, then classifier), as TFLM's "
                  "micro_speech example does: scores and cycles per stage");
  app.add_option("preprocessor", o->preprocessor, "audio front-end .tflite (int16 frame in)")->required();
  app.add_option("classifier", o->classifier, "classifier .tflite taking the frames' outputs back to back")->required();
  app.add_option("--input", o->input, "16-bit PCM WAV clip")->required();
  app.add_option("--stride-ms", o->stride_ms, "frame step in ms (default 20, micro_speech's)")->check(CLI::PositiveNumber);
  app.add_option("--sample-rate", o->sample_rate, "samples per second the stride is counted in (default 16000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--mcu", o->mcu, "MCU profile name or JSON file (default nrf52840)");
  app.add_option("--backend", o->backend, "unicorn (cycles), qemu (outputs cross-check) or host")
      ->check(CLI::IsMember({"unicorn", "qemu", "host"}));
  app.add_flag("--json", o->json, "print one JSON object");
  return [o] { return stream(*o); };
});

}  // namespace
}  // namespace tinysim::cli
