#include "walletfuzz/http_target/http_exchange.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/raw_response.hpp"

namespace walletfuzz::http_target {
namespace {

using fuzzers::ConnectionError;

// A response body larger than this is cut (and the connection closed): the harness only needs
// its size class and enough of it to scan for leaks.
constexpr std::size_t kMaxResponseBytes = 8 * 1024 * 1024;

// Rounded up: a wait that ended a fraction of a millisecond before the deadline would make a
// timeout at the function's limit look like a response just under it.
int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  pollfd p{.fd = fd, .events = events, .revents = 0};
  for (;;) {
    int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

std::optional<std::size_t> header_end(std::string_view bytes) {
  std::size_t at = bytes.find("\r\n\r\n");
  if (at == std::string_view::npos) return std::nullopt;
  return at + 4;
}

// The value of header `name` in the raw head, or empty.
std::string head_value(std::string_view head, std::string_view name) {
  std::size_t line = head.find("\r\n");
  while (line != std::string_view::npos && line + 2 < head.size()) {
    std::size_t start = line + 2;
    std::size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos) break;
    std::string_view field = head.substr(start, end - start);
    std::size_t colon = field.find(':');
    if (colon != std::string_view::npos && iequals(field.substr(0, colon), name)) {
      std::string_view value = field.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
      return std::string(value);
    }
    line = end;
  }
  return {};
}

// How many bytes of `bytes` (head included) make the whole response, once known: nullopt while
// more is needed, or when the body runs to the end of the connection (`until_close`).
std::optional<std::size_t> whole_length(std::string_view bytes, std::size_t head,
                                        std::string_view method, bool& until_close) {
  std::string_view head_text = bytes.substr(0, head);
  int status = 0;
  if (head_text.size() > 12) status = std::atoi(std::string(head_text.substr(9, 3)).c_str());
  if (method == "HEAD" || status / 100 == 1 || status == 204 || status == 304) return head;
  if (iequals(head_value(head_text, "Transfer-Encoding"), "chunked")) {
    std::size_t at = head;
    for (;;) {
      std::size_t line_end = bytes.find("\r\n", at);
      if (line_end == std::string_view::npos) return std::nullopt;
      std::size_t size =
          std::strtoull(std::string(bytes.substr(at, line_end - at)).c_str(), nullptr, 16);
      if (size == 0) {
        std::size_t trailer_end = bytes.find("\r\n\r\n", line_end);
        if (bytes.substr(line_end, 4) == "\r\n\r\n") return line_end + 4;
        if (trailer_end == std::string_view::npos) return std::nullopt;
        return trailer_end + 4;
      }
      at = line_end + 2 + size + 2;
      if (at > bytes.size()) return std::nullopt;
    }
  }
  std::string length = head_value(head_text, "Content-Length");
  if (!length.empty()) return head + std::strtoull(length.c_str(), nullptr, 10);
  until_close = true;
  return std::nullopt;
}

}  // namespace

HttpExchange::~HttpExchange() {
  close();
}

void HttpExchange::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool HttpExchange::open(Clock::time_point deadline, std::string& detail, bool& refused) {
  refused = false;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(endpoint_.host.c_str(), std::to_string(endpoint_.port).c_str(), &hints,
                             &found);
      rc != 0) {
    detail = "cannot resolve " + endpoint_.host + ": " + ::gai_strerror(rc);
    refused = true;
    return false;
  }
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS && wait_for(fd, POLLOUT, deadline)) {
      int error = 0;
      socklen_t len = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
      rc = error == 0 ? 0 : -1;
      errno = error == 0 ? EINPROGRESS : error;
    }
    if (rc == 0) {
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // requests go out whole
      fd_ = fd;
      ::freeaddrinfo(found);
      return true;
    }
    refused = errno == ECONNREFUSED || errno == ENETUNREACH || errno == EHOSTUNREACH;
    detail = "connect to " + endpoint_.host + ":" + std::to_string(endpoint_.port) + ": " +
             (errno == EINPROGRESS ? std::string("timed out") : std::string(std::strerror(errno)));
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return false;
}

bool HttpExchange::reachable(std::chrono::milliseconds timeout) {
  close();
  std::string detail;
  bool refused = false;
  bool ok = open(Clock::now() + timeout, detail, refused);
  close();
  return ok;
}

ExchangeResult HttpExchange::send(std::string_view wire_bytes, std::string_view method,
                                  std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  const bool reused = fd_ >= 0;
  ExchangeResult result = attempt(wire_bytes, method, deadline);
  // A kept-alive connection may have been closed by the server while idle; that is not the
  // request's doing, so it goes out once more on a fresh connection.
  if (reused && result.error == ConnectionError::reset && result.detail.starts_with("idle:")) {
    close();
    result = attempt(wire_bytes, method, deadline);
  }
  if (result.error != ConnectionError::none) close();
  return result;
}

ExchangeResult HttpExchange::attempt(std::string_view wire_bytes, std::string_view method,
                                     Clock::time_point deadline) {
  ExchangeResult result;
  result.fresh_connection = fd_ < 0;
  if (fd_ < 0) {
    bool refused = false;
    if (!open(deadline, result.detail, refused)) {
      result.error = refused ? ConnectionError::refused : ConnectionError::timeout;
      return result;
    }
  }
  // Nothing received yet on a reused connection: an error now means the server closed it idle.
  const std::string idle = result.fresh_connection ? "" : "idle: ";
  std::size_t sent = 0;
  while (sent < wire_bytes.size()) {
    ssize_t n = ::send(fd_, wire_bytes.data() + sent, wire_bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd_, POLLOUT, deadline)) {
        result.error = ConnectionError::timeout;
        result.detail = "sending the request timed out";
        return result;
      }
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      result.error = ConnectionError::reset;
      result.detail = idle + "send: " + std::strerror(errno);
      return result;
    }
  }
  // Acknowledge at once: a server that writes headers and body separately (with Nagle's
  // algorithm on) would otherwise wait for our delayed acknowledgement, 40 ms per response.
  int quick = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &quick, sizeof quick);
  std::string bytes;
  std::optional<std::size_t> head;
  std::optional<std::size_t> whole;
  bool until_close = false;
  char buffer[16384];
  for (;;) {
    if (!wait_for(fd_, POLLIN, deadline)) {
      result.error = ConnectionError::timeout;
      result.detail = "no whole response within the function's timeout";
      return result;
    }
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n <= 0) {
      if (until_close && head) break;  // a body delimited by the end of the connection
      result.error = ConnectionError::reset;
      result.detail = (bytes.empty() ? idle : std::string()) +
                      (n == 0 ? "connection closed before a whole response"
                              : std::string("recv: ") + std::strerror(errno));
      return result;
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
    ::setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &quick, sizeof quick);  // it does not stick
    if (!head) head = header_end(bytes);
    if (head && !until_close) whole = whole_length(bytes, *head, method, until_close);
    if (whole && bytes.size() >= *whole) break;
    if (bytes.size() > kMaxResponseBytes) break;
  }
  if (until_close || (whole && bytes.size() > *whole) || bytes.size() > kMaxResponseBytes) close();
  if (!detectors::looks_like_http_response(bytes)) {
    result.error = ConnectionError::malformed;
    result.detail = "the answer is not an HTTP/1.x response";
    return result;
  }
  try {
    result.response =
        detectors::parse_raw_response(bytes, kMaxResponseBytes, "the target's response").response;
  } catch (const InputError& e) {
    result.error = ConnectionError::malformed;
    result.detail = e.what();
    return result;
  }
  if (auto connection = result.response.headers.get("Connection");
      connection && iequals(*connection, "close")) {
    close();
  }
  return result;
}

}  // namespace walletfuzz::http_target
