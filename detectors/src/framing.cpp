#include "framing.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "text_window.hpp"

namespace walletfuzz::detectors::detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr int kMaxJsonLevels = 8;

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// A key as compared: lower case without '_' and '-' ("stack_trace", "stackTrace" -> stacktrace).
std::string fold_key(std::string_view key) {
  std::string out;
  for (char c : key.substr(0, 64)) {
    if (c != '_' && c != '-') out.push_back(lower(c));
  }
  return out;
}

// Fields that hold an error: the response describes its own failure there.
bool is_error_key(const std::string& key) {
  static constexpr std::string_view kParts[] = {"error", "exception", "trace", "stack", "debug",
                                                "fault", "panic",     "crash", "cause", "detail"};
  return std::any_of(std::begin(kParts), std::end(kParts),
                     [&](std::string_view part) { return key.find(part) != std::string::npos; });
}

// Fields that hold documents, posts, search hits or log records: text there is content.
bool is_content_key(const std::string& key) {
  static constexpr std::string_view kKeys[] = {
      "snippet",   "snippets",    "excerpt",    "highlight",    "highlights",    "body",
      "bodyhtml",  "bodytext",    "bodymd",     "bodymarkdown", "content",       "contents",
      "text",      "html",        "markdown",   "md",           "description",   "summary",
      "abstract",  "question",    "answer",     "answers",      "comment",       "comments",
      "post",      "posts",       "reply",      "replies",      "review",        "reviews",
      "quote",     "example",     "examples",   "sample",       "samples",       "article",
      "articles",  "changelog",   "changes",    "releasenotes", "notes",         "readme",
      "title",     "caption",     "transcript", "log",          "logs",          "logevents",
      "loglines",  "lines",       "entries",    "events",       "records",       "hits",
      "matches",   "documents",   "messages",   "issues",       "docs",          "faq",
      "faqs",      "kb",          "solution",   "solutions",    "tickets",       "ticket",
      "cells",     "outputs",     "output",     "artifacts",    "crashes",       "reports",
      "incidents", "attachments", "threads",    "discussions",  "knowledgebase", "commit",
      "commits"};
  return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

// Lists of the outcomes of what the server just did (a batch's items, a pipeline's jobs and
// steps): a record there is content, such as a search API's results, unless an error field
// nearer the match says it is the outcome's own failure (items[33].error.stackTrace).
bool is_outcome_key(const std::string& key) {
  static constexpr std::string_view kKeys[] = {"items", "results", "jobs", "steps", "builds"};
  return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

bool escaped(std::string_view text, std::size_t i) noexcept {
  std::size_t slashes = 0;
  while (i > slashes && text[i - 1 - slashes] == '\\') ++slashes;
  return slashes % 2 == 1;
}

// The last unescaped '"' in [lo, from), or npos.
std::size_t prev_quote(std::string_view text, std::size_t from, std::size_t lo) noexcept {
  while (from > lo) {
    --from;
    if (text[from] == '"' && !escaped(text, from)) return from;
  }
  return npos;
}

std::size_t prev_nonspace(std::string_view text, std::size_t from, std::size_t lo) noexcept {
  while (from > lo) {
    --from;
    if (!is_space(text[from])) return from;
  }
  return npos;
}

std::size_t next_nonspace(std::string_view text, std::size_t from) noexcept {
  while (from < text.size() && is_space(text[from])) ++from;
  return from < text.size() ? from : npos;
}

// The key naming the value that starts at `value`, when the value is an object member.
std::optional<std::string_view> member_key(std::string_view text, std::size_t value,
                                           std::size_t lo) {
  std::size_t colon = prev_nonspace(text, value, lo);
  if (colon == npos || text[colon] != ':') return std::nullopt;
  std::size_t close = prev_nonspace(text, colon, lo);
  if (close == npos || text[close] != '"') return std::nullopt;
  std::size_t open = prev_quote(text, close, lo);
  if (open == npos || close - open > 80) return std::nullopt;
  return text.substr(open + 1, close - open - 1);
}

// The '{' or '[' that opens the container holding position `from` (outside strings), or npos.
std::size_t enclosing_opener(std::string_view text, std::size_t from, std::size_t lo) {
  int depth = 0;
  while (from > lo) {
    --from;
    char c = text[from];
    if (c == '"' && !escaped(text, from)) {
      from = prev_quote(text, from, lo);
      if (from == npos) return npos;
    } else if (c == '}' || c == ']') {
      ++depth;
    } else if (c == '{' || c == '[') {
      if (depth == 0) return from;
      --depth;
    }
  }
  return npos;
}

// A Lambda proxy result ({"statusCode": 500, "body": "..."}) or a recorded HTTP response
// ({"status": 500, "body": "..."}) frames its body as a server's own response, not a document.
bool near_status_code(std::string_view text, std::size_t key_at) {
  std::size_t from = key_at > 256 ? key_at - 256 : 0;
  std::string_view around = text.substr(from, 512);
  for (std::string_view key :
       {std::string_view("\"statusCode\""), std::string_view("\"status_code\""),
        std::string_view("\"status\"")}) {
    for (std::size_t at = around.find(key); at != npos; at = around.find(key, at + 1)) {
      std::size_t colon = next_nonspace(around, at + key.size());
      if (colon == npos || around[colon] != ':') continue;
      std::size_t value = next_nonspace(around, colon + 1);
      if (value != npos && around[value] >= '1' && around[value] <= '5') return true;
    }
  }
  return false;
}

Framing json_framing(std::string_view text, std::size_t at, std::size_t lo, int depth);

// The framing from the keys of the containers around `value` (the start of the innermost JSON
// value holding the match; `own_key` is the key the match itself starts with, if any). A content
// key anywhere on the way out wins: a crash reporter's stored event keeps its "stacktrace", but
// it sits in "events" the user asked for. Otherwise the innermost error key says it is the
// response's own error.
std::optional<Framing> classify_keys(std::string_view text, std::size_t value, std::size_t lo,
                                     std::optional<std::string_view> own_key = std::nullopt) {
  std::optional<std::string> error_where;
  auto consider = [&](std::string_view key, std::size_t at) -> std::optional<Framing> {
    std::string folded = fold_key(key);
    std::string where = "JSON field \"" + std::string(key.substr(0, 40)) + "\"";
    if (is_content_key(folded) && !(folded == "body" && near_status_code(text, at))) {
      return Framing{true, where + " (content, not an error)"};
    }
    if (is_outcome_key(folded) && !error_where) {
      return Framing{true, where + " (content: no error field nearer the match)"};
    }
    if (!error_where && is_error_key(folded)) error_where = where + " (an error field)";
    return std::nullopt;
  };
  if (own_key) {
    if (auto framing = consider(*own_key, value)) return framing;
  }
  for (int level = 0; level < kMaxJsonLevels && value != npos; ++level) {
    if (auto key = member_key(text, value, lo)) {
      if (auto framing = consider(*key, value)) return framing;
    }
    value = enclosing_opener(text, value, lo);
  }
  if (error_where) return Framing{false, *error_where};
  return std::nullopt;
}

// Inside a JSON string that itself holds JSON ("{\"errorType\": ...}"), the inner keys decide.
std::optional<Framing> embedded_json(std::string_view text, std::size_t open, std::size_t at,
                                     int depth) {
  std::size_t first = next_nonspace(text, open + 1);
  if (depth > 0 || first == npos || first >= at || (text[first] != '{' && text[first] != '[')) {
    return std::nullopt;
  }
  UnescapedText inner = unescape(text.substr(open + 1, at - open - 1));
  Framing framing = json_framing(inner.text, inner.text.size(), 0, depth + 1);
  if (framing.where.empty()) return std::nullopt;
  framing.where = "JSON inside a JSON string, " + framing.where;
  return framing;
}

// Markdown fences opened and not closed in text[from, at): an odd count of ``` or ~~~.
bool inside_fence(std::string_view text, std::size_t from, std::size_t at) {
  std::string_view span = text.substr(from, at - from);
  for (std::string_view fence : {std::string_view("```"), std::string_view("~~~")}) {
    std::size_t count = 0;
    for (std::size_t i = span.find(fence); i != npos; i = span.find(fence, i + fence.size()))
      ++count;
    if (count % 2 == 1) return true;
  }
  return false;
}

// The key that starts at text[at] ("stackTrace" in `"stackTrace": [...]`), if one does.
std::optional<std::string_view> key_at(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] != '"') return std::nullopt;
  std::size_t close = text.find('"', at + 1);
  if (close == npos || close - at > 80) return std::nullopt;
  std::size_t colon = next_nonspace(text, close + 1);
  if (colon == npos || text[colon] != ':') return std::nullopt;
  return text.substr(at + 1, close - at - 1);
}

Framing json_framing(std::string_view text, std::size_t at, std::size_t lo, int depth) {
  if (auto key = key_at(text, at)) {
    if (auto framing = classify_keys(text, at, lo, key)) return *framing;
    return {};
  }
  std::size_t quote = prev_quote(text, at, lo);
  if (quote == npos) return {};
  std::size_t before = prev_nonspace(text, quote, lo);
  std::size_t after = next_nonspace(text, quote + 1);
  bool opens = before != npos && std::string_view(":[,{").find(text[before]) != npos &&
               !(after != npos && after < at && std::string_view(":,]}").find(text[after]) != npos);
  if (!opens) {
    if (auto framing = classify_keys(text, at, lo)) return *framing;
    return {};
  }
  if (inside_fence(text, quote + 1, at)) {
    return {true, "Markdown code fence in a JSON string (quoted content)"};
  }
  auto outer = classify_keys(text, quote, lo);
  if (outer && outer->quoted) return *outer;
  if (auto inner = embedded_json(text, quote, at, depth)) return *inner;
  if (outer) return *outer;
  return {};
}

// HTML elements that quote text (inline code, block quotes, sample output) and <pre> blocks a
// syntax highlighter styles. An error page prints its trace in a bare <pre> or <div>.
bool highlighted_pre(std::string_view attributes) {
  static constexpr std::string_view kMarks[] = {"language-",   "lang-",     "highlight",
                                                "hljs",        "brush:",    "sourcecode",
                                                "prettyprint", "codehilite"};
  return std::any_of(std::begin(kMarks), std::end(kMarks),
                     [&](std::string_view m) { return attributes.find(m) != npos; });
}

// What an open HTML element says about the text inside it.
enum class ElementRole : unsigned char {
  none,     // layout (div, main, p, td ... with no telling class or id)
  quoting,  // <code>, <blockquote>, <samp>, <kbd>, <q>, a highlighted <pre>: quoted anywhere out
  content,  // a class or id naming a document unit (post, answer, snippet, result, log ...)
  label,    // <title>, <h1>-<h6>: the name of the page or section, which says what it is about
  error,    // a class or id naming an error (error, exception, traceback ...)
};

struct OpenElement {
  std::string name;
  ElementRole role;
  std::string where;
};

// Class and id words that name a document unit, as a site marks up posts, answers, search hits,
// docs and log viewers. Layout words every page uses, error pages included ("content", "main",
// "body", "text", "wrapper"), are not among them: they frame nothing.
bool is_content_word(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "snippet",   "snippets", "excerpt",   "post",          "posts",       "answer",
      "answers",   "question", "comment",   "comments",      "reply",       "replies",
      "review",    "reviews",  "quote",     "example",       "examples",    "article",
      "changelog", "release",  "releases",  "docs",          "doc",         "faq",
      "kb",        "result",   "results",   "hit",           "hits",        "search",
      "log",       "logs",     "logviewer", "transcript",    "ticket",      "tickets",
      "issue",     "issues",   "prose",     "markdown",      "discussion",  "thread",
      "topic",     "wiki",     "notebook",  "documentation", "description", "summary"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// The value of attribute `name` in a start tag's attribute text (lower case), or "".
std::string_view attribute(std::string_view attributes, std::string_view name) {
  for (std::size_t at = attributes.find(name); at != npos; at = attributes.find(name, at + 1)) {
    bool starts = at == 0 || is_space(attributes[at - 1]);
    std::size_t eq = at + name.size();
    if (!starts || eq >= attributes.size() || attributes[eq] != '=') continue;
    std::size_t v = eq + 1;
    if (v < attributes.size() && (attributes[v] == '"' || attributes[v] == '\'')) {
      std::size_t close = attributes.find(attributes[v], v + 1);
      return attributes.substr(v + 1, (close == npos ? attributes.size() : close) - v - 1);
    }
    std::size_t stop = v;
    while (stop < attributes.size() && !is_space(attributes[stop]) && attributes[stop] != '>') {
      ++stop;
    }
    return attributes.substr(v, stop - v);
  }
  return {};
}

// The role an element's class and id give it: an error word anywhere in them wins over a content
// word (class="post error" is the page's own error), as in JSON keys, unless a level word says
// the element is a log record of that level (class="lvl-error", "log-level-error").
ElementRole role_from_names(std::string_view attributes, std::string& where) {
  ElementRole role = ElementRole::none;
  for (std::string_view name : {std::string_view("class"), std::string_view("id")}) {
    std::string_view value = attribute(attributes, name);
    for (std::string_view level : {"lvl", "level", "severity", "loglevel"}) {
      std::size_t at = value.find(level);
      bool word_start =
          at != npos && (at == 0 || !std::isalnum(static_cast<unsigned char>(value[at - 1])));
      if (word_start) {
        where = std::string(name) + "=\"" + std::string(value.substr(0, 60)) + "\" (a log record)";
        return ElementRole::content;
      }
    }
  }
  for (std::string_view name : {std::string_view("class"), std::string_view("id")}) {
    std::string_view value = attribute(attributes, name);
    std::size_t i = 0;
    while (i < value.size()) {
      std::size_t j = i;
      while (j < value.size() &&
             ((value[j] >= 'a' && value[j] <= 'z') || (value[j] >= '0' && value[j] <= '9'))) {
        ++j;
      }
      std::string_view word = value.substr(i, j - i);
      if (!word.empty()) {
        if (is_error_key(std::string(word))) {
          where = std::string(name) + "=\"" + std::string(value.substr(0, 60)) + "\"";
          return ElementRole::error;
        }
        if (role == ElementRole::none && is_content_word(word)) {
          role = ElementRole::content;
          where = std::string(name) + "=\"" + std::string(value.substr(0, 60)) + "\"";
        }
      }
      i = j + 1;
    }
  }
  return role;
}

bool is_void_element(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"br",    "img",    "input", "meta", "link",
                                               "hr",    "wbr",    "col",   "area", "base",
                                               "embed", "source", "track", "param"};
  return std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid);
}

// Elements a new sibling closes without an end tag (<p>, <li>, <td> ... in real pages).
bool closes_itself(std::string_view name) {
  static constexpr std::string_view kNames[] = {"p", "li", "td", "th", "tr", "dt", "dd", "option"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

ElementRole role_of(std::string_view name, std::string_view attributes, std::string& where) {
  static constexpr std::string_view kQuoting[] = {"code", "blockquote", "samp", "kbd", "q"};
  if (std::find(std::begin(kQuoting), std::end(kQuoting), name) != std::end(kQuoting) ||
      (name == "pre" && highlighted_pre(attributes))) {
    where = "HTML <" + std::string(name) + ">" +
            (name == "pre" ? " styled by a syntax highlighter" : "");
    return ElementRole::quoting;
  }
  ElementRole role = role_from_names(attributes, where);
  if (role != ElementRole::none) {
    where = "HTML <" + std::string(name) + " " + where + ">";
    return role;
  }
  if (name == "article") {
    where = "HTML <article>";
    return ElementRole::content;
  }
  if (name == "title") {
    where = "HTML <" + std::string(name) + ">";
    return ElementRole::label;
  }
  return ElementRole::none;
}

// The elements open at `at` (those opened after `lo`), outermost first. Bounded: tags are read
// in [lo, at) only, at most kMaxOpen are kept, attributes are read up to 1 KB.
std::vector<OpenElement> open_elements(std::string_view text, std::size_t at, std::size_t lo) {
  constexpr std::size_t kMaxOpen = 256;
  std::vector<OpenElement> open;
  for (std::size_t i = text.find('<', lo); i != npos && i < at; i = text.find('<', i + 1)) {
    bool closing = i + 1 < text.size() && text[i + 1] == '/';
    std::size_t name_begin = i + 1 + (closing ? 1 : 0);
    std::size_t name_end = name_begin;
    while (name_end < at && name_end - name_begin < 12 &&
           ((text[name_end] >= 'a' && text[name_end] <= 'z') ||
            (text[name_end] >= 'A' && text[name_end] <= 'Z') ||
            (name_end > name_begin && text[name_end] >= '1' && text[name_end] <= '6'))) {
      ++name_end;
    }
    std::string name;
    for (std::size_t k = name_begin; k < name_end; ++k) name.push_back(lower(text[k]));
    if (name.empty() || is_void_element(name)) continue;
    if (closing) {
      for (std::size_t k = open.size(); k > 0; --k) {
        if (open[k - 1].name == name) {
          open.resize(k - 1);
          break;
        }
      }
      continue;
    }
    std::size_t tag_end = text.find('>', name_end);
    if (tag_end == npos || tag_end > at) tag_end = at;
    std::string attributes;
    for (char c : text.substr(name_end, std::min<std::size_t>(tag_end - name_end, 1024))) {
      attributes.push_back(lower(c));
    }
    if (!attributes.empty() && attributes.back() == '/') continue;  // <x/>
    if (closes_itself(name) && !open.empty() && open.back().name == name) open.pop_back();
    if (open.size() >= kMaxOpen) continue;
    std::string where;
    ElementRole role = role_of(name, attributes, where);
    open.push_back({std::move(name), role, std::move(where)});
  }
  return open;
}

// The rule for HTML: a quoting element anywhere on the way out quotes; otherwise the innermost
// element with a telling role decides (a content class or <article>: quoted; a <title>:
// quoted, as a label; an error class: the page's own error). Innermost, unlike JSON keys: a
// page's own error box often sits inside a section that names documents (a search page whose
// search failed), while a log viewer marks its error rows as records by their level.
std::optional<Framing> html_framing(std::string_view text, std::size_t at, std::size_t lo) {
  std::vector<OpenElement> open = open_elements(text, at, lo);
  for (const auto& element : open) {
    if (element.role == ElementRole::quoting) {
      return Framing{true, element.where + " (quoted)"};
    }
  }
  for (std::size_t k = open.size(); k > 0; --k) {
    const OpenElement& element = open[k - 1];
    switch (element.role) {
      case ElementRole::content:
        return Framing{true, element.where + " (content, not an error)"};
      case ElementRole::label:
        return Framing{true, element.where + " (the title naming the page)", true};
      case ElementRole::error:
        return Framing{false, element.where + " (an error element)"};
      default:
        break;
    }
  }
  return std::nullopt;
}

// A line quoted Markdown/e-mail style ("> ..."), or a log record ("2026-11-28T10:00:00Z ...").
std::optional<Framing> line_framing(std::string_view text, std::size_t at, std::size_t lo) {
  std::size_t start = at;
  while (start > lo && text[start - 1] != '\n' && at - start < 512) {
    if (start >= 2 && text[start - 2] == '\\' && text[start - 1] == 'n') break;
    --start;
  }
  std::string_view line =
      text.substr(start, at - start + std::min<std::size_t>(32, text.size() - at));
  if (!line.empty() && line[0] == '>') return Framing{true, "a quoted line (\"> \")"};
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (line.size() >= 10 && digit(line[0]) && digit(line[1]) && digit(line[2]) && digit(line[3]) &&
      line[4] == '-' && digit(line[5]) && digit(line[6]) && line[7] == '-' && at > start) {
    return Framing{true, "a timestamped log record (log content)"};
  }
  return std::nullopt;
}

}  // namespace

Framing find_framing(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  std::size_t lo = at > kFramingLookBehind ? at - kFramingLookBehind : 0;
  // JSON containers are only looked for in a JSON document: the quotes and braces of an HTML
  // page's attributes and scripts would read as keys.
  std::size_t first = next_nonspace(text, 0);
  if (first != npos && (text[first] == '{' || text[first] == '[')) {
    Framing json = json_framing(text, at, lo, 0);
    if (!json.where.empty()) return json;
  }
  if (auto html = html_framing(text, at, lo)) return *html;
  if (inside_fence(text, lo, at)) return {true, "Markdown code fence (quoted content)"};
  if (auto line = line_framing(text, at, lo)) return *line;
  return {false, "bare text or an unnamed container"};
}

}  // namespace walletfuzz::detectors::detail
