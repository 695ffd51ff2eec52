#pragma once
// The small framing between the front end and its environment processes: each frame is a
// 4-byte payload length (host byte order: both ends are the same binary on the same machine),
// then a one-byte kind, then fields written by FrameWriter and read back by FrameReader in the
// same order. Strings are a 4-byte length and their bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::runtime::detail {

enum class FrameKind : std::uint8_t { ready = 1, invoke = 2, result = 3, crash = 4 };

struct Frame {
  FrameKind kind = FrameKind::ready;
  std::string payload;  ///< the fields after the kind byte
};

class FrameWriter {
 public:
  explicit FrameWriter(FrameKind kind);
  void u8(std::uint8_t value);
  void u32(std::uint32_t value);
  void u64(std::uint64_t value);
  void f64(double value);
  void str(std::string_view value);
  void request(const Request& request);
  void response(const Response& response);
  /// The whole frame, length prefix included.
  std::string finish();

 private:
  void raw(const void* data, std::size_t size) {
    bytes_.append(static_cast<const char*>(data), size);
  }
  std::string bytes_;
};

/// Reads fields in order; a read past the end yields zero values and makes ok() false.
class FrameReader {
 public:
  explicit FrameReader(std::string_view payload) : rest_(payload) {}
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  double f64();
  std::string str();
  Request request();
  Response response();
  bool ok() const noexcept { return ok_; }

 private:
  bool raw(void* out, std::size_t size);
  std::string_view rest_;
  bool ok_ = true;
};

/// Writes all of `frame` to the socket (no SIGPIPE). False if the peer is gone.
bool write_frame(int fd, std::string_view frame);

/// Reads one frame, waiting at most `timeout_ms` (-1: no limit) for it to start. nullopt on
/// end-of-file, an error or the timeout (then `*timed_out` is set, when given).
std::optional<Frame> read_frame(int fd, int timeout_ms, bool* timed_out = nullptr);

/// Passes descriptor `fd` and a number over a Unix socket (SCM_RIGHTS). False on failure.
bool send_fd(int socket, std::uint32_t number, int fd);
/// Receives what send_fd sent; returns the descriptor, or -1 on end-of-file or error.
int receive_fd(int socket, std::uint32_t& number);

}  // namespace walletfuzz::runtime::detail
