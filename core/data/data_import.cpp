#include "core/data/data_import.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/data/image_file.h"
#include "core/data/wav_file.h"

namespace fs = std::filesystem;

namespace tinysim {
namespace {

enum class Kind { Image, Wav };

struct Item {
  std::string path;  // the file
  std::string key;   // class/file, what the split hash reads
  int label = 0;
};

// 4 GiB of float samples: past that the machine, not the data, is the limit.
constexpr double kMaxFloats = 1024.0 * 1024 * 1024;

std::string lower_ext(const fs::path& p) {
  std::string e = p.extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

// Files that are not samples (README.txt, .DS_Store, Thumbs.db) are skipped.
bool kind_of(const fs::path& p, Kind& k) {
  if (is_image_path(p.string())) {
    k = Kind::Image;
    return true;
  }
  if (lower_ext(p) == ".wav") {
    k = Kind::Wav;
    return true;
  }
  return false;
}

// FNV-1a: a split that depends on the file names only, not on the order the
// file system lists them or on the machine.
uint64_t stable_hash(const std::string& s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::vector<std::string> sorted_subdirs(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && e.path().filename().string()[0] != '.') names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The sample files of ROOT/<class>/ for the given class names.
std::vector<Item> list_items(const fs::path& root, const std::vector<std::string>& classes, Kind* kind,
                             bool* have_kind) {
  std::vector<Item> items;
  for (size_t c = 0; c < classes.size(); ++c) {
    const fs::path dir = root / classes[c];
    if (!fs::is_directory(dir)) continue;
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) {
      Kind k;
      if (!e.is_regular_file() || !kind_of(e.path(), k)) continue;
      if (*have_kind && k != *kind)
        throw Error(e.path().string(), "mixes images and WAV files in one data set", "import images and audio separately");
      *kind = k;
      *have_kind = true;
      files.push_back(e.path().filename().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) items.push_back({(dir / f).string(), classes[c] + "/" + f, static_cast<int>(c)});
  }
  return items;
}

// Per class, the `fraction` of items with the smallest hash (at least one
// when the class has two or more) go to `taken`, the rest to `kept`: a
// stratified split that does not move when files are added to other classes.
void stratified_split(const std::vector<Item>& items, int classes, double fraction, uint64_t seed,
                      std::vector<Item>& taken, std::vector<Item>& kept) {
  for (int c = 0; c < classes; ++c) {
    std::vector<const Item*> of;
    for (const auto& it : items)
      if (it.label == c) of.push_back(&it);
    std::sort(of.begin(), of.end(), [seed](const Item* a, const Item* b) {
      return stable_hash(a->key, seed) < stable_hash(b->key, seed);
    });
    size_t n = static_cast<size_t>(std::lround(fraction * static_cast<double>(of.size())));
    if (fraction > 0 && n == 0 && of.size() >= 2) n = 1;
    for (size_t i = 0; i < of.size(); ++i) (i < n ? taken : kept).push_back(*of[i]);
  }
  // Back to file order within the split (class, then name).
  auto by_key = [](const Item& a, const Item& b) { return a.label != b.label ? a.label < b.label : a.key < b.key; };
  std::sort(taken.begin(), taken.end(), by_key);
  std::sort(kept.begin(), kept.end(), by_key);
}

Dataset empty_like(const std::vector<int>& shape, const std::vector<std::string>& classes, const std::string& name) {
  Dataset d;
  d.sample_shape = shape;
  d.class_names = classes;
  d.num_classes = static_cast<int>(classes.size());
  d.name = name;
  return d;
}

void check_fraction(const std::string& path, const char* what, double f) {
  if (!(f >= 0.0 && f < 1.0))
    throw Error(path, std::string(what) + " must be in [0, 1), got " + std::to_string(f), "pass a fraction such as 0.2");
}

// Reads every item's sample into a data set of `shape`.
class SampleReader {
 public:
  SampleReader(Kind kind, std::vector<int> shape) : kind_(kind), shape_(std::move(shape)) {}

  void append(const Item& it, Dataset& d) const {
    std::vector<float> x = kind_ == Kind::Image ? read_image(it.path, shape_[0], shape_[1], shape_[2]) : kws_features_from_wav(it.path);
    d.x.insert(d.x.end(), x.begin(), x.end());
    d.y.push_back(it.label);
  }

 private:
  Kind kind_;
  std::vector<int> shape_;
};

ImportedDataset import_folder(const fs::path& root, const ImportOptions& o) {
  const std::string where = root.string();
  std::vector<std::string> classes;
  std::vector<Item> train_items, test_items;
  Kind kind = Kind::Image;
  bool have_kind = false;
  const bool on_disk = fs::is_directory(root / "train") && fs::is_directory(root / "test");
  if (on_disk) {
    classes = sorted_subdirs(root / "train");
    for (const auto& c : sorted_subdirs(root / "test"))
      if (!std::binary_search(classes.begin(), classes.end(), c))
        throw Error((root / "test" / c).string(), "class '" + c + "' has no folder under train/",
                    "give train/ and test/ the same class folders");
    train_items = list_items(root / "train", classes, &kind, &have_kind);
    test_items = list_items(root / "test", classes, &kind, &have_kind);
  } else {
    classes = sorted_subdirs(root);
    std::vector<Item> all = list_items(root, classes, &kind, &have_kind);
    stratified_split(all, static_cast<int>(classes.size()), o.test_fraction, 0x7e57, test_items, train_items);
  }
  const std::string layout = "put each class's files in ROOT/<class>/ (or ROOT/train/<class>/ and ROOT/test/<class>/)";
  if (classes.size() < 2) throw Error(where, "found " + std::to_string(classes.size()) + " class folder(s), need two or more", layout);
  if (classes.size() > 256) throw Error(where, std::to_string(classes.size()) + " classes; labels are stored as uint8", "use at most 256 classes");
  if (!have_kind) throw Error(where, "no PNG, BMP, PGM/PPM, JPEG or WAV files in the class folders", layout);
  for (size_t c = 0; c < classes.size(); ++c) {
    const auto has = [c](const Item& it) { return it.label == static_cast<int>(c); };
    if (std::none_of(train_items.begin(), train_items.end(), has) && std::none_of(test_items.begin(), test_items.end(), has))
      throw Error((root / classes[c]).string(), "class folder holds no sample files", layout);
  }

  std::vector<int> shape = o.sample_shape;
  if (kind == Kind::Wav) {
    // 49 frames x 10 coefficients, frame-major: any shape of 490 values takes them.
    size_t n = 1;
    for (int v : shape) n *= static_cast<size_t>(std::max(v, 0));
    if (!shape.empty() && n != 490)
      throw Error(where, "WAV clips become 49x10 MFCC features (490 values)", "leave the shape out or give 49x10x1");
    if (shape.empty()) shape = {49, 10, 1};
  } else if (shape.empty()) {
    const Item& first = train_items.empty() ? test_items.front() : train_items.front();
    const ImageSize s = probe_image(first.path);
    shape = {s.height, s.width, s.channels >= 3 ? 3 : 1};
  } else if (shape.size() != 3 || (shape[2] != 1 && shape[2] != 3)) {
    throw Error(where, "images need a shape HxWxC with C 1 or 3", "for example --shape 28x28x1");
  }
  double elements = 1;
  for (int v : shape) elements *= v;
  const size_t total = train_items.size() + test_items.size();
  if (elements * static_cast<double>(total) > kMaxFloats)
    throw Error(where, std::to_string(total) + " samples of " + std::to_string(static_cast<long long>(elements)) +
                           " values exceed 4 GiB", "import a subset or give a smaller --shape");

  std::vector<Item> calib_items, rest;
  stratified_split(train_items, static_cast<int>(classes.size()), o.calib_fraction, 0xca11b, calib_items, rest);
  if (calib_items.empty()) calib_items = train_items;  // too few files to set some aside: calibrate on all of train

  const std::string name = root.filename().empty() ? root.parent_path().filename().string() : root.filename().string();
  ImportedDataset r;
  r.train = empty_like(shape, classes, name);
  r.test = empty_like(shape, classes, name);
  r.calib = empty_like(shape, classes, name);
  const SampleReader reader(kind, shape);
  size_t done = 0;
  const size_t work = train_items.size() + test_items.size();
  auto read_all = [&](const std::vector<Item>& items, Dataset& d, bool count) {
    for (const auto& it : items) {
      reader.append(it, d);
      if (count) {
        ++done;
        if (o.progress && !o.progress(done, work)) throw Error(where, "import cancelled");
      }
    }
  };
  read_all(train_items, r.train, true);
  read_all(test_items, r.test, true);
  read_all(calib_items, r.calib, false);  // files of train again: a few, decoded twice rather than indexed
  r.files = work;
  return r;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> f;
  std::string cur;
  std::istringstream ss(line);
  while (std::getline(ss, cur, ',')) {
    size_t a = cur.find_first_not_of(" \t\r"), b = cur.find_last_not_of(" \t\r");
    f.push_back(a == std::string::npos ? std::string() : cur.substr(a, b - a + 1));
  }
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

bool parse_float(const std::string& s, float& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtof(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

ImportedDataset import_csv(const fs::path& file, const ImportOptions& o) {
  const std::string where = file.string();
  std::ifstream in(file);
  if (!in) throw Error(where, "cannot open the file", "check the path and its permissions");
  const std::string fix = "one sample per row: feature values, then the label (class index or name) in the last column";
  std::vector<std::vector<float>> rows;
  std::vector<std::string> labels;
  std::string line;
  size_t lineno = 0, width = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::vector<std::string> f = split_csv_line(line);
    std::vector<float> x(f.size() > 0 ? f.size() - 1 : 0);
    bool numeric = f.size() >= 2;
    for (size_t i = 0; numeric && i + 1 < f.size(); ++i) numeric = parse_float(f[i], x[i]);
    if (!numeric) {
      if (rows.empty() && labels.empty()) continue;  // a header row
      throw Error(where + ":" + std::to_string(lineno), "row is not numbers followed by a label", fix);
    }
    for (float v : x)
      if (!std::isfinite(v)) throw Error(where + ":" + std::to_string(lineno), "holds a value that is not finite", fix);
    if (width == 0) width = x.size();
    if (x.size() != width)
      throw Error(where + ":" + std::to_string(lineno),
                  "has " + std::to_string(x.size()) + " features, the first row " + std::to_string(width), fix);
    if (f.back().empty()) throw Error(where + ":" + std::to_string(lineno), "has no label", fix);
    if (static_cast<double>(rows.size() + 1) * static_cast<double>(width) > kMaxFloats)
      throw Error(where, "more than 4 GiB of values", "import a subset of the rows");
    rows.push_back(std::move(x));
    labels.push_back(f.back());
  }
  if (rows.size() < 2) throw Error(where, "holds " + std::to_string(rows.size()) + " data row(s)", fix);
  // Integer labels are class indices; anything else names classes (sorted).
  bool indices = true;
  int max_index = 0;
  for (const auto& l : labels) {
    const bool digits = !l.empty() && std::all_of(l.begin(), l.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    indices = indices && digits && l.size() <= 3;
    if (indices) max_index = std::max(max_index, std::stoi(l));
  }
  std::vector<std::string> classes;
  if (indices) {
    for (int c = 0; c <= max_index; ++c) classes.push_back(std::to_string(c));
  } else {
    classes = labels;
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  }
  if (classes.size() < 2 || classes.size() > 256)
    throw Error(where, std::to_string(classes.size()) + " classes in the last column", "use 2 to 256 classes");
  std::vector<int> shape = o.sample_shape.empty() ? std::vector<int>{static_cast<int>(width)} : o.sample_shape;
  size_t elements = 1;
  for (int v : shape) elements *= static_cast<size_t>(std::max(v, 0));
  if (elements != width)
    throw Error(where, "rows have " + std::to_string(width) + " features, the shape holds " + std::to_string(elements),
                "give a --shape with as many elements as features");
  std::vector<Item> items(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    items[i].key = std::to_string(i);
    items[i].path = std::to_string(i);
    items[i].label = indices ? std::stoi(labels[i])
                             : static_cast<int>(std::lower_bound(classes.begin(), classes.end(), labels[i]) - classes.begin());
  }
  std::vector<Item> test_items, train_items, calib_items, rest;
  stratified_split(items, static_cast<int>(classes.size()), o.test_fraction, 0x7e57, test_items, train_items);
  stratified_split(train_items, static_cast<int>(classes.size()), o.calib_fraction, 0xca11b, calib_items, rest);
  if (calib_items.empty()) calib_items = train_items;
  const std::string name = file.stem().string();
  ImportedDataset r;
  r.train = empty_like(shape, classes, name);
  r.test = empty_like(shape, classes, name);
  r.calib = empty_like(shape, classes, name);
  auto fill = [&](const std::vector<Item>& its, Dataset& d) {
    for (const auto& it : its) {
      const auto& x = rows[std::stoul(it.path)];
      d.x.insert(d.x.end(), x.begin(), x.end());
      d.y.push_back(it.label);
    }
  };
  fill(train_items, r.train);
  fill(test_items, r.test);
  fill(calib_items, r.calib);
  r.files = rows.size();
  if (o.progress) o.progress(r.files, r.files);
  return r;
}

}  // namespace

std::vector<int> parse_shape(const std::string& text) {
  std::vector<int> shape;
  std::string part;
  std::istringstream ss(text);
  while (std::getline(ss, part, 'x')) {
    if (part.empty() || part.size() > 6 || !std::all_of(part.begin(), part.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        std::stoi(part) == 0)
      throw Error("shape '" + text + "' is not positive sizes joined by 'x' (for example 28x28x1)");
    shape.push_back(std::stoi(part));
  }
  if (shape.empty() || shape.size() > 4) throw Error("shape '" + text + "' needs 1 to 4 sizes (for example 28x28x1)");
  return shape;
}

Result<bool> save_imported_dataset(const ImportedDataset& d, const std::string& dir) {
  return capture([&]() -> bool {
    std::error_code ec;
    const fs::path target(dir);
    const bool fresh = !fs::exists(target, ec);
    const fs::path tmp = fresh ? fs::path(dir + ".partial") : target;
    if (fresh) fs::remove_all(tmp, ec);  // a leftover of an earlier interrupted write
    try {
      save_dataset(d.train, tmp.string(), "train").take();
      save_dataset(d.test, tmp.string(), "test").take();
      save_dataset(d.calib, tmp.string(), "calib").take();
    } catch (...) {
      if (fresh) fs::remove_all(tmp, ec);
      throw;
    }
    if (fresh) {
      fs::rename(tmp, target, ec);
      if (ec) throw Error(dir, "cannot rename " + tmp.string() + " into place: " + ec.message());
    }
    return true;
  });
}

Result<ImportedDataset> import_dataset(const std::string& path, const ImportOptions& options) {
  return capture([&]() -> ImportedDataset {
    check_fraction(path, "the test fraction", options.test_fraction);
    check_fraction(path, "the calibration fraction", options.calib_fraction);
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec)) return import_folder(p, options);
    if (fs::is_regular_file(p, ec) && lower_ext(p) == ".csv") return import_csv(p, options);
    if (!fs::exists(p, ec)) throw Error(path, "no such file or folder", "give a folder of class sub-folders or a .csv file");
    throw Error(path, "is neither a folder nor a .csv file", "give a folder of class sub-folders or a .csv file");
  });
}

}  // namespace tinysim
