#include "core/report/bench.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/data/dataset.h"
#include "core/report/host_eval.h"
#include "core/report/polled_workers.h"
#include "core/report/sha256.h"
#include "core/report/spot_check.h"
#include "core/target/memory_fit.h"

namespace tinysim::report {
namespace {

using Clock = std::chrono::steady_clock;

// Rough relative cost of one emulated MAC against one host MAC, and the fixed
// cost of an emulated run (emulator start, image and plan load) in host MACs.
// Only the progress fraction and ETA use them; a wrong guess makes the ETA
// drift, never a result.
constexpr double kEmuMacCost = 30.0;
constexpr double kEmuRunOverhead = 2e6;

struct LoadedModel {
  BenchModel spec;
  Model model;
  ModelStats stats;
  std::string sha256;
};

// Weighted work done / total, turned into BenchProgress with an ETA.
class ProgressTracker {
 public:
  ProgressTracker(ProgressSink& sink, double total, size_t items)
      : sink_(sink), total_(std::max(total, 1.0)), items_(items), start_(Clock::now()) {}

  void stage(const std::string& current, const std::string& stage) {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = current;
    stage_ = stage;
    emit_locked(true);
  }
  // Any thread: records work done. Only the thread that runs the bench emits.
  void add(double work) {
    std::lock_guard<std::mutex> lock(mu_);
    done_ += work;
  }
  void poll() {
    std::lock_guard<std::mutex> lock(mu_);
    emit_locked(false);
  }
  void item_done() {
    std::lock_guard<std::mutex> lock(mu_);
    ++item_;
    emit_locked(true);
  }
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  void emit_locked(bool force) {
    const auto now = Clock::now();
    // Ten updates a second are plenty for a bar; stage changes always go out.
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    BenchProgress p;
    p.item = item_;
    p.items = items_;
    p.current = current_;
    p.stage = stage_;
    p.fraction = std::min(1.0, done_ / total_);
    p.elapsed_s = elapsed();
    if (p.fraction > 0.02 && p.elapsed_s > 1.0) p.eta_s = p.elapsed_s * (1.0 - p.fraction) / p.fraction;
    sink_.on_progress(p);
  }

  ProgressSink& sink_;
  double total_, done_ = 0;
  size_t items_, item_ = 0;
  std::string current_, stage_;
  Clock::time_point start_, last_{};
  std::mutex mu_;
};

std::string variant_of(const BenchModel& spec, const Model& m) {
  if (!spec.variant.empty()) return spec.variant;
  const DType t = m.tensors[size_t(m.inputs.at(0))].type;
  if (t == DType::Float32) return "float";
  std::string name = dtype_name(t);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return name;
}

double mac_weight(const LoadedModel& m) { return double(std::max<int64_t>(m.stats.total_macs, 1000)); }

struct EmulatedRuns {
  std::vector<target::TargetRun> runs;  // sorted by cycles
  bool cancelled = false;
};

// K emulated runs of one model on one profile, spread over threads; each
// run's outputs are checked against the host kernels on the same input.
EmulatedRuns emulate(const LoadedModel& lm, const std::string& variant, const emu::McuProfile& profile,
                     const std::vector<TensorBytes>& inputs, const std::vector<std::string>& input_names,
                     const target::TargetOptions& options, int jobs, ProgressTracker& progress,
                     const std::atomic<bool>& cancel) {
  const size_t k = inputs.size();
  std::vector<std::optional<target::TargetRun>> runs(k);
  std::vector<std::string> errors(k);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  const double run_work = mac_weight(lm) * kEmuMacCost + kEmuRunOverhead;
  auto worker = [&] {
    for (size_t i = next++; i < k; i = next++) {
      if (cancel.load() || failed.load()) return;
      auto host = run_host(lm.model, inputs[i]);
      if (!host) {
        errors[i] = host.error().what();
        failed = true;
        return;
      }
      target::TargetOptions stoppable = options;
      stoppable.cancel = &cancel;  // a long emulated run ends soon after Ctrl-C
      auto run = target::run_on_target(lm.model, profile, inputs[i], stoppable);
      if (!run && cancel.load()) return;
      if (!run) {
        errors[i] = run.error().what();
        failed = true;
        return;
      }
      const std::string diff = first_difference(lm.model, *host, run->outputs);
      if (!diff.empty()) {
        errors[i] = fmt::format("{} ({}) on {}: emulator and host kernels disagree on {}: {}", lm.spec.path, variant,
                                profile.name, input_names[i], diff);
        failed = true;
        return;
      }
      runs[i] = std::move(*run);
      progress.add(run_work);
    }
  };
  const int n_threads = std::max(1, std::min<int>(jobs, int(k)));
  // This thread only reports progress, so subscribers hear from one thread.
  const std::vector<std::string> thread_errors = run_polled_workers(
      n_threads,
      [&](int) {
        try {
          worker();
        } catch (...) {
          failed = true;
          throw;
        }
      },
      [&] { progress.poll(); });
  for (const std::string& e : thread_errors)
    if (!e.empty()) throw Error(lm.spec.path + " on " + profile.name + ": " + e);
  for (const std::string& e : errors)
    if (!e.empty()) throw Error(e);
  EmulatedRuns out;
  if (cancel.load()) {
    out.cancelled = true;
    return out;
  }
  for (auto& r : runs) out.runs.push_back(std::move(*r));
  std::stable_sort(out.runs.begin(), out.runs.end(),
                   [](const target::TargetRun& a, const target::TargetRun& b) { return a.cycles < b.cycles; });
  return out;
}

void fill_target_fields(ResultRecord& rec, const EmulatedRuns& er, const emu::McuProfile& profile) {
  // The median run (lower middle for an even count) is a real run, so its
  // instructions, energy and layer counts belong together.
  const target::TargetRun& med = er.runs[(er.runs.size() - 1) / 2];
  rec.latency_samples = int(er.runs.size());
  rec.cycles = med.cycles;
  rec.cycles_min = er.runs.front().cycles;
  rec.cycles_max = er.runs.back().cycles;
  rec.latency_ms = med.latency_ms;
  rec.instructions = med.instructions;
  rec.energy_uj = med.energy_uj;
  if (rec.macs > 0) rec.cycles_per_mac = double(med.cycles) / double(rec.macs);
  uint64_t stack = 0;
  for (const auto& r : er.runs) stack = std::max(stack, r.stack_bytes);  // memory: the worst of the runs
  const target::TargetLayout& l = med.layout;
  const target::MemoryFit fit = target::run_fit(l, stack, true);
  rec.stack_bytes = fit.stack_bytes;
  rec.ram_peak_bytes = fit.ram_bytes;
  rec.arena_bytes = fit.arena_bytes;
  rec.static_ram_bytes = fit.static_ram_bytes;
  rec.flash_bytes = fit.flash_bytes;
  rec.weights_bytes = fit.weights_bytes;
  rec.code_bytes = fit.code_bytes;
  rec.overflow_bytes = fit.overflow_bytes;
  rec.fits = fit.fits;
  rec.sparsity = med.sparsity;
  rec.firmware_flags = l.firmware_flags;
  rec.profile_clock_hz = profile.clock_hz;
  rec.layers = layer_records(med.layers);
}

BenchOutcome run(const BenchRequest& req, ProgressSink& sink, const std::atomic<bool>& cancel) {
  const auto t0 = Clock::now();
  BenchOutcome outcome;
  if (req.profiles.empty()) throw Error("no MCU profile given", "pass --mcu nrf52840 (or several, comma-separated)");
  if (req.latency_samples < 1) throw Error("--latency-samples must be at least 1");
  if (req.target.backend != target::Backend::Unicorn)
    throw Error("bench measures cycles on the unicorn backend only", "drop the backend setting");
  const int jobs = req.jobs > 0 ? req.jobs : std::max(1, int(std::thread::hardware_concurrency()));
  target::TargetOptions topt = req.target;
  topt.require_fit = false;

  // Everything that can be wrong with the input is found before the long part.
  std::vector<emu::McuProfile> profiles;
  for (const std::string& p : req.profiles) profiles.push_back(emu::load_profile(p).take());
  const std::vector<BenchModel> specs = resolve_bench_models(req).take();
  std::vector<LoadedModel> models;
  for (const BenchModel& s : specs) {
    if (cancel.load()) {  // many models on many profiles take a while to plan
      outcome.cancelled = true;
      return outcome;
    }
    LoadedModel lm{s, load_tflite(s.path).take(), {}, sha256_file(s.path)};
    lm.stats = model_stats(lm.model);
    lm.spec.variant = variant_of(s, lm.model);
    HostInterpreter check(lm.model);  // unsupported ops fail here, with the op named
    for (const emu::McuProfile& p : profiles) {
      auto layout = target::plan_layout(lm.model, p, topt);
      if (!layout) throw Error(s.path + " on " + p.name + ": " + layout.error().what());
    }
    models.push_back(std::move(lm));
  }
  std::map<std::string, Dataset> datasets;
  {
    // Generating a data set can take minutes (KWS synthesis): the generator
    // polls the cancel flag between samples, and its "cancelled" failure is
    // a cancelled bench, not an error.
    const DatasetCancelScope stop_generators(cancel);
    for (const LoadedModel& lm : models)
      if (!lm.spec.dataset.empty() && !datasets.count(lm.spec.dataset)) {
        sink.on_progress({0, 0, lm.spec.dataset, "load data", 0, 0, -1});
        Result<Dataset> d = load_dataset(lm.spec.dataset, "test");
        if (cancel.load()) {
          outcome.cancelled = true;
          return outcome;
        }
        datasets.emplace(lm.spec.dataset, d.take());
      }
  }
  for (const LoadedModel& lm : models)
    if (!lm.spec.dataset.empty()) check_model_data(lm.model, datasets.at(lm.spec.dataset));

  double total = 0;
  for (const LoadedModel& lm : models) {
    if (!lm.spec.dataset.empty())
      total += mac_weight(lm) * double(datasets.at(lm.spec.dataset).size()) / double(jobs);
    total += double(profiles.size()) * double(req.latency_samples) *
             (mac_weight(lm) * kEmuMacCost + kEmuRunOverhead) / double(std::min(jobs, req.latency_samples));
  }
  ProgressTracker progress(sink, total, models.size() * profiles.size());

  // Groups of one use case are adjacent (resolve_bench_models sorts them), float first.
  std::map<std::string, HostEval> parent_eval;  // model name -> float parent's evaluation
  std::map<std::string, std::string> parent_variant;
  for (const LoadedModel& lm : models) {
    const std::string& variant = lm.spec.variant;
    const std::string label = lm.spec.model + " " + variant;
    std::optional<HostEval> eval;
    const Dataset* data = lm.spec.dataset.empty() ? nullptr : &datasets.at(lm.spec.dataset);
    if (data) {
      progress.stage(label, "accuracy");
      const double per_sample = mac_weight(lm) / double(jobs);
      size_t reported = 0;
      eval = evaluate_on_host(lm.model, *data, jobs, cancel, [&](size_t done) {
        progress.add(per_sample * double(done - reported));
        reported = done;
        progress.poll();
      });
      if (!eval->complete) {
        outcome.cancelled = true;
        break;
      }
      if (is_float_variant(variant) && !parent_eval.count(lm.spec.model)) {
        parent_eval[lm.spec.model] = *eval;
        parent_variant[lm.spec.model] = variant;
      }
    } else {
      sink.on_note(fmt::format("{}: no data set was given and there is no recipe beside the model, so accuracy is "
                               "not measured (latency and memory only)",
                               lm.spec.path));
    }

    // The emulated inputs: the first K test samples, or seeded random inputs.
    std::vector<TensorBytes> inputs;
    std::vector<std::string> input_names;
    const size_t k = size_t(req.latency_samples);
    for (size_t i = 0; i < k; ++i) {
      if (data && data->size() > 0) {
        inputs.push_back(dataset_input(lm.model, *data, i % data->size()));
        input_names.push_back(fmt::format("test sample {} of {}", i % data->size(), data->name));
      } else {
        inputs.push_back(random_input(lm.model, 1 + i));
        input_names.push_back(fmt::format("random input (seed {})", 1 + i));
      }
    }

    for (const emu::McuProfile& profile : profiles) {
      if (cancel.load()) {
        outcome.cancelled = true;
        break;
      }
      progress.stage(label + " on " + profile.name, "emulate");
      ResultRecord rec;
      rec.model = lm.spec.model;
      rec.variant = variant;
      rec.mcu = profile.name;
      rec.path = lm.spec.path;
      rec.dataset = lm.spec.dataset;
      rec.macs = lm.stats.total_macs;
      rec.params = lm.stats.total_params;
      rec.model_sha256 = lm.sha256;
      rec.tinysim_version = TINYSIM_VERSION;
      if (eval) {
        rec.test_samples = eval->samples;
        rec.correct = eval->correct;
        rec.accuracy = eval->samples ? double(eval->correct) / double(eval->samples) : 0.0;
        rec.confusion = eval->confusion;
        rec.class_names = data->class_names;
        const auto pe = parent_eval.find(lm.spec.model);
        if (pe != parent_eval.end() && pe->second.outputs_per_sample == eval->outputs_per_sample) {
          const Agreement a = compare_outputs(*eval, pe->second);
          rec.float_parent = parent_variant[lm.spec.model];
          rec.agreement = a.same_top1;
          rec.rmse = a.rmse;
          rec.cosine = a.cosine;
        }
      }
      const EmulatedRuns er = emulate(lm, variant, profile, inputs, input_names, topt, jobs, progress, cancel);
      if (er.cancelled) {
        outcome.cancelled = true;
        break;
      }
      fill_target_fields(rec, er, profile);
      outcome.records.push_back(rec);
      sink.on_result(rec);
      progress.item_done();
    }
    if (outcome.cancelled) break;
  }
  outcome.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return outcome;
}

}  // namespace

Result<std::vector<BenchModel>> resolve_bench_models(const BenchRequest& req) {
  return capture([&] {
    std::vector<BenchModel> out;
    if (req.samples) {
      const std::string dir = req.samples_dir.empty() ? find_sample_models_dir() : req.samples_dir;
      out = discover_models(dir, req.dataset);
    }
    if (!req.models.empty()) {
      auto more = describe_models(req.models, req.dataset);
      out.insert(out.end(), more.begin(), more.end());
    }
    if (out.empty()) throw Error("no models to bench", "pass .tflite files or --samples");
    // Keep a use case's variants together, float first, even when files came from both sources.
    order_models(out);
    return out;
  });
}

std::vector<LayerRecord> layer_records(const std::vector<target::TargetLayer>& layers) {
  std::vector<LayerRecord> out;
  for (const target::TargetLayer& tl : layers) {
    LayerRecord lr;
    lr.layer = tl.op_index;
    lr.op = tl.op_name;
    lr.macs = tl.macs;
    lr.cycles = tl.cycles;
    lr.instructions = tl.instructions;
    lr.flash_stall_cycles = tl.flash_stall_cycles;
    if (tl.macs > 0) lr.cycles_per_mac = double(tl.cycles) / double(tl.macs);
    out.push_back(lr);
  }
  return out;
}

Result<BenchOutcome> run_bench(const BenchRequest& request, ProgressSink& sink, const std::atomic<bool>& cancel) {
  auto r = capture([&] { return run(request, sink, cancel); });
  sink.on_finish(r.ok() && r->cancelled);
  return r;
}

}  // namespace tinysim::report
