#include "connection.hpp"

#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>

namespace walletfuzz::loadgen::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

ErrorKind classify_error(const error_code& ec, ErrorKind step_fallback) noexcept {
  if (ec == beast::error::timeout) return ErrorKind::timeout;
  if (ec == asio::error::operation_aborted) return ErrorKind::aborted;
  if (step_fallback == ErrorKind::connect) return ErrorKind::connect;
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe)
    return ErrorKind::reset;
  // The peer closing before a whole response (including a TLS peer that skips close_notify).
  if (ec == http::error::end_of_stream || ec == asio::error::eof ||
      ec == http::error::partial_message || ec == asio::ssl::error::stream_truncated) {
    return ErrorKind::closed;
  }
  if (ec == http::error::body_limit) return ErrorKind::body_too_large;
  if (ec.category() == http::make_error_code(http::error::bad_version).category())
    return ErrorKind::protocol;
  if (ec.category() == asio::error::get_ssl_category()) return ErrorKind::tls;
  return step_fallback;
}

namespace {

// A plain socket on the worker's io_context executor, by its concrete type (any_io_executor's
// type-erased copies cost a few per cent of the hot path). Not beast::basic_stream: its timeout
// arms and cancels a timer around every read and write, and each cancel runs a handler; at
// 100k requests/s that was several per cent of the client's CPU. Deadlines are instead a time
// stamp per connection that the worker sweeps (expire_if_due).
using TcpStream = asio::basic_stream_socket<asio::ip::tcp, asio::io_context::executor_type>;

// Transports: how to make a stream, and the step after TCP connect (nothing, or a handshake).
struct PlainTransport {
  using Stream = TcpStream;
  static Stream make(asio::io_context& ioc, const ConnectionSettings&) {
    return Stream(ioc.get_executor());
  }
  template <class Handler>
  static void handshake(Stream&, const ConnectionSettings&, Handler&& handler) {
    handler(error_code{});
  }
};

struct TlsTransport {
  using Stream = beast::ssl_stream<TcpStream>;
  static Stream make(asio::io_context& ioc, const ConnectionSettings& settings) {
    Stream stream(ioc.get_executor(), *settings.tls_context);
    // SNI, so virtual hosts and CDNs present the right certificate; not for IP literals.
    error_code not_an_address;
    asio::ip::make_address(settings.host, not_an_address);
    if (not_an_address) {
      SSL_set_tlsext_host_name(stream.native_handle(), settings.host.c_str());
    }
    if (settings.verify_tls)
      stream.set_verify_callback(asio::ssl::host_name_verification(settings.host));
    return stream;
  }
  template <class Handler>
  static void handshake(Stream& stream, const ConnectionSettings&, Handler&& handler) {
    stream.async_handshake(asio::ssl::stream_base::client, std::forward<Handler>(handler));
  }
};

template <class Transport>
class Connection final : public ConnectionBase {
 public:
  Connection(asio::io_context& ioc, const ConnectionSettings& settings, ConnectionOwner& owner)
      : ioc_(ioc), settings_(settings), owner_(owner) {}

  void connect() override {
    connect_only_ = true;
    do_connect();
  }

  void start(const Job& job, const std::string& bytes, bool head_request) override {
    connect_only_ = false;
    job_ = job;
    bytes_ = &bytes;
    head_ = head_request;
    outcome_ = Outcome{};
    if (stream_) {
      do_write();
    } else {
      do_connect();
    }
  }

  void close() noexcept override {
    if (!stream_) return;
    error_code ignored;
    beast::get_lowest_layer(*stream_).close(ignored);
  }

  bool is_open() const noexcept override { return stream_.has_value(); }

  void expire_if_due(Clock::time_point now) noexcept override {
    if (!stream_ || now < deadline_) return;
    // The pending operation completes with operation_aborted; the handlers read this flag.
    timed_out_ = true;
    deadline_ = Clock::time_point::max();
    close();
  }

 private:
  auto& tcp() { return beast::get_lowest_layer(*stream_); }

  void do_connect() {
    stream_.emplace(Transport::make(ioc_, settings_));
    buffer_.clear();
    arm(Clock::now(), settings_.connect_timeout);
    asio::async_connect(tcp(), settings_.endpoints,
                        [this](error_code ec, const auto&) { on_connect(ec); });
  }

  // The deadline the worker's sweep enforces, and whether it fired: an operation the sweep cut
  // short reports operation_aborted, which is a timeout here, as beast::basic_stream reported.
  void arm(Clock::time_point now, std::chrono::milliseconds timeout) {
    timed_out_ = false;
    deadline_ = now + timeout;
  }
  void disarm() { deadline_ = Clock::time_point::max(); }
  error_code seen(error_code ec) const {
    return ec && timed_out_ ? error_code(beast::error::timeout) : ec;
  }

  void on_connect(error_code ec) {
    ec = seen(ec);
    if (ec) return fail(ec, ErrorKind::connect);
    Transport::handshake(*stream_, settings_, [this](error_code hec) { on_handshake(hec); });
  }

  void on_handshake(error_code ec) {
    ec = seen(ec);
    if (ec) return fail(ec, ec == beast::error::timeout ? ErrorKind::connect : ErrorKind::tls);
    disarm();
    if (connect_only_) return owner_.on_connected(*this, true);
    do_write();
  }

  void do_write() {
    // One deadline for write + wait + read: a server that trickles bytes is still cut off.
    outcome_.sent_at = Clock::now();
    arm(outcome_.sent_at, settings_.request_timeout);
    asio::async_write(*stream_, asio::buffer(*bytes_),
                      [this](error_code ec, std::size_t) { on_write(ec); });
  }

  void on_write(error_code ec) {
    ec = seen(ec);
    if (ec) return fail(ec, ErrorKind::write);
    do_read();
  }

  void do_read() {
    parser_.emplace();
    parser_->body_limit(settings_.max_body_bytes);
    if (head_) parser_->skip(true);
    http::async_read(*stream_, buffer_, *parser_,
                     [this](error_code rec, std::size_t n) { on_read(rec, n); });
  }

  void on_read(error_code ec, std::size_t bytes) {
    ec = seen(ec);
    if (ec) return fail(ec, ErrorKind::read);
    outcome_.bytes_in += bytes;
    const unsigned status = parser_->get().result_int();
    // 101 Switching Protocols: the connection no longer speaks HTTP/1.1, and a load test of
    // request/response handlers has nothing to say on it.
    if (status == 101) return fail_as(ErrorKind::protocol);
    // Other 1xx responses (100 Continue, 102 Processing, 103 Early Hints) are interim: the final
    // response follows on the same connection. Counting one as the answer would credit the real
    // answer to the next request. The deadline set before the write stays armed, so a server
    // that only ever sends interim responses still ends in a timeout.
    if (status >= 100 && status < 200) return do_read();
    outcome_.ok = true;
    outcome_.done_at = Clock::now();
    outcome_.message = &parser_->get();
    if (!parser_->get().keep_alive())
      drop_stream();
    else
      disarm();
    // Last statement: the owner may start the next request on this connection right away.
    owner_.on_finished(*this, job_, outcome_);
  }

  void fail(error_code ec, ErrorKind step) { fail_as(classify_error(ec, step)); }

  void fail_as(ErrorKind kind) {
    drop_stream();
    if (connect_only_) return owner_.on_connected(*this, false);
    outcome_.ok = false;
    outcome_.error = kind;
    outcome_.done_at = Clock::now();
    owner_.on_finished(*this, job_, outcome_);
  }

  void drop_stream() {
    close();
    stream_.reset();
    buffer_.clear();
    disarm();
  }

  asio::io_context& ioc_;
  const ConnectionSettings& settings_;
  ConnectionOwner& owner_;
  std::optional<typename Transport::Stream> stream_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  Job job_;
  const std::string* bytes_ = nullptr;
  bool head_ = false;
  bool connect_only_ = false;
  bool timed_out_ = false;
  Clock::time_point deadline_ = Clock::time_point::max();
  Outcome outcome_;
};

}  // namespace

std::unique_ptr<ConnectionBase> make_connection(asio::io_context& ioc,
                                                const ConnectionSettings& settings,
                                                ConnectionOwner& owner) {
  if (settings.tls) return std::make_unique<Connection<TlsTransport>>(ioc, settings, owner);
  return std::make_unique<Connection<PlainTransport>>(ioc, settings, owner);
}

}  // namespace walletfuzz::loadgen::detail
