#include "walletfuzz/loadgen/request_template.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/splitmix64.hpp"

namespace walletfuzz::loadgen {
namespace {

bool is_chunked(const Headers& headers) {
  const auto te = headers.get("Transfer-Encoding");
  return te && te->find("chunked") != std::string_view::npos;
}

// Words are separated by spaces, or by ':' where a space cannot go (a request line's target
// ends at the first space): {{random_int:1:100}}, {{pick:users.txt:random}}.
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  auto separator = [](char c) { return c == ' ' || c == ':'; };
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && separator(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !separator(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::shared_ptr<const std::vector<std::string>> read_lines(const std::filesystem::path& file,
                                                           const std::string& where) {
  auto lines = std::make_shared<std::vector<std::string>>();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError({file.string(), 0, 0, where}, "{{pick}} data file not found");
  const std::string text = read_file(file, 64 << 20);
  std::size_t from = 0;
  while (from < text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + from, end - from);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.empty()) lines->emplace_back(line);
    from = end + 1;
  }
  if (lines->empty())
    throw InputError({file.string(), 0, 0, where}, "{{pick}} data file has no line");
  return lines;
}

// The random word of placeholder `index` of request `seq`: independent of every other
// placeholder and request, and of the class mix drawn from the same seed.
std::uint64_t word(std::uint64_t seed, std::uint64_t seq, std::uint64_t index) {
  return splitmix64(splitmix64(seed ^ 0x7465'6d70'6c61'7465ULL) ^ splitmix64(seq) ^
                    (index * 0x9e37'79b9'7f4a'7c15ULL));
}

void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, static_cast<std::size_t>(result.ptr - buffer));
}

void append_hex(std::string& out, std::uint64_t value, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += hex[(value >> shift) & 15];
}

// RFC 9562 version 4: 122 random bits, version nibble 4, variant bits 10.
void append_uuid(std::string& out, std::uint64_t hi, std::uint64_t lo) {
  hi = (hi & ~0xf000ULL) | 0x4000ULL;
  lo = (lo & ~(3ULL << 62)) | (2ULL << 62);
  append_hex(out, hi >> 32, 8);
  out += '-';
  append_hex(out, (hi >> 16) & 0xffff, 4);
  out += '-';
  append_hex(out, hi & 0xffff, 4);
  out += '-';
  append_hex(out, lo >> 48, 4);
  out += '-';
  append_hex(out, lo & 0xffff'ffff'ffffULL, 12);
}

}  // namespace

RequestTemplate::Segments RequestTemplate::parse(std::string_view text, const std::string& where,
                                                 const std::filesystem::path& data_dir, bool& any) {
  Segments out;
  auto literal = [&](std::string_view part) {
    if (part.empty()) return;
    if (out.empty() || out.back().kind != Kind::literal) out.push_back({});
    out.back().text += part;
  };
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = text.find("{{", from);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;  // no placeholder: "{{" is kept as written
    literal(text.substr(from, open - from));
    const std::string_view inner = text.substr(open + 2, close - open - 2);
    const auto w = words(inner);
    auto bad = [&](const std::string& why) {
      return InputError({"", 0, 0, where}, "{{" + std::string(inner) + "}}: " + why,
                        "placeholders: {{seq}}, {{uuid}}, {{random_int A B}}, {{now_unix_ms}}, "
                        "{{pick FILE}}, {{pick FILE random}}");
    };
    Segment s;
    if (w.size() == 1 && w[0] == "seq") {
      s.kind = Kind::seq;
    } else if (w.size() == 1 && w[0] == "uuid") {
      s.kind = Kind::uuid;
    } else if (w.size() == 1 && w[0] == "now_unix_ms") {
      s.kind = Kind::now_unix_ms;
    } else if (!w.empty() && w[0] == "random_int") {
      const auto low = w.size() == 3 ? integer(w[1]) : std::nullopt;
      const auto high = w.size() == 3 ? integer(w[2]) : std::nullopt;
      if (!low || !high) throw bad("needs two integers A and B");
      if (*low > *high) throw bad("A must not be above B");
      s.kind = Kind::random_int;
      s.low = *low;
      s.high = *high;
    } else if (!w.empty() && w[0] == "pick") {
      if (w.size() != 2 && !(w.size() == 3 && (w[2] == "random" || w[2] == "in_order")))
        throw bad("write {{pick FILE}} or {{pick FILE random}}");
      s.kind = w.size() == 3 && w[2] == "random" ? Kind::pick_random : Kind::pick_in_order;
      const std::filesystem::path file(w[1]);
      s.lines = read_lines(file.is_absolute() ? file : data_dir / file, where);
    } else {
      throw bad("unknown placeholder");
    }
    out.push_back(std::move(s));
    any = true;
    from = close + 2;
  }
  literal(text.substr(from));
  return out;
}

std::optional<RequestTemplate> RequestTemplate::compile(const Request& request,
                                                        const std::string& where,
                                                        const std::filesystem::path& data_dir) {
  RequestTemplate t;
  t.chunked_ = is_chunked(request.headers);
  std::string head = request.method + " " + request.target +
                     (request.version == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const auto& field : request.headers) {
    if (iequals(field.name, "Content-Length")) {
      t.had_length_ = true;
      continue;
    }
    head += field.name + ": " + field.value + "\r\n";
  }
  bool any = false;
  t.head_ = parse(head, where + ", request line or header", data_dir, any);
  for (const auto& s : t.head_) t.body_first_index_ += s.kind == Kind::literal ? 0 : 1;
  t.body_ = parse(request.body, where + ", body", data_dir, any);
  if (!any) return std::nullopt;
  return t;
}

void RequestTemplate::expand_into(const Segments& segments, std::uint64_t seq, std::uint64_t seed,
                                  std::size_t first_index, std::string& out) {
  std::uint64_t index = first_index;
  for (const Segment& s : segments) {
    switch (s.kind) {
      case Kind::literal:
        out += s.text;
        continue;
      case Kind::seq:
        append_int(out, static_cast<std::int64_t>(seq));
        break;
      case Kind::uuid:
        append_uuid(out, word(seed, seq, index), word(seed, seq, index + (1ULL << 32)));
        break;
      case Kind::random_int: {
        // The span may be all of int64 (2^64 values); modulo bias is below 2^-32 for spans
        // under 2^32 and does not matter for test data.
        const std::uint64_t span =
            static_cast<std::uint64_t>(s.high) - static_cast<std::uint64_t>(s.low) + 1;
        const std::uint64_t w = word(seed, seq, index);
        append_int(out, static_cast<std::int64_t>(static_cast<std::uint64_t>(s.low) +
                                                  (span == 0 ? w : w % span)));
        break;
      }
      case Kind::now_unix_ms:
        append_int(out, std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
        break;
      case Kind::pick_in_order:
        out += (*s.lines)[seq % s.lines->size()];
        break;
      case Kind::pick_random:
        out += (*s.lines)[word(seed, seq, index) % s.lines->size()];
        break;
    }
    ++index;
  }
}

void RequestTemplate::expand(std::uint64_t seq, std::uint64_t seed, std::string& out) const {
  out.clear();
  expand_into(head_, seq, seed, 0, out);
  // The body goes after the head, but its length must precede it: expand it at the end of
  // `out`, then move the framing in front of it (one memmove of the body, no allocation).
  const std::size_t head_end = out.size();
  expand_into(body_, seq, seed, body_first_index_, out);
  const std::size_t body_size = out.size() - head_end;
  char framing[64];
  int n = 0;
  if (chunked_) {
    n = body_size > 0 ? std::snprintf(framing, sizeof framing, "\r\n%zx\r\n", body_size)
                      : std::snprintf(framing, sizeof framing, "\r\n");
  } else if (had_length_ || body_size > 0) {
    n = std::snprintf(framing, sizeof framing, "Content-Length: %zu\r\n\r\n", body_size);
  } else {
    n = std::snprintf(framing, sizeof framing, "\r\n");
  }
  out.insert(head_end, framing, static_cast<std::size_t>(n));
  if (chunked_) out += body_size > 0 ? "\r\n0\r\n\r\n" : "0\r\n\r\n";
}

}  // namespace walletfuzz::loadgen
