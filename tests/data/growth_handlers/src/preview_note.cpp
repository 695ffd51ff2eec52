// POST /notes/preview — the live preview pane of the team wiki: the note's Markdown subset
// (headings, bullet lists, paragraphs, **bold** and `code`) rendered to HTML, with a word count.

#include "api_support.hpp"

namespace backoffice {
namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// **bold** and `code` inside one line; an unclosed marker is left as typed.
std::string render_inline(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line.substr(i, 2) == "**") {
      std::size_t close = line.find("**", i + 2);
      if (close != std::string_view::npos) {
        out += "<strong>" + escape_html(line.substr(i + 2, close - i - 2)) + "</strong>";
        i = close + 2;
        continue;
      }
    } else if (line[i] == '`') {
      std::size_t close = line.find('`', i + 1);
      if (close != std::string_view::npos) {
        out += "<code>" + escape_html(line.substr(i + 1, close - i - 1)) + "</code>";
        i = close + 1;
        continue;
      }
    }
    std::size_t next = line.find_first_of("*`", i + 1);
    if (next == std::string_view::npos) next = line.size();
    out += escape_html(line.substr(i, next - i));
    i = next;
  }
  return out;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

Response preview_note(const Request& request, InvocationContext&) {
  std::string_view source = request.body;
  if (source.empty()) return json_error(400, "the body must hold the note's Markdown");

  std::string html;
  bool in_list = false;
  bool in_paragraph = false;
  while (!source.empty()) {
    std::size_t end = source.find('\n');
    std::string_view line = source.substr(0, end);
    source = end == std::string_view::npos ? std::string_view{} : source.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    const bool bullet = line.starts_with("- ") || line.starts_with("* ");
    if (in_list && !bullet) {
      html = html + "</ul>\n";
      in_list = false;
    }
    if (in_paragraph && (line.empty() || bullet || line.starts_with("#"))) {
      html = html + "</p>\n";
      in_paragraph = false;
    }
    if (line.empty()) continue;
    if (line.starts_with("## ")) {
      html = html + "<h3>" + render_inline(line.substr(3)) + "</h3>\n";
    } else if (line.starts_with("# ")) {
      html = html + "<h2>" + render_inline(line.substr(2)) + "</h2>\n";
    } else if (bullet) {
      if (!in_list) html = html + "<ul>\n";
      in_list = true;
      html = html + "<li>" + render_inline(line.substr(2)) + "</li>\n";
    } else {
      html = html + (in_paragraph ? " " : "<p>") + render_inline(line);
      in_paragraph = true;
    }
  }
  if (in_list) html = html + "</ul>\n";
  if (in_paragraph) html = html + "</p>\n";

  return json_response(200, boost::json::object{{"html", html},
                                                {"words", count_words(request.body)},
                                                {"characters", request.body.size()}});
}

}  // namespace

HandlerSpec preview_note_handler() {
  return HandlerSpec{
      .name = "preview-note",
      .method = "POST",
      .route = "/notes/preview",
      .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(3)},
      .baseline_requests = {request_text(
          "POST", "/notes/preview", "text/markdown; charset=utf-8",
          "# Incident review: export queue stalled\n"
          "\n"
          "On **Tuesday** the `csv-export` worker stopped picking up jobs for 40 minutes.\n"
          "Customers saw exports stuck in *pending*.\n"
          "\n"
          "## Actions\n"
          "- add an alarm on queue age > 10 min\n"
          "- retry `GetObject` with backoff\n"
          "- document the manual drain in the runbook\n")},
      .invoke = preview_note,
      .description = "render a wiki note's preview",
  };
}

}  // namespace backoffice
