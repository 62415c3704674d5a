#include "core/report/input_samples.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/common/error.h"
#include "core/data/image_file.h"
#include "core/data/wav_file.h"
#include "core/ops/interpreter.h"
#include "core/target/model_inputs.h"

namespace tinysim::report {
namespace {

// The input's H, W, C without the batch dimension: [1,H,W,C], [H,W,C] or
// [1,H,W] / [H,W] (grey).
bool image_dims(const Tensor& t, int& h, int& w, int& c) {
  std::vector<int32_t> s = t.shape;
  if (s.size() == 4 && s[0] == 1) s.erase(s.begin());
  if (s.size() == 3 && s[0] == 1 && t.shape.size() == 3) s.erase(s.begin());  // [1,H,W]
  if (s.size() == 2) s.push_back(1);
  if (s.size() != 3 || (s[2] != 1 && s[2] != 3)) return false;
  h = s[0];
  w = s[1];
  c = s[2];
  return true;
}

std::vector<uint8_t> sample_input(const std::string& path, const Tensor& t) {
  std::vector<float> values;
  if (is_image_path(path)) {
    int h = 0, w = 0, c = 0;
    if (!image_dims(t, h, w, c))
      throw Error(path, "input '" + t.name + "' is not an image tensor (H x W x 1 or 3)",
                  "pass raw tensor bytes or a .csv of values");
    values = read_image(path, h, w, c);
  } else {
    if (t.num_elements() != 490)
      throw Error(path, "a WAV clip becomes 49x10 MFCC features, but input '" + t.name + "' takes " +
                            std::to_string(t.num_elements()) + " values",
                  "pass raw tensor bytes or a .csv of values");
    values = kws_features_from_wav(path);
  }
  if (t.type != DType::Float32 && t.quant.scale.empty())
    throw Error(path, "input '" + t.name + "' is " + dtype_name(t.type) + " without a scale, so values cannot be quantized",
                "pass raw tensor bytes");
  return quantize_for_tensor(t, values);
}

}  // namespace

bool is_sample_file(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return is_image_path(path) || e == ".wav";
}

std::vector<std::vector<uint8_t>> inputs_from_files(const Model& model, const std::vector<std::string>& files,
                                                    int64_t seed) {
  if (seed >= 0 || std::none_of(files.begin(), files.end(), is_sample_file))
    return target::model_inputs(model, files, seed);
  if (files.size() != model.inputs.size())
    throw Error(model.source, "model has " + std::to_string(model.inputs.size()) + " inputs but " +
                                  std::to_string(files.size()) + " --input files were given",
                "pass --input once per model input");
  std::vector<std::vector<uint8_t>> out;
  for (size_t i = 0; i < files.size(); ++i) {
    const Tensor& t = model.tensors[size_t(model.inputs[i])];
    out.push_back(is_sample_file(files[i]) ? sample_input(files[i], t) : target::input_from_file(files[i], t));
  }
  return out;
}

}  // namespace tinysim::report
