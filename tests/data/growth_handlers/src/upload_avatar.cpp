// PUT /me/avatar — the profile page uploads the cropped avatar as base64 text (optionally as a
// data: URL, which is what canvas.toDataURL() gives the browser). The image is decoded, checked
// to be a PNG or JPEG, and stored under a content hash so the CDN can cache it forever.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr std::size_t kMaxAvatarBytes = 4 * 1024 * 1024;

// 0-63 for the base64 alphabet, 64 for '=', 255 for anything else.
constexpr std::array<std::uint8_t, 256> kBase64Values = [] {
  std::array<std::uint8_t, 256> values{};
  values.fill(255);
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    values[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  }
  values['='] = 64;
  return values;
}();

// Standard base64; whitespace (line breaks from some clients) is skipped, padding is optional.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  bool padding = false;
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == ' ') continue;
    const std::uint8_t value = kBase64Values[static_cast<unsigned char>(c)];
    if (value == 255) return std::nullopt;
    if (value == 64) {
      padding = true;
      continue;
    }
    if (padding) return std::nullopt;  // data after '='
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<std::uint8_t>(buffer >> bits));
    }
  }
  return bytes;
}

std::uint64_t fnv1a(const std::vector<std::uint8_t>& bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint32_t big_endian_u32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

Response upload_avatar(const Request& request, InvocationContext& context) {
  std::string_view payload = request.body;
  if (payload.starts_with("data:")) {
    const std::size_t comma = payload.find(',');
    if (comma == std::string_view::npos ||
        payload.substr(0, comma).find(";base64") == std::string_view::npos) {
      return json_error(400, "only base64 data: URLs are accepted");
    }
    payload.remove_prefix(comma + 1);
  }
  if (payload.empty()) return json_error(400, "the body must hold the image as base64");
  auto image = base64_decode(payload);
  if (!image) return json_error(400, "the body is not valid base64");
  if (image->size() > kMaxAvatarBytes) return json_error(413, "avatars are limited to 4 MB");

  static constexpr std::array<std::uint8_t, 8> png_signature{0x89, 'P',  'N',  'G',
                                                             '\r', '\n', 0x1a, '\n'};
  boost::json::object result;
  if (image->size() >= 24 &&
      std::equal(png_signature.begin(), png_signature.end(), image->begin())) {
    // IHDR is always the first chunk: width and height follow its type.
    result["format"] = "png";
    result["width"] = big_endian_u32(*image, 16);
    result["height"] = big_endian_u32(*image, 20);
  } else if (image->size() >= 4 && (*image)[0] == 0xff && (*image)[1] == 0xd8 &&
             (*image)[2] == 0xff) {
    result["format"] = "jpeg";
  } else {
    return json_error(415, "avatars must be PNG or JPEG");
  }

  char etag[17];
  std::snprintf(etag, sizeof etag, "%016llx", static_cast<unsigned long long>(fnv1a(*image)));
  context.charge(1);  // one PutObject
  result["bytes"] = image->size();
  result["etag"] = etag;
  result["url"] = std::string("https://cdn.example.com/avatars/") + etag + "." +
                  std::string(result["format"].as_string());
  return json_response(200, result);
}

// A 24x24 RGB PNG, as the profile page's cropper produces for a small avatar.
constexpr std::string_view kSmallAvatarPng =
    "iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAGXUlEQVR42gXBD2jj9AIA4N/b7ea2m/vndva5s2xa"
    "bqOu0nc76g0LnfV6FKtlherO6rDYs1wh3EJNNc+FkkmkoWTcDxpKegQXSwrRhpFBdHkzlUBDyaBYLQwGO4fD4WAw"
    "GR6cnEz2vg8AYPUAcxgYY0B3AM0FVA9QfEAOAikCxBgQEoBHAJcBbBbAHGAgoEuAKgOyCggV4DWANQDaAgi4AKy+"
    "f5mjHYb9gj7ZqbkvqrNdiv8pOdQtRXvExV4heYlf6uPwp9mVfpgfYAqDND9EVYbJ9WeIzRHcGMW2L6PtZxHQBayB"
    "DtPWaUx06c5ubaZX9fYpgX45PCgtDIvxESF1mU/buOXnWOoKXLUzxXF67QVKcpAbV4mtKbzuxJrT6M7LCOgB1vAF"
    "c6zLcPTorj7NM6D6hpXgqByxSbExMWEXkAk+4+Cyk2zOCaGLKbnp8gxV9ZDqLFHz4g0f1vKjuwEE9AFrtNO0dxuT"
    "fbp7UJsdUf02JXRFjo5Liw4xOSUsTfO4m1u5zuZvwIKX4efoyk1qPUhuvkkY8/h2FGvfRvfeR8AAsGwXzYlewzmg"
    "z4xo3n+rAbsSflFemJLiLjF1TUi/wi97Oeo1dvUWLIaYtXlaepvaiJFbHxD1O3gzhe3cQ/c/RsAwsMa6TEef4RrW"
    "PTbNZ1eDDiXilGNuKeEREa+Q8fPZIJcLszAKSzGmHKerSUpFyFqaaOB4K4vtUuhBHgGjwLI/ZU72G+5RffaK5n9R"
    "DTmV6H/kxRtS0icu3RLwt/iVKJd/jy18CPkUU0Hp9U+pzSxpfEFsM3i7gO09QA+/QoANWBPdpnPQmLHp3nEtMKWG"
    "3crCDTk+J6WCYnpeWL7NU3Fu9S5bROEazkgkvUFTW5Csc0RTwHckbF9BjzQEjAHL0WO6hg3PmO5zaEGXGvEoMZ+c"
    "CEpIRMzEhGyCzyEczLClLCznmCqk1RJVK5ONKtFS8d0adtBAj1sIsANrstd0jxizdt0/pYWuqVGvsnhLTs5LSzER"
    "vyOs3OPzOFf4nOUZWCky6wK9+Q1lqOT2D0Tbwvfa2OFD9OR3BEwAy3nJnLlseCf0wLQWfkVd8Cvxt+TUbSmdEJfv"
    "CdR/+VWKK95n1x5AqcJsKPTW91S9QTZ/JnYe4vtH2NGf6Ok/CHAAy9VnemyGz6EH3VrEq8aCSiIqI3Epg4hZXMhR"
    "PIRciWfLEqyqjGrQtSbV2CVbh8TuKX5whh13o49GEDAJLPfT5uxzhn9SD13Xoq+pi2El+Z68dFfCM+LK50L+Pl/g"
    "Of5rtvIdXK8zmz/Rxi/U9jHZ/ovY68QPh7ATO/r4JQQ4gTXTb3qvGAGnHr6hLdxS41El9aGcRqXlrEgxwuoDvihx"
    "a9+xkgk32szWr3T9D6p5Ru70Evs2/OgqdnodfeJHgAtYngHTZzeCLj3i1WIhNRFTkJScwaVsTswVBVjhSypXrrPV"
    "NlQPmNop3TinWv3k7vPEwTR+/Cr26A307F0EuIE1O2j6x42QW4/OaYvzajKuLKEyTkorUMwLQkHheYOr/MSu/wo3"
    "TxkD0NuDVHuc3HMTh3P4yTz2OI6eowiYAZZ3yAy8YIRn9IWbWvxtNZVU0p/Ky7RElcTVb4Ti9/xak5N+YTf+gFvn"
    "TH2Qbk5QO9fI/deJoyh++hH25BO0I4cAD7B8w2bQYUQ8eiyoJWIqgiiZrJyFUq4sQlUoNfjyLlc9ZtUzWOtnGuN0"
    "6xq1e5M8eIc4vos/+gw7Y9CLXyJgFlj+Z8zQVSM6qy++qSU/UJfSCv6FvMJJ+apY+EHgf+Yrh9z6X+xmLzSeZ7bd"
    "dPt1au8d8jBFnBD44/vYeRnt/hYBXmAFRszwlLHg1ePzWuqOmsaVZUamBGlVFYuWsPaQl065jU52ywbr00xzjt6J"
    "Uvt3ySOCOIX4ExHr0NBLTQT4gBUcNSNOI+bTE1ENSamZrJItyDlJgjWx1BbKR3z1jFOH2NpV2HiVac3Tux9RB5+R"
    "x/eJRyJ+9j/s4o9o/28I8AMrdNmMThuLfj15W1u6p+KUsvJAzitSoSHyD4XKn/x6N7dpZ43rcPsNph2n9z6hDhny"
    "pEw81vDzH7HuQ3TobwQEgBV+1lx42YgH9NT7WvpjdTmvUF/Jq5pUbIlrvwvSP/zGCLf1Elv3w+a7zA5K7+eooy/J"
    "02+JJ0284zfs0t/oyBDyf5C7S77ZXIL4AAAAAElFTkSuQmCC";

}  // namespace

HandlerSpec upload_avatar_handler() {
  const std::string png(kSmallAvatarPng);
  return HandlerSpec{
      .name = "upload-avatar",
      .method = "PUT",
      .route = "/me/avatar",
      .settings = {.memory_mb = 512, .timeout = std::chrono::seconds(6)},
      .baseline_requests = {request_text("PUT", "/me/avatar", "text/plain", png),
                            request_text("PUT", "/me/avatar", "text/plain",
                                         "data:image/png;base64," + png)},
      .invoke = upload_avatar,
      .description = "store the user's avatar",
  };
}

}  // namespace backoffice
