#pragma once
// Test helper: gzip and zlib-deflate compression with zlib, to build encoded bodies.
#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

inline std::string compress_with(std::string_view data, int window_bits,
                                 int level = Z_BEST_COMPRESSION) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

inline std::string gzip(std::string_view data) {
  return compress_with(data, 16 + MAX_WBITS);
}
inline std::string zlib_deflate(std::string_view data) {
  return compress_with(data, MAX_WBITS);
}
