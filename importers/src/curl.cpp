// curl command lines as browsers' "Copy as cURL (bash)" writes them: bash quoting ('...', "...",
// $'...'), backslash-newline continuations, -X, -H, -b, the --data family, --compressed. A file
// holds one or more commands, each starting with `curl`.
#include <cctype>
#include <vector>

#include "request_building.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::importers::detail {
namespace {

struct Word {
  std::string text;
  int line = 0;
};

struct Command {
  std::vector<Word> words;
  int line = 0;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Bash's $'...' (ANSI-C quoting), which Chrome uses for values holding quotes or control bytes.
std::size_t read_ansi_c(std::string_view text, std::size_t i, std::string& out) {
  while (i < text.size() && text[i] != '\'') {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i++];
      continue;
    }
    const char c = text[++i];
    ++i;
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const std::size_t max = c == 'x' ? 2 : (c == 'u' ? 4 : 8);
        unsigned code = 0;
        std::size_t n = 0;
        while (n < max && i < text.size() && hex_value(text[i]) >= 0) {
          code = code * 16 + static_cast<unsigned>(hex_value(text[i++]));
          ++n;
        }
        if (c == 'x')
          out += static_cast<char>(code);
        else
          append_utf8(out, code);
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          unsigned code = static_cast<unsigned>(c - '0');
          for (int n = 0; n < 2 && i < text.size() && text[i] >= '0' && text[i] <= '7'; ++n)
            code = code * 8 + static_cast<unsigned>(text[i++] - '0');
          out += static_cast<char>(code);
        } else {
          out += c;  // \\ \' \" \?
        }
    }
  }
  return i;  // at the closing quote (or the end)
}

// Splits a file into commands of words the way bash would: a newline ends a command unless it is
// escaped or quoted. Throws InputError at the line of an unterminated quote.
std::vector<Command> split_commands(std::string_view text, const std::string& file) {
  std::vector<Command> commands;
  Command current;
  std::string word;
  bool in_word = false;
  int line = 1;
  int word_line = 1;
  auto end_word = [&] {
    if (in_word) current.words.push_back({word, word_line});
    word.clear();
    in_word = false;
  };
  auto end_command = [&] {
    end_word();
    if (!current.words.empty()) commands.push_back(std::move(current));
    current = Command{};
  };
  auto start_word = [&] {
    if (!in_word) {
      in_word = true;
      word_line = line;
      if (current.words.empty()) current.line = line;
    }
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      end_command();
    } else if (c == ' ' || c == '\t' || c == '\r') {
      end_word();
    } else if (c == '#' && !in_word) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;  // a comment
    } else if (c == ';' || (c == '&' && i + 1 < text.size() && text[i + 1] == '&')) {
      if (c == '&') ++i;
      end_command();
    } else if (c == '\\') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;  // line continuation
        ++line;
      } else if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
        i += 2;
        ++line;
      } else if (i + 1 < text.size()) {
        start_word();
        word += text[++i];
      }
    } else if (c == '\'' || (c == '$' && i + 1 < text.size() && text[i + 1] == '\'')) {
      start_word();
      const int open_line = line;
      std::size_t close = 0;
      if (c == '$') {
        close = read_ansi_c(text, i + 2, word);
      } else {
        close = text.find('\'', i + 1);
        if (close != std::string_view::npos) word += text.substr(i + 1, close - i - 1);
      }
      if (close == std::string_view::npos || close >= text.size())
        throw InputError({file, open_line, 0, ""}, "unterminated ' quote");
      for (std::size_t k = i; k < close; ++k) line += text[k] == '\n';
      i = close;
    } else if (c == '"') {
      start_word();
      const int open_line = line;
      std::size_t k = i + 1;
      for (; k < text.size() && text[k] != '"'; ++k) {
        if (text[k] == '\n') ++line;
        if (text[k] == '\\' && k + 1 < text.size() &&
            (text[k + 1] == '"' || text[k + 1] == '\\' || text[k + 1] == '$' ||
             text[k + 1] == '`' || text[k + 1] == '\n')) {
          if (text[k + 1] == '\n')
            ++line;
          else
            word += text[k + 1];
          ++k;
        } else {
          word += text[k];
        }
      }
      if (k >= text.size()) throw InputError({file, open_line, 0, ""}, "unterminated \" quote");
      i = k;
    } else {
      start_word();
      word += c;
    }
  }
  end_command();
  return commands;
}

// Options curl takes that change nothing in the request sent (output, TLS, timing, verbosity).
bool ignored_flag(std::string_view option) {
  static constexpr std::string_view kFlags[] = {"-s",
                                                "--silent",
                                                "-S",
                                                "--show-error",
                                                "-k",
                                                "--insecure",
                                                "-L",
                                                "--location",
                                                "-v",
                                                "--verbose",
                                                "-i",
                                                "--include",
                                                "-f",
                                                "--fail",
                                                "--http1.1",
                                                "--http2",
                                                "--http2-prior-knowledge",
                                                "-g",
                                                "--globoff",
                                                "-N",
                                                "--no-buffer",
                                                "--raw",
                                                "-#",
                                                "--progress-bar",
                                                "-Z",
                                                "--parallel",
                                                "--fail-with-body",
                                                "--path-as-is"};
  for (std::string_view flag : kFlags) {
    if (option == flag) return true;
  }
  return false;
}

bool ignored_with_argument(std::string_view option) {
  static constexpr std::string_view kOptions[] = {"-o",
                                                  "--output",
                                                  "-m",
                                                  "--max-time",
                                                  "--connect-timeout",
                                                  "-w",
                                                  "--write-out",
                                                  "--retry",
                                                  "-x",
                                                  "--proxy",
                                                  "--cacert",
                                                  "--cert",
                                                  "-E",
                                                  "--key",
                                                  "--resolve",
                                                  "--connect-to",
                                                  "-c",
                                                  "--cookie-jar",
                                                  "--retry-delay",
                                                  "--retry-max-time",
                                                  "-D",
                                                  "--dump-header",
                                                  "--limit-rate",
                                                  "--max-redirs",
                                                  "--interface"};
  for (std::string_view name : kOptions) {
    if (option == name) return true;
  }
  return false;
}

struct CurlRequest {
  std::string method;
  std::string url;
  std::vector<std::string> headers;
  std::vector<std::string> data;
  bool get = false;
  bool head = false;
  bool compressed = false;
  bool json = false;
  std::string cookie;
  std::string user;
  std::string user_agent;
  std::string referer;
};

CurlRequest read_options(const Command& command, const std::string& file) {
  CurlRequest curl;
  const auto& words = command.words;
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string option = words[i].text;
    const Location where{file, words[i].line, 0, ""};
    auto argument = [&]() -> std::string {
      if (i + 1 >= words.size())
        throw InputError({file, words[i].line, 0, option}, "needs a value");
      return words[++i].text;
    };
    // "-sSL": short flags without values written together.
    if (option.size() > 2 && option[0] == '-' && option[1] != '-' &&
        option.find_first_not_of("sSkLvifgNGI", 1) == std::string::npos) {
      for (char letter : option.substr(1)) {
        if (letter == 'G') curl.get = true;
        if (letter == 'I') curl.head = true;
      }
      continue;
    }
    // "-XPOST", "-HAccept: x": a short option with its value attached.
    if (option.size() > 2 && option[0] == '-' && option[1] != '-' &&
        std::string_view("XHdbAeu").find(option[1]) != std::string_view::npos) {
      const std::string value = option.substr(2);
      option = option.substr(0, 2);
      if (option == "-X")
        curl.method = value;
      else if (option == "-H")
        curl.headers.push_back(value);
      else if (option == "-d")
        curl.data.push_back(value);
      else if (option == "-b")
        curl.cookie = value;
      else if (option == "-A")
        curl.user_agent = value;
      else if (option == "-e")
        curl.referer = value;
      else
        curl.user = value;
      continue;
    }
    if (option == "-X" || option == "--request") {
      curl.method = argument();
    } else if (option == "-H" || option == "--header") {
      curl.headers.push_back(argument());
    } else if (option == "-d" || option == "--data" || option == "--data-raw" ||
               option == "--data-binary" || option == "--data-ascii") {
      std::string value = argument();
      if (option != "--data-raw" && value.starts_with('@'))
        throw InputError({file, words[i].line, 0, option},
                         "reads the body from a file (" + value + ")",
                         "paste the body itself, e.g. --data-raw '{...}'");
      curl.data.push_back(std::move(value));
    } else if (option == "--data-urlencode") {
      const std::string value = argument();
      const std::size_t eq = value.find('=');
      // "name=value": the value encoded; "value" alone: all of it (curl's own rules).
      const std::string encoded =
          eq == std::string::npos ? percent_encode(value)
                                  : value.substr(0, eq + 1) + percent_encode(value.substr(eq + 1));
      curl.data.push_back(encoded);
    } else if (option == "--json") {
      curl.data.push_back(argument());
      curl.json = true;
    } else if (option == "-b" || option == "--cookie") {
      curl.cookie = argument();
      if (curl.cookie.find('=') == std::string::npos)
        throw InputError({file, words[i].line, 0, option},
                         "names a cookie file (" + curl.cookie + ")",
                         "paste the cookies themselves: -b 'name=value; other=value'");
    } else if (option == "-A" || option == "--user-agent") {
      curl.user_agent = argument();
    } else if (option == "-e" || option == "--referer") {
      curl.referer = argument();
    } else if (option == "-u" || option == "--user") {
      curl.user = argument();
    } else if (option == "--url") {
      curl.url = argument();
    } else if (option == "-G" || option == "--get") {
      curl.get = true;
    } else if (option == "-I" || option == "--head") {
      curl.head = true;
    } else if (option == "--compressed") {
      curl.compressed = true;
    } else if (ignored_flag(option)) {
    } else if (ignored_with_argument(option)) {
      argument();
    } else if (option.starts_with('-') && option.size() > 1) {
      throw InputError(where, "unsupported curl option " + option,
                       "request options: -X, -H, -d/--data-raw/--data-binary, -b, -u, -A, -e, "
                       "--json, --url, -G, -I, --compressed");
    } else if (curl.url.empty()) {
      curl.url = option;
    } else {
      throw InputError(where, "a second URL (" + option + ")", "one request per curl command");
    }
  }
  return curl;
}

Request to_request(const CurlRequest& curl, const Command& command, const std::string& file) {
  const Location where{file, command.line, 0, ""};
  if (curl.url.empty()) throw InputError(where, "curl command without a URL");
  std::string url = curl.url;
  if (url.find("://") == std::string::npos) url = "http://" + url;  // curl's default scheme
  const std::optional<UrlParts> parts = split_url(url);
  if (!parts) throw InputError(where, "'" + curl.url + "' is not an http(s) URL");
  Request request;
  request.target = parts->target;
  request.headers.add("Host", parts->host);
  std::string body;
  for (const std::string& data : curl.data) {
    if (!body.empty()) body += '&';
    body += data;
  }
  if (curl.get && !body.empty()) {
    request.target += (request.target.find('?') == std::string::npos ? "?" : "&") + body;
    body.clear();
  }
  request.method = curl.head ? "HEAD" : (body.empty() && !curl.json ? "GET" : "POST");
  if (!curl.method.empty()) request.method = curl.method;
  for (const std::string& header : curl.headers) {
    const std::size_t colon = header.find(':');
    if (colon == std::string::npos) {
      // "Name;" sends an empty header; a bare "Name" is ignored by curl too.
      if (header.ends_with(';')) request.headers.add(header.substr(0, header.size() - 1), "");
      continue;
    }
    std::string name = header.substr(0, colon);
    std::string value = header.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    if (iequals(name, "Host")) {
      request.headers.set("Host", value);
    } else if (value.empty()) {
      request.headers.remove(name);  // "Name:" removes a header curl would send
    } else {
      add_recorded_header(request, name, value);
    }
  }
  if (!curl.cookie.empty() && !request.headers.contains("Cookie"))
    request.headers.add("Cookie", curl.cookie);
  if (!curl.user_agent.empty() && !request.headers.contains("User-Agent"))
    request.headers.add("User-Agent", curl.user_agent);
  if (!curl.referer.empty() && !request.headers.contains("Referer"))
    request.headers.add("Referer", curl.referer);
  if (!curl.user.empty() && !request.headers.contains("Authorization"))
    request.headers.add("Authorization", "Basic " + encode_base64(curl.user));
  if (curl.compressed && !request.headers.contains("Accept-Encoding"))
    request.headers.add("Accept-Encoding", "deflate, gzip, br, zstd");
  if (curl.json) {
    if (!request.headers.contains("Content-Type"))
      request.headers.add("Content-Type", "application/json");
    if (!request.headers.contains("Accept")) request.headers.add("Accept", "application/json");
  } else if (!body.empty() && !request.headers.contains("Content-Type")) {
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
  }
  request.body = std::move(body);
  return request;
}

}  // namespace

ImportResult import_curl(const std::filesystem::path& file) {
  const std::string name = file.string();
  const std::string text = read_file(file, 64u * 1024 * 1024);
  ImportCollector collector;
  const std::vector<Command> commands = split_commands(text, name);
  if (commands.empty()) throw InputError({name, 0, 0, ""}, "holds no curl command");
  for (const Command& command : commands) {
    if (command.words.front().text != "curl") {
      throw InputError({name, command.line, 0, ""},
                       "'" + command.words.front().text + "' is not a curl command",
                       "one curl command per line (continued with \\ at line ends)");
    }
    const CurlRequest curl = read_options(command, name);
    collector.add(to_request(curl, command, name), "", "",
                  name + ":" + std::to_string(command.line));
  }
  return collector.finish();
}

}  // namespace walletfuzz::importers::detail
