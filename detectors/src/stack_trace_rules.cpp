// Stack traces per runtime. Each needs a header line plus at least one frame (or the runtime's
// own unmistakable banner), never a lone word: "exception" in prose is not a leak.
// Formats: docs.python.org traceback, Throwable.printStackTrace, nodejs.org errors#errorstack,
// .NET Exception.StackTrace, Go panic output, PHP getTraceAsString, Ruby Exception#full_message,
// libstdc++ vterminate.cc, the sanitizer report format, the Rust book ch09-01, backward-cpp's
// printer, Elixir's Exception.format_stacktrace and Erlang's {M,F,A,Location} frames, Tomcat's
// ErrorReportValve (frames without "at"), the AWS Lambda error JSON of every managed runtime
// (Go's lambdaPanicResponse frames are {"path","line","label"} objects) and Apollo's
// extensions.(exception.)stacktrace.

#include "rule.hpp"

namespace walletfuzz::detectors::detail {
namespace {

Trigger lit(std::string text) {
  return Trigger{std::move(text), false};
}

// One stack frame as the runtimes print it, inside a JSON string (escaped quotes allowed) or a
// line of text: the structural unit a trace is made of. A file position alone ("a.py:3") is not
// a frame: a frame names the code location the way one runtime does.
const std::string kFrame =
    R"re((?:at (?:(?:async |new )?[^\n"()]{1,200} \()?[^\s"()]{1,300}:\d+:\d+\)?)re"  // Node
    R"re(|[\w$.<>\[\] ]{1,200} \([^\s"()]{1,300}:\d+:\d+\))re"        // Node, old runtimes: no "at"
    R"re(|at (?:[\w`<>\[\],]+\.)+[\w`<>\[\]|]+\([^)"\n]{0,300}\))re"  // .NET
    R"re(|File \\?"[^"\n]{1,300}\\?", line \d+)re"                    // Python
    R"re(|(?:[\w$<>/-]+\.)+[\w$<>-]+\((?:[\w$ -]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\))re"  // JVM
    R"re(|[^\s":']{1,300}\.rb:\d+:in )re"                          // Ruby
    R"re(|[^\s"(]{1,300}\.php\(\d+\))re"                           // PHP
    R"re(|[^\s":]{1,300}\.go:\d+)re"                               // Go
    R"re(|[^\s":]{1,300}\.exs?:\d+:)re"                            // Elixir
    R"re(|\{file,\\?"[^"\n]{1,300}\\?"\},\s*\{line,\s*\d+\}))re";  // Erlang

// A JSON key naming a list of frames.
const std::string kTraceKey =
    R"re("(?i:stack_?trace|stack|backtrace|trace|traceback|frames|call_?stack)"\s*:\s*\[)re";

// A frame object: a file-like string member and a line number, in either order.
const std::string kFrameObject =
    R"re(\{[^{}\]]{0,400}?(?:"(?:path|file|filename|fileName|file_name|abs_path|absPath|source|script|module)"\s*:\s*"[^"]{1,300}"[^{}\]]{0,300}?"(?:line|lineno|lineNumber|line_number|lineNo)"\s*:\s*\d+|"(?:line|lineno|lineNumber|line_number|lineNo)"\s*:\s*\d+[^{}\]]{0,300}?"(?:path|file|filename|fileName|file_name|abs_path|absPath|source|script|module)"\s*:\s*"[^"]{1,300}"))re";

// One frame of a debug page's HTML: the element naming the file, its path, then the line.
const std::string kHtmlFrame =
    R"re(<[a-z]{1,10} [^>]{0,200}?class="[^"]{0,60}?\b(?:fname|filename|file-name|frame-file|frame-filename)\b[^"]{0,60}"[^>]{0,200}>)re"
    R"re((?:<[^>]{0,200}>)*[ \t]*(?:File |&quot;|"|&#x2026;|…)?[^<>\s"&]{1,300}\.(?:py|rb|php|ex|exs|erl|js|mjs|cjs|ts|java|kt|scala|cs|go|rs)(?:&quot;|")?)re"
    R"re([^\n]{0,300}?(?:\bline[ \t]*(?:<[^>]{0,200}>)*[ \t]*\d+|<[a-z]{1,10} [^>]{0,200}?class="[^"]{0,40}\bline\b[^"]{0,40}"[^>]{0,200}>[ \t]*:?\d+))re";

}  // namespace

void add_stack_trace_rules(std::vector<std::unique_ptr<Rule>>& rules) {
  const auto family = kFamilyStackTrace;
  const auto severity = Severity::medium;

  rules.push_back(make_signature_rule({
      .id = "stack-trace.python",
      .family = family,
      .severity = severity,
      .triggers = {lit("Traceback (most recent call last)"), lit("Traceback (innermost last)")},
      // Zope and Plone print "Traceback (innermost last):" and "  Module pkg.mod, line N".
      .patterns =
          {R"(Traceback \((?:most recent call last|innermost last)\):(?:[ \t]*\r?\n){1,3}[ \t]*(?:File "[^"\n]{1,300}", line \d+|Module [\w.]+, line \d+))"},
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
          {R"((?:Exception in thread "[^"\n]{0,100}" )?(?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable|Failure|Fault)[\w$]*(?::[^\n]{0,300})?\r?\n(?:[^\n]{0,300}\r?\n){0,3}?[ \t]*at (?:[\w$<>/-]+\.)+[\w$<>-]+\((?:[\w$ -]+\.(?:java|kt|kts|scala|groovy):\d+|Native Method|Unknown Source)\))",
           // Tomcat's error report prints frames tab-indented without "at".
           R"((?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)[\w$]*(?::[^\n]{0,300})?\r?\n\t(?:[\w$<>/-]+\.)+[\w$<>-]+\((?:[\w$ -]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)\r?\n\t(?:[\w$<>/-]+\.)+[\w$<>-]+\()"},
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
          {R"([^\s:'"<>]{1,300}\.rb:\d+:in [`'][^'\n]{1,200}'[^\n"]{0,300}(?:(?:[ \t]*\r?\n){1,2}|"\s*,\s*")[ \t]*(?:from |[\w-]+ \([\w.]+\) )?[^\s:'"<>]{1,300}\.rb:\d+:in [`'][^'\n]{1,200}')"},
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
      .triggers = {lit(" panicked at "), lit("stack backtrace:")},
      .patterns =
          {R"(thread '[^'\n]{0,100}' panicked at (?:'[^\n]{0,300}', )?[^\s:]{1,300}\.rs:\d+:\d+)",
           // RUST_BACKTRACE=1: numbered frames, each with an "at file.rs:L:C" line.
           R"(stack backtrace:[ \t]*\r?\n[ \t]+0: [^\n]{1,300}\r?\n(?:[^\n]{0,300}\r?\n){0,2}?[ \t]+at [^\s]{1,300}\.rs:\d+)"},
      .look_behind = 128,
      .look_ahead = 512,
  }));

  // A list of frames under a key that names it ("stackTrace", "stack", "backtrace", "frames",
  // "trace"), as strings (Lambda's Node/Python/Java/.NET/Ruby runtimes, Apollo's stacktrace,
  // Rails' backtrace) or as frame objects (Laravel/Symfony {"file","line"}, Go's
  // lambdaPanicResponse {"path","line","label"}, Sentry-style {"filename","lineno"}). The first
  // frame may follow a message line; the list may sit at any depth of any body.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.json-frames",
      .family = family,
      .severity = severity,
      .triggers = {lit("\"trace\""), lit("\"frames\""), lit("\"stack\""), lit("\"stackTrace\""),
                   lit("\"stacktrace\""), lit("\"stack_trace\""), lit("\"backtrace\""),
                   lit("\"traceback\""), lit("\"callStack\""), lit("\\\"stackTrace\\\""),
                   lit("\\\"trace\\\""), lit("\\\"stack\\\""), lit("\\\"stacktrace\\\""),
                   lit("\\\"backtrace\\\""), lit("\\\"frames\\\"")},
      .patterns =
          {kTraceKey + R"re(\s*")re" + R"re((?:[^\]\\]|\\.){0,1000}?)re" + kFrame,
           kTraceKey + R"re(\s*)re" + kFrameObject,
           // The whole trace in one string under such a key (HotChocolate, Yoga).
           R"re("(?i:stack_?trace|stack|backtrace|traceback|call_?stack)"\s*:\s*"(?:[^"\\]|\\.){0,300}?)re" +
               kFrame},
      .look_behind = 16,
      .look_ahead = 2048,
  }));

  // AWS Lambda's own error object: errorType/errorMessage beside a list of frames. A second
  // name for what json-frames also sees, kept because the runtime's envelope says more: the
  // function itself failed (tidy() drops the json-frames finding it overlaps).
  rules.push_back(make_signature_rule({
      .id = "stack-trace.lambda-error-json",
      .family = family,
      .severity = severity,
      .triggers = {lit("\"stackTrace\""), lit("\\\"stackTrace\\\""), lit("\"trace\""),
                   lit("\\\"trace\\\""), lit("\"stack\""), lit("\\\"stack\\\"")},
      .patterns = {R"re("(?:stackTrace|trace|stack)"\s*:\s*\[\s*"(?:[^\]\\]|\\.){0,1000}?)re" +
                       kFrame,
                   R"re("(?:stackTrace|trace|stack)"\s*:\s*\[\s*)re" + kFrameObject},
      .markers = {"\"errorType\"", "\"errorMessage\""},
      .min_markers = 1,
      .look_behind = 4096,
      .look_ahead = 4096,
  }));

  // The runtime's own failures (Runtime.ExitError, Runtime.UnhandledPromiseRejection,
  // Runtime.ImportModuleError, Runtime.HandlerNotFound ...) carry no frames but name the
  // runtime's internals; the envelope with a "Runtime." errorType is the evidence.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.lambda-runtime-error",
      .family = family,
      .severity = severity,
      .triggers = {lit("\"errorType\""), lit("\\\"errorType\\\"")},
      .patterns = {R"re("errorType"\s*:\s*"Runtime\.[A-Za-z]+")re"},
      .markers = {"\"errorMessage\""},
      .min_markers = 1,
      .look_behind = 2048,
      .look_ahead = 2048,
  }));

  // Elixir: "** (Error) message" then "    (app 1.0.0) lib/x.ex:12: Mod.fun/2" frames; Erlang
  // terms {Module, Function, Arity, [{file, "x.erl"}, {line, N}]}.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.elixir",
      .family = family,
      .severity = severity,
      .triggers = {lit(".ex:"), lit(".exs:"), lit("{file,"), lit("{line,"), lit("in function  ")},
      .patterns =
          {R"re((?:\([\w]+ [\w.+-]+\) )?[^\s":]{1,300}\.exs?:\d+: [\w.]+(?:\."[^"\n]{1,100}")?[/.][^\n"]{0,100}(?:\s|\\n|",\s*")+(?:\([\w]+ [\w.+-]+\) )?[^\s":]{1,300}\.exs?:\d+: )re",
           R"re(\*\* \([\w.]+\) [^\n]{0,300}\n[ \t]+(?:\([\w]+ [\w.+-]+\) )?[^\s":]{1,300}\.exs?:\d+: )re",
           R"re(\{'?[\w.]+'?,\s*'?[^,\s]{1,100}'?,\s*(?:\d+|\[[^\]]{0,300}\]),\s*\[\{file,\s*\\?"[^"\n]{1,300}\\?"\},\s*\{line,\s*\d+\}\]\})re",
           // erl_error:format_exception, as the shell and proc_lib crash reports print it:
           // "exception error: Reason" then "  in function  mod:fun/N (file, line L)".
           R"re(exception (?:error|exit|throw): [^\n]{0,300}\r?\n[ \t]+in function  [\w.@']+:[^\s/]{1,100}/\d+(?: \([^()\n]{1,300}, line \d+\))?)re"},
      .look_behind = 1024,
      .look_ahead = 1024,
  }));

  // Frames a debug page renders as HTML elements (Werkzeug's <cite class="filename">, Django's
  // <code class="fname">, Starlette's frame-filename, Whoops' frame-file with its frame-line,
  // Phoenix's filename with its line): an element whose class names a frame's file, holding a
  // source path, then the line number (as text or in an element whose class names a line).
  // Two frames make a trace.
  rules.push_back(make_signature_rule({
      .id = "stack-trace.html-frames",
      .family = family,
      .severity = severity,
      .triggers = {lit("fname"), lit("filename"), lit("frame-file")},
      .patterns = {"(?s)" + kHtmlFrame + ".{0,1000}?" + kHtmlFrame},
      .look_behind = 256,
      .look_ahead = 4096,
  }));

  // backward-cpp's printer: "Stack trace (most recent call last):" then "#N Object|Source ...".
  rules.push_back(make_signature_rule({
      .id = "stack-trace.backward-cpp",
      .family = family,
      .severity = severity,
      .triggers = {lit("Stack trace (most recent call last)")},
      .patterns =
          {R"re(Stack trace \(most recent call last\)(?: in thread \d+)?:\s*\r?\n#\d+\s+(?:Object|Source|Frame|at) [^\n]{1,300})re"},
      .look_behind = 16,
      .look_ahead = 1024,
  }));
}

}  // namespace walletfuzz::detectors::detail
