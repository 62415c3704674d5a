#include "core/data/dataset.h"
#include "core/common/json_message.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/common/atomic_file.h"
#include "core/data/har_generator.h"
#include "core/data/idx_reader.h"
#include "core/data/kws_synth.h"
#include "core/data/seeded_rng.h"
#include "core/data/vibration_generator.h"

namespace tinysim {
namespace fs = std::filesystem;

size_t Dataset::sample_elements() const {
  size_t n = 1;
  for (int d : sample_shape) n *= static_cast<size_t>(d);
  return n;
}

namespace {

const char* kFashionClasses[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

void check_split(const std::string& spec, const std::string& split) {
  if (split != "train" && split != "test" && split != "calib")
    throw Error(spec, "unknown split '" + split + "'", "use train, test or calib");
}

std::string fashion_dir() {
  const char* env = std::getenv("TINYSIM_FASHION_MNIST_DIR");
  return env && *env ? env : "/usr/share/datasets/fashion-mnist";
}

Dataset load_fashion_mnist(const std::string& split, size_t limit) {
  const std::string dir = fashion_dir();
  const std::string stem = split == "test" ? "t10k" : "train";
  const std::string xp = dir + "/" + stem + "-images-idx3-ubyte.gz";
  const std::string yp = dir + "/" + stem + "-labels-idx1-ubyte.gz";
  for (const auto& p : {xp, yp})
    if (!fs::exists(p))
      throw Error(p, "Fashion-MNIST file not found",
                  "apt-get install dataset-fashion-mnist, or set TINYSIM_FASHION_MNIST_DIR to a folder with the *-idx?-ubyte.gz files");
  IdxArray xs = read_idx(xp);
  IdxArray ys = read_idx(yp);
  if (xs.shape.size() != 3 || xs.shape[1] != 28 || xs.shape[2] != 28)
    throw Error(xp, "expected N x 28 x 28 images");
  if (ys.shape.size() != 1 || ys.shape[0] != xs.shape[0])
    throw Error(yp, "label count does not match " + xp);
  const size_t total = static_cast<size_t>(xs.shape[0]);
  // calib: a fixed random subset of the training images (a representative
  // set drawn from training data, as TFLite's converter expects).
  std::vector<size_t> order(total);
  std::iota(order.begin(), order.end(), size_t{0});
  size_t n = total;
  if (split == "calib") {
    SeededRng r(0xCA11B);
    for (size_t i = total - 1; i > 0; --i) std::swap(order[i], order[static_cast<size_t>(r.next() % (i + 1))]);
    n = 1000;
  }
  if (limit) n = std::min(n, limit);
  Dataset d;
  d.name = "fashion-mnist";
  d.sample_shape = {28, 28, 1};
  d.num_classes = 10;
  d.class_names.assign(std::begin(kFashionClasses), std::end(kFashionClasses));
  d.x.resize(n * 784);
  d.y.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t s = order[i];
    for (size_t k = 0; k < 784; ++k) d.x[i * 784 + k] = xs.values[s * 784 + k] / 255.0f;
    const float lab = ys.values[s];
    if (lab < 0 || lab > 9) throw Error(yp, "label " + std::to_string(lab) + " outside 0..9");
    d.y[i] = static_cast<int>(lab);
  }
  return d;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw Error(path, "cannot open");
  try {
    return nlohmann::json::parse(f);
  } catch (const std::exception& e) {
    throw Error(path, "malformed JSON: " + json_message(e), "fix the file or re-create it with tinysim make-data");
  }
}

Dataset load_directory(const std::string& dir, const std::string& split, size_t limit) {
  const std::string jp = (fs::path(dir) / "dataset.json").string();
  if (!fs::exists(jp))
    throw Error(jp, "no dataset.json in the data directory", "create one with `tinysim make-data SPEC -o DIR` (see sample_models/DATA.md)");
  const nlohmann::json j = read_json(jp);
  const std::string fix = "see sample_models/DATA.md for the dataset.json fields";
  Dataset d;
  try {
    d.name = j.value("name", fs::path(dir).filename().string());
    d.sample_shape = j.at("sample_shape").get<std::vector<int>>();
    d.num_classes = j.at("num_classes").get<int>();
    if (j.contains("class_names")) d.class_names = j.at("class_names").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(jp, std::string("bad field: ") + e.what(), fix);
  }
  if (d.sample_shape.empty() || std::any_of(d.sample_shape.begin(), d.sample_shape.end(), [](int v) { return v <= 0; }))
    throw Error(jp, "sample_shape must be a list of positive sizes", fix);
  if (d.num_classes <= 0 || d.num_classes > 256) throw Error(jp, "num_classes must be in 1..256", fix);
  if (!d.class_names.empty() && static_cast<int>(d.class_names.size()) != d.num_classes)
    throw Error(jp, "class_names has " + std::to_string(d.class_names.size()) + " names, num_classes is " + std::to_string(d.num_classes), fix);
  if (!j.contains("splits") || !j["splits"].contains(split))
    throw Error(jp, "no '" + split + "' split", "add splits." + split + " with x and y IDX files, or use another split");
  std::string xf, yf;
  try {
    xf = (fs::path(dir) / j["splits"][split].at("x").get<std::string>()).string();
    yf = (fs::path(dir) / j["splits"][split].at("y").get<std::string>()).string();
  } catch (const nlohmann::json::exception& e) {
    throw Error(jp, std::string("bad split entry: ") + e.what(), fix);
  }
  IdxArray xs = read_idx(xf);
  IdxArray ys = read_idx(yf);
  if (xs.shape.size() != d.sample_shape.size() + 1 ||
      !std::equal(d.sample_shape.begin(), d.sample_shape.end(), xs.shape.begin() + 1))
    throw Error(xf, "IDX shape does not match sample_shape of dataset.json (expected N x sample_shape)");
  if (ys.shape.size() != 1 || ys.shape[0] != xs.shape[0])
    throw Error(yf, "needs one label per sample of " + xf);
  size_t n = static_cast<size_t>(xs.shape[0]);
  if (limit) n = std::min(n, limit);
  d.x.assign(xs.values.begin(), xs.values.begin() + static_cast<std::ptrdiff_t>(n * d.sample_elements()));
  // A NaN or infinity would flow through every kernel and score as a class.
  const auto bad = std::find_if(d.x.begin(), d.x.end(), [](float v) { return !std::isfinite(v); });
  if (bad != d.x.end())
    throw Error(xf, "value " + std::to_string(*bad) + " of sample " +
                        std::to_string(size_t(bad - d.x.begin()) / d.sample_elements()) + " is not a finite number",
                "re-create the data set with finite values");
  d.y.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const float v = ys.values[i];
    if (v < 0 || v >= d.num_classes || v != std::floor(v))
      throw Error(yf, "label " + std::to_string(v) + " at index " + std::to_string(i) + " is outside 0.." +
                          std::to_string(d.num_classes - 1));
    d.y[i] = static_cast<int>(v);
  }
  return d;
}

// "name:N" -> ("name", N); a spec that exists as a path is never split.
void split_limit(const std::string& spec, std::string& base, size_t& limit) {
  base = spec;
  limit = 0;
  if (fs::exists(spec)) return;
  const auto pos = spec.rfind(':');
  if (pos == std::string::npos || pos + 1 == spec.size()) return;
  const std::string tail = spec.substr(pos + 1);
  if (!std::all_of(tail.begin(), tail.end(), [](unsigned char c) { return std::isdigit(c); })) return;
  if (tail.size() > 9) throw Error(spec, "sample count " + tail + " is too large");
  base = spec.substr(0, pos);
  limit = std::stoul(tail);
  if (limit == 0) throw Error(spec, "sample count must be positive");
}

}  // namespace

Result<Dataset> load_dataset(const std::string& spec, const std::string& split) {
  return capture([&]() -> Dataset {
    check_split(spec, split);
    std::string base;
    size_t limit = 0;
    split_limit(spec, base, limit);
    Dataset d;
    if (base == "fashion-mnist") d = load_fashion_mnist(split, limit);
    else if (base == "har") d = har_split(split, limit);
    else if (base == "vibration") d = vibration_split(split, limit);
    else if (base == "kws") d = kws_split(split, limit);
    else if (base.rfind("random:", 0) == 0)
      throw Error(spec, "a random spec has no labels and no shape of its own",
                  "use it as a calibration source (tinysim quantize --calib random:SEED[:N])");
    else if (fs::is_directory(base)) d = load_directory(base, split, limit);
    else if (fs::path(base).filename() == "dataset.json" && fs::exists(base))
      d = load_directory(fs::path(base).parent_path().string(), split, limit);
    else
      throw Error(spec, "unknown data set",
                  "use fashion-mnist, har, vibration, kws (optionally :N) or a directory with dataset.json");
    d.name = spec;
    return d;
  });
}

Dataset make_random_dataset(const std::vector<int>& shape, uint32_t seed, size_t n, float lo, float hi) {
  Dataset d;
  d.name = "random:" + std::to_string(seed) + ":" + std::to_string(n);
  d.sample_shape = shape;
  d.num_classes = 1;
  d.class_names = {"none"};
  d.x.resize(n * d.sample_elements());
  d.y.assign(n, 0);
  SeededRng r(seed);
  for (float& v : d.x) v = static_cast<float>(r.uniform(lo, hi));
  return d;
}

bool parse_random_spec(const std::string& spec, uint32_t& seed, size_t& n, size_t default_n) {
  if (spec.rfind("random", 0) != 0) return false;
  const std::string fix = "write random:SEED or random:SEED:N, e.g. random:1:200";
  if (spec == "random") throw Error(spec, "random needs a seed", fix);
  if (spec[6] != ':') return false;
  std::string rest = spec.substr(7);
  std::string a = rest, b;
  const auto pos = rest.find(':');
  if (pos != std::string::npos) { a = rest.substr(0, pos); b = rest.substr(pos + 1); }
  auto number = [&](const std::string& s) -> unsigned long {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
      throw Error(spec, "'" + s + "' is not a number", fix);
    return std::stoul(s);
  };
  seed = static_cast<uint32_t>(number(a));
  n = b.empty() ? default_n : number(b);
  if (n == 0) throw Error(spec, "sample count must be positive", fix);
  return true;
}

Result<bool> save_dataset(const Dataset& d, const std::string& dir, const std::string& split) {
  return capture([&]() -> bool {
    check_split(dir, split);
    if (d.x.size() != d.size() * d.sample_elements())
      throw Error(dir, "data set " + d.name + " is inconsistent: x holds " + std::to_string(d.x.size()) + " values");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir, "cannot create directory: " + ec.message());
    const std::string jp = (fs::path(dir) / "dataset.json").string();
    nlohmann::json j;
    if (fs::exists(jp)) {
      j = read_json(jp);
      if (j.contains("sample_shape") && j["sample_shape"].get<std::vector<int>>() != d.sample_shape)
        throw Error(jp, "holds a data set with another sample_shape", "write to an empty directory");
    }
    std::vector<int> xshape = {static_cast<int>(d.size())};
    xshape.insert(xshape.end(), d.sample_shape.begin(), d.sample_shape.end());
    const std::string xf = split + "-x.idx", yf = split + "-y.idx";
    write_idx((fs::path(dir) / xf).string(), IdxType::Float32, xshape, d.x);
    std::vector<float> ys(d.y.begin(), d.y.end());
    write_idx((fs::path(dir) / yf).string(), IdxType::UInt8, {static_cast<int>(d.size())}, ys);
    j["format"] = "tinysim-dataset";
    j["version"] = 1;
    j["name"] = d.name;
    j["sample_shape"] = d.sample_shape;
    j["num_classes"] = d.num_classes;
    j["class_names"] = d.class_names;
    j["splits"][split] = {{"x", xf}, {"y", yf}, {"count", d.size()}};
    write_file_atomically(jp, j.dump(2) + "\n");
    return true;
  });
}

Dataset dataset_slice(const Dataset& d, size_t begin, size_t count) {
  Dataset s;
  s.sample_shape = d.sample_shape;
  s.num_classes = d.num_classes;
  s.class_names = d.class_names;
  s.name = d.name;
  begin = std::min(begin, d.size());
  count = std::min(count, d.size() - begin);
  const size_t e = d.sample_elements();
  s.x.assign(d.x.begin() + static_cast<std::ptrdiff_t>(begin * e),
             d.x.begin() + static_cast<std::ptrdiff_t>((begin + count) * e));
  s.y.assign(d.y.begin() + static_cast<std::ptrdiff_t>(begin), d.y.begin() + static_cast<std::ptrdiff_t>(begin + count));
  return s;
}

std::string data_cache_dir() {
  fs::path p;
  if (const char* e = std::getenv("TINYSIM_CACHE_DIR"); e && *e) p = e;
  else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) p = fs::path(x) / "tinysim";
  else if (const char* h = std::getenv("HOME"); h && *h) p = fs::path(h) / ".cache" / "tinysim";
  else p = fs::temp_directory_path() / "tinysim-cache";
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) throw Error(p.string(), "cannot create the cache directory: " + ec.message(), "set TINYSIM_CACHE_DIR to a writable folder");
  return p.string();
}

}  // namespace tinysim

namespace tinysim {
namespace {
std::function<void(const std::string&, size_t, size_t)>& progress_hook() {
  static std::function<void(const std::string&, size_t, size_t)> hook;
  return hook;
}
std::atomic<const std::atomic<bool>*> g_cancel_flag{nullptr};
}  // namespace

void set_dataset_cancel(const std::atomic<bool>* flag) { g_cancel_flag.store(flag); }

bool dataset_cancel_requested() {
  const std::atomic<bool>* f = g_cancel_flag.load();
  return f && f->load(std::memory_order_relaxed);
}

void set_dataset_progress(std::function<void(const std::string&, size_t, size_t)> hook) {
  progress_hook() = std::move(hook);
}

void report_dataset_progress(const std::string& what, size_t done, size_t total) {
  if (progress_hook()) progress_hook()(what, done, total);
}

}  // namespace tinysim
