// A tiny loopback HTTP/1.1 server for the load generator's side-by-side benchmarks.
//   loadgen_bench_server --port 8090 [--threads 1] [--stall-every-ms 5000 --stall-ms 1000]
// Every request gets "200 OK" with a 2-byte body on the same keep-alive connection. With
// --stall-every-ms, the server answers nothing during the last --stall-ms of each period (a
// whole-process pause, like a GC or a ^Z), then answers everything that waited: the
// coordinated-omission experiment of bench/loadgen_co.sh. Requests must have no body (GET).
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view response =
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";

struct Stall {
  Clock::time_point epoch = Clock::now();
  std::chrono::milliseconds every{0};
  std::chrono::milliseconds length{0};
  // When the current stall ends, or now if the server is not stalled.
  Clock::time_point resume_at(Clock::time_point now) const {
    if (every.count() == 0) return now;
    const auto into = (now - epoch) % every;
    const auto stall_begins = every - length;
    return into >= stall_begins ? now + (every - into) : now;
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Stall& stall)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), stall_(stall) {}
  void start() { do_read(); }

 private:
  void do_read() {
    socket_.async_read_some(asio::buffer(in_.data() + used_, in_.size() - used_),
                            [self = shared_from_this()](boost::system::error_code ec,
                                                        std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(boost::system::error_code ec, std::size_t n) {
    if (ec) return;  // the client closed or reset: nothing to answer
    used_ += n;
    // Count complete request heads; keep a partial one for the next read.
    std::size_t requests = 0;
    std::size_t consumed = 0;
    const std::string_view data(in_.data(), used_);
    for (std::size_t at; (at = data.find("\r\n\r\n", consumed)) != std::string_view::npos;) {
      ++requests;
      consumed = at + 4;
    }
    std::memmove(in_.data(), in_.data() + consumed, used_ - consumed);
    used_ -= consumed;
    if (used_ == in_.size()) return;  // a request head larger than 16 KB: not for this server
    if (requests == 0) return do_read();
    out_.clear();
    for (std::size_t i = 0; i < requests; ++i) out_ += response;
    const auto now = Clock::now();
    const auto resume = stall_.resume_at(now);
    if (resume > now) {
      timer_.expires_at(resume);
      timer_.async_wait(
          [self = shared_from_this()](boost::system::error_code) { self->do_write(); });
    } else {
      do_write();
    }
  }

  void do_write() {
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        if (!ec) self->do_read();
                      });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  const Stall& stall_;
  std::array<char, 16384> in_{};
  std::size_t used_ = 0;
  std::string out_;
};

void accept(tcp::acceptor& acceptor, asio::io_context& ioc, const Stall& stall) {
  acceptor.async_accept(ioc, [&](boost::system::error_code ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), stall)->start();
    }
    accept(acceptor, ioc, stall);
  });
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 8090;
  unsigned threads = 1;
  Stall stall;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const long value = std::stol(argv[i + 1]);
    if (flag == "--port")
      port = static_cast<unsigned short>(value);
    else if (flag == "--threads")
      threads = static_cast<unsigned>(value);
    else if (flag == "--stall-every-ms")
      stall.every = std::chrono::milliseconds(value);
    else if (flag == "--stall-ms")
      stall.length = std::chrono::milliseconds(value);
    else {
      std::cerr << "unknown flag " << flag << '\n';
      return 2;
    }
  }
  // Many connections in the memory benchmark: one descriptor each.
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), port});
  acceptor.listen(4096);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) { ioc.stop(); });
  accept(acceptor, ioc, stall);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
