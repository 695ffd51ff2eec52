#!/usr/bin/env python3
"""Generates the labelled leak corpus (tests/data/leaks/samples + labels.tsv).

Every template below is written from a documented output format (Python traceback module,
Throwable.printStackTrace, Node's error.stack, the AWS Lambda runtimes' error JSON, the
framework debug pages, driver error messages, AWS credential and environment formats, RFC 9457,
RFC 6749 token responses ...), not from the detector's rules. Variation (names, paths, line
numbers, messages, status codes, headers, encodings, framing) comes from a fixed seed, so the
corpus is reproducible: `python3 generate.py` rewrites it byte for byte.

labels.tsv columns: file, families present (comma-separated; "-" for a clean response), and
secret values that must never appear in full in any output ("|"-separated, may be empty).
"""
import base64
import gzip
import json
import os
import random
import shutil
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "samples")
rng = random.Random(20261128)

# ---------------------------------------------------------------------------------------------
# Vocabulary

APPS = ["orders", "billing", "catalog", "checkout", "inventory", "profile", "search", "payments",
        "shipping", "notifications", "auth", "reports"]
ENTITIES = ["order", "invoice", "product", "cart", "user", "account", "shipment", "coupon"]
PY_EXC = [("KeyError", "'{f}'"), ("TypeError", "'NoneType' object is not subscriptable"),
          ("ValueError", "invalid literal for int() with base 10: '{v}'"),
          ("AttributeError", "'NoneType' object has no attribute '{f}'"),
          ("ZeroDivisionError", "division by zero"), ("IndexError", "list index out of range")]
JAVA_EXC = [("java.lang.NullPointerException", "Cannot invoke \"String.length()\" because \"name\" is null"),
            ("java.lang.IllegalStateException", "{e} {n} is not in a valid state"),
            ("java.lang.NumberFormatException", "For input string: \"{v}\""),
            ("java.lang.IllegalArgumentException", "Unknown {e} type: {v}"),
            ("java.util.NoSuchElementException", "No value present")]
JS_EXC = [("TypeError", "Cannot read properties of undefined (reading '{f}')"),
          ("ReferenceError", "{f} is not defined"),
          ("SyntaxError", "Unexpected token u in JSON at position 0"),
          ("RangeError", "Invalid time value"), ("Error", "{E} {n} not found")]
NET_EXC = [("System.NullReferenceException", "Object reference not set to an instance of an object."),
           ("System.InvalidOperationException", "Sequence contains no elements"),
           ("System.FormatException", "Input string was not in a correct format."),
           ("System.Collections.Generic.KeyNotFoundException", "The given key '{f}' was not present in the dictionary."),
           ("System.ArgumentNullException", "Value cannot be null. (Parameter '{f}')")]
FIELDS = ["id", "customerId", "sku", "quantity", "email", "currency", "amount", "items", "address"]
SERVERS_CLEAN = ["nginx", "cloudflare", "AmazonS3", "awselb/2.0", "Google Frontend", "CloudFront",
                 "envoy", "istio-envoy", "Microsoft-IIS"]


def pick(seq):
    return rng.choice(seq)


def ident():
    return pick(APPS)


def uuid():
    return "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                           0x8000 | rng.getrandbits(14), rng.getrandbits(48))


def hexstr(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def alnum(n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64(nbytes):
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(nbytes))).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def fmt(template):
    e = pick(ENTITIES)
    return template.format(f=pick(FIELDS), v=pick(["abc", "12x", "", "NaN", "-", "1e9"]), e=e,
                           E=e.capitalize(), n=rng.randint(1000, 99999))


def date():
    return "%s, %02d Nov 2026 %02d:%02d:%02d GMT" % (pick(["Mon", "Tue", "Wed", "Thu", "Fri"]),
                                                    rng.randint(1, 28), rng.randint(0, 23),
                                                    rng.randint(0, 59), rng.randint(0, 59))


def aws_key_id(prefix=None):
    # Current key ids are base32-like (no 0, 1, 8, 9) after the prefix.
    return (prefix or pick(["AKIA", "ASIA"])) + alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def aws_secret():
    return alnum(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def aws_session_token():
    return "IQoJb3JpZ2luX2VjE" + b64(rng.randint(260, 420)).rstrip("=")


def jwt(claims=None):
    header = {"alg": pick(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    payload = claims or {"sub": uuid(), "iat": 1795000000 + rng.randint(0, 10**6),
                         "scope": pick(["orders:read", "admin", "user"])}
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(payload, separators=(",", ":")).encode()),
                     b64url(bytes(rng.getrandbits(8) for _ in range(32)))])


# ---------------------------------------------------------------------------------------------
# HTTP framing

REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 409: "Conflict", 422: "Unprocessable Entity", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


def http(status, ctype, body, extra=None, encoding=None, chunked=None, server=None):
    if isinstance(body, str):
        body = body.encode()
    headers = [("Date", date()), ("Content-Type", ctype)]
    if server is None and rng.random() < 0.5:
        server = pick(SERVERS_CLEAN)
    if server:
        headers.append(("Server", server))
    if rng.random() < 0.6:
        headers.append(("x-amzn-RequestId", uuid()))
    headers += extra or []
    if encoding is None:
        encoding = rng.random() < 0.15
    if encoding:
        if rng.random() < 0.7:
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        else:
            body = zlib.compress(body)
            headers.append(("Content-Encoding", "deflate"))
    if chunked is None:
        chunked = rng.random() < 0.15
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
        out, pos = b"", 0
        while pos < len(body):
            n = rng.randint(64, 1024)
            out += b"%x\r\n" % len(body[pos:pos + n]) + body[pos:pos + n] + b"\r\n"
            pos += n
        body = out + b"0\r\n\r\n"
    else:
        headers.append(("Content-Length", str(len(body))))
    head = "HTTP/1.1 %d %s\r\n" % (status, REASONS.get(status, "Unknown"))
    head += "".join("%s: %s\r\n" % h for h in headers) + "\r\n"
    return head.encode() + body


def maybe_raw(status, ctype, body, **kw):
    """Most samples are HTTP responses; some are bare text, as pasted from logs."""
    if rng.random() < 0.12:
        return body.encode() if isinstance(body, str) else body
    return http(status, ctype, body, **kw)


def html_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


# ---------------------------------------------------------------------------------------------
# Stack traces

def python_traceback(extra_frames=None):
    app = ident()
    frames = []
    root = pick(["/var/task", "/app", "/srv/%s" % app, "/opt/python/lib/python3.11/site-packages"])
    for i in range(rng.randint(1, 4)):
        frames.append('  File "%s/%s.py", line %d, in %s\n    %s\n' % (
            root, pick(["handler", "app", "views", "service", "models", "lambda_function"]),
            rng.randint(5, 400), pick(["handler", "lambda_handler", "get", "post", "process", "load"]),
            pick(["return table[event['id']]", "total = sum(i['price'] for i in items)",
                  "order = Order.objects.get(pk=pk)", "data = json.loads(body)"])))
    frames += extra_frames or []
    exc, msg = pick(PY_EXC)
    return "Traceback (most recent call last):\n" + "".join(frames) + "%s: %s\n" % (exc, fmt(msg))


def java_trace(caused_by=None, lang="java"):
    pkg = "com.%s.%s" % (pick(["acme", "example", "shopco", "initech"]), ident())
    exc, msg = pick(JAVA_EXC)
    ext = {"java": "java", "kotlin": "kt", "scala": "scala"}[lang]
    lines = ["%s: %s" % (exc, fmt(msg))]
    for i in range(rng.randint(2, 6)):
        cls = pick(["OrderService", "OrderController", "PaymentGateway", "Repository", "Handler"])
        lines.append("\tat %s.%s.%s(%s.%s:%d)" % (pkg, cls, pick(["save", "handleRequest", "lambda$0", "apply", "invoke"]), cls, ext, rng.randint(10, 300)))
    lines.append("\tat java.base/java.lang.Thread.run(Thread.java:833)")
    if caused_by:
        lines.append("Caused by: " + caused_by)
        lines.append("\tat %s.Db.query(Db.%s:%d)" % (pkg, ext, rng.randint(10, 99)))
        lines.append("\t... %d more" % rng.randint(3, 40))
    return "\n".join(lines) + "\n"


def node_trace():
    exc, msg = pick(JS_EXC)
    root = pick(["/var/task", "/usr/src/app", "/app", "/home/node/app"])
    lines = ["%s: %s" % (exc, fmt(msg))]
    for i in range(rng.randint(2, 6)):
        f = pick(["index.js", "handler.js", "src/routes/orders.js", "dist/app.mjs", "lib/db.js"])
        lines.append("    at %s (%s/%s:%d:%d)" % (pick(["Runtime.handler", "Object.<anonymous>", "Layer.handle [as handle_request]", "async Promise.all (index 0)", "processTicksAndRejections"]), root, f, rng.randint(1, 300), rng.randint(1, 60)))
    lines.append("    at node:internal/process/task_queues:95:5")
    return "\n".join(lines)


def dotnet_trace():
    exc, msg = pick(NET_EXC)
    ns = "%s.%s" % (pick(["Acme", "Contoso", "Fabrikam"]), ident().capitalize())
    lines = ["%s: %s" % (exc, fmt(msg))]
    for i in range(rng.randint(1, 4)):
        cls = pick(["OrdersController", "OrderService", "Function", "Repository"])
        loc = pick([" in C:\\src\\%s\\%s.cs:line %d" % (ns, cls, rng.randint(10, 300)),
                    " in /src/%s/%s.cs:line %d" % (ns, cls, rng.randint(10, 300)), ""])
        lines.append("   at %s.%s.%s(%s)%s" % (ns, cls, pick(["Get", "Post", "FunctionHandler", "Handle"]), pick(["Int32 id", "", "String input, ILambdaContext context", "HttpRequest req"]), loc))
    lines.append("   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.Execute(IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)")
    return "\n".join(lines)


def go_panic():
    return ("panic: runtime error: %s\n\n" % pick(["invalid memory address or nil pointer dereference",
                                                   "index out of range [3] with length 3",
                                                   "integer divide by zero"]) +
            ("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%x]\n\n" % rng.getrandbits(24) if rng.random() < 0.5 else "") +
            "goroutine %d [running]:\n" % rng.randint(1, 90) +
            "main.%s(...)\n\t/%s/main.go:%d +0x%x\n" % (pick(["handler", "HandleRequest", "loadOrder"]), pick(["app", "build", "go/src/app"]), rng.randint(10, 200), rng.getrandbits(8)) +
            "github.com/aws/aws-lambda-go/lambda.(*handlerOptions).Invoke(0xc000120000, {0x7f2f38, 0xc0001a6000})\n\t/go/pkg/mod/github.com/aws/aws-lambda-go@v1.41.0/lambda/handler.go:%d +0x%x\n" % (rng.randint(100, 300), rng.getrandbits(8)))


def php_uncaught():
    f = "/var/www/html/%s.php" % pick(["index", "api", "orders", "src/Controller/OrderController"])
    return ("PHP Fatal error:  Uncaught %s: %s in %s:%d\nStack trace:\n#0 %s(%d): %s()\n#1 {main}\n  thrown in %s on line %d\n" %
            (pick(["Exception", "TypeError", "Error", "PDOException"]), fmt("{E} {n} failed"), f, rng.randint(5, 90), f, rng.randint(5, 90),
             pick(["loadOrder", "Order->save", "handle"]), f, rng.randint(5, 90)))


def php_warning_html():
    kind = pick(["Warning", "Notice", "Fatal error", "Deprecated"])
    return ("<br />\n<b>%s</b>:  %s in <b>/var/www/html/%s.php</b> on line <b>%d</b><br />\n" %
            (kind, pick(["Undefined variable $order", "Undefined array key \"id\"", "Trying to access array offset on value of type null",
                         "Uncaught Error: Call to a member function fetch() on bool"]), pick(["index", "api/orders", "lib/db"]), rng.randint(3, 400)))


def ruby_trace():
    return ("/app/%s.rb:%d:in `%s': undefined method `%s' for nil:NilClass (NoMethodError)\n" % (pick(["lib/orders", "app/models/order", "handler"]), rng.randint(3, 90), pick(["find", "total", "call"]), pick(FIELDS)) +
            "\tfrom /app/%s.rb:%d:in `%s'\n" % (pick(["app", "handler", "lib/service"]), rng.randint(3, 90), pick(["<main>", "block in process", "each"])) +
            "\tfrom /var/runtime/lib/runtime.rb:%d:in `run_user_code'\n" % rng.randint(10, 99))


def rust_panic():
    if rng.random() < 0.5:
        return "thread '%s' panicked at src/%s.rs:%d:%d:\n%s\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n" % (
            pick(["main", "tokio-runtime-worker"]), pick(["main", "handler", "orders"]), rng.randint(2, 300), rng.randint(1, 40),
            pick(["called `Option::unwrap()` on a `None` value", "index out of bounds: the len is 3 but the index is 7"]))
    return "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }', src/main.rs:%d:%d\n" % (rng.randint(2, 300), rng.randint(1, 40))


def cpp_terminate():
    return "terminate called after throwing an instance of '%s'\n  what():  %s\n" % (
        pick(["std::out_of_range", "std::runtime_error", "std::bad_alloc", "nlohmann::json_abi_v3_11_2::detail::type_error"]),
        pick(["vector::_M_range_check: __n (which is 5) >= this->size() (which is 3)", "order not found", "std::bad_alloc", "[json.exception.type_error.302] type must be string, but is null"]))


def asan_report():
    pid = rng.randint(1000, 30000)
    addr = "0x%012x" % rng.getrandbits(44)
    kind = pick(["heap-use-after-free", "heap-buffer-overflow", "stack-buffer-overflow"])
    return ("=================================================================\n"
            "==%d==ERROR: AddressSanitizer: %s on address %s at pc 0x%x bp 0x%x sp 0x%x\n"
            "READ of size %d at %s thread T0\n"
            "    #0 0x%x in parse_order /src/handler.cc:%d\n"
            "    #1 0x%x in main /src/main.cc:%d\n"
            "SUMMARY: AddressSanitizer: %s /src/handler.cc:%d in parse_order\n" %
            (pid, kind, addr, rng.getrandbits(24), rng.getrandbits(40), rng.getrandbits(40), pick([1, 4, 8]), addr,
             rng.getrandbits(24), rng.randint(5, 200), rng.getrandbits(24), rng.randint(5, 50), kind, rng.randint(5, 200)))


def ubsan_report():
    return "/src/%s.cpp:%d:%d: runtime error: %s\n" % (pick(["pricing", "handler", "codec"]), rng.randint(5, 300), rng.randint(3, 40),
                                                       pick(["signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'",
                                                             "load of null pointer of type 'const char'"]))


def json_error_wrap(text):
    key = pick(["error", "message", "detail", "stack", "trace", "exception"])
    doc = {"status": "error", key: text, "requestId": uuid()}
    return json.dumps(doc, indent=pick([None, 2]))


# ---------------------------------------------------------------------------------------------
# Leaking samples

LEAKS = []


def leak(name, families, data, secrets=()):
    LEAKS.append((name, families, data, list(secrets)))


def gen_stack_traces():
    for _ in range(8):
        tb = python_traceback()
        form = pick(["text", "json", "html"])
        if form == "text":
            leak("python-traceback", ["stack_trace"], maybe_raw(500, "text/plain; charset=utf-8", tb))
        elif form == "json":
            leak("python-traceback-json", ["stack_trace"], http(pick([500, 502]), "application/json", json_error_wrap(tb)))
        else:
            leak("python-traceback-html", ["stack_trace"], http(500, "text/html", "<html><body><h1>Error</h1><pre>%s</pre></body></html>" % html_escape(tb)))
    for _ in range(5):
        exc, msg = pick(PY_EXC)
        msg = fmt(msg)
        doc = {"errorMessage": msg, "errorType": exc, "requestId": uuid(),
               "stackTrace": ['  File "/var/task/lambda_function.py", line %d, in lambda_handler\n    return process(event)\n' % rng.randint(3, 60),
                              '  File "/var/task/service.py", line %d, in process\n    return items[event["id"]]\n' % rng.randint(3, 60)]}
        leak("lambda-python-error", ["stack_trace"], http(200, "application/json", json.dumps(doc), extra=[("X-Amz-Function-Error", "Unhandled")]))
    for _ in range(5):
        exc, msg = pick(JS_EXC)
        msg = fmt(msg)
        doc = {"errorType": exc, "errorMessage": msg,
               "trace": ["%s: %s" % (exc, msg), "    at Runtime.handler (file:///var/task/index.mjs:%d:%d)" % (rng.randint(2, 90), rng.randint(2, 40)),
                         "    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"]}
        leak("lambda-node-error", ["stack_trace"], http(502, "application/json", json.dumps(doc)))
    for _ in range(4):
        doc = {"errorMessage": "Index %d out of bounds for length 3" % rng.randint(3, 9), "errorType": "java.lang.ArrayIndexOutOfBoundsException",
               "stackTrace": ["example.Handler.handleRequest(Handler.java:%d)" % rng.randint(10, 90),
                              "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)"]}
        leak("lambda-java-error", ["stack_trace"], http(200, "application/json", json.dumps(doc, indent=2)))
    for _ in range(7):
        lang = pick(["java", "java", "kotlin", "scala"])
        tr = java_trace(caused_by=None if rng.random() < 0.6 else "java.net.ConnectException: Connection refused", lang=lang)
        form = pick(["spring-json", "text", "tomcat"])
        if form == "spring-json":
            doc = {"timestamp": "2026-11-%02dT10:%02d:11.123+00:00" % (rng.randint(1, 28), rng.randint(0, 59)), "status": 500,
                   "error": "Internal Server Error", "trace": tr, "message": "No message available", "path": "/api/%ss/%d" % (pick(ENTITIES), rng.randint(1, 999))}
            leak("spring-json-trace", ["stack_trace"], http(500, "application/json", json.dumps(doc)))
        elif form == "text":
            leak("jvm-trace", ["stack_trace"], maybe_raw(500, "text/plain", tr))
        else:
            page = ("<!doctype html><html lang=\"en\"><head><title>HTTP Status 500 – Internal Server Error</title></head><body>"
                    "<h1>HTTP Status 500 – Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception Report</p>"
                    "<p><b>Description</b> The server encountered an unexpected condition that prevented it from fulfilling the request.</p>"
                    "<p><b>Exception</b></p><pre>%s</pre><p><b>Note</b> The full stack trace of the root cause is available in the server logs.</p>"
                    "<hr class=\"line\" /><h3>Apache Tomcat/10.1.16</h3></body></html>" % html_escape(tr))
            leak("tomcat-error-page", ["stack_trace"], http(500, "text/html;charset=utf-8", page, server=""))
    for _ in range(7):
        tr = node_trace()
        form = pick(["text", "json", "json-stack"])
        if form == "text":
            leak("node-trace", ["stack_trace"], maybe_raw(500, "text/plain; charset=utf-8", tr + "\n"))
        elif form == "json":
            leak("node-trace-json", ["stack_trace"], http(500, "application/json; charset=utf-8", json_error_wrap(tr)))
        else:
            doc = {"message": tr.split("\n")[0].split(": ", 1)[1], "name": tr.split(":")[0], "stack": tr}
            leak("node-error-object", ["stack_trace"], http(500, "application/json", json.dumps(doc)))
    for _ in range(6):
        tr = dotnet_trace()
        if rng.random() < 0.5:
            doc = {"type": "https://tools.ietf.org/html/rfc9110#section-15.6.1", "title": "An error occurred while processing your request.",
                   "status": 500, "detail": tr, "traceId": "00-%s-%s-00" % (hexstr(32), hexstr(16))}
            leak("dotnet-problem-details-trace", ["stack_trace"], http(500, "application/problem+json; charset=utf-8", json.dumps(doc)))
        else:
            leak("dotnet-trace", ["stack_trace"], maybe_raw(500, "text/plain", tr + "\n"))
    for _ in range(5):
        leak("go-panic", ["stack_trace"], maybe_raw(502, "text/plain; charset=utf-8", go_panic()))
    for _ in range(4):
        leak("php-uncaught", ["stack_trace"], maybe_raw(500, "text/html; charset=UTF-8", php_uncaught(), server="Apache/2.4.57 (Debian)" if rng.random() < 0.3 else None) if False else http(500, "text/html; charset=UTF-8", php_uncaught()))
    for _ in range(4):
        leak("php-warning-html", ["stack_trace"], http(200, "text/html; charset=UTF-8", "<!DOCTYPE html><html><body>" + php_warning_html() + "<div id=\"orders\"></div></body></html>"))
    for _ in range(4):
        leak("ruby-trace", ["stack_trace"], maybe_raw(500, "text/plain", ruby_trace()))
    for _ in range(3):
        leak("cpp-terminate", ["stack_trace"], maybe_raw(502, "text/plain", cpp_terminate()))
    for _ in range(3):
        leak("asan-report", ["stack_trace"], maybe_raw(500, "text/plain", asan_report()))
    for _ in range(2):
        leak("ubsan-report", ["stack_trace"], maybe_raw(500, "text/plain", ubsan_report()))
    for _ in range(4):
        leak("rust-panic", ["stack_trace"], maybe_raw(502, "text/plain", rust_panic()))


# ---------------------------------------------------------------------------------------------
# Debug pages

def django_page():
    exc, msg = pick(PY_EXC)
    msg = fmt(msg)
    path = "/api/%ss/%d/" % (pick(ENTITIES), rng.randint(1, 999))
    tb = python_traceback()
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n"
            "  <meta name=\"robots\" content=\"NONE,NOARCHIVE\">\n  <title>%s\n          at %s</title>\n</head>\n<body>\n<div id=\"summary\">\n"
            "  <h1>%s\n       at %s</h1>\n  <pre class=\"exception_value\">%s</pre>\n  <table class=\"meta\">\n"
            "    <tr><th>Request Method:</th><td>GET</td></tr>\n    <tr><th>Request URL:</th><td>http://api.example.com%s</td></tr>\n"
            "    <tr><th>Django Version:</th><td>4.2.%d</td></tr>\n    <tr><th>Exception Type:</th><td>%s</td></tr>\n"
            "    <tr><th>Exception Value:</th><td><pre>%s</pre></td></tr>\n    <tr><th>Python Executable:</th><td>/usr/local/bin/python</td></tr>\n"
            "  </table>\n</div>\n<div id=\"traceback\">\n<form action=\"https://dpaste.com/\" name=\"pasteform\" id=\"pasteform\" method=\"post\">\n"
            "<div id=\"pastebinTraceback\" class=\"pastebin\"><textarea id=\"traceback_area\" cols=\"140\" rows=\"25\">\nEnvironment:\n\n\nRequest Method: GET\n"
            "Request URL: http://api.example.com%s\n\nDjango Version: 4.2.%d\nPython Version: 3.11.6\n\n\n%s</textarea></div></form>\n</div>\n"
            "<div id=\"explanation\">\n  <p>\n    You’re seeing this error because you have <code>DEBUG = True</code> in your\n"
            "    Django settings file. Change that to <code>False</code>, and Django will\n    display a standard page generated by the handler for this status code.\n  </p>\n</div>\n</body>\n</html>\n"
            % (exc, path, exc, path, html_escape(msg), path, rng.randint(1, 9), exc, html_escape(msg), path, rng.randint(1, 9), html_escape(tb)))


def django_404_page():
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Page not found at /api/v2/%s</title></head>\n<body>\n<div id=\"summary\">\n<h1>Page not found <span>(404)</span></h1>\n"
            "<table class=\"meta\"><tr><th>Request Method:</th><td>GET</td></tr><tr><th>Request URL:</th><td>http://localhost:8000/api/v2/%s</td></tr></table>\n</div>\n"
            "<div id=\"info\">\n<p>Using the URLconf defined in <code>%s.urls</code>,\nDjango tried these URL patterns, in this order:</p>\n<ol>\n<li>admin/</li>\n<li>api/v1/</li>\n</ol>\n"
            "<p>The current path, <code>api/v2/%s</code>, didn’t match any of these.</p>\n</div>\n<div id=\"explanation\"><p>You’re seeing this error because you have <code>DEBUG = True</code> in\n"
            "your Django settings file.</p></div>\n</body>\n</html>\n" % ((pick(ENTITIES),) * 2 + (ident(), pick(ENTITIES))))


def werkzeug_page():
    """The debugger page embeds its console SECRET: whoever reads it can run code (a secret)."""
    secret = alnum(20)
    tb = python_traceback()
    exc = tb.strip().split("\n")[-1]
    return ("<!doctype html>\n<html lang=en>\n  <head>\n    <title>%s\n // Werkzeug Debugger</title>\n"
            "    <link rel=\"stylesheet\" href=\"?__debugger__=yes&amp;cmd=resource&amp;f=style.css\">\n    <script src=\"?__debugger__=yes&amp;cmd=resource&amp;f=debugger.js\"></script>\n"
            "    <script>\n      var CONSOLE_MODE = false,\n          EVALEX = true,\n          EVALEX_TRUSTED = false,\n          SECRET = \"%s\";\n    </script>\n  </head>\n"
            "  <body style=\"background-color: #fff\">\n    <div class=\"debugger\">\n<h1>%s</h1>\n<div class=\"detail\">\n  <p class=\"errormsg\">%s\n</p>\n</div>\n"
            "<h2 class=\"traceback\">Traceback <em>(most recent call last)</em></h2>\n<div class=\"traceback\">\n<h3></h3>\n<ul><li><div class=\"frame\" id=\"frame-%d\">\n"
            "<h4>File <cite class=\"filename\">\"/app/app.py\"</cite>,\n      line <em class=\"line\">%d</em>,\n      in <code class=\"function\">create_order</code></h4>\n</div></li></ul>\n"
            "<blockquote>%s\n</blockquote>\n</div>\n<div class=\"plain\">\n    <p>\n      This is the Copy/Paste friendly version of the traceback.\n    </p>\n"
            "    <textarea cols=\"50\" rows=\"10\" name=\"code\" readonly>%s</textarea>\n</div>\n<div class=\"explanation\">\n"
            "  The debugger caught an exception in your WSGI application.  You can now\n  look at the traceback which led to the error.  <span class=\"nojavascript\">\n"
            "  If you enable JavaScript you can also use additional features such as code\n  execution (if the evalex feature is enabled), automatic pasting of the\n  exceptions and much more.</span>\n</div>\n"
            "      <div class=\"footer\">\n        Brought to you by <strong class=\"arthur\">DON'T PANIC</strong>, your\n        friendly Werkzeug powered traceback interpreter.\n      </div>\n    </div>\n  </body>\n</html>\n"
            % (html_escape(exc), secret, html_escape(exc.split(":")[0]), html_escape(exc), rng.getrandbits(40), rng.randint(5, 300), html_escape(exc), html_escape(tb))), secret


def rails_page():
    frames = ["app/controllers/%ss_controller.rb:%d:in `%s'" % (pick(ENTITIES), rng.randint(5, 90), pick(["show", "create", "update"])),
              "app/models/%s.rb:%d:in `total'" % (pick(ENTITIES), rng.randint(5, 90))]
    fw = ["actionpack (7.1.2) lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'",
          "actionpack (7.1.2) lib/abstract_controller/base.rb:224:in `process_action'"]
    def block(items):
        return "".join("<a class=\"trace-frames trace-frames-0\" data-exception-object-id=\"%d\" data-frame-id=\"%d\" href=\"#\">%s</a><br>\n"
                       % (rng.getrandbits(20), i, html_escape(t)) for i, t in enumerate(items))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\" />\n  <title>Action Controller: Exception caught</title>\n</head>\n<body>\n"
            "<header role=\"banner\">\n  <h1>NoMethodError in %sController#show</h1>\n</header>\n<main role=\"main\" id=\"container\">\n"
            "  <div class=\"exception-message\">\n    <div class=\"message\">undefined method `price&#39; for nil</div>\n  </div>\n"
            "  <p><code>Rails.root: /app</code></p>\n  <div id=\"traces-0\">\n    <a href=\"#\" onclick=\"hide(&#39;Framework-Trace-0&#39;);show(&#39;Application-Trace-0&#39;);return false;\">Application Trace</a> |\n"
            "    <a href=\"#\" onclick=\"return false;\">Framework Trace</a> |\n    <a href=\"#\" onclick=\"return false;\">Full Trace</a>\n"
            "    <div id=\"Application-Trace-0\" style=\"display: block;\">\n      <code class=\"traces\">\n%s      </code>\n    </div>\n"
            "    <div id=\"Framework-Trace-0\" style=\"display: none;\">\n      <code class=\"traces\">\n%s      </code>\n    </div>\n  </div>\n</main>\n</body>\n</html>\n"
            % (pick(ENTITIES).capitalize() + "s", block(frames), block(fw)))


def laravel_json():
    q = "select * from `%ss` where `id` = %d limit 1" % (pick(ENTITIES), rng.randint(1, 999))
    doc = {"message": "SQLSTATE[42S02]: Base table or view not found: 1146 Table 'app.%ss' doesn't exist (Connection: mysql, SQL: %s)" % (pick(ENTITIES), q),
           "exception": "Illuminate\\Database\\QueryException",
           "file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line": 822,
           "trace": [{"file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line": 776, "function": "runQueryCallback", "class": "Illuminate\\Database\\Connection", "type": "->"},
                     {"file": "/var/www/html/app/Http/Controllers/OrderController.php", "line": rng.randint(10, 90), "function": "show", "class": "App\\Http\\Controllers\\OrderController", "type": "->"}]}
    return json.dumps(doc, indent=4)


def laravel_whoops():
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Whoops! There was an error.</title></head><body>"
            "<div class=\"Whoops container\"><div class=\"stack-container\"><div class=\"left-panel cf\"><header><div class=\"exception\">"
            "<div class=\"exc-title\"><span class=\"exc-title-primary\">ErrorException</span></div><span id=\"plain-exception\">ErrorException: Undefined array key \"%s\" in file /var/www/html/app/Http/Controllers/%sController.php on line %d\n"
            "#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Foundation/Bootstrap/HandleExceptions.php(255): Illuminate\\Foundation\\Bootstrap\\HandleExceptions-&gt;handleError(2, 'Undefined array...', '/var/www/html/a...', %d)\n"
            "#1 {main}</span></div></header></div></div></div></body></html>" % (pick(FIELDS), pick(ENTITIES).capitalize(), rng.randint(10, 90), rng.randint(10, 90)))


def aspnet_ysod():
    exc, msg = pick(NET_EXC)
    name = exc.split(".")[-1]
    frames = "   %s.Web.Controllers.OrdersController.Details(Int32 id) in C:\\inetpub\\%s\\Controllers\\OrdersController.cs:%d\n   lambda_method(Closure , ControllerBase , Object[] ) +%d\n" % (
        pick(["Acme", "Contoso"]), ident(), rng.randint(10, 200), rng.randint(20, 200))
    return ("<!DOCTYPE html>\n<html>\n    <head>\n        <title>%s</title>\n    </head>\n    <body bgcolor=\"white\">\n"
            "            <span><H1>Server Error in '/' Application.<hr width=100%% size=1 color=silver></H1>\n\n            <h2> <i>%s</i> </h2></span>\n"
            "            <font face=\"Arial, Helvetica, Geneva, SunSans-Regular, sans-serif \">\n            <b> Description: </b>An unhandled exception occurred during the execution of the current web request. Please review the stack trace for more information about the error and where it originated in the code.\n"
            "            <br><br>\n            <b> Exception Details: </b>%s: %s<br><br>\n            <b>Stack Trace:</b> <br><br>\n"
            "            <table width=100%% bgcolor=\"#ffffcc\">\n               <tr>\n                  <td>\n                      <code><pre>\n\n[%s: %s]\n%s</pre></code>\n"
            "                  </td>\n               </tr>\n            </table>\n            <br>\n            <hr width=100%% size=1 color=silver>\n"
            "            <b>Version Information:</b>&nbsp;Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4667.0\n            </font>\n    </body>\n</html>\n"
            % (html_escape(msg), html_escape(msg), exc, html_escape(msg), name, html_escape(msg), html_escape(frames)))


def aspnet_core_page():
    tr = dotnet_trace()
    return ("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\" />\n<title>Internal Server Error</title>\n</head>\n<body>\n"
            "<h1>An unhandled exception occurred while processing the request.</h1>\n<div class=\"titleerror\">%s</div>\n"
            "<ul id=\"header\"><li id=\"stack\" tabindex=\"1\" class=\"selected\">Stack</li><li id=\"query\" tabindex=\"2\">Query</li></ul>\n"
            "<div id=\"stackpage\" class=\"page\"><div class=\"rawExceptionBlock\"><div class=\"showRawException\" data-exceptionDetailId=\"exceptionDetail1\">Show raw exception details</div>\n"
            "<div id=\"exceptionDetail1\" class=\"rawExceptionDetails\"><pre class=\"rawExceptionStackTrace\">%s</pre></div></div></div>\n</body>\n</html>\n"
            % (html_escape(tr.split("\n")[0]), html_escape(tr)))


def whitelabel_with_trace():
    tr = java_trace()
    return ("<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p>"
            "<div id='created'>%s</div><div>There was an unexpected error (type=Internal Server Error, status=500).</div><div style='white-space:pre-wrap;'>%s</div></body></html>"
            % (date(), html_escape(tr)))


def express_dev_page():
    tr = node_trace()
    esc = html_escape(tr).replace("\n", "<br>").replace("  ", " &nbsp;")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>%s</pre>\n</body>\n</html>\n" % esc)


def gen_debug_pages():
    for _ in range(5):
        leak("django-debug", ["debug_page", "stack_trace", "header"], http(500, "text/html; charset=utf-8", django_page(), server="WSGIServer/0.2 CPython/3.11.6"))
    for _ in range(3):
        leak("django-404-debug", ["debug_page"], http(404, "text/html; charset=utf-8", django_404_page()))
    for _ in range(4):
        page, secret = werkzeug_page()
        leak("werkzeug-debugger", ["debug_page", "stack_trace", "header", "secret"], http(500, "text/html; charset=utf-8", page, server="Werkzeug/3.0.1 Python/3.11.6"), [secret])
    for _ in range(4):
        leak("rails-debug", ["debug_page", "stack_trace"], http(500, "text/html; charset=utf-8", rails_page()))
    for _ in range(3):
        leak("laravel-debug-json", ["debug_page", "stack_trace", "database_error"], http(500, "application/json", laravel_json()))
    for _ in range(3):
        leak("laravel-whoops", ["debug_page", "stack_trace"], http(500, "text/html; charset=UTF-8", laravel_whoops()))
    for _ in range(4):
        leak("aspnet-ysod", ["debug_page", "stack_trace", "header"], http(500, "text/html; charset=utf-8", aspnet_ysod(), server="Microsoft-IIS/10.0",
                                                                extra=[("X-AspNet-Version", "4.0.30319"), ("X-Powered-By", "ASP.NET")]))
    for _ in range(3):
        leak("aspnetcore-developer-page", ["debug_page", "stack_trace"], http(500, "text/html; charset=utf-8", aspnet_core_page(), server="Kestrel"))
    for _ in range(4):
        leak("spring-whitelabel-trace", ["debug_page", "stack_trace"], http(500, "text/html;charset=UTF-8", whitelabel_with_trace()))
    for _ in range(4):
        leak("express-dev-error", ["debug_page", "stack_trace"], http(500, "text/html; charset=utf-8", express_dev_page(),
                                                                      extra=[("X-Powered-By", "Express"), ("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff")]))


# ---------------------------------------------------------------------------------------------
# Database errors

def db_messages():
    t = pick(ENTITIES) + "s"
    return [
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s' at line 1" % pick(["'1'' LIMIT 1", "ORDER BY 9--", "\\' OR 1=1"]),
        "Unknown column '%s' in 'where clause'" % pick(FIELDS),
        "Table 'shop.%s' doesn't exist" % t,
        "SQLSTATE[HY000] [2002] Connection refused",
        "SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry 'a@b.c' for key 'users.email'",
        "org.postgresql.util.PSQLException: ERROR: relation \"%s\" does not exist\n  Position: 15" % t,
        "ERROR:  syntax error at or near \"%s\"\nLINE 1: SELECT * FROM %s WHERE id = 1 %s\n" % (pick(["FROM", "WHERE", "'"]), t, pick(["FROM", "'"])),
        "psycopg2.errors.UndefinedColumn: column \"%s\" does not exist\nLINE 1: SELECT %s FROM %s\n" % (pick(FIELDS).lower(), pick(FIELDS).lower(), t),
        "pq: duplicate key value violates unique constraint \"%s_pkey\"" % t,
        "ORA-00933: SQL command not properly ended",
        "ORA-01756: quoted string not properly terminated",
        "ORA-00942: table or view does not exist",
        "Unclosed quotation mark after the character string '%s'.\nIncorrect syntax near '%s'." % (pick(["abc", "1 OR 1=1"]), pick(["abc", "1"])),
        "[Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Invalid object name 'dbo.%s'." % t,
        "System.Data.SqlClient.SqlException (0x80131904): Conversion failed when converting the nvarchar value 'abc' to data type int.",
        "sqlite3.OperationalError: no such table: %s" % t,
        "SQLITE_ERROR: near \"%s\": syntax error" % pick(["FROM", "WHERE", "'"]),
        "SQLITE_CONSTRAINT: UNIQUE constraint failed: %s.email" % t,
        "(sqlite3.IntegrityError) NOT NULL constraint failed: %s.%s\n[SQL: INSERT INTO %s (%s) VALUES (?)]\n(Background on this error at: https://sqlalche.me/e/20/gkpj)" % (t, pick(FIELDS).lower(), t, pick(FIELDS).lower()),
    ]


def gen_database_errors():
    for _ in range(24):
        msg = pick(db_messages())
        form = pick(["json", "json", "text", "html"])
        if form == "json":
            body = json.dumps({pick(["error", "message", "detail"]): msg, "code": pick(["DB_ERROR", "INTERNAL", 500])})
            leak("db-error-json", ["database_error"], http(pick([500, 400, 502]), "application/json", body))
        elif form == "text":
            leak("db-error-text", ["database_error"], maybe_raw(500, "text/plain", msg + "\n"))
        else:
            leak("db-error-html", ["database_error"], http(500, "text/html", "<html><body><h2>Database error</h2><p>%s</p></body></html>" % html_escape(msg)))
    for _ in range(4):
        doc = {"code": "ER_PARSE_ERROR", "errno": 1064, "sqlMessage": "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '' at line 1",
               "sqlState": "42000", "index": 0, "sql": "SELECT * FROM %ss WHERE id = '" % pick(ENTITIES)}
        leak("node-mysql-error", ["database_error"], http(500, "application/json; charset=utf-8", json.dumps(doc)))
    for _ in range(3):
        doc = {"length": 104, "name": "error", "severity": "ERROR", "code": "42P01", "position": "15", "file": "parse_relation.c", "line": "1392", "routine": "parserOpenTable"}
        leak("node-postgres-error", ["database_error"], http(500, "application/json", json.dumps({"error": doc})))
    for _ in range(4):
        tb = python_traceback(extra_frames=['  File "/var/task/psycopg2/extras.py", line 146, in execute\n    return super().execute(query, vars)\n'])
        tb = tb.rsplit("\n", 2)[0] + "\npsycopg2.errors.UndefinedTable: relation \"%ss\" does not exist\nLINE 1: SELECT * FROM %ss\n" % (pick(ENTITIES), pick(ENTITIES))
        leak("python-psycopg-traceback", ["stack_trace", "database_error"], maybe_raw(500, "text/plain", tb))
    for _ in range(3):
        tr = java_trace(caused_by="org.postgresql.util.PSQLException: ERROR: column \"%s\" does not exist" % pick(FIELDS).lower())
        leak("jvm-psql-trace", ["stack_trace", "database_error"], http(500, "text/plain", tr))


# ---------------------------------------------------------------------------------------------
# Internal paths

def gen_internal_paths():
    for _ in range(4):
        p = "/var/task/%s" % pick(["config/prod.json", "templates/invoice.html", "data/rates.csv", "node_modules/.prisma/client/schema.prisma"])
        doc = {"errorType": "Error", "message": "ENOENT: no such file or directory, open '%s'" % p, "code": "ENOENT"}
        leak("enoent-var-task", ["internal_path"], http(500, "application/json", json.dumps(doc)))
    for _ in range(3):
        leak("python-oserror-path", ["internal_path"], http(500, "application/json", json.dumps({"detail": "[Errno 2] No such file or directory: '/var/task/%s'" % pick(["settings.yaml", "model/weights.bin", "certs/ca.pem"])})))
    for _ in range(3):
        leak("opt-layer-path", ["internal_path"], http(502, "application/json", json.dumps({"message": "Cannot find module '/opt/nodejs/node_modules/%s/lib/index.js'" % pick(["sharp", "pg", "aws-xray-sdk-core"])})))
    for _ in range(3):
        leak("windows-path", ["internal_path"], http(500, "application/json", json.dumps({"error": "Could not find file 'C:\\inetpub\\wwwroot\\%s\\App_Data\\%s'." % (ident(), pick(["config.json", "orders.xml", "rates.csv"]))})))
    for _ in range(2):
        leak("home-path", ["internal_path"], http(500, "text/plain", "failed to load /home/%s/app/src/%s.js: permission denied\n" % (pick(["deploy", "ubuntu", "ec2-user"]), pick(["config", "server"]))))


# ---------------------------------------------------------------------------------------------
# Secrets

LAMBDA_ENV_NAMES = ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "LAMBDA_TASK_ROOT",
                    "_HANDLER", "AWS_EXECUTION_ENV", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION"]


def lambda_env(with_creds=True):
    fn = "%s-%s" % (ident(), pick(["api", "worker", "prod-handler"]))
    env = {"AWS_LAMBDA_FUNCTION_NAME": fn, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(pick([128, 512, 1024])),
           "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + fn, "LAMBDA_TASK_ROOT": "/var/task", "_HANDLER": pick(["index.handler", "app.lambda_handler"]),
           "AWS_EXECUTION_ENV": pick(["AWS_Lambda_nodejs20.x", "AWS_Lambda_python3.12"]), "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",
           "AWS_REGION": pick(["us-east-1", "eu-west-1"]), "PATH": "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"}
    secrets = []
    if with_creds:
        kid, sec, tok = aws_key_id("ASIA"), aws_secret(), aws_session_token()
        env.update({"AWS_ACCESS_KEY_ID": kid, "AWS_SECRET_ACCESS_KEY": sec, "AWS_SESSION_TOKEN": tok})
        secrets = [kid, sec, tok]
    keys = list(env)
    rng.shuffle(keys)
    return {k: env[k] for k in keys}, secrets


def gen_secrets():
    for _ in range(6):
        env, secrets = lambda_env(with_creds=rng.random() < 0.7)
        form = pick(["json", "dotenv", "python", "php"])
        if form == "json":
            body = json.dumps({"debug": True, "env": env}, indent=pick([None, 2]))
            leak("env-dump-json", ["secret"], http(200, "application/json", body), secrets)
        elif form == "dotenv":
            leak("env-dump-text", ["secret"], http(200, "text/plain", "".join("%s=%s\n" % kv for kv in env.items())), secrets)
        elif form == "python":
            leak("env-dump-python-repr", ["secret"], http(500, "text/plain", "environ(%r)" % env), secrets)
        else:
            body = "array(%d) {\n" % len(env) + "".join('  ["%s"]=>\n  string(%d) "%s"\n' % (k, len(v), v) for k, v in env.items()) + "}\n"
            leak("env-dump-php-var-dump", ["secret"], http(200, "text/html; charset=UTF-8", body), secrets)
    for _ in range(5):
        kid, sec = aws_key_id(), aws_secret()
        form = pick(["json", "ini", "xml"])
        if form == "json":
            creds = {"AccessKeyId": kid, "SecretAccessKey": sec}
            secrets = [kid, sec]
            if kid.startswith("ASIA"):
                creds["SessionToken"] = aws_session_token()
                creds["Expiration"] = "2026-11-28T18:00:00Z"
                secrets.append(creds["SessionToken"])
            leak("aws-credentials-json", ["secret"], http(200, "application/json", json.dumps({"Credentials": creds})), secrets)
        elif form == "ini":
            leak("aws-credentials-file", ["secret"], maybe_raw(200, "text/plain", "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\nregion = us-east-1\n" % (kid, sec)), [kid, sec])
        else:
            leak("aws-credentials-xml", ["secret"], http(200, "text/xml", "<Credentials>\n  <AccessKeyId>%s</AccessKeyId>\n  <SecretAccessKey>%s</SecretAccessKey>\n</Credentials>\n" % (kid, sec)), [kid, sec])
    for _ in range(3):
        kid = aws_key_id("AKIA")
        leak("aws-key-in-error", ["secret"], http(500, "application/json", json.dumps({"error": "S3 upload failed for key id %s: AccessDenied" % kid})), [kid])
    for _ in range(5):
        body_lines = [b64(48) for _ in range(rng.randint(6, 14))]
        kind = pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
        pem = "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (kind, "\n".join(body_lines), kind)
        material = "".join(body_lines)
        if rng.random() < 0.5:
            leak("private-key-json", ["secret"], http(200, "application/json", json.dumps({"name": "signing-key", "pem": pem})), [material])
        else:
            leak("private-key-text", ["secret"], maybe_raw(200, "text/plain", pem), [material])
    for _ in range(5):
        t = jwt()
        form = pick(["echo", "error", "log"])
        if form == "echo":
            body = json.dumps({"method": "GET", "path": "/debug/request", "headers": {"host": "api.example.com", "authorization": "Bearer " + t, "user-agent": "curl/8.4.0"}})
        elif form == "error":
            body = json.dumps({"error": "token rejected by upstream: " + t})
        else:
            body = "2026-11-28T10:00:01Z DEBUG forwarding with Authorization: Bearer %s\n" % t
        leak("jwt-" + form, ["secret"], http(pick([200, 401, 500]), "application/json" if form != "log" else "text/plain", body), [t])
    vendors = [lambda: "ghp_" + alnum(36), lambda: "sk_live_" + alnum(rng.randint(24, 99)), lambda: "xoxb-%d-%d-%s" % (rng.randint(10**10, 10**11), rng.randint(10**12, 10**13), alnum(24)),
               lambda: "AIza" + alnum(35, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), lambda: "glpat-" + alnum(20)]
    for _ in range(6):
        tok = pick(vendors)()
        name = pick(["GITHUB_TOKEN", "STRIPE_KEY", "SLACK_BOT_TOKEN", "MAPS_KEY", "GITLAB_TOKEN", "integration"])
        leak("vendor-token", ["secret"], http(200, "application/json", json.dumps({"config": {name: tok, "timeout": 30}})), [tok])
    for _ in range(8):
        val = pick([lambda: alnum(rng.randint(14, 32)) + pick(["!", "#", "9", "$"]), lambda: b64(24), lambda: hexstr(32) + "X"])()
        name = pick(["DB_PASSWORD", "DATABASE_PASSWORD", "JWT_SECRET", "API_KEY", "client_secret", "SENDGRID_API_KEY", "redis_password", "APP_SECRET"])
        form = pick(["json", "yaml", "dotenv"])
        if form == "json":
            body = json.dumps({"settings": {"DB_HOST": "db.internal", name: val, "DEBUG": True}}, indent=2)
            ct = "application/json"
        elif form == "yaml":
            body = "database:\n  host: db.internal\n  port: 5432\n%s: %s\n" % (name.lower(), val)
            ct = "text/yaml"
        else:
            body = "APP_ENV=production\n%s=%s\nLOG_LEVEL=info\n" % (name, val)
            ct = "text/plain"
        leak("generic-secret-" + form, ["secret"], maybe_raw(200, ct, body), [val])


# ---------------------------------------------------------------------------------------------
# Leaky headers

def gen_headers():
    bodies = [json.dumps({"items": [], "next": None}), "<html><body><h1>Welcome</h1></body></html>", json.dumps({"ok": True})]
    for server in ["Apache/2.4.41 (Ubuntu)", "nginx/1.18.0", "Microsoft-IIS/10.0", "Apache/2.4.57 (Debian) OpenSSL/3.0.11", "gunicorn/20.1.0"]:
        leak("server-version", ["header"], http(200, "application/json", pick(bodies), server=server))
    for pb in ["PHP/8.1.2", "PHP/7.4.33", "Next.js 14.0.3", "ASP.NET 4.0.30319"]:
        leak("x-powered-by-version", ["header"], http(200, "text/html", pick(bodies), extra=[("X-Powered-By", pb)], server=""))
    for _ in range(2):
        leak("x-aspnet-version", ["header"], http(200, "application/json", pick(bodies), extra=[("X-AspNet-Version", "4.0.30319")], server=""))
    for _ in range(3):
        tok = hexstr(6)
        leak("symfony-debug-token", ["header"], http(200, "application/json", pick(bodies), extra=[("X-Debug-Token", tok), ("X-Debug-Token-Link", "https://api.example.com/_profiler/" + tok)], server=""))
    for _ in range(2):
        leak("x-backend-server", ["header"], http(200, "application/json", pick(bodies), extra=[("X-Backend-Server", "ip-10-0-%d-%d.ec2.internal" % (rng.randint(0, 9), rng.randint(2, 250)))], server=""))


# ---------------------------------------------------------------------------------------------
# Clean samples, many of them near misses

CLEAN = []


def clean(name, data):
    CLEAN.append((name, data))


def product(i):
    return {"id": uuid(), "sku": "SKU-%05d" % rng.randint(0, 99999), "name": pick(["Desk lamp", "Water bottle", "Notebook", "Headphones", "Backpack"]),
            "price": {"amount": rng.randint(199, 99999), "currency": pick(["USD", "EUR"])}, "stock": rng.randint(0, 500),
            "updatedAt": "2026-11-%02dT%02d:%02d:00Z" % (rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))}


def gen_clean():
    for _ in range(8):
        clean("apigw-internal-error", http(pick([500, 502, 503]), "application/json", json.dumps({"message": pick(["Internal server error", "Internal Server Error", "Service Unavailable", "Endpoint request timed out"])}),
                                           extra=[("x-amzn-ErrorType", pick(["InternalServerErrorException", "IntegrationFailure"])), ("x-amz-apigw-id", alnum(16))], server=""))
    for _ in range(8):
        doc = {"type": pick(["about:blank", "https://example.com/probs/out-of-credit", "https://api.example.com/errors/internal"]), "title": pick(["Internal Server Error", "Service Unavailable", "Conflict"]),
               "status": pick([500, 503, 409]), "detail": pick(["An unexpected error occurred. Please retry later.", "The order is already being processed.", "Upstream dependency failed."]),
               "instance": "/orders/%d" % rng.randint(1, 9999), "traceId": "00-%s-%s-01" % (hexstr(32), hexstr(16))}
        clean("problem-json", http(doc["status"], "application/problem+json", json.dumps(doc)))
    for _ in range(8):
        doc = {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "One or more validation errors occurred.", "status": 400,
               "errors": {pick(["Email", "Password", "Quantity"]): [pick(["The Email field is not a valid e-mail address.", "The field Password must be a string with a minimum length of 12.", "Quantity must be between 1 and 99."])]}}
        form = pick(["aspnet", "rails", "joi"])
        if form == "rails":
            doc = {"errors": {"password": ["is too short (minimum is 12 characters)"], "email": ["is invalid", "has already been taken"]}}
        elif form == "joi":
            doc = {"statusCode": 400, "error": "Bad Request", "message": "\"quantity\" must be a number", "validation": {"source": "payload", "keys": ["quantity"]}}
        clean("validation-error", http(pick([400, 422]), "application/json", json.dumps(doc)))
    prose = ["When an exception is raised inside a handler, the runtime records the stack trace in CloudWatch Logs and returns a generic error to the caller.",
             "Our SDK now surfaces the underlying exception type, so you no longer need to parse the stack to find out what went wrong.",
             "Tip: a stack overflow usually means unbounded recursion; check the base case first.",
             "Exceptions are for exceptional conditions. Do not use them for control flow; the stack unwinding is expensive.",
             "If you see an internal error, retry with exponential backoff. Persistent errors should be reported with the request id."]
    for _ in range(8):
        paras = "".join("<p>%s</p>\n" % pick(prose) for _ in range(rng.randint(2, 5)))
        clean("prose-exceptions", http(200, "text/html; charset=utf-8", "<!doctype html><html><head><title>Handling errors</title></head><body><article><h1>Handling errors in your functions</h1>\n%s</article></body></html>" % paras))
    for _ in range(7):
        js = ("!function(e){\"use strict\";var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}"
              "n.d=function(e,t,r){n.o(e,t)||Object.defineProperty(e,t,{enumerable:!0,get:r})};function a(e){if(null==e)throw new TypeError(\"Cannot read properties of undefined\");"
              "try{return JSON.parse(e)}catch(t){console.error(\"SyntaxError: Unexpected token in JSON at position \"+t.at);throw new Error(\"internal error\")}}"
              "var s=function(e){return e.stack?e.stack.split(\"\\n    at \").slice(1):[]};window.__APP__={version:\"%s\",build:\"%s\"}}([]);\n//# sourceMappingURL=main.%s.js.map\n" % ("1.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30)), hexstr(40), hexstr(8)))
        clean("minified-js", http(200, "application/javascript; charset=utf-8", js, extra=[("Cache-Control", "public, max-age=31536000, immutable")]))
    for _ in range(4):
        css = ".error{color:#b00020}.stack{display:flex;flex-direction:column}.exception-banner{background:url(data:image/png;base64,%s)}\n" % b64(120)
        clean("minified-css", http(200, "text/css", css))
    for _ in range(8):
        clean("uuid-list", http(200, "application/json", json.dumps({"items": [product(i) for i in range(rng.randint(3, 12))], "count": 12, "requestId": uuid()})))
    for _ in range(6):
        commits = [{"sha": hexstr(40), "author": pick(["alice", "bob", "carol"]), "message": pick(["fix: handle missing id", "feat: add pagination", "chore: bump deps"]), "tree": {"sha": hexstr(40)}} for _ in range(rng.randint(2, 6))]
        clean("commit-hashes", http(200, "application/json", json.dumps(commits, indent=2)))
    for _ in range(6):
        clean("base64-blob", http(200, "application/json", json.dumps({"id": uuid(), "thumbnail": "data:image/png;base64," + b64(rng.randint(300, 3000)), "etag": "\"%s\"" % hexstr(32)})))
    for _ in range(5):
        cursor = base64.b64encode(json.dumps({"lastKey": {"pk": "ORDER#%d" % rng.randint(1, 9999), "sk": "2026-11-01"}, "ts": 1795000000}).encode()).decode()
        clean("pagination-token", http(200, "application/json", json.dumps({"items": [product(0)], "nextToken": cursor, "next_page_token": alnum(40)})))
    docs = ["<p>For example, the access key ID <code>AKIAIOSFODNN7EXAMPLE</code> and the secret access key <code>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</code>.</p>",
            "<pre>export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport AWS_DEFAULT_REGION=us-west-2</pre>",
            "<pre>[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</pre>",
            "<p>Set <code>DB_PASSWORD=&lt;your-password&gt;</code> and <code>API_KEY=${API_KEY}</code> in your environment; never commit them.</p>",
            "<p>Use the test key <code>sk_test_%s</code> in development.</p>" % alnum(24)]
    for _ in range(7):
        clean("doc-example-keys", http(200, "text/html; charset=utf-8", "<html><body><h1>Configuring credentials</h1>%s</body></html>" % "".join(rng.sample(docs, 2))))
    for _ in range(7):
        doc = {"access_token": jwt(), "token_type": "Bearer", "expires_in": 3600, "refresh_token": alnum(48), "scope": "openid profile"}
        if rng.random() < 0.5:
            doc["id_token"] = jwt({"iss": "https://auth.example.com", "aud": "app", "sub": uuid(), "exp": 1795003600})
        clean("oauth-token-response", http(200, "application/json", json.dumps(doc), extra=[("Cache-Control", "no-store"), ("Pragma", "no-cache")]))
    for _ in range(4):
        clean("login-token", http(200, "application/json", json.dumps({"token": jwt(), "user": {"id": uuid(), "name": pick(["Ada", "Linus", "Grace"])}})))
    for _ in range(5):
        page = ("<!doctype html><html><head><meta name=\"csrf-param\" content=\"authenticity_token\" /><meta name=\"csrf-token\" content=\"%s\" /></head><body>"
                "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf_token\" value=\"%s\"><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label>"
                "<button>Sign in</button></form></body></html>" % (b64(48), b64(32)))
        clean("login-form-csrf", http(200, "text/html; charset=utf-8", page, extra=[("Set-Cookie", "session=%s; Path=/; HttpOnly; Secure; SameSite=Lax" % jwt())]))
    clean_pages = [
        ("spring-whitelabel-no-trace", 500, "text/html;charset=UTF-8", "<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div id='created'>%s</div><div>There was an unexpected error (type=Internal Server Error, status=500).</div></body></html>" % date()),
        ("express-production-error", 500, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n"),
        ("django-production-500", 500, "text/html", "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"),
        ("nginx-502", 502, "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"),
        ("cloudfront-error", 403, "text/html", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\"><HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\"><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2><HR noshade size=\"1px\">Request blocked.<BR clear=\"all\"><HR noshade size=\"1px\"><PRE>Generated by cloudfront (CloudFront)\nRequest ID: %s\n</PRE></BODY></HTML>" % alnum(56)),
        ("aspnet-custom-error", 500, "text/html", "<!DOCTYPE html><html><head><title>Error</title></head><body><h1 class=\"text-danger\">Error.</h1><h2 class=\"text-danger\">An error occurred while processing your request.</h2><p><strong>Request ID:</strong> <code>00-%s-%s-00</code></p><h3>Development Mode</h3><p>Swapping to the <strong>Development</strong> environment displays detailed information about the error that occurred.</p></body></html>" % (hexstr(32), hexstr(16))),
    ]
    for name, status, ctype, body in clean_pages:
        for _ in range(3):
            clean(name, http(status, ctype, body))
    for _ in range(5):
        clean("health-check", http(200, "application/json", json.dumps({"status": "ok", "version": "2.%d.%d" % (rng.randint(0, 9), rng.randint(0, 40)), "commit": hexstr(40), "uptimeSeconds": rng.randint(10, 10**6)})))
    for _ in range(4):
        clean("secret-metadata", http(200, "application/json", json.dumps({"ARN": "arn:aws:secretsmanager:us-east-1:%d:secret:prod/%s/db-%s" % (rng.randint(10**11, 10**12 - 1), ident(), alnum(6)),
                                                                          "Name": "prod/%s/db" % ident(), "VersionId": uuid(), "SecretVersionsToStages": {uuid(): ["AWSCURRENT"]}, "RotationEnabled": True, "LastRotatedDate": 1795000000.1})))
    for _ in range(4):
        der = b64(rng.randint(200, 300))
        pem = "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (("PUBLIC KEY",) + ("\n".join(der[i:i + 64] for i in range(0, len(der), 64)),) + ("PUBLIC KEY",)) if rng.random() < 0.5 else \
            "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % "\n".join(der[i:i + 64] for i in range(0, len(der), 64))
        clean("public-key-or-cert", http(200, "application/json", json.dumps({"kid": alnum(12), "pem": pem})))
    for _ in range(3):
        rows = "".join("<tr><td><code>%s</code></td><td>%s</td></tr>" % (n, d) for n, d in [
            ("_HANDLER", "The handler location configured on the function."), ("AWS_EXECUTION_ENV", "The runtime identifier, prefixed by AWS_Lambda_."),
            ("AWS_LAMBDA_FUNCTION_NAME", "The name of the function."), ("LAMBDA_TASK_ROOT", "The path to your Lambda function code."),
            ("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN", "The access keys obtained from the function's execution role.")])
        clean("doc-lambda-env-table", http(200, "text/html", "<html><body><h1>Defined runtime environment variables</h1><table>%s</table></body></html>" % rows))
    for _ in range(4):
        clean("password-policy", http(200, "application/json", json.dumps({"password_min_length": 12, "password_requires_symbol": True, "password_expires_days": 90,
                                                                          "api_key_last4": str(rng.randint(1000, 9999)), "token_ttl_seconds": 3600, "password": "********", "client_secret": "••••••••"})))
    for _ in range(4):
        clean("graphql-error", http(200, "application/json", json.dumps({"errors": [{"message": "Cannot query field \"%s\" on type \"Query\"." % pick(FIELDS), "locations": [{"line": rng.randint(1, 9), "column": rng.randint(1, 30)}],
                                                                                   "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}], "data": None})))
    for _ in range(4):
        clean("s3-error-xml", http(pick([403, 404]), "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message><Key>%s/%s.json</Key><RequestId>%s</RequestId><HostId>%s</HostId></Error>"
                                   % (pick(["NoSuchKey", "AccessDenied"]), pick(["The specified key does not exist.", "Access Denied"]), ident(), uuid(), alnum(16, "ABCDEF0123456789"), b64(57)), server="AmazonS3"))
    for _ in range(4):
        clean("dynamodb-error", http(400, "application/x-amz-json-1.0", json.dumps({"__type": pick(["com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"]),
                                                                                   "message": pick(["Requested resource not found", "The conditional request failed"])})))
    for _ in range(4):
        clean("spring-error-no-trace", http(500, "application/json", json.dumps({"timestamp": "2026-11-28T10:15:30.000+00:00", "status": 500, "error": "Internal Server Error", "path": "/api/%ss" % pick(ENTITIES)})))
    for _ in range(4):
        clean("not-found-json", http(404, "application/json", json.dumps({"error": "not_found", "message": "%s %d not found" % (pick(ENTITIES).capitalize(), rng.randint(1, 9999)), "requestId": uuid()})))
    for _ in range(4):
        clean("rate-limited", http(429, "application/json", json.dumps({"message": "Too Many Requests"}), extra=[("Retry-After", str(rng.randint(1, 60)))]))
    for _ in range(4):
        rows = "\n".join("%s,%s,%d,%s" % (uuid(), pick(ENTITIES), rng.randint(1, 500), pick(["paid", "refunded", "pending"])) for _ in range(rng.randint(5, 30)))
        clean("csv-export", http(200, "text/csv", "id,type,amount,status\n" + rows + "\n", extra=[("Content-Disposition", "attachment; filename=\"export.csv\"")]))
    for _ in range(4):
        logs = [{"timestamp": "2026-11-28T10:%02d:00Z" % rng.randint(0, 59), "level": pick(["info", "warn", "error"]), "message": pick(["payment declined by issuer", "retrying upstream call", "order created", "cache miss"]), "requestId": uuid()} for _ in range(6)]
        clean("log-search", http(200, "application/json", json.dumps({"events": logs})))
    for _ in range(3):
        clean("server-no-version", http(200, "application/json", json.dumps({"ok": True}), server=pick(["nginx", "cloudflare", "awselb/2.0", "Microsoft-Azure-Application-Gateway/v2"]), extra=[("X-Powered-By", pick(["Express", "Next.js"]))]))
    for _ in range(4):
        clean("rss-feed", http(200, "application/rss+xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Changelog</title>%s</channel></rss>" %
                               "".join("<item><title>Release 2.%d</title><guid>%s</guid><description>Fixed a crash when the stack was empty; improved error messages.</description></item>" % (i, uuid()) for i in range(4))))


# ---------------------------------------------------------------------------------------------

def main():
    gen_stack_traces()
    gen_debug_pages()
    gen_database_errors()
    gen_internal_paths()
    gen_secrets()
    gen_headers()
    gen_clean()
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    rows = []
    for i, (name, families, data, secrets) in enumerate(LEAKS):
        fname = "leak-%03d-%s.http" % (i, name)
        with open(os.path.join(OUT, fname), "wb") as f:
            f.write(data)
        rows.append("%s\t%s\t%s" % (fname, ",".join(families), "|".join(secrets)))
    for i, (name, data) in enumerate(CLEAN):
        fname = "clean-%03d-%s.http" % (i, name)
        with open(os.path.join(OUT, fname), "wb") as f:
            f.write(data)
        rows.append("%s\t-\t" % fname)
    with open(os.path.join(HERE, "labels.tsv"), "w") as f:
        f.write("# file\tfamilies\tsecrets (generated by generate.py; do not edit by hand)\n")
        f.write("\n".join(rows) + "\n")
    print("leaking: %d, clean: %d" % (len(LEAKS), len(CLEAN)))


if __name__ == "__main__":
    main()
