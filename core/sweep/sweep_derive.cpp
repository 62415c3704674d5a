#include "core/sweep/sweep_derive.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "core/common/error.h"
#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/common/atomic_file.h"
#include "core/data/dataset.h"
#include "core/optimize/quantize.h"
#include "core/train/variants.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw Error(path, "cannot create the lock file", "check the sweep folder is writable");
    while (::flock(fd_, LOCK_EX) != 0)
      if (errno != EINTR) throw Error(path, "cannot lock", "the file system must support flock (NFS: enable locking)");
  }
  ~FileLock() { ::close(fd_); }  // closing releases the lock
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

Model calibrated(const SweepPlan& plan, const SweepItem& item) {
  const CalibrationPoint& c = plan.spec.calibration.at(size_t(item.point));
  const Model fm = load_tflite(item.source).take();
  train::VariantOptions vo;
  QuantizeOptions& qo = vo.quant;
  qo.method = c.method == "percentile" ? CalibrationMethod::Percentile : CalibrationMethod::MinMax;
  qo.percentile = c.percentile;
  qo.num_samples = c.samples;
  qo.per_channel_fc = c.per_channel_fc;
  const Dataset calib = load_dataset(item.model.dataset, "calib").take();
  Model q = train::make_variant("int8", fm, {&calib, nullptr}, vo);
  q.description = fmt::format("int8 PTQ by tinysim sweep ({}) of {}", item.option, fs::path(item.source).filename().string());
  return q;
}

Model pruned(const SweepPlan& plan, const SweepItem& item) {
  const PruneSettings& s = plan.spec.prune;
  const double sparsity = plan.spec.sparsity.at(size_t(item.point));
  const std::string& data = item.model.dataset;
  const Dataset train = load_dataset(s.train_samples ? data + ":" + std::to_string(s.train_samples) : data, "train").take();
  const Model fm = load_tflite(item.source).take();
  train::VariantOptions vo;
  train::PruneOptions& po = vo.prune;
  po.target_sparsity = float(sparsity);
  po.frequency = s.frequency;
  po.fit.epochs = s.epochs;
  po.fit.batch_size = s.batch_size;
  po.fit.lr = float(s.lr);
  po.fit.seed = s.seed;
  po.fit.phase = "prune";
  vo.quant.num_samples = s.calib_samples;
  // pruned, then int8 (= pruned_int8), so the calibration data is loaded
  // after the fine-tuning as before.
  const Model p = train::make_variant("pruned", fm, {nullptr, &train}, vo);
  const Dataset calib = load_dataset(data, "calib").take();
  Model q = train::make_variant("int8", p, {&calib, nullptr}, vo);
  q.description = fmt::format("magnitude-pruned to {:.0f}% sparsity and int8 by tinysim sweep, from {}",
                              100.0 * sparsity, fs::path(item.source).filename().string());
  return q;
}

}  // namespace

void ensure_derived_model(const SweepPlan& plan, const SweepItem& item) {
  if (item.derive == Derivation::None || fs::exists(item.model.path)) return;
  fs::create_directories(fs::path(item.model.path).parent_path());
  FileLock lock(item.model.path + ".lock");
  if (fs::exists(item.model.path)) return;  // another shard made it while we waited
  try {
    const Model m = item.derive == Derivation::Calibrate ? calibrated(plan, item) : pruned(plan, item);
    const std::vector<uint8_t> bytes = serialize_tflite(m).take();
    write_file_atomically(item.model.path, std::string(bytes.begin(), bytes.end()));
  } catch (const Error& e) {
    throw Error(item.source, "making the " + item.option + " variant failed: " + e.what());
  }
}

}  // namespace tinysim::report
