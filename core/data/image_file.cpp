#include "core/data/image_file.h"

#include <stb_image.h>
#include <stb_image_resize.h>

#include <cctype>
#include <filesystem>
#include <memory>

#include "core/common/error.h"

namespace tinysim {
namespace {

// Larger images are not model inputs; refusing them before decoding bounds
// what a corrupt or hostile header can make the decoder allocate.
constexpr int kMaxSide = 16384;

const char* const kFix = "use PNG, BMP, PGM/PPM or JPEG images, at most 16384 pixels a side";

}  // namespace

bool is_image_path(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ".png" || e == ".bmp" || e == ".pgm" || e == ".ppm" || e == ".pnm" || e == ".jpg" || e == ".jpeg";
}

ImageSize probe_image(const std::string& path) {
  ImageSize s;
  if (!stbi_info(path.c_str(), &s.width, &s.height, &s.channels))
    throw Error(path, std::string("not a readable image (") + stbi_failure_reason() + ")", kFix);
  if (s.width <= 0 || s.height <= 0 || s.width > kMaxSide || s.height > kMaxSide)
    throw Error(path, "image is " + std::to_string(s.width) + "x" + std::to_string(s.height) + " pixels", kFix);
  return s;
}

std::vector<float> read_image(const std::string& path, int height, int width, int channels) {
  if (channels != 1 && channels != 3)
    throw Error(path, "a model input with " + std::to_string(channels) + " channels cannot come from an image",
                "image inputs have 1 (grey) or 3 (RGB) channels");
  probe_image(path);
  int w = 0, h = 0, stored = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(path.c_str(), &w, &h, &stored, channels),
                                                   stbi_image_free);
  if (!pixels) throw Error(path, std::string("cannot decode the image (") + stbi_failure_reason() + ")", kFix);
  const size_t n = static_cast<size_t>(height) * width * channels;
  std::vector<unsigned char> sized;
  const unsigned char* src = pixels.get();
  if (w != width || h != height) {
    sized.resize(n);
    if (!stbir_resize_uint8(pixels.get(), w, h, 0, sized.data(), width, height, 0, channels))
      throw Error(path, "cannot resize the image to " + std::to_string(width) + "x" + std::to_string(height));
    src = sized.data();
  }
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(src[i]) / 255.0f;
  return out;
}

}  // namespace tinysim
