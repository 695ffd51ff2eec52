// Throughput of the leak detector on the hot paths of fuzzing and load: clean mixed bodies of
// 1 KB to 1 MB (the common case: most responses do not leak), a leaking body, whole responses,
// and adversarial bodies packed with trigger words (the bounded worst case).
//
//   cmake --preset release -B build/rel && cmake --build build/rel --target detectors_scan_bench
//   build/rel/bench/detectors_scan_bench
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "walletfuzz/detectors/leak_detector.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

// Realistic clean content of several kinds, repeated with varying values to `size` bytes:
// JSON API records, HTML prose, CSV rows, minified JavaScript and base64 blobs.
std::string clean_mixed_body(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  auto hex = [&](int n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < n; ++i) out.push_back(digits[random() % 16]);
    return out;
  };
  auto b64 = [&](int n) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (int i = 0; i < n; ++i) out.push_back(alphabet[random() % 64]);
    return out;
  };
  const char* names[] = {"Desk lamp", "Water bottle", "Notebook", "Headphones", "Backpack"};
  std::string body;
  while (body.size() < size) {
    switch (random() % 5) {
      case 0:
        body += "{\"id\":\"" + hex(8) + "-" + hex(4) + "-4" + hex(3) + "-8" + hex(3) + "-" +
                hex(12) + "\",\"name\":\"" + names[random() % 5] +
                "\",\"price\":{\"amount\":" + std::to_string(random() % 100000) +
                ",\"currency\":\"EUR\"},\"stock\":" + std::to_string(random() % 500) +
                ",\"updatedAt\":\"2026-11-28T10:15:30Z\",\"tags\":[\"home\",\"office\"]},\n";
        break;
      case 1:
        body +=
            "<p>Orders placed before noon ship the same day. Track your parcel from the "
            "account page; returns are free within 30 days of delivery. If something went "
            "wrong, contact support with your order number.</p>\n";
        break;
      case 2:
        body += hex(8) + "," + names[random() % 5] + "," + std::to_string(random() % 999) +
                ",paid,2026-11-" + std::to_string(10 + random() % 18) + "\n";
        break;
      case 3:
        body +=
            "function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};"
            "return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.d=function(e,t,r)"
            "{n.o(e,t)||Object.defineProperty(e,t,{enumerable:!0,get:r})};\n";
        break;
      default:
        body += "\"thumbnail\":\"data:image/png;base64," + b64(400) + "\",\n";
        break;
    }
  }
  body.resize(size);
  return body;
}

void BM_ScanClean(benchmark::State& state) {
  const std::string body = clean_mixed_body(static_cast<std::size_t>(state.range(0)), 42);
  for (auto _ : state) {
    auto findings = detector().scan_text(body);
    benchmark::DoNotOptimize(findings);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_ScanClean)->Arg(1 << 10)->Arg(16 << 10)->Arg(256 << 10)->Arg(1 << 20);

void BM_ScanCleanResponse(benchmark::State& state) {
  walletfuzz::Response response;
  response.status = 200;
  response.headers.add("Content-Type", "application/json");
  response.headers.add("Date", "Sat, 28 Nov 2026 12:00:00 GMT");
  response.headers.add("x-amzn-RequestId", "3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b");
  response.headers.add("Server", "awselb/2.0");
  response.body = clean_mixed_body(static_cast<std::size_t>(state.range(0)), 7);
  for (auto _ : state) {
    auto findings = detector().scan_response(response);
    benchmark::DoNotOptimize(findings);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(response.body.size()));
}
BENCHMARK(BM_ScanCleanResponse)->Arg(1 << 10)->Arg(64 << 10);

void BM_ScanLeaking(benchmark::State& state) {
  std::string body = clean_mixed_body(64 << 10, 3);
  body.insert(body.size() / 2,
              "\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 42, in "
              "handler\n    row = table[event[\"id\"]]\nKeyError: 'id'\n"
              "AWS_SECRET_ACCESS_KEY=wQ3rT8yU1iO4pA7sD0fG2hJ5kL9zX6cV3bN8mQ1e\n");
  for (auto _ : state) {
    auto findings = detector().scan_text(body);
    benchmark::DoNotOptimize(findings);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_ScanLeaking);

// Worst case: 1 MiB made of one trigger repeated, so every few bytes is a candidate. The caps on
// candidates and verifications keep this linear and bounded.
void BM_ScanAdversarial(benchmark::State& state) {
  const char* units[] = {"    at x (", "token=", "ORA-", "eyJ",
                         "Traceback (most recent call last)\n",
                         // Every unit a match whose framing must be judged (quoted content).
                         "<code>ORA-00942: table or view does not exist</code>\n",
                         "{\"snippet\":\"ORA-00942: table or view does not exist\"},"};
  std::string body;
  const std::string unit = units[state.range(0)];
  while (body.size() < (1 << 20)) body += unit;
  for (auto _ : state) {
    auto findings = detector().scan_text(body);
    benchmark::DoNotOptimize(findings);
  }
  state.SetLabel(unit.substr(0, unit.find('\n')));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_ScanAdversarial)->DenseRange(0, 6);

}  // namespace
