// Labelled data sets for training, evaluation and int8 calibration, all in one
// in-memory form (float samples, integer labels) so the trainer, the
// quantizer and the accuracy reports never care where the data came from.
//
// Specs understood by load_dataset (":N" limits a split to N samples):
//   fashion-mnist[:N]  Debian package dataset-fashion-mnist, 28x28x1 in [0,1]
//   har[:N]            synthetic accelerometer windows, 1x100x3 (see har_generator.h)
//   vibration[:N]      synthetic motor vibration windows, 1x256x1 (vibration_generator.h)
//   kws[:N]            espeak-ng keywords -> MFCC 49x10x1, cached (kws_synth.h)
//   DIR[:N]            a directory holding dataset.json + IDX files (save_dataset)
// Splits: "train", "test", "calib". Every split is reproducible: fixed seeds,
// and calib never overlaps test.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace tinysim {

struct Dataset {
  std::vector<int> sample_shape;  // e.g. {28, 28, 1}: one sample, no batch dim
  std::vector<float> x;           // size() * sample_elements() floats, sample-major
  std::vector<int> y;             // one label per sample, in [0, num_classes)
  int num_classes = 0;
  std::vector<std::string> class_names;
  std::string name;  // the spec it came from, for messages and reports

  size_t size() const { return y.size(); }
  size_t sample_elements() const;
  const float* sample(size_t i) const { return x.data() + i * sample_elements(); }
  float* sample(size_t i) { return x.data() + i * sample_elements(); }
};

// spec: see above. split: "train" | "test" | "calib".
// Errors name the missing file or bad field and the fix.
Result<Dataset> load_dataset(const std::string& spec, const std::string& split);

// Inputs with no labels worth the name (y = 0, num_classes = 1): uniform in
// [lo, hi), seeded. For calibrating a model that has no matching data set;
// real data calibrates far better.
Dataset make_random_dataset(const std::vector<int>& sample_shape, uint32_t seed, size_t n,
                            float lo, float hi);

// Parses "random:SEED[:N]" (N defaults to default_n). Returns false if spec
// is not a random spec; throws tinysim::Error when it is but is malformed.
bool parse_random_spec(const std::string& spec, uint32_t& seed, size_t& n, size_t default_n);

// Writes DIR/dataset.json plus DIR/<split>-x.idx (float32 IDX, shape
// N x sample_shape) and DIR/<split>-y.idx (uint8 IDX), so load_dataset(DIR, split)
// reads it back. Atomic per file. Several splits may share one DIR.
Result<bool> save_dataset(const Dataset& d, const std::string& dir, const std::string& split);

// First `count` samples starting at `begin` (clamped to the data set).
Dataset dataset_slice(const Dataset& d, size_t begin, size_t count);

// Cache directory for generated data: $TINYSIM_CACHE_DIR, else
// $XDG_CACHE_HOME/tinysim, else ~/.cache/tinysim. Created on demand.
std::string data_cache_dir();

}  // namespace tinysim

namespace tinysim {

// Slow generators (kws) report progress here: (what, done, total). Not
// thread-safe to change while a data set loads; front-ends set it once.
void set_dataset_progress(std::function<void(const std::string&, size_t, size_t)> hook);
void report_dataset_progress(const std::string& what, size_t done, size_t total);

// A stop flag slow generators (kws) poll between samples: once it is set they
// stop and load_dataset fails with "cancelled" (nothing is cached). nullptr
// (the default) never stops. Same threading rule as the progress hook; a
// caller sets it for the span of its loads (DatasetCancelScope).
void set_dataset_cancel(const std::atomic<bool>* flag);
bool dataset_cancel_requested();

class DatasetCancelScope {
 public:
  explicit DatasetCancelScope(const std::atomic<bool>& flag) { set_dataset_cancel(&flag); }
  ~DatasetCancelScope() { set_dataset_cancel(nullptr); }
  DatasetCancelScope(const DatasetCancelScope&) = delete;
  DatasetCancelScope& operator=(const DatasetCancelScope&) = delete;
};

}  // namespace tinysim
