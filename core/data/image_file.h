// One image file (PNG, BMP, PGM/PPM, JPEG: whatever stb_image decodes) as a
// model input: H x W x C floats in [0, 1], resized when the file's size is not
// the model's. The decoder is Debian's stb (libstb-dev), a well-kept library
// many tools embed; TinySim only checks sizes before handing it a file, so a
// hostile header cannot make it allocate without bound.
#pragma once

#include <string>
#include <vector>

namespace tinysim {

struct ImageSize {
  int height = 0, width = 0, channels = 0;  // channels as stored in the file
};

// True for the file names decoded as images (.png .bmp .pgm .ppm .pnm .jpg
// .jpeg, any case): the one list the data import and model inputs share.
bool is_image_path(const std::string& path);

// Reads the header only. Throws tinysim::Error naming the file when it is not
// an image stb can read.
ImageSize probe_image(const std::string& path);

// Decodes `path` to height x width x channels (channels 1 = grey, 3 = RGB;
// colour is converted as stb does), resized (stb_image_resize's default filter) when the file's size
// differs, scaled to [0, 1]. Throws tinysim::Error naming the file when it
// cannot be decoded or is larger than 16384 pixels a side.
std::vector<float> read_image(const std::string& path, int height, int width, int channels);

}  // namespace tinysim
