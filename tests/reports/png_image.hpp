#pragma once
// Decodes the 8-bit RGB/RGBA non-interlaced PNGs that Chromium writes for --screenshot, so the
// HTML render test can look at pixels (zlib only; no image library in the dependency list).

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace walletfuzz::reports::testing {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool near(Rgb other, int tolerance) const {
    return std::abs(r - other.r) <= tolerance && std::abs(g - other.g) <= tolerance &&
           std::abs(b - other.b) <= tolerance;
  }
};

struct PngImage {
  std::uint32_t width = 0, height = 0;
  std::vector<Rgb> pixels;  // row-major
};

inline std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  return (std::uint32_t(std::uint8_t(bytes[at])) << 24) |
         (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) |
         std::uint32_t(std::uint8_t(bytes[at + 3]));
}

/// The image, or nullopt (with `error` set) for anything but 8-bit RGB/RGBA non-interlaced PNG.
inline std::optional<PngImage> decode_png(const std::string& bytes, std::string& error) {
  if (bytes.size() < 8 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    error = "not a PNG";
    return std::nullopt;
  }
  PngImage image;
  int channels = 0;
  std::string compressed;
  for (std::size_t at = 8; at + 12 <= bytes.size();) {
    std::uint32_t length = big_endian(bytes, at);
    std::string type = bytes.substr(at + 4, 4);
    if (at + 12 + length > bytes.size()) break;
    std::string data = bytes.substr(at + 8, length);
    if (type == "IHDR") {
      image.width = big_endian(data, 0);
      image.height = big_endian(data, 4);
      int depth = std::uint8_t(data[8]), colour = std::uint8_t(data[9]),
          interlace = std::uint8_t(data[12]);
      channels = colour == 2 ? 3 : colour == 6 ? 4 : 0;
      if (depth != 8 || channels == 0 || interlace != 0) {
        error = "unsupported PNG format";
        return std::nullopt;
      }
    } else if (type == "IDAT") {
      compressed += data;
    } else if (type == "IEND") {
      break;
    }
    at += 12 + length;
  }
  std::size_t stride = std::size_t(image.width) * channels;
  std::vector<std::uint8_t> raw((stride + 1) * image.height);
  uLongf raw_size = raw.size();
  if (channels == 0 ||
      uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(compressed.data()),
                 compressed.size()) != Z_OK ||
      raw_size != raw.size()) {
    error = "bad PNG data";
    return std::nullopt;
  }
  std::vector<std::uint8_t> previous(stride, 0), current(stride);
  image.pixels.reserve(std::size_t(image.width) * image.height);
  for (std::uint32_t y = 0; y < image.height; ++y) {
    const std::uint8_t* line = raw.data() + y * (stride + 1);
    int filter = line[0];
    for (std::size_t x = 0; x < stride; ++x) {
      int a = x >= std::size_t(channels) ? current[x - channels] : 0;
      int b = previous[x];
      int c = x >= std::size_t(channels) ? previous[x - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4: {
          int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
          break;
        }
        default:
          error = "bad PNG filter";
          return std::nullopt;
      }
      current[x] = std::uint8_t(line[1 + x] + predictor);
    }
    for (std::uint32_t x = 0; x < image.width; ++x) {
      const std::uint8_t* p = &current[std::size_t(x) * channels];
      image.pixels.push_back({p[0], p[1], p[2]});
    }
    std::swap(previous, current);
  }
  return image;
}

}  // namespace walletfuzz::reports::testing
