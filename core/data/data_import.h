// The user's own data in TinySim's form: a folder of class sub-folders of
// images (PNG/BMP/PGM/PPM/JPEG) or WAV clips, or one CSV file, becomes the
// train / test / calib splits that `tinysim make-data --from` writes as
// dataset.json + IDX and the GUI's "Import…" writes the same way.
//
// Folder layout (the Keras image_dataset_from_directory convention):
//   ROOT/<class>/<file>            split by a hash of the file's path
//   ROOT/train/<class>/<file> and ROOT/test/<class>/<file>   used as given
// Classes are the sub-folder names in sorted order, so label k is the k-th
// name. calib is drawn from train, never from test.
//   images -> H x W x C in [0, 1] (C 1 = grey, 3 = RGB), resized to the shape
//   WAV    -> 16 kHz mono, cut or zero-padded to 1 s, MFCC 49 x 10 x 1 as the
//             kws data set (mfcc.h): the MLPerf Tiny KWS front end
// CSV: one sample per row, the label in the last column (an integer class
// index or a class name), the features before it; a header row is skipped.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/data/dataset.h"

namespace tinysim {

struct ImportOptions {
  // Sample shape. Images: {H, W, C}; empty = the first image's size and
  // channels. CSV: any shape whose element count is the feature count; empty
  // = {features}. WAV: empty (= {49, 10, 1}) or any shape of 490 values.
  std::vector<int> sample_shape;
  double test_fraction = 0.2;   // of the files, when there is no train/test split on disk
  double calib_fraction = 0.1;  // of train, for int8 calibration
  // (files done, files total); return false to cancel (the import then throws).
  std::function<bool(size_t, size_t)> progress;
};

struct ImportedDataset {
  Dataset train, test, calib;
  size_t files = 0;  // samples read (CSV rows or files)
};

// Throws nothing: errors (missing folder, no classes, an unreadable file,
// mixed file kinds, a shape that does not fit) come back as one-line
// tinysim::Error naming the file and the fix.
Result<ImportedDataset> import_dataset(const std::string& path, const ImportOptions& options = {});

// Writes the three splits to `dir` with save_dataset. A directory that does
// not exist yet is filled under a temporary name and renamed at the end, so a
// failed or cancelled write leaves nothing behind.
Result<bool> save_imported_dataset(const ImportedDataset& d, const std::string& dir);

// "28x28x1" -> {28, 28, 1}. Throws tinysim::Error on anything else.
std::vector<int> parse_shape(const std::string& text);

}  // namespace tinysim
