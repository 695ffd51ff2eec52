// CPU cost of per-request values (load.templates / replay --templates): expanding a typical
// templated request against sending fixed bytes. docs/PERFORMANCE.md compares it with the
// client's whole CPU time per request (bench/loadgen_vs_wrk.sh).
#include <benchmark/benchmark.h>

#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/loadgen/request_template.hpp"

namespace {

const char* const kRequest =
    "POST /api/orders?trace={{seq}} HTTP/1.1\r\nHost: staging.example.com\r\n"
    "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2FkIn0.c2lnbmF0dXJl\r\n"
    "Content-Type: application/json\r\nX-Request-Id: {{uuid}}\r\nContent-Length: 96\r\n\r\n"
    "{\"customer\":\"c_{{random_int 1 100000}}\",\"items\":[{\"sku\":\"A-1\",\"qty\":{{random_int "
    "1 "
    "9}}}],\"at\":{{now_unix_ms}}}";

walletfuzz::Request parsed() {
  std::string text = kRequest;
  // Content-Length of the file as written (the template recomputes it per request).
  const auto body = text.find("\r\n\r\n") + 4;
  const auto at = text.find("Content-Length: 96");
  text.replace(at, 18, "Content-Length: " + std::to_string(text.size() - body));
  return *walletfuzz::parse_request(text).request;
}

// Expanding {{seq}}, {{uuid}}, two {{random_int}} and {{now_unix_ms}} and reframing the body.
void template_expand(benchmark::State& state) {
  const auto t = walletfuzz::loadgen::RequestTemplate::compile(parsed(), "bench", ".");
  std::string out;
  std::uint64_t seq = 0;
  for (auto _ : state) {
    t->expand(seq++, 1, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(template_expand);

// The same request without templates costs nothing per request: its bytes are built once.
void template_fixed_bytes(benchmark::State& state) {
  const std::string bytes = walletfuzz::serialize_request(parsed());
  for (auto _ : state) benchmark::DoNotOptimize(bytes.data());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(template_fixed_bytes);

}  // namespace

BENCHMARK_MAIN();
