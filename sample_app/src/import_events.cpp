// POST /events/import — bulk upload of analytics events, optionally compressed
// (Content-Encoding: gzip or deflate), answered with counts per event type.
//
// Defect (vulnerable): the body is inflated into memory with no limit on the output. Deflate
// compresses a run of identical bytes about 1000:1, so a request of a few hundred kilobytes
// inflates to hundreds of megabytes: the function runs out of memory (or time) while normal
// uploads of a few kilobytes take a millisecond. Fixed: inflation stops at 4 MB with a 413.

#include <zlib.h>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

constexpr std::size_t max_inflated_bytes = 4 * 1024 * 1024;
constexpr std::size_t inflate_chunk = 64 * 1024;

enum class InflateResult { ok, corrupt, too_large, cancelled };

// Inflates gzip or zlib-wrapped deflate (windowBits 15 + 32 detects either header).
InflateResult inflate_body(std::string_view compressed, std::size_t limit, std::string& out,
                           const InvocationContext& context) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return InflateResult::corrupt;
  // Ends the stream on every exit, also when out.resize() throws bad_alloc because the
  // function's memory ran out (the vulnerable variant's bomb): zlib's ~40 KB of state would
  // otherwise leak into the warm container on each such invocation.
  struct EndInflate {
    z_stream* stream;
    ~EndInflate() { inflateEnd(stream); }
  } end_inflate{&stream};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  InflateResult result = InflateResult::ok;
  for (;;) {
    if (context.cancelled()) {
      result = InflateResult::cancelled;
      break;
    }
    if (out.size() >= limit) {
      result = InflateResult::too_large;
      break;
    }
    std::size_t used = out.size();
    out.resize(used + inflate_chunk);  // grows without bound when limit is unbounded
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = static_cast<uInt>(inflate_chunk);
    int status = inflate(&stream, Z_NO_FLUSH);
    out.resize(used + inflate_chunk - stream.avail_out);
    if (status == Z_STREAM_END) break;
    if (status != Z_OK && !(status == Z_BUF_ERROR && stream.avail_in > 0)) {
      result = InflateResult::corrupt;
      break;
    }
  }
  return result;
}

Response import_events(const Request& request, InvocationContext& context,
                       SampleAppVariant variant) {
  std::string inflated;
  std::string_view payload = request.body;
  auto encoding = request.headers.get("Content-Encoding");
  if (encoding && (iequals(*encoding, "gzip") || iequals(*encoding, "deflate"))) {
    std::size_t limit = variant == SampleAppVariant::fixed ? max_inflated_bytes : std::string::npos;
    switch (inflate_body(request.body, limit, inflated, context)) {
      case InflateResult::ok:
        break;
      case InflateResult::corrupt:
        return json_error(400, "body is not valid gzip/deflate data");
      case InflateResult::too_large:
        return json_error(413, "decompressed body is larger than 4 MB");
      case InflateResult::cancelled:
        return json_error(503, "cancelled");
    }
    payload = inflated;
  } else if (encoding && !iequals(*encoding, "identity")) {
    return json_error(415, "Content-Encoding must be gzip, deflate or identity");
  }

  auto body = parse_json_object(payload);
  const boost::json::value* events = body ? body->if_contains("events") : nullptr;
  if (events == nullptr || !events->is_array()) {
    return json_error(400, "body must be {\"events\": [...]}");
  }
  boost::json::object by_type;
  std::int64_t accepted = 0;
  for (const auto& event : events->as_array()) {
    const auto* type = event.is_object() ? event.as_object().if_contains("type") : nullptr;
    if (type == nullptr || !type->is_string()) continue;
    context.charge(1);  // one write to the event stream
    auto& count = by_type[type->as_string()];
    count = count.is_int64() ? count.as_int64() + 1 : 1;
    ++accepted;
  }
  return json_response(
      202, boost::json::object{
               {"accepted", accepted},
               {"rejected", events->as_array().size() - static_cast<std::size_t>(accepted)},
               {"by_type", std::move(by_type)}});
}

std::string gzip(std::string_view text) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string sample_events(int count) {
  static constexpr const char* types[] = {"page_view", "add_to_cart", "checkout", "search"};
  std::string json = R"({"events":[)";
  for (int i = 0; i < count; ++i) {
    if (i > 0) json += ',';
    json += R"({"type":")" + std::string(types[i % 4]) + R"(","user":"u_)" +
            std::to_string(1000 + i % 17) + R"(","ts":)" + std::to_string(1764300000 + i) + "}";
  }
  return json + "]}";
}

}  // namespace

HandlerSpec make_import_events_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 256;
  return HandlerSpec{
      .name = "import-events",
      .method = "POST",
      .route = "/events/import",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(10),
                   .reserved_concurrency = 0,
                   .environment = function_environment("import-events", memory_mb)},
      .baseline_requests = {make_request_file("POST", "/events/import", gzip(sample_events(40)),
                                              "Content-Type: application/json\r\n"
                                              "Content-Encoding: gzip\r\n"),
                            make_request_file("POST", "/events/import", sample_events(5))},
      .invoke =
          [variant](const Request& request, InvocationContext& context) {
            return import_events(request, context, variant);
          },
      .description = "bulk upload of analytics events (gzip or deflate)",
  };
}

}  // namespace walletfuzz::sample_app_detail
