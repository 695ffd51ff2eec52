#include "walletfuzz/runtime/http_server.hpp"

#include <sys/socket.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::runtime {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

int open_listening_socket(const std::string& address, unsigned short port,
                          bool allow_non_loopback) {
  boost::system::error_code ec;
  auto ip = net::ip::make_address(address, ec);
  if (ec) {
    throw InputError({.field = "--host"}, "'" + address + "' is not an IP address",
                     "use 127.0.0.1 or ::1");
  }
  if (!ip.is_loopback() && !allow_non_loopback) {
    throw InputError({.field = "--host"}, "refusing to listen on non-loopback address " + address,
                     "the served app may be deliberately vulnerable; pass --allow-non-loopback "
                     "to expose it anyway");
  }
  net::io_context context;
  tcp::acceptor acceptor(context);
  tcp::endpoint endpoint(ip, port);
  std::string where = (ip.is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(port);
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    throw RuntimeFailure(where + ": cannot open socket: " + ec.message());
  }
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    throw RuntimeFailure(where + ": cannot listen: " + ec.message());
  }
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) {
    throw RuntimeFailure(where + ": cannot listen: " + ec.message());
  }
  return acceptor.release();
}

unsigned short listening_port(int socket_fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

namespace {

class HttpSession;

// What every session shares with the server: the runtime, the limits and the bookkeeping that
// lets shutdown wait for answers in progress.
struct SessionHub {
  LambdaRuntime* runtime = nullptr;
  ServerOptions options;
  std::mutex mutex;
  std::condition_variable quiet;
  unsigned busy = 0;  // requests read and not yet answered
  std::list<std::weak_ptr<HttpSession>> sessions;

  void begin_request() {
    std::lock_guard lock(mutex);
    ++busy;
  }
  void end_request() {
    std::lock_guard lock(mutex);
    --busy;
    quiet.notify_all();
  }
};

Request to_request(http::request<http::string_body>&& message) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.version = message.version();
  for (const auto& field : message) {
    request.headers.add(field.name_string(), field.value());
  }
  request.body = std::move(message.body());
  return request;
}

http::response<http::string_body> to_message(Response&& response, unsigned version,
                                             bool keep_alive) {
  http::response<http::string_body> message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  for (const auto& field : response.headers) {
    if (iequals(field.name, "Content-Length") || iequals(field.name, "Transfer-Encoding") ||
        iequals(field.name, "Connection")) {
      continue;  // framing is ours to decide
    }
    message.insert(field.name, field.value);
  }
  if (message.find(http::field::server) == message.end()) {
    message.set(http::field::server, "walletfuzz-sample");
  }
  message.body() = std::move(response.body);
  message.keep_alive(keep_alive);
  message.prepare_payload();
  return message;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, SessionHub& hub) : stream_(std::move(socket)), hub_(hub) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }

  void close() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      self->stream_.close();
    });
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(hub_.options.limits.max_header_bytes));
    parser_->body_limit(hub_.options.limits.max_body_bytes);
    stream_.expires_after(hub_.options.idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    // The peer closed, went silent, or the server is closing us: nothing to answer.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::bad_descriptor || ec == http::error::partial_message) {
      return do_close();
    }
    hub_.begin_request();
    if (ec == http::error::body_limit) return send_error(413, "Request Entity Too Large");
    if (ec == http::error::header_limit) return send_error(431, "Request Header Fields Too Large");
    if (ec) return send_error(400, "Bad Request");

    auto message = parser_->release();
    version_ = message.version();
    keep_alive_ = message.keep_alive();
    stream_.expires_never();  // the runtime's timeout governs from here
    hub_.runtime->invoke(to_request(std::move(message)),
                         [self = shared_from_this()](InvocationResult result) {
                           net::post(self->stream_.get_executor(),
                                     [self, response = std::move(result.response)]() mutable {
                                       self->send(std::move(response));
                                     });
                         });
  }

  void send_error(int status, std::string_view message) {
    keep_alive_ = false;  // after a framing error the rest of the stream is not trustworthy
    version_ = 11;
    Response response{.status = status, .body = "{\"message\":\"" + std::string(message) + "\"}"};
    response.headers.set("Content-Type", "application/json");
    send(std::move(response));
  }

  void send(Response&& response) {
    response_ = to_message(std::move(response), version_, keep_alive_);
    stream_.expires_after(hub_.options.idle_timeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    bool close = ec || !response_->keep_alive();
    response_.reset();
    hub_.end_request();
    if (close) return do_close();
    do_read();
  }

  void do_close() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  SessionHub& hub_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
};

}  // namespace

struct HttpServer::State {
  State(const HandlerRegistry& registry, int listening_fd, ServerOptions server_options,
        RuntimeOptions runtime_options, ReportSink sink)
      : acceptor(io), runtime(registry, runtime_options, std::move(sink)) {
    hub.runtime = &runtime;
    hub.options = server_options;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    getsockname(listening_fd, reinterpret_cast<sockaddr*>(&address), &length);
    boost::system::error_code ec;
    acceptor.assign(address.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), listening_fd, ec);
    if (ec) throw RuntimeFailure("cannot use the listening socket: " + ec.message());
  }

  void do_accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;  // closing
      if (!ec) {
        auto session = std::make_shared<HttpSession>(std::move(socket), hub);
        {
          std::lock_guard lock(hub.mutex);
          hub.sessions.remove_if([](const auto& weak) { return weak.expired(); });
          hub.sessions.push_back(session);
        }
        session->start();
      }
      do_accept();  // a failed accept (e.g. out of descriptors) must not stop the server
    });
  }

  net::io_context io;
  tcp::acceptor acceptor;
  SessionHub hub;  // before runtime: invocation callbacks may touch sessions until it is gone
  LambdaRuntime runtime;
  std::mutex stop_mutex;
  std::condition_variable stop_signal;
  bool stop_requested = false;
};

HttpServer::HttpServer(const HandlerRegistry& registry, int listening_fd, ServerOptions options,
                       RuntimeOptions runtime_options, ReportSink report_sink)
    : state_(std::make_unique<State>(registry, listening_fd, options, runtime_options,
                                     std::move(report_sink))) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::port() const noexcept {
  boost::system::error_code ec;
  auto endpoint = state_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

const LambdaRuntime& HttpServer::runtime() const noexcept {
  return state_->runtime;
}

void HttpServer::request_stop() {
  std::lock_guard lock(state_->stop_mutex);
  state_->stop_requested = true;
  state_->stop_signal.notify_all();
}

bool HttpServer::run(bool handle_signals) {
  State& state = *state_;
  net::signal_set signals(state.io);
  if (handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) request_stop();
    });
  }
  // Keeps the I/O threads running while no operation is pending: once the acceptor is closed an
  // in-flight invocation has nothing queued on the io_context until its answer is posted, and
  // without this guard io.run() could return in that gap and the answer would never be written.
  auto keep_running = net::make_work_guard(state.io);
  state.do_accept();
  std::vector<std::thread> io_threads;
  unsigned thread_count = state.hub.options.io_threads == 0 ? 1 : state.hub.options.io_threads;
  for (unsigned i = 0; i < thread_count; ++i) io_threads.emplace_back([&state] { state.io.run(); });

  {
    std::unique_lock lock(state.stop_mutex);
    state.stop_signal.wait(lock, [&state] { return state.stop_requested; });
  }
  // 1. No new connections; 2. running handlers asked to stop and awaited; 3. their answers
  // written; 4. idle keep-alive connections closed; 5. I/O stopped.
  net::post(state.io, [&state, &signals] {
    boost::system::error_code ignored;
    state.acceptor.close(ignored);
    signals.cancel(ignored);
  });
  bool all_finished = state.runtime.shutdown(state.hub.options.shutdown_grace);
  {
    std::unique_lock lock(state.hub.mutex);
    state.hub.quiet.wait_for(lock, std::chrono::seconds(2),
                             [&state] { return state.hub.busy == 0; });
    for (auto& weak : state.hub.sessions) {
      if (auto session = weak.lock()) session->close();
    }
    state.hub.sessions.clear();
  }
  net::post(state.io, [&state] { state.io.stop(); });
  for (auto& thread : io_threads) thread.join();
  return all_finished;
}

}  // namespace walletfuzz::runtime
