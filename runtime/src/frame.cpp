#include "frame.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace walletfuzz::runtime::detail {
namespace {

// A frame larger than this is a corrupt stream, not a response (bodies are capped far lower by
// the handlers' memory sizes, which are at most 10,240 MB on Lambda and much less here).
constexpr std::uint32_t kMaxFrameBytes = 1u << 31;

bool read_exact(int fd, char* out, std::size_t size) {
  while (size > 0) {
    ssize_t got = recv(fd, out, size, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    size -= static_cast<std::size_t>(got);
  }
  return true;
}

void write_headers(FrameWriter& out, const Headers& headers) {
  std::uint32_t count = 0;
  for ([[maybe_unused]] const auto& field : headers) ++count;
  out.u32(count);
  for (const auto& field : headers) {
    out.str(field.name);
    out.str(field.value);
  }
}

Headers read_headers(FrameReader& in) {
  Headers headers;
  std::uint32_t count = in.u32();
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    std::string name = in.str();
    std::string value = in.str();
    headers.add(name, value);
  }
  return headers;
}

}  // namespace

FrameWriter::FrameWriter(FrameKind kind) {
  bytes_.assign(4, '\0');  // the length, filled in by finish()
  u8(static_cast<std::uint8_t>(kind));
}
void FrameWriter::u8(std::uint8_t value) {
  raw(&value, 1);
}
void FrameWriter::u32(std::uint32_t value) {
  raw(&value, 4);
}
void FrameWriter::u64(std::uint64_t value) {
  raw(&value, 8);
}
void FrameWriter::f64(double value) {
  raw(&value, 8);
}
void FrameWriter::str(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  raw(value.data(), value.size());
}
void FrameWriter::request(const Request& request) {
  str(request.method);
  str(request.target);
  u32(request.version);
  write_headers(*this, request.headers);
  str(request.body);
}
void FrameWriter::response(const Response& response) {
  u32(static_cast<std::uint32_t>(response.status));
  write_headers(*this, response.headers);
  str(response.body);
}
std::string FrameWriter::finish() {
  auto length = static_cast<std::uint32_t>(bytes_.size() - 4);
  std::memcpy(bytes_.data(), &length, 4);
  return std::move(bytes_);
}

bool FrameReader::raw(void* out, std::size_t size) {
  if (!ok_ || rest_.size() < size) {
    ok_ = false;
    std::memset(out, 0, size);
    return false;
  }
  std::memcpy(out, rest_.data(), size);
  rest_.remove_prefix(size);
  return true;
}
std::uint8_t FrameReader::u8() {
  std::uint8_t value;
  raw(&value, 1);
  return value;
}
std::uint32_t FrameReader::u32() {
  std::uint32_t value;
  raw(&value, 4);
  return value;
}
std::uint64_t FrameReader::u64() {
  std::uint64_t value;
  raw(&value, 8);
  return value;
}
double FrameReader::f64() {
  double value;
  raw(&value, 8);
  return value;
}
std::string FrameReader::str() {
  std::uint32_t size = u32();
  if (!ok_ || rest_.size() < size) {
    ok_ = false;
    return {};
  }
  std::string value(rest_.substr(0, size));
  rest_.remove_prefix(size);
  return value;
}
Request FrameReader::request() {
  Request request;
  request.method = str();
  request.target = str();
  request.version = u32();
  request.headers = read_headers(*this);
  request.body = str();
  return request;
}
Response FrameReader::response() {
  Response response;
  response.status = static_cast<int>(u32());
  response.headers = read_headers(*this);
  response.body = str();
  return response;
}

bool write_frame(int fd, std::string_view frame) {
  while (!frame.empty()) {
    ssize_t sent = send(fd, frame.data(), frame.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    frame.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::optional<Frame> read_frame(int fd, int timeout_ms, bool* timed_out) {
  if (timeout_ms >= 0) {
    pollfd waiting{.fd = fd, .events = POLLIN, .revents = 0};
    int ready = 0;
    do {
      ready = poll(&waiting, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
      if (timed_out != nullptr) *timed_out = true;
      return std::nullopt;
    }
  }
  std::uint32_t length = 0;
  if (!read_exact(fd, reinterpret_cast<char*>(&length), 4) || length == 0 ||
      length > kMaxFrameBytes) {
    return std::nullopt;
  }
  std::string bytes(length, '\0');
  if (!read_exact(fd, bytes.data(), length)) return std::nullopt;
  return Frame{.kind = static_cast<FrameKind>(bytes[0]), .payload = bytes.substr(1)};
}

bool send_fd(int socket, std::uint32_t number, int fd) {
  char control[CMSG_SPACE(sizeof(int))] = {};
  iovec data{.iov_base = &number, .iov_len = sizeof number};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof(int));
  ssize_t sent = 0;
  do {
    sent = sendmsg(socket, &message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent == static_cast<ssize_t>(sizeof number);
}

int receive_fd(int socket, std::uint32_t& number) {
  char control[CMSG_SPACE(sizeof(int))] = {};
  iovec data{.iov_base = &number, .iov_len = sizeof number};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t got = 0;
  do {
    got = recvmsg(socket, &message, 0);
  } while (got < 0 && errno == EINTR);
  if (got != static_cast<ssize_t>(sizeof number)) return -1;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  if (header == nullptr || header->cmsg_type != SCM_RIGHTS) return -1;
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(header), sizeof(int));
  return fd;
}

}  // namespace walletfuzz::runtime::detail
