// Issue #16, second round: shapes that generalise beyond the first held-out set. HTML framing by
// element roles (the innermost class, id or element that says what its text is), frames a debug
// page renders as HTML elements, Erlang's format_exception, outcome lists, recorded responses,
// MongoDB and Prisma errors, passwords in connection URLs and paths under deployment roots.
// Every input is written here from the formats' documentation; none is a held-out file.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "walletfuzz/detectors/input_scan.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

// The families of the leaks in a response with `body`, sorted, once each, space-separated.
std::string families(std::string body, int status = 200) {
  walletfuzz::Response r;
  r.status = status;
  r.body = std::move(body);
  std::set<std::string> found;
  for (const auto& f : detector().scan_response(r)) {
    if (wd::is_leak(f)) found.insert(f.family);
  }
  std::string out;
  for (const auto& family : found) out += family + " ";
  return out;
}

std::string page(const std::string& main) {
  return "<!DOCTYPE html><html><head><title>Acme</title></head><body><header class=\"site\">"
         "<a href=\"/\">Acme</a></header><main id=\"content\">" +
         main + "</main><footer>(c) Acme</footer></body></html>";
}

}  // namespace

TEST(structure_test, html_elements_that_name_documents_quote_what_they_hold) {
  // Search hits and a docs article quoting database errors.
  EXPECT_EQ(
      families(page("<h1>Results</h1><ol class=\"results\"><li class=\"result\"><a href=\"/kb/1\">"
                    "SQL syntax errors</a><p class=\"snippet\">Seeing You have an error in your "
                    "SQL syntax? Check the quoting.</p></li></ol>")),
      "");
  EXPECT_EQ(families(page("<article class=\"docs\"><h1>ORA-01017</h1><p>invalid username/password"
                          "</p><h2>Cause</h2><p>ORA-01017: invalid username/password; logon denied "
                          "is raised when ...</p></article>")),
            "");
  // A log viewer's error row is a record of the log the user opened.
  EXPECT_EQ(
      families(page("<table class=\"entries\"><tr class=\"level-error\"><td>12:00</td><td><pre>"
                    "java.lang.IllegalStateException: closed\n"
                    "\tat com.acme.Queue.take(Queue.java:12)\n"
                    "\tat com.acme.Worker.run(Worker.java:30)\n</pre></td></tr></table>")),
      "");
  // The page's own error box inside a section of search results is still the page's error.
  EXPECT_EQ(
      families(page("<section class=\"search-results\"><div class=\"alert error\">SQLSTATE[42S02]: "
                    "Base table or view not found: 1146 Table 'shop.items' doesn't exist"
                    "</div></section>")),
      "database_error ");
}

TEST(structure_test, a_match_that_starts_with_markup_is_framed_by_it) {
  // Ruby's documentation shows backtrace lines in <pre><code> right after a paragraph.
  EXPECT_EQ(families(page("<p>For example:</p><pre><code>demo.rb:4:in `inner'\ndemo.rb:8:in "
                          "`outer'\n</code></pre>")),
            "");
}

TEST(structure_test, a_debug_page_quoted_in_a_post_is_content_but_its_own_title_is_not) {
  std::string quoted = page(
      "<div class=\"question\"><p>Django says:</p><pre><code>Page not found (404)\nUsing the "
      "URLconf defined in shop.urls, Django tried these URL patterns, in this order:\n"
      "You're seeing this error because you have DEBUG = True in your settings file."
      "</code></pre></div>");
  EXPECT_EQ(families(quoted), "");
  EXPECT_EQ(families("<html><head><title>Werkzeug Debugger</title></head><body><h1>KeyError</h1>"
                     "<p>The debugger caught an exception in your WSGI application.</p></body>"
                     "</html>"),
            "debug_page ");
}

TEST(structure_test, frames_rendered_as_html_elements) {
  // Werkzeug's frame: File <cite class="filename">"path"</cite>, line <em class="line">N</em>.
  std::string werkzeug;
  for (int i = 0; i < 2; ++i) {
    werkzeug += "<div class=\"frame\"><h4>File <cite class=\"filename\">\"/srv/shop/views" +
                std::to_string(i) + ".py\"</cite>, line <em class=\"line\">" +
                std::to_string(10 + i) +
                "</em>, in <code class=\"function\">view</code></h4></div>";
  }
  EXPECT_EQ(families("<html><body><div class=\"traceback\">" + werkzeug + "</div></body></html>"),
            "internal_path stack_trace ");
  // Django's: <code class="fname">path</code>, line N, in name.
  EXPECT_EQ(
      families("<html><body><ul class=\"traceback\"><li class=\"frame\"><code class=\"fname\">"
               "lib/orders/views.py</code>, line 31, in list</li><li class=\"frame\"><code "
               "class=\"fname\">lib/orders/models.py</code>, line 77, in load</li></ul></body>"
               "</html>"),
      "stack_trace ");
  // A file browser lists file names in such elements, without line numbers.
  EXPECT_EQ(families(page("<ul><li><span class=\"filename\">src/app.py</span> 2 KB</li><li><span "
                          "class=\"filename\">src/db.py</span> 4 KB</li></ul>")),
            "");
}

TEST(structure_test, erlang_format_exception) {
  EXPECT_EQ(families("exception error: no match of right hand side value {error,closed}\n"
                     "  in function  billing_h:charge/2 (src/billing_h.erl, line 40)\n"
                     "  in call from cowboy_handler:execute/2 (src/cowboy_handler.erl, line 37)\n",
                     500),
            "stack_trace ");
}

TEST(structure_test, outcome_lists_and_recorded_responses) {
  std::string frames =
      R"j("stackTrace":[{"path":"github.com/acme/etl/main.go","line":21,)j"
      R"j("label":"handle"},{"path":"runtime/panic.go","line":770,"label":"gopanic"}])j";
  // A batch item's own failure: the error field is nearer than the list.
  EXPECT_EQ(families(R"j({"items":[{"id":1,"status":"ok"},{"id":2,"status":"failed","error":{)j"
                     R"j("errorType":"boundsError","errorMessage":"index out of range",)j" +
                     frames + "}}]}"),
            "stack_trace ");
  // A search API's results quoting the same frames in a snippet are content.
  EXPECT_EQ(families(R"j({"results":[{"snippet":"panic: index out of range\n\ngoroutine 1 )j"
                     R"j([running]:\nmain.handle()\n\t/src/main.go:21 +0x1d"}]})j"),
            "");
  // A webhook log keeps the partner's recorded response: a body beside a 5xx status.
  EXPECT_EQ(families(R"j({"lastDelivery":{"response":{"status":502,"body":"TypeError: x is )j"
                     R"j(undefined\n    at handle (/usr/src/app/hook.js:3:9)\n    at run )j"
                     R"j((/usr/src/app/hook.js:9:1)"}}})j"),
            "internal_path stack_trace ");
}

TEST(structure_test, mongodb_and_prisma_errors) {
  EXPECT_EQ(families(R"j({"error":"E11000 duplicate key error collection: app.accounts index: )j"
                     R"j(login_1 dup key: { login: \"x\" }","code":11000})j",
                     409),
            "database_error ");
  EXPECT_EQ(families(R"j({"name":"MongoNetworkError","message":"connection refused"})j", 503),
            "database_error ");
  EXPECT_EQ(families(R"j({"error":"PrismaClientInitializationError","message":"Can't reach )j"
                     R"j(database server at `db.internal:5432`"})j",
                     500),
            "database_error ");
}

TEST(structure_test, passwords_in_connection_urls_are_found_and_redacted) {
  const std::string password = "q8Zr!w2Lm0vT";
  wd::InputScan scanned =
      wd::scan_bytes(detector(), "health.json",
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
                     R"j({"db":{"url":"postgresql+psycopg2://billing:)j" +
                         password + R"j(@billing-db.internal:5432/billing"}})j");
  ASSERT_EQ(scanned.findings.size(), 1u);
  EXPECT_EQ(scanned.findings[0].rule_id, "secret.connection-string");
  std::string outputs = wd::format_text(scanned) + boost::json::serialize(wd::to_json(scanned));
  EXPECT_EQ(outputs.find(password), std::string::npos) << outputs;
  // Documentation's placeholders and a URL without a password are not secrets.
  EXPECT_EQ(families(R"j({"example":"postgres://user:password@localhost:5432/db"})j"), "");
  EXPECT_EQ(families(R"j({"redis":"redis://cache.internal:6379/0"})j"), "");
  // Azure's connection string: the account key by its name, up to the next ';'.
  EXPECT_EQ(families("{\"conn\":\"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey="
                     "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJD"
                     "REVGR0hJSktMTU5PUA==;EndpointSuffix=core.windows.net\"}"),
            "secret ");
}

TEST(structure_test, paths_under_deployment_roots) {
  EXPECT_EQ(families("java.io.FileNotFoundException: /opt/billing/conf/app-prod.properties (No "
                     "such file or directory)\n",
                     500),
            "internal_path ");
  EXPECT_EQ(families(R"j({"detail":"No such file: '/mnt/shared/reports/q3.xlsx'"})j", 500),
            "internal_path ");
  // A URL's path is not a file system path.
  EXPECT_EQ(families(R"j({"next":"https://cdn.example.com/app/static/main.js"})j"), "");
}
