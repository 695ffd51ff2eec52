#pragma once
// Pieces every importer needs to turn what it read into a request file's Request.
#include <optional>
#include <string>
#include <string_view>

#include "credentials.hpp"
#include "walletfuzz/importers/imported_request.hpp"

namespace walletfuzz::importers::detail {

/// An absolute http(s) URL split into what a request needs.
struct UrlParts {
  std::string host;    ///< authority without user info: "api.example.com:8443"
  std::string target;  ///< origin form: "/orders?limit=10" ("/" when the URL has no path)
  bool had_user_info = false;
};

/// Splits "https://user:pw@host:8443/a?b=1#frag"; nullopt unless it is an http(s) URL.
std::optional<UrlParts> split_url(std::string_view url);

/// `text` with every byte but RFC 3986's unreserved characters (and those in `keep`) as %XX.
std::string percent_encode(std::string_view text, std::string_view keep = {});

/// Adds `header` unless the request already has one of that name. Headers a request file must
/// not carry over from a recording are dropped: Content-Length (the writer computes it),
/// hop-by-hop fields, and HTTP/2 pseudo-headers (":authority").
void add_recorded_header(Request& request, std::string_view name, std::string_view value);

/// Collects imported requests: sets Host when missing (to `default_host`), scrubs credentials,
/// records the path template and the variables used.
class ImportCollector {
 public:
  void add(Request request, std::string path_template, std::string operation_id, std::string source,
           std::string_view default_host = "localhost");
  void warn(std::string warning) { result_.warnings.push_back(std::move(warning)); }
  CredentialScrubber& scrubber() noexcept { return scrubber_; }
  /// The result, with the scrubber's variables.
  ImportResult finish();

 private:
  ImportResult result_;
  CredentialScrubber scrubber_;
};

// The importers, one file each.
ImportResult import_har(const std::filesystem::path& file);
ImportResult import_openapi(const std::filesystem::path& file);
ImportResult import_apigw_event(const std::filesystem::path& file);
ImportResult import_curl(const std::filesystem::path& file);

}  // namespace walletfuzz::importers::detail
