// Issue #16: the serverless error shapes (Lambda runtime errors of every runtime, frames in JSON
// at any depth, Apollo, native and Elixir traces) are found, and the same text framed as content
// (a quoted trace in a Q&A page, an issue body, a search snippet, a log viewer, a crash
// reporter's stored event) is not. Each near miss sits next to the leak it resembles.
#include <gtest/gtest.h>

#include <string>

#include "walletfuzz/detectors/leak_detector.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

// The families of the leaks found, space-separated, in finding order (internal paths left out).
std::string families(const std::vector<wd::LeakFinding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    if (wd::is_leak(f) && f.family != "internal_path") out += f.family + " ";
  }
  return out;
}

// The rules that found something, space-separated; internal paths (reported too where a trace
// shows them) are left out, since these tests are about the traces.
std::string text_rules(std::string_view text) {
  std::string out;
  for (const auto& f : detector().scan_text(text)) {
    if (f.family != "internal_path") out += f.rule_id + " ";
  }
  return out;
}

walletfuzz::Response response(int status, std::string body) {
  walletfuzz::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST(framing_test, lambda_runtime_errors_of_each_runtime) {
  // Go: lambdaPanicResponse frames are objects.
  EXPECT_EQ(
      text_rules(R"j({"errorMessage":"runtime error: index out of range [3] with length 3",)j"
                 R"j("errorType":"boundsError","stackTrace":[{"path":"github.com/aws/)j"
                 R"j(aws-lambda-go@v1.41.0/lambda/errors.go","line":39,"label":)j"
                 R"j("lambdaPanicResponse"},{"path":"main.go","line":21,"label":"handle"}]})j"),
      "stack-trace.lambda-error-json ");
  // Java frames have no "at"; Ruby frames sit in a JSON array, not on lines.
  EXPECT_EQ(
      text_rules(R"j({"errorMessage":"/ by zero","errorType":"java.lang.ArithmeticException",)j"
                 R"j("stackTrace":["example.Handler.handleRequest(Handler.java:23)"]})j"),
      "stack-trace.lambda-error-json ");
  EXPECT_NE(
      text_rules(R"j({"errorMessage":"boom","errorType":"Function<TypeError>","stackTrace":)j"
                 R"j(["/var/task/function.rb:3:in `first'","/var/task/function.rb:3:in `h'"]})j")
          .find("stack-trace.lambda-error-json"),
      std::string::npos);
  // .NET and Python frames as array strings.
  EXPECT_EQ(text_rules(R"j({"errorType":"NullReferenceException","errorMessage":"x","stackTrace":)j"
                       R"j(["at Orders.Function.Handler(APIGatewayProxyRequest request) in )j"
                       R"j(/src/Function.cs:line 31"]})j"),
            "stack-trace.lambda-error-json ");
  EXPECT_EQ(text_rules(R"j({"errorMessage":"division by zero","errorType":"ZeroDivisionError",)j"
                       R"j("stackTrace":["  File \"/var/task/app.py\", line 4, in handler\n"]})j"),
            "stack-trace.lambda-error-json ");
  // The runtime's own failures carry no frames.
  EXPECT_EQ(text_rules(R"j({"errorType":"Runtime.ExitError","errorMessage":"RequestId: 1 Error: )j"
                       R"j(Runtime exited with error: signal: killed"})j"),
            "stack-trace.lambda-runtime-error ");
  // A handled error the application shaped itself is not a runtime error.
  EXPECT_EQ(
      text_rules(R"j({"errorType":"ValidationError","errorMessage":"quantity must be > 0"})j"), "");
}

TEST(framing_test, frames_deep_inside_a_large_healthy_body) {
  std::string body = R"j({"items":[)j";
  for (int i = 0; i < 3000; ++i) {
    body += R"j({"id":)j" + std::to_string(i) + R"j(,"name":"Desk lamp","price":1999},)j";
  }
  body += R"j({"id":-1}],"meta":{"debug":{"stack":"Error: connect ECONNREFUSED 10.0.3.7:5432\n)j"
          R"j(    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n)j"
          R"j(    at Pool.connect (/var/task/node_modules/pg-pool/index.js:45:11)"}}})j";
  ASSERT_GT(body.size(), 100000u);
  // Found (by the Node rule and by json-frames, the string sitting under "stack"), and only that.
  std::string found = families(detector().scan_response(response(200, body)));
  EXPECT_NE(found.find("stack_trace "), std::string::npos);
  EXPECT_EQ(found.find_first_not_of("stack_trace "), std::string::npos) << found;
}

TEST(framing_test, apollo_stacktrace_and_frames_as_objects) {
  EXPECT_EQ(text_rules(R"j({"errors":[{"message":"boom","extensions":{"code":)j"
                       R"j("INTERNAL_SERVER_ERROR","exception":{"stacktrace":["TypeError: boom",)j"
                       R"j("    at Query.user (/var/task/src/resolvers.js:14:29)"]}}}]})j"),
            "stack-trace.json-frames ");
  EXPECT_EQ(text_rules(R"j({"message":"Server Error","trace":[{"file":"/srv/app/Http/Kernel.php",)j"
                       R"j("line":128,"function":"handle"}]})j"),
            "stack-trace.json-frames ");
  // A list of places that are not frames: GraphQL locations, an address book.
  EXPECT_EQ(text_rules(R"j({"errors":[{"message":"Cannot query field","locations":)j"
                       R"j([{"line":1,"column":2}]}]})j"),
            "");
  EXPECT_EQ(text_rules(R"j({"trace":["2026-11-28T10:52:00Z","2026-11-28T10:53:00Z"]})j"), "");
}

TEST(framing_test, native_elixir_zope_and_rust_traces) {
  EXPECT_EQ(text_rules("Stack trace (most recent call last):\n"
                       "#1    Source \"src/main.cpp\", line 42, in main [0x55d1]\n"
                       "#0    Source \"src/parse.cpp\", line 7, in parse [0x55a0]\n"),
            "stack-trace.backward-cpp ");
  EXPECT_EQ(text_rules("** (ArithmeticError) bad argument in arithmetic expression\n"
                       "    (my_app 0.1.0) lib/my_app/math.ex:12: MyApp.Math.div/2\n"
                       "    (elixir 1.15.7) lib/enum.ex:1693: Enum.map/2\n"),
            "stack-trace.elixir ");
  EXPECT_EQ(text_rules("{badarith,[{erlang,'/',[1,0],[]},{shop_cart,total,1,[{file,"
                       "\"src/shop_cart.erl\"},{line,27}]}]}"),
            "stack-trace.elixir ");
  EXPECT_EQ(text_rules("Traceback (innermost last):\n  Module ZPublisher.Publish, line 138, in "
                       "publish\nAttributeError: index_html\n"),
            "stack-trace.python ");
  EXPECT_EQ(text_rules("stack backtrace:\n   0: rust_begin_unwind\n             at "
                       "/rustc/abc/library/std/src/panicking.rs:645:5\n"),
            "stack-trace.rust ");
  // Prose naming the same things is not a trace.
  EXPECT_EQ(text_rules("Elixir prints a stack trace with the app version, for example in "
                       "lib/enum.ex, and Zope says innermost last."),
            "");
}

TEST(framing_test, quoted_traces_are_content) {
  // A Q&A page quoting a trace in a highlighted <pre><code>, beside the same trace on a bare
  // error page.
  std::string trace =
      "java.lang.NullPointerException: null\n"
      "\tat com.example.UserService.find(UserService.java:42)\n"
      "\tat com.example.UserController.get(UserController.java:18)\n";
  EXPECT_EQ(families(detector().scan_response(
                response(200, "<html><body><p>I get this:</p><pre class=\"lang-java\"><code>" +
                                  trace + "</code></pre><p>Why?</p></body></html>"))),
            "");
  EXPECT_EQ(families(detector().scan_response(
                response(200, "<html><body><h1>Oops</h1><pre>" + trace + "</pre></body></html>"))),
            "stack_trace ");
  // A 5xx frames the body as the server's own error, quoted or not.
  EXPECT_EQ(families(detector().scan_response(response(
                500, "<html><body><pre class=\"lang-java\"><code>" + trace + "</code></pre>"))),
            "stack_trace ");
}

TEST(framing_test, content_fields_fences_and_log_records) {
  // An issue body with a fenced traceback; the same traceback in an error field.
  std::string tb = R"j(Traceback (most recent call last):\n  File \"/home/u/app.py\", line 3, )j"
                   R"j(in <module>\n    import foo\nModuleNotFoundError: No module named 'foo')j";
  EXPECT_EQ(text_rules(R"j({"number":12,"title":"Crash","body":"I get:\n\n```\n)j" + tb +
                       R"j(\n```\nAny idea?"})j"),
            "");
  EXPECT_EQ(text_rules(R"j({"status":"error","detail":")j" + tb + R"j("})j"),
            "stack-trace.python ");
  // Search results whose snippets quote database errors.
  EXPECT_EQ(text_rules(R"j({"results":[{"title":"MySQL 1064","snippet":"You have an error in )j"
                       R"j(your SQL syntax; check the manual that corresponds to your MySQL )j"
                       R"j(server version"},{"title":"x","snippet":"ORA-00942: table or view )j"
                       R"j(does not exist"}]})j"),
            "");
  EXPECT_EQ(text_rules(R"j({"error":"ORA-00942: table or view does not exist"})j"),
            "db-error.oracle ");
  // A log viewer and a crash reporter return what the user asked for.
  EXPECT_EQ(text_rules(R"j({"logEvents":[{"timestamp":1,"message":"ERROR\t{\"errorType\":)j"
                       R"j(\"TypeError\",\"errorMessage\":\"x\",\"stack\":[\"TypeError: x\",)j"
                       R"j(\"    at Runtime.handler (/var/task/index.js:5:3)\"]}"}]})j"),
            "");
  EXPECT_EQ(text_rules(R"j({"events":[{"exception":{"values":[{"stacktrace":{"frames":[)j"
                       R"j({"filename":"app/views.py","lineno":42}]}}]}}]})j"),
            "");
  // A Lambda proxy result: its "body" is the function's response, not a document.
  EXPECT_EQ(text_rules(R"j({"statusCode":500,"body":")j" + tb + R"j("})j"), "stack-trace.python ");
}
