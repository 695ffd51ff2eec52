// Stack traces per runtime. Each needs a header line plus at least one frame (or the runtime's
// own unmistakable banner), never a lone word: "exception" in prose is not a leak.
// Formats: docs.python.org traceback, Throwable.printStackTrace, nodejs.org errors#errorstack,
// .NET Exception.StackTrace, Go panic output, PHP getTraceAsString, Ruby Exception#full_message,
// libstdc++ vterminate.cc, the sanitizer report format, the Rust book ch09-01, and the AWS
// Lambda error JSON of the Python, Node.js and Java runtimes.

#include "rule.hpp"

namespace walletfuzz::detectors::detail {
namespace {

Trigger lit(std::string text) {
  return Trigger{std::move(text), false};
}

}  // namespace

void add_stack_trace_rules(std::vector<std::unique_ptr<Rule>>& rules) {
  const auto family = kFamilyStackTrace;
  const auto severity = Severity::medium;

  rules.push_back(make_signature_rule({
      .id = "stack-trace.python",
      .family = family,
      .severity = severity,
      .triggers = {lit("Traceback (most recent call last)")},
      .patterns =
          {R"(Traceback \(most recent call last\):[ \t]*\r?\n[ \t]*File "[^"\n]{1,300}", line \d+)"},
      .look_behind = 64,
      .look_ahead = 1024,
  }));

  // JVM (Java, Kotlin, Scala, Groovy): a fully qualified Throwable, then a tab-indented frame
  // naming a source file, "Native Method" or "Unknown Source".
  rules.push_back(make_signature_rule({
      .id = "stack-trace.jvm",
      .family = family,
      .severity = severity,
      .triggers = {lit("\tat "), lit(".java:"), lit(".kt:"), lit(".scala:"), lit("(Native Method)"),
                   lit("(Unknown Source)")},
      .patterns =
          {R"((?:Exception in thread "[^"\n]{0,100}" )?(?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable|Failure|Fault)[\w$]*(?::[^\n]{0,300})?\r?\n(?:[^\n]{0,300}\r?\n){0,3}?[ \t]*at (?:[\w$<>/-]+\.)+[\w$<>-]+\((?:[\w$ -]+\.(?:java|kt|kts|scala|groovy):\d+|Native Method|Unknown Source)\))"},
      .look_behind = 2048,
      .look_ahead = 512,
  }));

  // Node.js: "<Name>Error: message" then "    at fn (file:line:column)" within a few lines.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.node",
      .family = family,
      .severity = severity,
      .triggers = {lit("    at "), lit("&nbsp;at "), lit(".js:"), lit(".ts:"), lit(".mjs:"),
                   lit(".cjs:")},
      .patterns =
          {R"((?:[A-Z][\w$]*)?(?:Error|Exception)(?: \[[A-Z_]+\])?: [^\n]{0,300}\r?\n(?:[^\n]{0,300}\r?\n){0,3}?[ \t]*at (?:(?:async |new )?[^\n()]{1,200} \()?[^\n()]{1,300}:\d+:\d+\)?)"},
      .look_behind = 2048,
      .look_ahead = 512,
  }));

  // .NET: a namespace-qualified exception, then "   at Ns.Type.Method(Type name)" with an
  // optional " in File.cs:line N". Parameter names start lowercase, which keeps JVM frames
  // ("(Native Method)") out.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.dotnet",
      .family = family,
      .severity = severity,
      .triggers = {lit("   at "), lit(":line "), lit("--- End of "), lit(") +")},
      .patterns =
          {R"((?:[A-Za-z_]\w*\.)+[A-Z]\w*(?:Exception|Error)\b[^\n]{0,300}\r?\n(?:[^\n]{0,300}\r?\n){0,2}?[ \t]*at (?:[\w`<>\[\],]+\.)+[\w`<>\[\]|]+\((?:[\w.`<>\[\],&*]+ [a-z_@]\w*(?:, ?[\w.`<>\[\],&*]+ [a-z_@]\w*)*)?\)(?: in [^\n]{1,300}:line \d+)?)",
           // The classic ASP.NET error page prints frames without "at", each with an
           // IL offset: "   Acme.Web.HomeController.Index() in C:\src\Home.cs:24 +87".
           R"(\[[\w.]*(?:Exception|Error)[^\]\n]{0,300}\][ \t]*\r?\n[ \t]+(?:[\w`<>\[\],]+\.)+[\w`<>\[\]|]+\([^)\n]{0,300}\)(?: in [^\n]{1,300}:\d+| \+\d+))"},
      .look_behind = 2048,
      .look_ahead = 512,
  }));

  rules.push_back(make_signature_rule({
      .id = "stack-trace.go",
      .family = family,
      .severity = severity,
      .triggers = {lit("goroutine ")},
      .patterns =
          {R"(goroutine \d+ \[[^\]\n]{1,60}\]:\r?\n[^\n]{1,300}\r?\n[ \t]+[^\n]{1,300}\.go:\d+)"},
      .look_behind = 16,
      .look_ahead = 1024,
  }));

  rules.push_back(make_signature_rule({
      .id = "stack-trace.php",
      .family = family,
      .severity = severity,
      .triggers = {lit("Stack trace:"), lit("</b>:"), lit("PHP Fatal"), lit("PHP Warning"),
                   lit("PHP Parse"), lit("PHP Notice"), lit("Fatal error"), lit("Parse error"),
                   lit("{main}")},
      .patterns =
          {R"(Stack trace:\r?\n[ \t]*#0 [^\n]{0,300}(?:\.php\(\d+\)|\[internal function\]|\{main\}))",
           R"((?i)<b>(?:Warning|Fatal error|Parse error|Notice|Deprecated)</b>:[ \t]+[^\n]{0,500}? in <b>[^<\n]{1,300}</b> on line <b>\d+</b>)",
           R"(PHP (?:Fatal error|Warning|Parse error|Notice|Deprecated):[ \t]+[^\n]{0,500}? in [^\n]{1,300}(?: on line |\.php:)\d+)",
           R"((?:Fatal error|Parse error): [^\n]{0,500}? in [^\s]{1,300}\.php(?: on line |:)\d+)",
           // getTraceAsString() on its own: "#0 /f.php(12): fn()" ... "#N {main}".
           R"(#0 [^\n]{1,300}\.php\(\d+\): [^\n]{1,300}\r?\n(?:#\d+ [^\n]{1,300}\r?\n){0,3}#\d+ \{main\})"},
      .look_behind = 256,
      .look_ahead = 1024,
  }));

  // Ruby: two consecutive frames "file.rb:N:in `meth'" (Ruby >= 3.4 opens with a quote).
  rules.push_back(make_signature_rule({
      .id = "stack-trace.ruby",
      .family = family,
      .severity = severity,
      .triggers = {lit(":in `"), lit(":in '"), lit(":in &#39;")},
      .patterns =
          {R"([^\s:'"]{1,300}\.rb:\d+:in [`'][^'\n]{1,200}'[^\n]{0,300}(?:[ \t]*\r?\n){1,2}[ \t]*(?:from |[\w-]+ \([\w.]+\) )?[^\s:'"]{1,300}\.rb:\d+:in [`'][^'\n]{1,200}')"},
      .look_behind = 512,
      .look_ahead = 1024,
  }));

  rules.push_back(make_signature_rule({
      .id = "stack-trace.cpp-terminate",
      .family = family,
      .severity = severity,
      .triggers = {lit("terminate called after throwing")},
      .patterns =
          {R"(terminate called after throwing an instance of '[^'\n]{1,200}'(?:[ \t]*\r?\n[ \t]*what\(\):[^\n]{0,300})?)"},
      .look_behind = 16,
      .look_ahead = 512,
  }));

  rules.push_back(make_signature_rule({
      .id = "stack-trace.sanitizer",
      .family = family,
      .severity = severity,
      .triggers = {lit("Sanitizer:"), lit(": runtime error: ")},
      .patterns =
          {R"((?s)==\d+==ERROR: \w*Sanitizer:.{0,1000}?(?:#\d+ 0x[0-9a-fA-F]+ in |SUMMARY: \w*Sanitizer))",
           R"([^\s:]{1,300}\.(?:c|cc|cpp|cxx|h|hh|hpp):\d+:\d+: runtime error: [^\n]{1,300})"},
      .look_behind = 512,
      .look_ahead = 2048,
  }));

  // A native (C/C++) backtrace printed by the program itself: gdb/libunwind and sanitizer style
  // "#N 0xADDR in fn (file)" frames, boost::stacktrace's "N# fn at file:line", or glibc's
  // backtrace_symbols() "binary(symbol+0xOFF) [0xADDR]". Frames may sit on separate lines or in
  // a JSON array of strings, so two frames within a short distance make the match.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.native",
      .family = family,
      .severity = severity,
      .triggers = {lit("#0 0x"), lit("#1 0x"), lit("#0  0x"), lit("#1  0x"), lit("0# "), lit("1# "),
                   lit(") [0x")},
      .patterns =
          {R"((?s)#\d{1,3} +0x[0-9a-fA-F]{6,16} in [^\n"]{1,300}?.{1,16}#\d{1,3} +0x[0-9a-fA-F]{6,16} in [^\n"]{1,300})",
           R"((?s)\b\d{1,3}# [^\n"]{1,300}? (?:at|in) [^\s"]{1,300}.{1,16}\b\d{1,3}# [^\n"]{1,300}? (?:at|in) [^\s"]{1,300})",
           R"((?s)[^\s"(\[]{1,300}\([^()\s"]{0,300}\+0x[0-9a-fA-F]{1,16}\) \[0x[0-9a-fA-F]{6,16}\].{1,16}[^\s"(\[]{1,300}\([^()\s"]{0,300}\+0x[0-9a-fA-F]{1,16}\) \[0x[0-9a-fA-F]{6,16}\])"},
      .look_behind = 1024,
      .look_ahead = 2048,
  }));

  rules.push_back(make_signature_rule({
      .id = "stack-trace.rust",
      .family = family,
      .severity = severity,
      .triggers = {lit(" panicked at ")},
      .patterns =
          {R"(thread '[^'\n]{0,100}' panicked at (?:'[^\n]{0,300}', )?[^\s:]{1,300}\.rs:\d+:\d+)"},
      .look_behind = 128,
      .look_ahead = 512,
  }));

  // Laravel and Symfony render exceptions as JSON in debug mode with the trace as an array
  // of {"file": ..., "line": N, ...} frames.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.json-frames",
      .family = family,
      .severity = severity,
      .triggers = {lit("\"trace\""), lit("\"frames\"")},
      .patterns =
          {R"re("(?:trace|frames)"\s*:\s*\[\s*\{\s*"file"\s*:\s*"[^"\n]{1,300}"\s*,\s*"line"\s*:\s*\d+)re"},
      .look_behind = 16,
      .look_ahead = 1024,
  }));

  // AWS Lambda's own error JSON: errorType/errorMessage plus a non-empty stackTrace (Python,
  // Java) or trace (Node.js) array whose first entry carries a file position.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.lambda-error-json",
      .family = family,
      .severity = severity,
      .triggers = {lit("\"stackTrace\""), lit("\\\"stackTrace\\\""), lit("\"trace\""),
                   lit("\\\"trace\\\"")},
      .patterns =
          {R"re("(?:stackTrace|trace)"\s*:\s*\[\s*"(?:[^\]\\]|\\.){0,1000}?(?:line \d+|\.(?:java|py|js|mjs|cjs|ts|rb|go|cs):\d+|:\d+:\d+))re"},
      .markers = {"\"errorType\"", "\"errorMessage\""},
      .min_markers = 1,
      .look_behind = 4096,
      .look_ahead = 4096,
  }));
}

}  // namespace walletfuzz::detectors::detail
