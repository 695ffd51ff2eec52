#!/usr/bin/env python3
"""Generator for the heldout2 leak corpus (walletfuzz).

Written from public documentation / issue threads describing the real output
formats (see README.md).  The writer did NOT read the detector rules.
Run:  python3 make_heldout2.py   (writes *.http next to this file and the two
label files one directory up).  Output is deterministic.
"""
import json, os, random, base64, html

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(4711)          # content randomness (fixed)
SPLIT_SEED = 20261204            # label split seed required by the brief

ITEMS = []   # (name, category, families, note, leaking)


def http(status, headers, body, reason=None):
    reasons = {200: "OK", 201: "Created", 400: "Bad Request", 404: "Not Found",
               500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
               504: "Gateway Timeout", 403: "Forbidden", 422: "Unprocessable Entity"}
    if isinstance(body, (dict, list)):
        style = R.random()   # vary serialisation: compact, default, pretty
        if style < 0.45:
            body = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        elif style < 0.8:
            body = json.dumps(body, ensure_ascii=False)
        else:
            body = json.dumps(body, indent=2, ensure_ascii=(style > 0.9))
    b = body.encode("utf-8")
    lines = ["HTTP/1.1 %d %s" % (status, reason or reasons.get(status, "OK"))]
    hdr = list(headers)
    if not any(k.lower() == "content-length" for k, _ in hdr):
        hdr.append(("Content-Length", str(len(b))))
    for k, v in hdr:
        lines.append("%s: %s" % (k, v))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + b


def add(name, category, families, note, status, headers, body, reason=None):
    leaking = families != "-"
    with open(os.path.join(HERE, name + ".http"), "wb") as f:
        f.write(http(status, headers, body, reason))
    ITEMS.append((name + ".http", category, families, note, leaking))


# ---------------------------------------------------------------- fillers
def hexid(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def uuid():
    return "%s-%s-%s-%s-%s" % (hexid(8), hexid(4), "4" + hexid(3), R.choice("89ab") + hexid(3), hexid(12))


def date():
    return "Thu, 03 Dec 2026 %02d:%02d:%02d GMT" % (R.randint(8, 15), R.randint(0, 59), R.randint(0, 59))


def apigw_headers(ctype="application/json"):
    return [("Date", date()), ("Content-Type", ctype), ("Connection", "keep-alive"),
            ("x-amzn-RequestId", uuid()), ("x-amz-apigw-id", "%s=" % "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(15))),
            ("X-Amzn-Trace-Id", "Root=1-%s-%s;Sampled=0" % (hexid(8), hexid(24)))]


def furl_headers(ctype="application/json"):
    return [("Date", date()), ("Content-Type", ctype), ("Connection", "keep-alive"),
            ("x-amzn-RequestId", uuid()), ("X-Amzn-Trace-Id", "Root=1-%s-%s;Parent=%s;Sampled=0;Lineage=1:%s:0" % (hexid(8), hexid(24), hexid(16), hexid(8)))]


def invoke_headers(err="Unhandled"):
    h = [("Date", date()), ("Content-Type", "application/json"), ("Connection", "keep-alive"),
         ("x-amzn-RequestId", uuid()), ("X-Amz-Executed-Version", "$LATEST")]
    if err:
        h.append(("X-Amz-Function-Error", err))
    h.append(("x-amzn-Remapped-Content-Length", "0"))
    h.append(("X-Amzn-Trace-Id", "root=1-%s-%s;sampled=0" % (hexid(8), hexid(24))))
    return h


def cf_headers(ctype="text/html; charset=utf-8"):
    return [("Content-Type", ctype), ("Connection", "keep-alive"), ("Date", date()),
            ("Cache-Control", "no-cache"), ("X-Cache", "Error from cloudfront"),
            ("Via", "1.1 %s.cloudfront.net (CloudFront)" % hexid(32)),
            ("X-Amz-Cf-Pop", R.choice(["FRA56-P3", "IAD89-C1", "NRT57-P2", "LHR61-P4"])),
            ("X-Amz-Cf-Id", base64.urlsafe_b64encode(os.urandom(0) + bytes(R.randrange(256) for _ in range(42))).decode())]


WORDS = ("alpine merino recycled weatherproof insulated lightweight trail summit breathable "
         "organic canvas waxed heritage urban commuter packable thermal ripstop ergonomic "
         "stainless ceramic walnut oak linen cotton handmade artisan compact modular "
         "adjustable reversible quilted seamless durable vintage minimalist classic").split()
NOUNS = ("jacket backpack mug kettle lamp blanket scarf beanie sneaker boot tote wallet "
         "notebook pen planter chair stool rug tumbler bottle glove vest hoodie tee").split()
CITIES = ["Lisbon", "Osaka", "Tallinn", "Porto", "Austin", "Leeds", "Graz", "Kraków", "Quebec", "Busan", "Recife", "Dunedin"]
FIRST = ["Ana", "Bram", "Chioma", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ikaika", "Jonas", "Keiko", "Luis", "Maja", "Nikhil", "Oona", "Pavel", "Rosa", "Sven", "Tariq", "Ursula", "Vera", "Wen", "Yusuf", "Zoe"]
LAST = ["Silva", "Okafor", "Tanaka", "Novak", "Schmidt", "Haddad", "Kowalski", "Lindqvist", "Moreau", "Ibarra", "Petrov", "Nguyen", "Fischer", "Costa", "Kaur"]


def sentence(n=None):
    n = n or R.randint(8, 18)
    w = [R.choice(WORDS + NOUNS + ["the", "and", "with", "for", "a", "of", "to", "in", "our", "your"]) for _ in range(n)]
    s = " ".join(w)
    return s[0].upper() + s[1:] + "."


def para(k=None):
    return " ".join(sentence() for _ in range(k or R.randint(3, 6)))


def person():
    return "%s %s" % (R.choice(FIRST), R.choice(LAST))


def product(i):
    name = "%s %s %s" % (R.choice(WORDS).title(), R.choice(WORDS).title(), R.choice(NOUNS).title())
    return {
        "sku": "SKU-%05d" % (10000 + i * 7 + R.randint(0, 6)),
        "name": name,
        "slug": name.lower().replace(" ", "-"),
        "price": {"amount": R.randint(900, 34900), "currency": R.choice(["EUR", "USD", "GBP"])},
        "inStock": R.random() > 0.2,
        "rating": round(R.uniform(3.1, 5.0), 1),
        "reviews": R.randint(0, 940),
        "tags": R.sample(WORDS, 3),
        "description": para(2),
        "images": ["https://cdn.example-shop.com/img/%s/%d.webp" % (hexid(10), k) for k in range(R.randint(1, 3))],
    }


def products(n, start=0):
    return [product(start + i) for i in range(n)]


def order(i):
    return {"orderId": "ORD-%07d" % (4400000 + i * 13), "customer": person(), "city": R.choice(CITIES),
            "total": round(R.uniform(10, 900), 2), "status": R.choice(["PAID", "SHIPPED", "DELIVERED", "PENDING"]),
            "lines": [{"sku": "SKU-%05d" % R.randint(10000, 19999), "qty": R.randint(1, 4)} for _ in range(R.randint(1, 4))],
            "createdAt": "2026-11-%02dT%02d:%02d:%02dZ" % (R.randint(1, 30), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))}


CSS = """
:root{--brand:#1f6f5c;--ink:#1d2327;--muted:#6b7780;--bg:#fbfaf7}
*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header.site{background:var(--brand);color:#fff;padding:14px 32px;display:flex;gap:24px;align-items:center}
header.site a{color:#fff;text-decoration:none;opacity:.9}main{max-width:1080px;margin:24px auto;padding:0 24px}
.card{background:#fff;border:1px solid #e4e1da;border-radius:10px;padding:18px;margin:14px 0}
footer{color:var(--muted);font-size:14px;padding:32px;border-top:1px solid #e4e1da;margin-top:48px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:16px}
"""


def themed_page(title, inner, brand="Northwind Outfitters", nprod=0, lang="en", extra_head=""):
    nav = "".join('<a href="/%s">%s</a>' % (x.lower(), x) for x in ["Shop", "Journal", "Stores", "Help", "Account"])
    cards = ""
    if nprod:
        cards = '<section class="grid">' + "".join(
            '<article class="card"><img src="%s" alt="" loading="lazy"><h3>%s</h3><p>%s</p><p class="price">%.2f</p></article>'
            % (p["images"][0], html.escape(p["name"]), html.escape(p["description"]), p["price"]["amount"] / 100)
            for p in products(nprod)) + "</section>"
    return ("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>%s | %s</title>\n<style>%s</style>%s\n</head>\n<body>\n<header class=\"site\"><strong>%s</strong><nav>%s</nav></header>\n<main>\n%s\n%s\n</main>\n"
            "<footer><p>&copy; 2026 %s &middot; <a href=\"/privacy\">Privacy</a> &middot; <a href=\"/terms\">Terms</a></p></footer>\n"
            "<script src=\"/static/js/app.%s.js\" defer></script>\n</body>\n</html>\n") % (
        lang, html.escape(title), brand, CSS, extra_head, brand, nav, inner, cards, brand, hexid(8))


def big_catalog_json(n, inject_path=None):
    return {"page": 1, "pageSize": n, "total": n * 17, "items": products(n)}


# =====================================================================
# LEAKING: Lambda runtime error objects
# =====================================================================
def leak_lambda():
    C = "lambda_runtime"
    rid = uuid()
    add("lambda_node20_invoke_typeerror", C, "stack_trace,internal_path",
        "Node.js 20 runtime error object from direct Invoke (X-Amz-Function-Error: Unhandled), trace[] with /var/task paths",
        200, invoke_headers(), {
            "errorType": "TypeError",
            "errorMessage": "Cannot read properties of undefined (reading 'customerId')",
            "trace": [
                "TypeError: Cannot read properties of undefined (reading 'customerId')",
                "    at buildInvoice (file:///var/task/src/billing/invoice.mjs:88:34)",
                "    at Runtime.handler (file:///var/task/index.mjs:27:19)",
                "    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"]})

    add("lambda_node_unhandled_rejection_furl", C, "stack_trace,internal_path",
        "Runtime.UnhandledPromiseRejection object with nested reason.stack, relayed as 200 by a proxy Lambda behind a Function URL",
        200, furl_headers(), {
            "ok": False,
            "upstream": "pricing-engine-prod",
            "result": {
                "errorType": "Runtime.UnhandledPromiseRejection",
                "errorMessage": "Error: connect ETIMEDOUT 10.20.4.117:6379",
                "reason": {"errorType": "Error", "errorMessage": "connect ETIMEDOUT 10.20.4.117:6379",
                           "code": "ETIMEDOUT", "errno": -110, "syscall": "connect", "address": "10.20.4.117", "port": 6379,
                           "stack": ["Error: connect ETIMEDOUT 10.20.4.117:6379",
                                     "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)"]},
                "promise": {},
                "stack": ["Runtime.UnhandledPromiseRejection: Error: connect ETIMEDOUT 10.20.4.117:6379",
                          "    at process.<anonymous> (file:///var/runtime/index.mjs:1276:17)",
                          "    at process.emit (node:events:519:28)",
                          "    at emit (node:internal/process/promises:150:20)",
                          "    at processPromiseRejections (node:internal/process/promises:284:27)",
                          "    at process.processTicksAndRejections (node:internal/process/task_queues:96:32)"]}})

    add("lambda_runtime_exit_error_invoke", C, "debug_page",
        "Runtime.ExitError object returned verbatim to the client by an orchestration endpoint (no frames, but runtime internals/request id)",
        502, apigw_headers(), {
            "jobId": "exp-%s" % hexid(12), "state": "FAILED",
            "failure": {"errorType": "Runtime.ExitError",
                        "errorMessage": "RequestId: %s Error: Runtime exited with error: signal: killed" % rid}})

    add("lambda_python312_invoke_keyerror", C, "stack_trace,internal_path",
        "Python runtime error object (errorMessage/errorType/requestId/stackTrace strings) via direct Invoke",
        200, invoke_headers(), {
            "errorMessage": "'userId'",
            "errorType": "KeyError",
            "requestId": rid,
            "stackTrace": [
                "  File \"/var/task/app.py\", line 41, in lambda_handler\n    profile = load_profile(event[\"pathParameters\"][\"userId\"])\n"]})

    add("lambda_python_nonproxy_200", C, "stack_trace,internal_path",
        "API Gateway non-proxy (custom) integration mapping the Python error object into a 200 body",
        200, apigw_headers(), {
            "errorMessage": "An error occurred (ConditionalCheckFailedException) when calling the PutItem operation: The conditional request failed",
            "errorType": "ConditionalCheckFailedException",
            "requestId": uuid(),
            "stackTrace": [
                "  File \"/var/task/handlers/reserve.py\", line 73, in handler\n    table.put_item(Item=item, ConditionExpression=\"attribute_not_exists(pk)\")\n",
                "  File \"/var/lang/lib/python3.12/site-packages/boto3/resources/factory.py\", line 581, in do_action\n    response = action(self, *args, **kwargs)\n",
                "  File \"/var/lang/lib/python3.12/site-packages/boto3/resources/action.py\", line 88, in __call__\n    response = getattr(parent.meta.client, operation_name)(*args, **params)\n",
                "  File \"/var/lang/lib/python3.12/site-packages/botocore/client.py\", line 1023, in _make_api_call\n    raise error_class(parsed_response, operation_name)\n"]})

    # Go: lambdaPanicResponse frames
    frames = [
        {"path": "github.com/aws/aws-lambda-go@v1.47.0/lambda/errors.go", "line": 39, "label": "lambdaPanicResponse"},
        {"path": "github.com/aws/aws-lambda-go@v1.47.0/lambda/invoke_loop.go", "line": 122, "label": "callBytesHandlerFunc.func1"},
        {"path": "runtime/panic.go", "line": 770, "label": "gopanic"},
        {"path": "runtime/panic.go", "line": 261, "label": "panicmem"},
        {"path": "runtime/signal_unix.go", "line": 881, "label": "sigpanic"},
        {"path": "github.com/acme-logistics/tracking/internal/shipment/service.go", "line": 214, "label": "(*Service).Resolve"},
        {"path": "github.com/acme-logistics/tracking/cmd/api/main.go", "line": 58, "label": "handle"},
        {"path": "reflect/value.go", "line": 596, "label": "Value.call"},
        {"path": "reflect/value.go", "line": 380, "label": "Value.Call"},
        {"path": "github.com/aws/aws-lambda-go@v1.47.0/lambda/handler.go", "line": 361, "label": "reflectHandler.func2"},
    ]
    add("lambda_go_panic_frames_invoke", C, "stack_trace",
        "aws-lambda-go lambdaPanicResponse: errorType runtimeError, stackTrace as array of {path,line,label} frame objects",
        200, invoke_headers(), {"errorMessage": "runtime error: invalid memory address or nil pointer dereference",
                                "errorType": "runtimeError", "stackTrace": frames})

    add("lambda_java21_invoke_npe", C, "stack_trace",
        "Java runtime error object: stackTrace array of 'class.method(File.java:N)' strings plus cause",
        200, invoke_headers(), {
            "errorMessage": "Cannot invoke \"com.northwind.orders.model.Address.getPostcode()\" because \"address\" is null",
            "errorType": "java.lang.NullPointerException",
            "stackTrace": [
                "com.northwind.orders.shipping.RateCalculator.quote(RateCalculator.java:112)",
                "com.northwind.orders.handler.QuoteHandler.handleRequest(QuoteHandler.java:57)",
                "com.northwind.orders.handler.QuoteHandler.handleRequest(QuoteHandler.java:24)",
                "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(Unknown Source)",
                "java.base/java.lang.reflect.Method.invoke(Unknown Source)"]})

    add("lambda_dotnet8_apigw_wrapped", C, "stack_trace,internal_path",
        ".NET Lambda error object (stackTrace 'at ... in /src/...cs:line N', lambda_method frame) wrapped by custom 500 handler",
        500, apigw_headers(), {
            "message": "Unhandled error in FunctionHandler",
            "lambdaError": {
                "errorType": "InvalidOperationException",
                "errorMessage": "Sequence contains no matching element",
                "stackTrace": [
                    "at System.Linq.ThrowHelper.ThrowNoMatchException()",
                    "at System.Linq.Enumerable.First[TSource](IEnumerable`1 source, Func`2 predicate)",
                    "at Contoso.Loyalty.Api.PointsFunction.FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context) in /src/Contoso.Loyalty.Api/PointsFunction.cs:line 66",
                    "at lambda_method1(Closure, Stream, ILambdaContext, Stream)",
                    "at Amazon.Lambda.RuntimeSupport.HandlerWrapper.<>c__DisplayClass8_0.<GetHandlerWrapper>b__0(InvocationRequest invocation)",
                    "at Amazon.Lambda.RuntimeSupport.LambdaBootstrap.InvokeOnceAsync(CancellationToken cancellationToken)"]}})

    add("lambda_ruby33_furl", C, "stack_trace,internal_path",
        "Ruby runtime error object (errorType Function<NoMethodError>, stackTrace /var/task/*.rb) returned through Function URL",
        502, furl_headers(), {
            "errorMessage": "undefined method `fetch' for nil",
            "errorType": "Function<NoMethodError>",
            "stackTrace": ["/var/task/lib/newsletter/subscriber.rb:22:in `normalize'",
                           "/var/task/lambda_function.rb:14:in `lambda_handler'"]})

    add("lambda_node_import_module_error", C, "stack_trace,internal_path",
        "Runtime.ImportModuleError with Require stack listing /var/task and /var/runtime files",
        502, apigw_headers(), {
            "errorType": "Runtime.ImportModuleError",
            "errorMessage": "Error: Cannot find module 'pg-native'\nRequire stack:\n- /var/task/node_modules/pg/lib/native/client.js\n- /var/task/node_modules/pg/lib/native/index.js\n- /var/task/node_modules/pg/lib/index.js\n- /var/task/db.js\n- /var/task/index.js\n- /var/runtime/index.mjs",
            "trace": ["Runtime.ImportModuleError: Error: Cannot find module 'pg-native'",
                      "Require stack:", "- /var/task/node_modules/pg/lib/native/client.js", "- /var/task/db.js",
                      "- /var/task/index.js", "- /var/runtime/index.mjs",
                      "    at _loadUserApp (file:///var/runtime/index.mjs:1087:17)",
                      "    at async UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1119:21)",
                      "    at async start (file:///var/runtime/index.mjs:1282:23)",
                      "    at async file:///var/runtime/index.mjs:1288:1"]})

    # Step Functions style: Python error object escaped into one string ("Cause")
    cause = json.dumps({"errorMessage": "division by zero", "errorType": "ZeroDivisionError", "requestId": uuid(),
                        "stackTrace": ["  File \"/var/task/score.py\", line 19, in handler\n    ratio = wins / played\n"]})
    add("lambda_sfn_cause_escaped", C, "stack_trace,internal_path",
        "Execution-status API returns Step Functions Error/Cause; Cause is the Python Lambda error object escaped into one string",
        200, apigw_headers(), {"executionArn": "arn:aws:states:eu-west-1:%d:execution:LeagueTables:%s" % (R.randint(10**11, 10**12 - 1), uuid()),
                               "status": "FAILED", "startDate": "2026-12-03T09:12:44.120Z", "stopDate": "2026-12-03T09:12:45.002Z",
                               "error": "ZeroDivisionError", "cause": cause})

    # Powertools for AWS Lambda (Python) debug mode -> text/plain traceback
    tb = ("Traceback (most recent call last):\n"
          "  File \"/opt/python/aws_lambda_powertools/event_handler/api_gateway.py\", line 2042, in _call_route\n"
          "    route.handler(self._current_event, self.context)\n"
          "  File \"/opt/python/aws_lambda_powertools/event_handler/api_gateway.py\", line 416, in __call__\n"
          "    return self._middleware_stack(app)\n"
          "  File \"/var/task/routes/coupons.py\", line 58, in redeem\n"
          "    coupon = repo.get(code)[\"value\"]\n"
          "TypeError: 'NoneType' object is not subscriptable\n")
    add("lambda_powertools_debug_traceback", C, "stack_trace,internal_path",
        "Powertools APIGatewayRestResolver(debug=True) 500 text/plain traceback",
        500, apigw_headers("text/plain"), tb)

    # Middy custom onError serialising error.stack
    add("lambda_middy_onerror_stack", C, "stack_trace,internal_path",
        "Middy-wrapped handler whose custom onError middleware serialises error.stack into the JSON body",
        500, apigw_headers(), {
            "statusCode": 500, "error": "ValidationError",
            "message": "\"quantity\" must be a positive integer",
            "stack": "ValidationError: \"quantity\" must be a positive integer\n    at Object.validate (/var/task/src/schemas/cart.js:31:11)\n    at Object.before (/var/task/node_modules/@middy/validator/index.js:47:17)\n    at runMiddlewares (/var/task/node_modules/@middy/core/index.js:160:23)\n    at runRequest (/var/task/node_modules/@middy/core/index.js:114:9)"})

    # serverless-http + Express dev finalhandler
    pre = ("Error: ER_DUP_ENTRY: Duplicate entry &#39;ana.silva@example.org&#39; for key &#39;users.email_UNIQUE&#39;<br> &nbsp; &nbsp;at Sequence._packetToError (/var/task/node_modules/mysql/lib/protocol/sequences/Sequence.js:47:14)"
           "<br> &nbsp; &nbsp;at Query.ErrorPacket (/var/task/node_modules/mysql/lib/protocol/sequences/Query.js:79:18)"
           "<br> &nbsp; &nbsp;at Protocol._parsePacket (/var/task/node_modules/mysql/lib/protocol/Protocol.js:291:23)"
           "<br> &nbsp; &nbsp;at /var/task/src/routes/signup.js:44:9")
    add("lambda_serverless_http_express_dev", C, "stack_trace,database_error,internal_path",
        "serverless-http + Express with NODE_ENV unset: finalhandler dev HTML <pre> with stack and MySQL ER_DUP_ENTRY",
        500, apigw_headers("text/html; charset=utf-8") + [("X-Powered-By", "Express"), ("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff")],
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>%s</pre>\n</body>\n</html>\n" % pre)

    # Mangum + FastAPI(debug=True): Starlette ServerErrorMiddleware plain-text traceback
    tb2 = ("Traceback (most recent call last):\n"
           "  File \"/var/task/starlette/middleware/errors.py\", line 164, in __call__\n    await self.app(scope, receive, _send)\n"
           "  File \"/var/task/starlette/routing.py\", line 74, in app\n    response = await f(request)\n"
           "  File \"/var/task/fastapi/routing.py\", line 301, in app\n    raw_response = await run_endpoint_function(\n"
           "  File \"/var/task/app/api/invoices.py\", line 92, in get_invoice\n    return templates.render(invoice.tenant.locale, invoice)\n"
           "AttributeError: 'NoneType' object has no attribute 'locale'\n")
    add("lambda_mangum_fastapi_debug", C, "stack_trace,internal_path",
        "Mangum adapter, FastAPI(debug=True): Starlette debug plain-text traceback through HTTP API",
        500, apigw_headers("text/plain; charset=utf-8"), tb2)


# =====================================================================
# LEAKING: stack traces embedded in JSON
# =====================================================================
def leak_json_stacks():
    C = "json_stack"
    # 1. large 200 catalog, Python traceback escaped into one string deep inside
    items = products(90)
    items[61]["availability"] = {"source": "warehouse-sync", "stale": True,
                                 "lastSyncError": "Traceback (most recent call last):\n  File \"/srv/app/inventory/sync.py\", line 133, in refresh\n    qty = int(row[\"on_hand\"])\nValueError: invalid literal for int() with base 10: 'N/A'\n"}
    add("json_catalog_200_escaped_py_traceback", C, "stack_trace,internal_path",
        "Large 200 catalog (~60KB); one item carries a Python traceback escaped in a string at depth 3",
        200, apigw_headers(), {"page": 3, "pageSize": 90, "total": 2140, "items": items})

    # 2. array of Java frame strings nested in meta.warnings
    body = {"data": [order(i) for i in range(40)],
            "meta": {"requestId": uuid(), "durationMs": 412,
                     "warnings": [
                         {"code": "PARTIAL", "detail": "2 shards slow"},
                         {"code": "CACHE_MISS", "detail": "orders-by-customer"},
                         {"code": "ENRICHMENT_FAILED", "detail": "loyalty tier unavailable",
                          "exception": "org.springframework.web.client.ResourceAccessException",
                          "frames": [
                              "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:905)",
                              "org.springframework.web.client.RestTemplate.execute(RestTemplate.java:801)",
                              "com.contoso.orders.enrich.LoyaltyClient.tierFor(LoyaltyClient.java:48)",
                              "com.contoso.orders.api.OrderController.list(OrderController.java:97)",
                              "java.base/java.lang.Thread.run(Thread.java:1583)"]}]}}
    add("json_orders_warning_java_frames", C, "stack_trace",
        "200 order list; meta.warnings[2].frames is an array of Java frame strings",
        200, apigw_headers(), body)

    # 3. array of frame objects (Sentry-style) inside a 200 payload
    body = {"status": "degraded", "results": products(25),
            "debug": {"exception": {"values": [{"type": "RedisTimeoutError", "value": "Timeout reading from socket",
                                                  "stacktrace": {"frames": [
                                                      {"filename": "redis/connection.py", "abs_path": "/app/.venv/lib/python3.11/site-packages/redis/connection.py", "function": "read_response", "lineno": 512, "in_app": False},
                                                      {"filename": "recs/cache.py", "abs_path": "/app/recs/cache.py", "function": "get_many", "lineno": 77, "in_app": True},
                                                      {"filename": "recs/views.py", "abs_path": "/app/recs/views.py", "function": "recommend", "lineno": 140, "in_app": True}]}}]}}}
    add("json_recs_sentry_style_frames", C, "stack_trace,internal_path",
        "200 recommendations with debug.exception.values[].stacktrace.frames as objects (filename/abs_path/lineno)",
        200, furl_headers(), body)

    # 4. Apollo Server v3 dev: errors[].extensions.exception.stacktrace
    body = {"errors": [{"message": "Cannot return null for non-nullable field Product.price.",
                        "locations": [{"line": 7, "column": 5}], "path": ["collection", "products", 3, "price"],
                        "extensions": {"code": "INTERNAL_SERVER_ERROR", "exception": {"stacktrace": [
                            "Error: Cannot return null for non-nullable field Product.price.",
                            "    at completeValue (/var/task/node_modules/graphql/execution/execute.js:594:13)",
                            "    at resolveField (/var/task/node_modules/graphql/execution/execute.js:489:19)",
                            "    at executeFields (/var/task/node_modules/graphql/execution/execute.js:293:20)",
                            "    at /var/task/src/resolvers/collection.ts:41:22"]}}}],
            "data": {"collection": {"handle": "winter-26", "title": "Winter 26", "products": [
                {"id": "gid://shop/Product/%d" % (8000 + i), "title": p["name"], "price": p["price"]} for i, p in enumerate(products(12))]}}}
    body["data"]["collection"]["products"][3]["price"] = None
    add("graphql_apollo3_exception_stacktrace", C, "stack_trace,internal_path",
        "Apollo Server 3 (NODE_ENV!=production) errors[].extensions.exception.stacktrace alongside partial data",
        200, apigw_headers(), body)

    # 5. Apollo Server 4 includeStacktraceInErrorResponses: extensions.stacktrace
    body = {"errors": [{"message": "connect ECONNREFUSED 127.0.0.1:5432", "locations": [{"line": 2, "column": 3}], "path": ["me"],
                        "extensions": {"code": "INTERNAL_SERVER_ERROR", "stacktrace": [
                            "Error: connect ECONNREFUSED 127.0.0.1:5432",
                            "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)"]}}],
            "data": {"me": None}}
    add("graphql_apollo4_stacktrace", C, "stack_trace",
        "Apollo Server 4 with includeStacktraceInErrorResponses: errors[].extensions.stacktrace",
        200, apigw_headers("application/graphql-response+json; charset=utf-8"), body)

    # 6. Hot Chocolate IncludeExceptionDetails
    body = {"errors": [{"message": "Unexpected Execution Error", "locations": [{"line": 3, "column": 5}], "path": ["bookings"],
                        "extensions": {"message": "Object reference not set to an instance of an object.",
                                       "stackTrace": "   at Tripwise.Api.Types.BookingResolvers.GetBookingsAsync(IResolverContext ctx, CancellationToken ct) in /home/runner/work/tripwise/src/Api/Types/BookingResolvers.cs:line 54\n   at HotChocolate.Resolvers.Expressions.ExpressionHelper.AwaitTaskHelper[T](Task`1 task)\n   at HotChocolate.Execution.Processing.Tasks.ResolverTask.ExecuteResolverPipelineAsync(CancellationToken cancellationToken)\n   at HotChocolate.Execution.Processing.Tasks.ResolverTask.TryExecuteAsync(CancellationToken cancellationToken)"}}],
            "data": {"bookings": None}}
    add("graphql_hotchocolate_exception_details", C, "stack_trace,internal_path",
        "Hot Chocolate IncludeExceptionDetails=true: extensions.stackTrace is one multi-line string",
        200, apigw_headers(), body)

    # 7. Spring Boot error JSON with trace (include-stacktrace=always)
    body = {"timestamp": "2026-12-03T10:41:07.331+00:00", "status": 500, "error": "Internal Server Error",
            "trace": "org.springframework.dao.DataIntegrityViolationException: could not execute statement [ERROR: null value in column \"tenant_id\" of relation \"subscriptions\" violates not-null constraint\n  Detail: Failing row contains (9913, null, PRO, 2026-12-03 10:41:07.3).] [insert into subscriptions (plan,started_at,tenant_id) values (?,?,?)]\n\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:290)\n\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.translateExceptionIfPossible(HibernateJpaDialect.java:241)\n\tat com.acme.billing.SubscriptionService.start(SubscriptionService.java:64)\n\tat com.acme.billing.SubscriptionController.create(SubscriptionController.java:39)\n\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\nCaused by: org.postgresql.util.PSQLException: ERROR: null value in column \"tenant_id\" of relation \"subscriptions\" violates not-null constraint\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n\t... 87 more\n",
            "message": "could not execute statement", "path": "/api/v1/subscriptions"}
    add("json_spring_boot_trace_field", C, "stack_trace,database_error",
        "Spring Boot /error JSON with server.error.include-stacktrace=always (trace string, PSQLException cause)",
        500, apigw_headers(), body)

    # 8. ASP.NET Core ProblemDetails (Hellang) with exceptionDetails frames
    body = {"type": "https://httpstatuses.io/500", "title": "Internal Server Error", "status": 500,
            "detail": "The given key 'eu-north-1' was not present in the dictionary.",
            "instance": "/api/regions/eu-north-1/pricing",
            "exceptionDetails": [{"message": "The given key 'eu-north-1' was not present in the dictionary.",
                                  "type": "System.Collections.Generic.KeyNotFoundException",
                                  "raw": "System.Collections.Generic.KeyNotFoundException: The given key 'eu-north-1' was not present in the dictionary.\n   at System.Collections.Generic.Dictionary`2.get_Item(TKey key)\n   at Fabrikam.Pricing.RegionTable.Lookup(String region) in C:\\agent\\_work\\12\\s\\src\\Fabrikam.Pricing\\RegionTable.cs:line 31",
                                  "stackFrames": [
                                      {"filePath": "C:\\agent\\_work\\12\\s\\src\\Fabrikam.Pricing\\RegionTable.cs", "fileName": "RegionTable.cs", "function": "Fabrikam.Pricing.RegionTable.Lookup(string region)", "line": 31, "preContextLine": 26, "preContextCode": ["        {", "            var table = _cache.Current;"], "contextCode": ["            return table[region];"], "postContextCode": ["        }"]}]}],
            "traceId": "00-%s-%s-00" % (hexid(32), hexid(16))}
    add("json_problem_details_exception", C, "stack_trace,internal_path",
        "application/problem+json with exceptionDetails[].stackFrames (Hellang.Middleware.ProblemDetails in Development)",
        500, apigw_headers("application/problem+json; charset=utf-8"), body)

    # 9. Laravel debug JSON (expectsJson + APP_DEBUG=true)
    trace = [{"file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line": 769, "function": "runQueryCallback", "class": "Illuminate\\Database\\Connection", "type": "->"},
             {"file": "/var/www/html/app/Http/Controllers/Api/InvoiceController.php", "line": 52, "function": "get", "class": "Illuminate\\Database\\Eloquent\\Builder", "type": "->"},
             {"file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/Controller.php", "line": 54, "function": "index", "class": "App\\Http\\Controllers\\Api\\InvoiceController", "type": "->"}]
    body = {"message": "SQLSTATE[42S22]: Column not found: 1054 Unknown column 'invoices.archived_at' in 'where clause' (Connection: mysql, SQL: select * from `invoices` where `tenant_id` = 17 and `invoices`.`archived_at` is null)",
            "exception": "Illuminate\\Database\\QueryException",
            "file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line": 813, "trace": trace}
    add("json_laravel_debug_trace", C, "stack_trace,database_error,internal_path",
        "Laravel APP_DEBUG JSON: message/exception/file/line/trace[] objects, MySQL 1054 via QueryException",
        500, [("Content-Type", "application/json"), ("Cache-Control", "no-cache, private"), ("Date", date()), ("Server", "nginx/1.24.0"), ("X-Powered-By", "PHP/8.3.4")], body)

    # 10. Rails API-only debug JSON
    body = {"status": 500, "error": "Internal Server Error",
            "exception": "#<ActiveRecord::RecordNotFound: Couldn't find Workspace with 'id'=7719>",
            "traces": {"Application Trace": [{"exception_object_id": 15440, "id": 1, "trace": "app/controllers/api/v2/workspaces_controller.rb:88:in `set_workspace'"}],
                       "Framework Trace": [{"exception_object_id": 15440, "id": 0, "trace": "activerecord (7.1.3) lib/active_record/core.rb:253:in `find'"},
                                           {"exception_object_id": 15440, "id": 2, "trace": "activesupport (7.1.3) lib/active_support/callbacks.rb:403:in `block in make_lambda'"}],
                       "Full Trace": [{"exception_object_id": 15440, "id": 0, "trace": "activerecord (7.1.3) lib/active_record/core.rb:253:in `find'"},
                                      {"exception_object_id": 15440, "id": 1, "trace": "app/controllers/api/v2/workspaces_controller.rb:88:in `set_workspace'"}]}}
    add("json_rails_api_debug_traces", C, "stack_trace",
        "Rails API-only development error JSON with traces{Application Trace, Framework Trace, Full Trace}",
        500, [("Content-Type", "application/json; charset=UTF-8"), ("Date", date()), ("X-Request-Id", uuid()), ("X-Runtime", "0.041177"), ("Server", "Puma")], body)

    # 11. Elixir stacktrace as array of strings in JSON
    body = {"errors": {"detail": "Internal Server Error"},
            "debug": {"kind": "error", "reason": "** (Ecto.NoResultsError) expected at least one result but got none in query:\n\nfrom p0 in Shop.Catalog.Product,\n  where: p0.id == ^\"9a1\"",
                      "stack": ["(ecto 3.11.2) lib/ecto/repo/queryable.ex:164: Ecto.Repo.Queryable.one!/3",
                                "(shop 0.4.0) lib/shop/catalog.ex:58: Shop.Catalog.get_product!/1",
                                "(shop 0.4.0) lib/shop_web/controllers/product_controller.ex:21: ShopWeb.ProductController.show/2",
                                "(shop 0.4.0) lib/shop_web/controllers/product_controller.ex:1: ShopWeb.ProductController.action/2",
                                "(phoenix 1.7.12) lib/phoenix/router.ex:484: Phoenix.Router.__call__/5"]}}
    add("json_elixir_stack_array", C, "stack_trace",
        "Phoenix JSON error with debug.stack array of Elixir frames '(app vsn) lib/...ex:N: Mod.fun/arity'",
        500, [("Content-Type", "application/json; charset=utf-8"), ("Date", date()), ("cache-control", "max-age=0, private, must-revalidate"), ("x-request-id", "F%s" % hexid(19))], body)

    # 12. PHP stack string inside a 200 JSON list deep
    rows = [order(i) for i in range(160)]
    rows[117]["fulfilment"] = {"carrier": "DHL", "label": None,
                               "labelError": "Exception: Label service returned 503 in /var/www/shop/src/Shipping/LabelClient.php:88\nStack trace:\n#0 /var/www/shop/src/Shipping/Fulfilment.php(142): Shop\\Shipping\\LabelClient->create(Array)\n#1 /var/www/shop/src/Controller/OrderController.php(61): Shop\\Shipping\\Fulfilment->prepare(Object(Shop\\Entity\\Order))\n#2 /var/www/shop/public/index.php(27): Shop\\Controller\\OrderController->list()\n#3 {main}"}
    add("json_orders_large_php_stack", C, "stack_trace,internal_path",
        "Large 200 order export (~45KB); row 117 has a PHP 'Stack trace: #0 ... {main}' string",
        200, [("Content-Type", "application/json"), ("Date", date()), ("X-Powered-By", "PHP/8.2.12")], {"export": "orders", "rows": rows})

    # 13. Node stack in one string at depth, inside a webhook-delivery log the *client* did not ask for (status API)
    body = {"subscription": "sub_%s" % hexid(14), "endpoint": "https://hooks.partner.example/orders",
            "lastDelivery": {"at": "2026-12-02T22:10:04Z", "status": "failed",
                             "response": {"status": 500, "body": "{\"error\":\"TypeError: Cannot destructure property 'sku' of 'line' as it is undefined.\\n    at /usr/src/app/dist/handlers/order.js:73:17\\n    at Array.map (<anonymous>)\\n    at handleOrder (/usr/src/app/dist/handlers/order.js:70:30)\\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\"}"}}}
    add("json_webhook_double_escaped_node_stack", C, "stack_trace,internal_path",
        "Node stack double-escaped (JSON string inside JSON string) in a webhook status response",
        200, apigw_headers(), body)

    # 14. Go panic text inside a JSON error field
    body = {"error": "internal", "detail": "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 41 [running]:\nmain.(*Router).pick(0xc0001a2000, {0xc00002e0c0, 0x3, 0x3})\n\t/build/cmd/edge/router.go:118 +0x1d4\nmain.handler({0x7f9a20, 0xc000128000}, {{0xc00011e000, 0x9}, {0xc00011e010, 0x4}})\n\t/build/cmd/edge/main.go:64 +0x1b1\n"}
    add("json_go_panic_in_field", C, "stack_trace,internal_path",
        "Go panic + goroutine frame text embedded in a JSON detail string (recovered and echoed)",
        500, furl_headers(), body)


# =====================================================================
# LEAKING: framework / server error pages
# =====================================================================
TOMCAT_CSS = "body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}"


def tomcat_page(msg, exc, root):
    return ("<!doctype html><html lang=\"en\"><head><title>HTTP Status 500 – Internal Server Error</title><style type=\"text/css\">%s</style></head><body>"
            "<h1>HTTP Status 500 – Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception Report</p><p><b>Message</b> %s</p>"
            "<p><b>Description</b> The server encountered an unexpected condition that prevented it from fulfilling the request.</p>"
            "<p><b>Exception</b></p><pre>%s</pre><p><b>Root Cause</b></p><pre>%s</pre>"
            "<p><b>Note</b> The full stack trace of the root cause is available in the server logs.</p><hr class=\"line\" /><h3>Apache Tomcat/10.1.24</h3></body></html>") % (
        TOMCAT_CSS, html.escape(msg), html.escape(exc), html.escape(root))


def jetty_page(uri, cause, trace):
    return ("<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n<title>Error 500 Server Error</title>\n</head>\n"
            "<body><h2>HTTP ERROR 500 Server Error</h2>\n<table>\n<tr><th>URI:</th><td>%s</td></tr>\n<tr><th>STATUS:</th><td>500</td></tr>\n"
            "<tr><th>MESSAGE:</th><td>Server Error</td></tr>\n<tr><th>SERVLET:</th><td>org.glassfish.jersey.servlet.ServletContainer-6e1b9411</td></tr>\n"
            "<tr><th>CAUSED BY:</th><td>%s</td></tr>\n</table>\n<h3>Caused by:</h3><pre>%s</pre>\n"
            "<hr/><a href=\"https://eclipse.org/jetty\">Powered by Jetty:// 9.4.54.v20240208</a><hr/>\n\n</body>\n</html>\n") % (
        uri, html.escape(cause), html.escape(trace))


def whitelabel(msg, trace):
    return ("<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p>"
            "<div id='created'>Thu Dec 03 10:12:44 UTC 2026</div><div>There was an unexpected error (type=Internal Server Error, status=500).</div>"
            "<div>%s</div><div style='white-space:pre-wrap;'>%s</div></body></html>") % (html.escape(msg), html.escape(trace))


JAVA_TRACE = ("java.lang.IllegalArgumentException: No enum constant com.fleetops.dispatch.model.VehicleClass.CARGO_BIKE\n"
              "\tat java.base/java.lang.Enum.valueOf(Enum.java:293)\n"
              "\tat com.fleetops.dispatch.model.VehicleClass.valueOf(VehicleClass.java:5)\n"
              "\tat com.fleetops.dispatch.web.AssignmentController.assign(AssignmentController.java:74)\n"
              "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n"
              "\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)\n"
              "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)\n"
              "\tat org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:195)\n"
              "\tat org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)\n"
              "\tat java.base/java.lang.Thread.run(Thread.java:1583)\n")

PY_TB = [("/app/.venv/lib/python3.11/site-packages/flask/app.py", 1498, "__call__", "return self.wsgi_app(environ, start_response)"),
         ("/app/.venv/lib/python3.11/site-packages/flask/app.py", 1476, "wsgi_app", "response = self.handle_exception(e)"),
         ("/app/.venv/lib/python3.11/site-packages/flask/app.py", 882, "full_dispatch_request", "rv = self.dispatch_request()"),
         ("/app/storefront/views/cart.py", 57, "checkout", "cart = session[\"cart_id\"]")]


def werkzeug_page():
    frames = "".join(
        "<li><div class=\"frame\" id=\"frame-%d\">\n  <h4>File <cite class=\"filename\">\"%s\"</cite>,\n      line <em class=\"line\">%d</em>,\n      in <code class=\"function\">%s</code></h4>\n"
        "  <div class=\"source %s\"><pre class=\"line current\"><span class=\"ws\">    </span>%s</pre></div>\n</div>\n" % (
            140230000000 + i, f, l, fn, "library" if "site-packages" in f else "", html.escape(src))
        for i, (f, l, fn, src) in enumerate(PY_TB))
    plain = "Traceback (most recent call last):\n" + "".join("  File \"%s\", line %d, in %s\n    %s\n" % t for t in PY_TB) + "KeyError: 'cart_id'\n"
    return ("<!doctype html>\n<html lang=en>\n  <head>\n    <title>KeyError: &#39;cart_id&#39;\n // Werkzeug Debugger</title>\n"
            "    <link rel=\"stylesheet\" href=\"?__debugger__=yes&amp;cmd=resource&amp;f=style.css\">\n"
            "    <link rel=\"shortcut icon\"\n        href=\"?__debugger__=yes&amp;cmd=resource&amp;f=console.png\">\n"
            "    <script src=\"?__debugger__=yes&amp;cmd=resource&amp;f=debugger.js\"></script>\n"
            "    <script>\n      var CONSOLE_MODE = false,\n          EVALEX = true,\n          EVALEX_TRUSTED = false,\n          SECRET = \"%s\";\n    </script>\n"
            "  </head>\n  <body style=\"background-color: #fff\">\n    <div class=\"debugger\">\n<h1>KeyError</h1>\n<div class=\"detail\">\n  <p class=\"errormsg\">KeyError: &#39;cart_id&#39;\n</p>\n</div>\n"
            "<h2 class=\"traceback\">Traceback <em>(most recent call last)</em></h2>\n<div class=\"traceback\">\n  <h3></h3>\n  <ul>%s</ul>\n  <blockquote>KeyError: &#39;cart_id&#39;\n</blockquote>\n</div>\n\n"
            "<div class=\"plain\">\n    <p>\n      This is the Copy/Paste friendly version of the traceback.\n    </p>\n    <textarea cols=\"50\" rows=\"10\" name=\"code\" readonly>%s</textarea>\n</div>\n"
            "<div class=\"explanation\">\n  The debugger caught an exception in your WSGI application.  You can now\n  look at the traceback which led to the error.\n</div>\n"
            "      <div class=\"footer\">\n        Brought to you by <strong class=\"arthur\">DON'T PANIC</strong>, your\n        friendly Werkzeug powered traceback interpreter.\n      </div>\n    </div>\n  </body>\n</html>\n") % (
        "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20)), frames, html.escape(plain))


def django_debug_page():
    return """<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>ProgrammingError
          at /api/bookings/</title>
  <style>
    html * { padding:0; margin:0; }
    body * { padding:10px 20px; }
    body { font-family: sans-serif; background-color:#fff; color:#000; }
    #summary { background: #ffc; }
    table.meta { margin-bottom: 1em; }
  </style>
</head>
<body>
<div id="summary">
  <h1>ProgrammingError
       at /api/bookings/</h1>
  <pre class="exception_value">relation &quot;bookings_booking&quot; does not exist
LINE 1: SELECT COUNT(*) AS &quot;__count&quot; FROM &quot;bookings_booking&quot; WHERE...
                                         ^</pre>
  <table class="meta">
    <tr><th scope="row">Request Method:</th><td>GET</td></tr>
    <tr><th scope="row">Request URL:</th><td>https://api.harbourstay.example/api/bookings/?page=2</td></tr>
    <tr><th scope="row">Django Version:</th><td>5.0.6</td></tr>
    <tr><th scope="row">Exception Type:</th><td>ProgrammingError</td></tr>
    <tr><th scope="row">Exception Value:</th><td><pre>relation &quot;bookings_booking&quot; does not exist</pre></td></tr>
    <tr><th scope="row">Exception Location:</th><td><span class="fname">/var/task/django/db/backends/utils.py</span>, line 105, in _execute</td></tr>
    <tr><th scope="row">Raised during:</th><td>bookings.views.BookingViewSet</td></tr>
    <tr><th scope="row">Python Executable:</th><td>/var/lang/bin/python3.12</td></tr>
    <tr><th scope="row">Python Version:</th><td>3.12.3</td></tr>
    <tr><th scope="row">Python Path:</th><td><pre>[&#x27;/var/task&#x27;, &#x27;/opt/python/lib/python3.12/site-packages&#x27;, &#x27;/var/runtime&#x27;]</pre></td></tr>
    <tr><th scope="row">Server time:</th><td>Thu, 03 Dec 2026 10:31:12 +0000</td></tr>
  </table>
</div>
<div id="traceback">
  <h2>Traceback <span class="commands"><a href="#" onclick="return switchPastebinFriendly(this);">Switch to copy-and-paste view</a></span></h2>
  <div id="browserTraceback">
    <ul class="traceback">
        <li class="frame django"><code class="fname">/var/task/django/db/backends/utils.py</code>, line 105, in _execute</li>
        <li class="frame user"><code class="fname">/var/task/bookings/views.py</code>, line 48, in list</li>
    </ul>
  </div>
  <textarea id="traceback_area" cols="140" rows="25">
Environment:

Request Method: GET
Request URL: https://api.harbourstay.example/api/bookings/?page=2

Traceback (most recent call last):
  File "/var/task/django/db/backends/utils.py", line 105, in _execute
    return self.cursor.execute(sql, params)
  File "/var/task/bookings/views.py", line 48, in list
    total = qs.count()

Exception Type: ProgrammingError at /api/bookings/
Exception Value: relation "bookings_booking" does not exist
</textarea>
</div>
<div id="requestinfo">
  <h2>Settings</h2>
  <h3 id="settings-info">Using settings module <code>harbourstay.settings.lambda</code></h3>
  <table class="req"><tbody>
    <tr><td>ALLOWED_HOSTS</td><td class="code"><pre>[&#x27;*&#x27;]</pre></td></tr>
    <tr><td>DATABASES</td><td class="code"><pre>{&#x27;default&#x27;: {&#x27;ENGINE&#x27;: &#x27;django.db.backends.postgresql&#x27;, &#x27;HOST&#x27;: &#x27;harbourstay-prod.cluster-c9x2kq1mz0ab.eu-west-1.rds.amazonaws.com&#x27;, &#x27;NAME&#x27;: &#x27;harbourstay&#x27;, &#x27;PASSWORD&#x27;: &#x27;********************&#x27;, &#x27;PORT&#x27;: 5432, &#x27;USER&#x27;: &#x27;app_rw&#x27;}}</pre></td></tr>
    <tr><td>DEBUG</td><td class="code"><pre>True</pre></td></tr>
    <tr><td>SECRET_KEY</td><td class="code"><pre>&#x27;********************&#x27;</pre></td></tr>
  </tbody></table>
</div>
<div id="explanation">
  <p>
    You’re seeing this error because you have <code>DEBUG = True</code> in your
    Django settings file. Change that to <code>False</code>, and Django will
    display a standard page generated by the handler for this status code.
  </p>
</div>
</body>
</html>
"""


def rails_page():
    return """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Action Controller: Exception caught</title>
  <style>body { background-color: #FAFAFA; color: #333; margin: 0px; } header { color: #F0F0F0; background: #C00; padding: 0.5em 1.5em; }</style>
</head>
<body>
<header>
  <h1>NoMethodError in CheckoutController#confirm</h1>
</header>
<main role="main" id="container">
  <h2>undefined method `amount_cents&#39; for nil</h2>
  <div class="source" id="frame-source-0-0">
    <div class="info">Extracted source (around line <strong>#31</strong>):</div>
    <div class="data"><table cellpadding="0" cellspacing="0" class="lines"><tr><td><pre class="line_numbers"><span>29</span><span>30</span><span>31</span></pre></td>
<td width="100%"><pre><div class="line">    @order = current_cart.to_order</div><div class="line">    @coupon = Coupon.active.find_by(code: params[:coupon])</div><div class="line active">    @discount = @coupon.amount_cents</div></pre></td></tr></table></div>
  </div>
  <p><code>Rails.root: /home/deploy/apps/boutique/releases/20261201093311</code></p>
  <div id="traces-0">
    <a href="#" onclick="hide(&#39;Framework-Trace-0&#39;);show(&#39;Application-Trace-0&#39;);return false;">Application Trace</a> |
    <a href="#" onclick="hide(&#39;Application-Trace-0&#39;);show(&#39;Framework-Trace-0&#39;);return false;">Framework Trace</a> |
    <a href="#">Full Trace</a>
    <div id="Application-Trace-0" style="display: block;">
      <code class="traces">
          <a class="trace-frames trace-frames-0" data-exception-object-id="28140" data-frame-id="0" href="#">app/controllers/checkout_controller.rb:31:in `confirm&#39;</a><br>
      </code>
    </div>
    <div id="Framework-Trace-0" style="display: none;">
      <code class="traces">
          <a class="trace-frames" href="#">actionpack (7.1.3.2) lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action&#39;</a><br>
          <a class="trace-frames" href="#">actionpack (7.1.3.2) lib/abstract_controller/base.rb:224:in `process_action&#39;</a><br>
          <a class="trace-frames" href="#">activesupport (7.1.3.2) lib/active_support/callbacks.rb:121:in `block in run_callbacks&#39;</a><br>
      </code>
    </div>
  </div>
  <h2 style="margin-top: 30px">Request</h2>
  <p><b>Parameters</b>:</p> <pre>{&quot;coupon&quot;=&gt;&quot;WINTER26&quot;, &quot;id&quot;=&gt;&quot;4471&quot;}</pre>
</main>
</body>
</html>
"""


def ysod_page():
    return """<!DOCTYPE html>
<html>
    <head>
        <title>Object reference not set to an instance of an object.</title>
        <meta name="viewport" content="width=device-width" />
        <style>
         body {font-family:"Verdana";font-weight:normal;font-size: .7em;color:black;}
         pre {font-family:"Consolas","Lucida Console",Monospace;font-size:11pt;margin:0;padding:0.5em;line-height:14pt}
         .marker {font-weight: bold; color: black;text-decoration: none;}
        </style>
    </head>

    <body bgcolor="white">

            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>

            <h2> <i>Object reference not set to an instance of an object.</i> </h2></span>

            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">

            <b> Description: </b>An unhandled exception occurred during the execution of the current web request. Please review the stack trace for more information about the error and where it originated in the code.

            <br><br>

            <b> Exception Details: </b>System.NullReferenceException: Object reference not set to an instance of an object.<br><br>

            <b>Source Error:</b> <br><br>

            <table width=100% bgcolor="#ffffcc">
               <tr>
                  <td>
                      <code><pre>

Line 42:             var basket = BasketService.Load(Session["basketId"] as string);
Line 43:             ViewBag.Count = basket.Lines.Count;
<font color=red>Line 44:             ViewBag.Total = basket.Voucher.Apply(basket.Subtotal);
</font>Line 45:             return View(basket);
Line 46:         }</pre></code>

                  </td>
               </tr>
            </table>

            <br>

            <b> Source File: </b> C:\\inetpub\\wwwroot\\Tailspin.Web\\Controllers\\BasketController.cs<b> &nbsp;&nbsp; Line: </b> 44
            <br><br>

            <b>Stack Trace:</b> <br><br>

            <table width=100% bgcolor="#ffffcc">
               <tr>
                  <td>
                      <code><pre>

[NullReferenceException: Object reference not set to an instance of an object.]
   Tailspin.Web.Controllers.BasketController.Index() in C:\\inetpub\\wwwroot\\Tailspin.Web\\Controllers\\BasketController.cs:44
   lambda_method(Closure , ControllerBase , Object[] ) +87
   System.Web.Mvc.ActionMethodDispatcher.Execute(ControllerBase controller, Object[] parameters) +35
   System.Web.Mvc.Async.AsyncControllerActionInvoker.&lt;BeginInvokeSynchronousActionMethod&gt;b__39(IAsyncResult asyncResult, ActionInvocation innerInvokeState) +39
   System.Web.HttpApplication.ExecuteStepImpl(IExecutionStep step) +48
   System.Web.HttpApplication.ExecuteStep(IExecutionStep step, Boolean&amp; completedSynchronously) +159
</pre></code>

                  </td>
               </tr>
            </table>

            <br>

            <hr width=100% size=1 color=silver>

            <b>Version Information:</b>&nbsp;Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4682.0

            </font>

    </body>
</html>
"""


def aspnetcore_dev_page():
    return """<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml">
    <head>
        <meta charset="utf-8" />
        <title>Internal Server Error</title>
        <style>body { font-family: 'Segoe UI', Tahoma, Arial, Helvetica, sans-serif; font-size: .813em; color: #222; background-color: #fff; }</style>
    </head>
    <body>
        <h1>An unhandled exception occurred while processing the request.</h1>
            <div class="titleerror">SqlException: Cannot open database &quot;Wingtip&quot; requested by the login. The login failed.
Login failed for user &#x27;wingtip_app&#x27;.</div>
            <p class="location">Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, bool breakConnection, Action&lt;Action&gt; wrapCloseInAction)</p>
        <ul id="header">
            <li id="stack" tabindex="1" class="selected">Stack</li>
            <li id="query" tabindex="2">Query</li>
            <li id="cookies" tabindex="3">Cookies</li>
            <li id="headers" tabindex="4">Headers</li>
            <li id="routing" tabindex="5">Routing</li>
        </ul>
        <div id="stackpage" class="page">
            <ul>
                <li>
                    <h2 class="stackerror">SqlException: Cannot open database &quot;Wingtip&quot; requested by the login. The login failed.</h2>
                    <ul>
                        <li class="frame" id="frame1">
                                <h3>Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, bool breakConnection, Action&lt;Action&gt; wrapCloseInAction)</h3>
                        </li>
                        <li class="frame" id="frame2">
                                <div class="source">
                                    <ol start="38" class="collapsible"><li><span>            var products = await _db.Products.Where(p =&gt; p.Visible).ToListAsync();</span></li></ol>
                                </div>
                                <h3>Wingtip.Web.Pages.Catalog.IndexModel.OnGetAsync() in <code title="/src/Wingtip.Web/Pages/Catalog/Index.cshtml.cs">Index.cshtml.cs</code></h3>
                        </li>
                    </ul>
                </li>
                <li>
                    <br/>
                    <div class="rawExceptionBlock">
                        <div class="showRawException" data-exceptionDetailId="exceptionDetail1">Show raw exception details</div>
                        <div id="exceptionDetail1" class="rawExceptionDetails">
                            <pre class="rawExceptionStackTrace">Microsoft.Data.SqlClient.SqlException (0x80131904): Cannot open database &quot;Wingtip&quot; requested by the login. The login failed.
Login failed for user &#x27;wingtip_app&#x27;.
   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)
   at Microsoft.EntityFrameworkCore.Storage.RelationalConnection.OpenInternalAsync(Boolean errorsExpected, CancellationToken cancellationToken)
   at Wingtip.Web.Pages.Catalog.IndexModel.OnGetAsync() in /src/Wingtip.Web/Pages/Catalog/Index.cshtml.cs:line 38
ClientConnectionId:5b1f6a0e-3c1d-4a4e-9a43-1f0c2d7c88aa
Error Number:4060,State:1,Class:11</pre>
                        </div>
                    </div>
                </li>
            </ul>
        </div>
    </body>
</html>
"""


def zope_page():
    return """<!DOCTYPE html>
<html><head><title>Site Error</title></head>
<body>
<h2>Site Error</h2>
<p>An error was encountered while publishing this resource.</p>
<p><strong>AttributeError</strong></p>
Sorry, a site error occurred.<p>Traceback (innermost last):
<ul>
<li> Module ZPublisher.WSGIPublisher, line 181, in transaction_pubevents</li>
<li> Module ZPublisher.WSGIPublisher, line 391, in publish_module</li>
<li> Module ZPublisher.WSGIPublisher, line 285, in publish</li>
<li> Module ZPublisher.mapply, line 98, in mapply</li>
<li> Module ZPublisher.WSGIPublisher, line 68, in call_object</li>
<li> Module Products.Five.browser.metaconfigure, line 485, in __call__</li>
<li> Module collective.eventbooking.browser.register, line 77, in __call__</li>
</ul>AttributeError: &#x27;NoneType&#x27; object has no attribute &#x27;getCapacity&#x27;
</p>
<hr noshade="noshade"/>
<p>Troubleshooting Suggestions</p>
<ul>
<li>The URL may be incorrect.</li>
<li>The parameters passed to this resource may be incorrect.</li>
<li>A resource that this resource relies on may be encountering an error.</li>
</ul>
<p>For more detailed information about the error, please refer to the error log.</p>
<p>If the error persists please contact the site maintainer. Thank you for your patience.</p>
</body></html>
"""


def ignition_page():
    thr = ("Illuminate\\Database\\QueryException: SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = 3nTqY8 limit 1) "
           "in file /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php on line 829\n\n"
           "#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(783): Illuminate\\Database\\Connection->runQueryCallback('select * from `...', Array, Object(Closure))\n"
           "#1 /var/www/html/vendor/laravel/framework/src/Illuminate/Session/DatabaseSessionHandler.php(96): Illuminate\\Database\\Query\\Builder->find('3nTqY8')\n"
           "#2 /var/www/html/app/Http/Middleware/TrackVisit.php(22): Illuminate\\Session\\Store->start()\n"
           "#3 {main}")
    report = {"report": {"exception_class": "Illuminate\\Database\\QueryException", "message": "SQLSTATE[HY000] [2002] Connection refused",
                         "language": "PHP", "framework_version": "11.9.2", "language_version": "8.3.7",
                         "stacktrace": [{"file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line_number": 829, "method": "runQueryCallback", "class": "Illuminate\\Database\\Connection", "application_frame": False},
                                        {"file": "/var/www/html/app/Http/Middleware/TrackVisit.php", "line_number": 22, "method": "handle", "class": "App\\Http\\Middleware\\TrackVisit", "application_frame": True}]},
              "config": {"editor": "vscode", "theme": "auto"}}
    return ("<!doctype html>\n<html class=\"theme-light\">\n<!--\n%s\n-->\n<head>\n    <meta charset=\"UTF-8\">\n    <meta name=\"robots\" content=\"noindex, nofollow\">\n"
            "    <title>SQLSTATE[HY000] [2002] Connection refused</title>\n</head>\n<body class=\"scrollbar-lg antialiased bg-center bg-dots-darker\">\n"
            "<script>\n    window.data = %s;\n</script>\n<div id=\"app\"></div>\n<script><!-- ignite.js bundle omitted --></script>\n"
            "<script>\n    window.ignite(window.data);\n</script>\n</body>\n</html>\n<!--\n%s\n-->\n") % (thr, json.dumps(report), thr)


def phoenix_page():
    return """<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8">
    <title>Ecto.Query.CastError at GET /products/winter-hat</title>
    <meta name="viewport" content="width=device-width">
</head>
<body>
    <div class="top">
        <header class="exception">
            <div class="exception-logo"></div>
            <div class="exception-info">
                <span class="struct">Ecto.Query.CastError</span>
                <span class="line">at GET /products/winter-hat</span>
            </div>
        </header>
        <div class="banner"><h2>Exception:</h2><pre>** (Ecto.Query.CastError) deps/ecto/lib/ecto/repo/queryable.ex:472: value `&quot;winter-hat&quot;` in `where` cannot be cast to type :id in query:

from p0 in Atelier.Catalog.Product,
  where: p0.id == ^&quot;winter-hat&quot;,
  select: p0</pre></div>
    </div>
    <div class="stack-trace-heading"><h3>Stacktrace</h3></div>
    <ul class="stack-trace">
        <li><a class="frame" data-index="0"><span class="app">ecto</span> <span class="info">lib/ecto/repo/queryable.ex</span><span class="line">472</span><span class="call">Ecto.Repo.Queryable.execute/4</span></a></li>
        <li><a class="frame" data-index="1"><span class="app">atelier</span> <span class="info">lib/atelier/catalog.ex</span><span class="line">31</span><span class="call">Atelier.Catalog.get_product!/1</span></a></li>
        <li><a class="frame" data-index="2"><span class="app">atelier</span> <span class="info">lib/atelier_web/controllers/product_controller.ex</span><span class="line">14</span><span class="call">AtelierWeb.ProductController.show/2</span></a></li>
        <li><a class="frame" data-index="3"><span class="app">phoenix</span> <span class="info">lib/phoenix/router.ex</span><span class="line">484</span><span class="call">Phoenix.Router.__call__/5</span></a></li>
    </ul>
    <div class="frame-info" data-index="1">
        <div class="file">/srv/atelier/lib/atelier/catalog.ex</div>
        <pre class="code"><span class="line">31</span>  def get_product!(id), do: Repo.get!(Product, id)</pre>
    </div>
    <div class="conn-info">
        <details><summary>Params</summary><dl><dt>slug</dt><dd>winter-hat</dd></dl></details>
        <details><summary>Request info</summary><dl><dt>URI:</dt><dd>http://localhost:4000/products/winter-hat</dd><dt>Query string:</dt><dd></dd></dl></details>
    </div>
</body>
</html>
"""


def leak_pages():
    C = "framework_page"
    add("page_tomcat_exception_report", C, "stack_trace,debug_page",
        "Tomcat 10.1 default error report with Exception and Root Cause <pre> blocks",
        500, [("Content-Type", "text/html;charset=utf-8"), ("Content-Language", "en"), ("Date", date()), ("Connection", "close")],
        tomcat_page("Request processing failed: java.lang.IllegalArgumentException: No enum constant com.fleetops.dispatch.model.VehicleClass.CARGO_BIKE",
                    "jakarta.servlet.ServletException: Request processing failed: java.lang.IllegalArgumentException: No enum constant com.fleetops.dispatch.model.VehicleClass.CARGO_BIKE\n\torg.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1022)\n\torg.springframework.web.servlet.FrameworkServlet.doPost(FrameworkServlet.java:914)\n\tjakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)\n",
                    JAVA_TRACE.replace("\tat ", "\t")))
    add("page_jetty_caused_by", C, "stack_trace,debug_page",
        "Jetty 9.4 ErrorHandler page with CAUSED BY row and <pre> trace, 'Powered by Jetty://'",
        500, [("Content-Type", "text/html;charset=iso-8859-1"), ("Cache-Control", "must-revalidate,no-cache,no-store"), ("Date", date()), ("Server", "Jetty(9.4.54.v20240208)")],
        jetty_page("/api/reports/monthly", "java.lang.ArithmeticException: / by zero",
                   "java.lang.ArithmeticException: / by zero\n\tat io.tallyho.reports.MonthlyReport.averageTicket(MonthlyReport.java:88)\n\tat io.tallyho.reports.ReportResource.monthly(ReportResource.java:41)\n\tat org.glassfish.jersey.server.model.internal.ResourceMethodInvocationHandlerFactory.lambda$static$0(ResourceMethodInvocationHandlerFactory.java:52)\n\tat org.eclipse.jetty.server.handler.HandlerWrapper.handle(HandlerWrapper.java:127)\n\tat org.eclipse.jetty.server.Server.handle(Server.java:516)\n"))
    add("page_spring_whitelabel_with_trace", C, "stack_trace,debug_page",
        "Spring Boot Whitelabel Error Page with server.error.include-stacktrace (trace div)",
        500, [("Content-Type", "text/html;charset=UTF-8"), ("Content-Language", "en"), ("Date", date())],
        whitelabel("No enum constant com.fleetops.dispatch.model.VehicleClass.CARGO_BIKE", JAVA_TRACE))
    add("page_werkzeug_debugger", C, "stack_trace,debug_page,internal_path",
        "Flask/Werkzeug interactive debugger page (EVALEX=true, traceback frames, copy/paste textarea)",
        500, [("Content-Type", "text/html; charset=utf-8"), ("X-XSS-Protection", "0"), ("Date", date()), ("Server", "Werkzeug/3.0.3 Python/3.11.9")],
        werkzeug_page())
    add("page_django_debug_programmingerror", C, "stack_trace,debug_page,database_error,internal_path",
        "Django DEBUG=True technical 500 page under Lambda: PostgreSQL relation does not exist, settings with RDS host",
        500, apigw_headers("text/html; charset=utf-8") + [("X-Frame-Options", "DENY"), ("Vary", "Cookie")],
        django_debug_page())
    add("page_rails_exception_caught", C, "stack_trace,debug_page,internal_path",
        "Rails development 'Action Controller: Exception caught' page with Application/Framework trace and Rails.root",
        500, [("Content-Type", "text/html; charset=utf-8"), ("X-Request-Id", uuid()), ("X-Runtime", "0.118204"), ("Server-Timing", "sql.active_record;dur=4.2"), ("Date", date())],
        rails_page())
    add("page_aspnet_ysod", C, "stack_trace,debug_page,internal_path",
        "ASP.NET (Framework) Yellow Screen of Death with Source Error, Source File and Stack Trace",
        500, [("Cache-Control", "private"), ("Content-Type", "text/html; charset=utf-8"), ("Server", "Microsoft-IIS/10.0"), ("X-AspNetMvc-Version", "5.2"), ("X-AspNet-Version", "4.0.30319"), ("X-Powered-By", "ASP.NET"), ("Date", date())],
        ysod_page())
    add("page_aspnetcore_developer_exception", C, "stack_trace,debug_page,database_error,internal_path",
        "ASP.NET Core DeveloperExceptionPage (Stack/Query/Cookies/Headers/Routing tabs) with SqlException login failed",
        500, [("Content-Type", "text/html; charset=utf-8"), ("Server", "Kestrel"), ("Date", date())],
        aspnetcore_dev_page())
    add("page_zope_site_error", C, "stack_trace,debug_page",
        "Zope/Plone 'Site Error' page with Traceback (innermost last) module list",
        500, [("Content-Type", "text/html; charset=utf-8"), ("Server", "waitress"), ("Date", date()), ("X-Frame-Options", "SAMEORIGIN")],
        zope_page())
    add("page_laravel_ignition", C, "stack_trace,debug_page,database_error,internal_path",
        "Laravel Ignition error page: leading/trailing HTML comment with throwable string and stack, window.data report",
        500, [("Content-Type", "text/html; charset=UTF-8"), ("Cache-Control", "no-cache, private"), ("Date", date()), ("Server", "nginx")],
        ignition_page())
    add("page_phoenix_plug_debugger", C, "stack_trace,debug_page,internal_path",
        "Phoenix Plug.Debugger dev page: Ecto.Query.CastError, stacktrace list and frame source",
        500, [("content-type", "text/html; charset=utf-8"), ("cache-control", "max-age=0, private, must-revalidate"), ("date", date()), ("server", "Cowboy")],
        phoenix_page())

    # ---- embedded in normal themed pages (large)
    inner = ("<h1>Your basket</h1><div class=\"card\"><p>%s</p></div><aside class=\"card recommendations\"><h2>You may also like</h2>%s</aside>"
             % (para(), whitelabel("Failed to fetch recommendations", JAVA_TRACE).replace("<html><body>", "").replace("</body></html>", "")))
    add("themed_shop_embedded_whitelabel_trace", C, "stack_trace,debug_page",
        "Large themed storefront page; a server-side include of a Spring fragment rendered its Whitelabel page with trace inside an aside",
        200, cf_headers(), themed_page("Basket", inner, nprod=60))

    php_fatal = ("<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function wc_get_product() in /var/www/html/wp-content/themes/harbor-child/inc/featured.php:41\n"
                 "Stack trace:\n#0 /var/www/html/wp-content/themes/harbor-child/front-page.php(88): harbor_featured_products(Array)\n"
                 "#1 /var/www/html/wp-includes/template-loader.php(106): include('/var/www/html/w...')\n#2 /var/www/html/wp-blog-header.php(19): require_once('/var/www/html/w...')\n"
                 "#3 /var/www/html/index.php(17): require('/var/www/html/w...')\n#4 {main}\n  thrown in <b>/var/www/html/wp-content/themes/harbor-child/inc/featured.php</b> on line <b>41</b><br />\n")
    page = themed_page("Harbor Supply Co.", "<h1>New this week</h1>" + "".join("<div class=\"card\"><h2>%s</h2><p>%s</p></div>" % (sentence(4), para()) for _ in range(25)) + php_fatal,
                       brand="Harbor Supply Co.")
    add("themed_wordpress_php_fatal_midpage", C, "stack_trace,internal_path",
        "WordPress theme page (~35KB) that dies mid-render with PHP 'Fatal error: Uncaught Error ... Stack trace: #0 ... {main}'",
        200, [("Content-Type", "text/html; charset=UTF-8"), ("Server", "Apache/2.4.58 (Debian)"), ("X-Powered-By", "PHP/8.2.18"), ("Link", "<https://harbor.example/wp-json/>; rel=\"https://api.w.org/\""), ("Date", date())],
        page)

    tb_html = "<div class=\"card widget-weather\"><h3>Harbour conditions</h3><pre>%s</pre></div>" % html.escape(
        "Traceback (most recent call last):\n  File \"/srv/portal/widgets/tides.py\", line 64, in render\n    data = client.fetch(station_id)\n"
        "  File \"/srv/portal/.venv/lib/python3.10/site-packages/requests/sessions.py\", line 589, in request\n    resp = self.send(prep, **send_kwargs)\n"
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='tides.internal.portal.lan', port=8443): Max retries exceeded with url: /v2/stations/112\n")
    inner = "<h1>Marina portal</h1>" + "".join("<section class=\"card\"><h2>%s</h2><p>%s</p></section>" % (sentence(5), para()) for _ in range(30)) + tb_html + "".join(
        "<section class=\"card\"><p>%s</p></section>" % para() for _ in range(10))
    add("themed_portal_widget_py_traceback", C, "stack_trace,internal_path",
        "Large themed portal (~40KB) whose weather widget printed a Python traceback inside <pre>, deep in the page",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date()), ("Server", "gunicorn")], themed_page("Marina portal", inner, brand="Bay Marina"))

    django_summary = django_debug_page().split("<body>")[1].split("</body>")[0]
    add("themed_cms_embedded_django_debug", C, "stack_trace,debug_page,database_error,internal_path",
        "Themed CMS shell page whose content region contains the Django technical 500 body (htmx partial swapped into layout)",
        500, [("Content-Type", "text/html; charset=utf-8"), ("Date", date()), ("Vary", "HX-Request, Cookie")],
        themed_page("Bookings", "<div id=\"content\" hx-swap-oob=\"true\">%s</div>" % django_summary, brand="Harbourstay", nprod=8))

    tomcat_body = tomcat_page("Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space",
                              "jakarta.servlet.ServletException: Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space\n\torg.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1104)\n",
                              "java.lang.OutOfMemoryError: Java heap space\n\tjava.base/java.util.Arrays.copyOf(Arrays.java:3541)\n\tcom.fleetops.export.CsvExporter.write(CsvExporter.java:57)\n")
    inner = "<h1>Exports</h1><p>%s</p><iframe title=\"export-status\" srcdoc=\"%s\" style=\"width:100%%;height:420px\"></iframe><p>%s</p>" % (
        para(), html.escape(tomcat_body, quote=True), para())
    add("themed_admin_iframe_srcdoc_tomcat", C, "stack_trace,debug_page",
        "Themed admin page embedding a Tomcat exception report via iframe srcdoc (HTML-escaped)",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())], themed_page("Exports", inner, brand="FleetOps Console", nprod=20))


# =====================================================================
# LEAKING: native / other-language traces
# =====================================================================
def leak_native():
    C = "native_trace"
    bt = ("Stack trace (most recent call last):\n"
          "#6    Object \"/var/task/bootstrap\", at 0x55d0c5b3a2c4, in _start\n"
          "#5    Source \"../csu/libc-start.c\", line 392, in __libc_start_main_impl [0x7f3b2a229e3f]\n"
          "#4    Source \"/build/imgsvc/src/main.cpp\", line 96, in main [0x55d0c5b3c91a]\n"
          "         93:     aws::lambda_runtime::run_handler(handle_request);\n"
          "#3    Source \"/build/aws-lambda-cpp/src/runtime.cpp\", line 493, in aws::lambda_runtime::run_handler(std::function<aws::lambda_runtime::invocation_response (aws::lambda_runtime::invocation_request const&)> const&) [0x55d0c5b5d3e0]\n"
          "#2    Source \"/build/imgsvc/src/main.cpp\", line 61, in handle_request(aws::lambda_runtime::invocation_request const&) [0x55d0c5b3c2b7]\n"
          "#1    Source \"/build/imgsvc/src/resize.cpp\", line 118, in imgsvc::Resizer::scale(imgsvc::Image const&, unsigned int, unsigned int) [0x55d0c5b41a05]\n"
          "#0    Source \"/build/imgsvc/src/resize.cpp\", line 74, in imgsvc::sample_row(unsigned char const*, float*, unsigned long) [0x55d0c5b40f5c]\n"
          "Segmentation fault (Address not mapped to object [0x18])\n")
    add("native_backward_cpp_segv_text", C, "stack_trace,internal_path",
        "backward-cpp SignalHandling output returned as text/plain by a C++ custom-runtime function (catch-all writes stderr buffer)",
        500, furl_headers("text/plain; charset=utf-8"), bt)

    bst = (" 0# imgsvc::Decoder::read_exif(std::basic_string_view<char, std::char_traits<char> >) at /build/imgsvc/src/exif.cpp:203\n"
           " 1# imgsvc::Decoder::open(std::filesystem::__cxx11::path const&) at /build/imgsvc/src/decoder.cpp:57\n"
           " 2# handle_request(aws::lambda_runtime::invocation_request const&) at /build/imgsvc/src/main.cpp:48\n"
           " 3# aws::lambda_runtime::run_handler(std::function<aws::lambda_runtime::invocation_response (aws::lambda_runtime::invocation_request const&)> const&) in /var/task/lib/libaws-lambda-runtime.so\n"
           " 4# main at /build/imgsvc/src/main.cpp:96\n"
           " 5# __libc_start_main in /lib64/libc.so.6\n"
           " 6# _start in /var/task/bin/imgsvc\n")
    add("native_boost_stacktrace_json", C, "stack_trace,internal_path",
        "boost::stacktrace to_string() output placed in JSON 'where' field of a 500 body",
        500, furl_headers(), {"error": "std::out_of_range", "what": "basic_string_view::substr: __pos (which is 18) > __size (which is 12)", "where": bst})

    syms = ["/var/task/bin/thumbnailer(_ZN5thumb7Decoder6decodeERKSt6vectorIhSaIhEE+0x1a4) [0x55e3b6a1c2d4]",
            "/var/task/bin/thumbnailer(_ZN5thumb6handleERKN3aws14lambda_runtime18invocation_requestE+0x8c) [0x55e3b6a19a7c]",
            "/var/task/lib/libaws-lambda-runtime.so(_ZN3aws14lambda_runtime11run_handlerERKSt8functionIFNS0_19invocation_responseERKNS0_18invocation_requestEEE+0x2f1) [0x7f0c4d2b61a1]",
            "/var/task/bin/thumbnailer(main+0x45) [0x55e3b6a18f35]",
            "/lib64/libc.so.6(__libc_start_main+0xe5) [0x7f0c4c8d7d85]",
            "/var/task/bin/thumbnailer(_start+0x2e) [0x55e3b6a18e6e]"]
    body = {"thumbnails": [{"id": hexid(12), "w": 320, "h": 240, "ok": True} for _ in range(30)]}
    body["thumbnails"][22] = {"id": hexid(12), "ok": False, "error": "decode failed (signal 6)", "backtrace": syms}
    add("native_glibc_backtrace_symbols_array", C, "stack_trace,internal_path",
        "glibc backtrace_symbols() lines as a JSON array in one failed element of a 200 batch response",
        200, furl_headers(), body)

    asan = ("=================================================================\n"
            "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020000000f1 at pc 0x55f4c2a1b3d9 bp 0x7ffd6b1e4a10 sp 0x7ffd6b1e4a08\n"
            "READ of size 1 at 0x6020000000f1 thread T0\n"
            "    #0 0x55f4c2a1b3d8 in csvq::Lexer::next_field() /src/csvq/src/lexer.cc:142:19\n"
            "    #1 0x55f4c2a1a0f2 in csvq::Parser::parse_row(csvq::Row&) /src/csvq/src/parser.cc:88:24\n"
            "    #2 0x55f4c2a16e77 in handle(aws::lambda_runtime::invocation_request const&) /src/csvq/src/main.cc:39:5\n"
            "    #3 0x7f8e1c229d8f in __libc_start_call_main csu/../sysdeps/nptl/libc_start_call_main.h:58:16\n\n"
            "0x6020000000f1 is located 0 bytes after 1-byte region [0x6020000000f0,0x6020000000f1)\n"
            "allocated by thread T0 here:\n"
            "    #0 0x55f4c29d3c6d in operator new[](unsigned long) (/var/task/bin/csvq+0xd3c6d)\n"
            "    #1 0x55f4c2a19d44 in csvq::Parser::Parser(std::basic_string_view<char, std::char_traits<char> >) /src/csvq/src/parser.cc:31:18\n\n"
            "SUMMARY: AddressSanitizer: heap-buffer-overflow /src/csvq/src/lexer.cc:142:19 in csvq::Lexer::next_field()\n"
            "Shadow bytes around the buggy address:\n"
            "  0x601ffffffe00: fa fa fa fa fa fa fa fa fa fa fa fa fa fa fa fa\n"
            "=>0x602000000080: fa fa 00 00 fa fa 00 fa fa fa 00 fa fa fa[01]fa\n"
            "Shadow byte legend (one shadow byte represents 8 application bytes):\n  Addressable:           00\n  Heap left redzone:       fa\n"
            "==1==ABORTING\n")
    add("native_asan_report_text", C, "stack_trace,internal_path",
        "AddressSanitizer heap-buffer-overflow report returned as body by a staging build (sanitised custom runtime)",
        502, apigw_headers("text/plain"), asan)

    ubsan = {"result": "partial", "decoded": 1841, "warnings": [
        "/src/rle/decode.c:57:21: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'",
        "    #0 0x4c5e21 in rle_decode_run /src/rle/decode.c:57:21",
        "    #1 0x4c61aa in rle_decode /src/rle/decode.c:103:9",
        "    #2 0x4c2f90 in main /src/rle/cli.c:44:12",
        "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /src/rle/decode.c:57:21 in "]}
    add("native_ubsan_in_json_warnings", C, "stack_trace,internal_path",
        "UBSan runtime error + frames captured from stderr into a JSON warnings array",
        200, furl_headers(), ubsan)

    gopanic = ("panic: assignment to entry in nil map\n\n"
               "goroutine 23 [running]:\n"
               "github.com/pebblepay/ledger/internal/fx.(*Cache).Put(...)\n"
               "\t/home/runner/work/ledger/ledger/internal/fx/cache.go:42\n"
               "github.com/pebblepay/ledger/internal/fx.(*Service).Rate(0xc0000b6080, {0xc00013e1b0, 0x3}, {0xc00013e1b3, 0x3})\n"
               "\t/home/runner/work/ledger/ledger/internal/fx/service.go:88 +0x2a5\n"
               "github.com/pebblepay/ledger/internal/api.(*Handler).Convert(0xc000098f00, {0x8c6f40, 0xc0001c2000}, 0xc0001b4000)\n"
               "\t/home/runner/work/ledger/ledger/internal/api/convert.go:31 +0x151\n"
               "net/http.HandlerFunc.ServeHTTP(0xc0001a6000?, {0x8c6f40?, 0xc0001c2000?}, 0x0?)\n"
               "\t/opt/hostedtoolcache/go/1.22.4/x64/src/net/http/server.go:2171 +0x29\n"
               "github.com/awslabs/aws-lambda-go-api-proxy/httpadapter.(*HandlerAdapterV2).proxyInternal(0xc00009e0a0, {0x8c7b80, 0xc0000a4f00}, 0xc00017c000, {{0xc000182000, 0x29}, {0xc0001a4090, 0x20}, {0x0, 0x0}, 0x0, 0x0, {0xc0000b80f0, 0x2}, ...})\n"
               "\t/home/runner/go/pkg/mod/github.com/awslabs/aws-lambda-go-api-proxy@v0.16.2/httpadapter/adapterv2.go:58 +0x1a7\n\n"
               "goroutine 1 [chan receive]:\n"
               "github.com/aws/aws-lambda-go/lambda.(*rpcFunction).Invoke(...)\n"
               "\t/home/runner/go/pkg/mod/github.com/aws/aws-lambda-go@v1.47.0/lambda/rpc_function.go:64\n\n"
               "goroutine 7 [IO wait]:\n"
               "internal/poll.runtime_pollWait(0x7f5a2c3e1e18, 0x72)\n"
               "\t/opt/hostedtoolcache/go/1.22.4/x64/src/runtime/netpoll.go:345 +0x85\n")
    add("native_go_panic_goroutines_text", C, "stack_trace,internal_path",
        "Go panic with multi-goroutine dump written to the HTTP response by a recover middleware (text/plain)",
        500, apigw_headers("text/plain; charset=utf-8"), gopanic)

    rust = ("thread 'tokio-runtime-worker' panicked at src/handlers/upload.rs:88:41:\n"
            "called `Option::unwrap()` on a `None` value\n"
            "stack backtrace:\n"
            "   0: rust_begin_unwind\n             at /rustc/9b00956e56009bab2aa15d7bff10916599e3d6d6/library/std/src/panicking.rs:645:5\n"
            "   1: core::panicking::panic_fmt\n             at /rustc/9b00956e56009bab2aa15d7bff10916599e3d6d6/library/core/src/panicking.rs:72:14\n"
            "   2: core::panicking::panic\n             at /rustc/9b00956e56009bab2aa15d7bff10916599e3d6d6/library/core/src/panicking.rs:144:5\n"
            "   3: core::option::unwrap_failed\n             at /rustc/9b00956e56009bab2aa15d7bff10916599e3d6d6/library/core/src/option.rs:1978:5\n"
            "   4: media_api::handlers::upload::finish\n             at ./src/handlers/upload.rs:88:41\n"
            "   5: lambda_http::Adapter<S,R>::call::{{closure}}\n             at /usr/local/cargo/registry/src/index.crates.io-6f17d22bba15001f/lambda_http-0.11.1/src/lib.rs:190:28\n"
            "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n")
    add("native_rust_panic_backtrace_json", C, "stack_trace,internal_path",
        "Rust panic with RUST_BACKTRACE=1 captured by catch_unwind wrapper and returned in JSON 'panic' field",
        500, furl_headers(), {"status": 500, "panic": rust, "request_id": uuid()})

    ruby = ("ActiveRecord::StatementInvalid: PG::UndefinedTable: ERROR:  relation \"loyalty_points\" does not exist\n"
            "LINE 1: SELECT SUM(\"loyalty_points\".\"amount\") FROM \"loyalty_points\" WHERE...\n                                         ^\n"
            "/usr/local/bundle/gems/activerecord-7.1.3/lib/active_record/connection_adapters/postgresql_adapter.rb:894:in `exec_params'\n"
            "/usr/local/bundle/gems/activerecord-7.1.3/lib/active_record/connection_adapters/postgresql/database_statements.rb:48:in `internal_exec_query'\n"
            "/app/app/models/member.rb:41:in `points_balance'\n"
            "/app/app/api/members.rb:19:in `block (2 levels) in <class:Members>'\n"
            "/usr/local/bundle/gems/grape-2.0.0/lib/grape/endpoint.rb:58:in `call'\n")
    add("native_ruby_backtrace_text", C, "stack_trace,database_error,internal_path",
        "Ruby exception message + backtrace lines as text/plain (Grape API with rescue_from :all, backtrace: true)",
        500, [("Content-Type", "text/plain"), ("Date", date()), ("Server", "Puma")], ruby)

    body = {"error": {"class": "Faraday::ConnectionFailed", "message": "Failed to open TCP connection to inventory.svc.cluster.local:8080 (getaddrinfo: Name or service not known)",
                      "backtrace": ["/usr/local/lib/ruby/3.3.0/net/http.rb:1603:in `initialize'",
                                    "/usr/local/lib/ruby/3.3.0/net/http.rb:1603:in `open'",
                                    "/usr/local/bundle/gems/faraday-net_http-3.1.0/lib/faraday/adapter/net_http.rb:66:in `perform_request'",
                                    "/srv/app/lib/clients/inventory.rb:27:in `stock_for'",
                                    "/srv/app/app.rb:112:in `block in <class:StorefrontApp>'"]}}
    add("native_ruby_backtrace_json_array", C, "stack_trace,internal_path",
        "Sinatra JSON error with Ruby backtrace array",
        502, [("Content-Type", "application/json"), ("Date", date()), ("X-Content-Type-Options", "nosniff")], body)

    erl = ("** (exit) an exception was raised:\n"
           "    ** (FunctionClauseError) no function clause matching in Courier.Rates.quote/2\n"
           "        (courier 1.3.0) lib/courier/rates.ex:22: Courier.Rates.quote(nil, %{weight: 1.2})\n"
           "        (courier 1.3.0) lib/courier_web/controllers/rate_controller.ex:9: CourierWeb.RateController.create/2\n"
           "        (phoenix 1.7.12) lib/phoenix/router.ex:484: Phoenix.Router.__call__/5\n"
           "        (plug_cowboy 2.7.1) lib/plug/cowboy/handler.ex:11: Plug.Cowboy.Handler.init/2\n"
           "        (cowboy 2.12.0) /app/deps/cowboy/src/cowboy_handler.erl:37: :cowboy_handler.execute/2\n"
           "        (stdlib 5.2) proc_lib.erl:241: :proc_lib.init_p_do_apply/3\n")
    add("native_elixir_exit_text", C, "stack_trace,internal_path",
        "Elixir '** (exit) an exception was raised' block with frames returned as text/plain",
        500, [("content-type", "text/plain; charset=utf-8"), ("date", date()), ("server", "Cowboy")], erl)

    term = ("{badarg,[{erlang,binary_to_integer,[<<\"12a\">>],[{error_info,#{module => erl_erts_errors}}]},"
            "{metrics_http_h,parse_window,1,[{file,\"/opt/metrics/apps/metrics_http/src/metrics_http_h.erl\"},{line,118}]},"
            "{metrics_http_h,init,2,[{file,\"/opt/metrics/apps/metrics_http/src/metrics_http_h.erl\"},{line,34}]},"
            "{cowboy_handler,execute,2,[{file,\"/opt/metrics/_build/default/lib/cowboy/src/cowboy_handler.erl\"},{line,37}]}]}")
    add("native_erlang_term_in_json", C, "stack_trace,internal_path",
        "Erlang {badarg,[{M,F,A,[{file,..},{line,..}]}]} stacktrace term rendered with ~p into JSON reason",
        500, [("content-type", "application/json"), ("date", date()), ("server", "Cowboy")], {"status": "error", "reason": term})

    # Large HTML status page with Go panic deep inside
    inner = "<h1>Service status</h1>" + "".join("<div class=\"card\"><h3>%s</h3><p>%s</p></div>" % (sentence(3), para()) for _ in range(45)) + \
        "<details class=\"card\" open><summary>Last sync</summary><pre>%s</pre></details>" % html.escape(gopanic[:900]) + \
        "".join("<div class=\"card\"><p>%s</p></div>" % para() for _ in range(15))
    add("native_go_panic_deep_in_large_html", C, "stack_trace,internal_path",
        "Large (~50KB) themed status page with a Go panic/goroutine dump in a <details><pre> block near the end",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())], themed_page("Status", inner, brand="PebblePay"))


# =====================================================================
# LEAKING: database errors
# =====================================================================
def leak_db():
    C = "database_error"
    add("db_mysqljs_parse_error_object", C, "database_error",
        "mysqljs error object serialised to client: ER_PARSE_ERROR/1064 with sqlMessage and the full SQL",
        500, apigw_headers(), {"error": {
            "code": "ER_PARSE_ERROR", "errno": 1064,
            "sqlMessage": "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''wool%' ORDER BY price LIMIT 24' at line 1",
            "sqlState": "42000", "index": 0,
            "sql": "SELECT id, name, price FROM products WHERE name LIKE '%merino 'wool%' ORDER BY price LIMIT 24"}})

    add("db_node_postgres_error_fields", C, "database_error",
        "node-postgres DatabaseError fields (severity/code/position/file/line/routine) spread into response",
        500, furl_headers(), {"message": "column \"emial\" does not exist", "length": 108, "name": "error", "severity": "ERROR", "code": "42703",
                              "hint": "Perhaps you meant to reference the column \"users.email\".", "position": "27",
                              "file": "parse_relation.c", "line": "3722", "routine": "errorMissingColumn"})

    ora = ("<html><head><title>Error</title></head><body><h2>Unable to load statement</h2>"
           "<p>java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist\n</p>"
           "<pre>ORA-06512: at \"BILLING.PKG_INVOICE\", line 214\nORA-06512: at line 1\n</pre>"
           "<p>Query: SELECT * FROM BILLING.INVOICE_LINES_V WHERE ACCOUNT_ID = :1</p></body></html>")
    add("db_oracle_ora00942_html", C, "database_error",
        "Oracle ORA-00942 / ORA-06512 with PL/SQL package and SQL text in a small HTML error page",
        500, [("Content-Type", "text/html; charset=ISO-8859-1"), ("Date", date()), ("Server", "Oracle-HTTP-Server")], ora)

    asp = ("<font face=\"Arial\" size=2>\n<p>Microsoft OLE DB Provider for ODBC Drivers</font> <font face=\"Arial\" size=2>error '80040e14'</font>\n"
           "<p>\n<font face=\"Arial\" size=2>[Microsoft][ODBC SQL Server Driver][SQL Server]Unclosed quotation mark after the character string ''.</font>\n"
           "<p>\n<font face=\"Arial\" size=2>/catalog/product.asp</font><font face=\"Arial\" size=2>, line 31</font>\n")
    add("db_mssql_classic_asp_odbc", C, "database_error,internal_path",
        "Classic ASP ODBC SQL Server error '80040e14' Unclosed quotation mark (small HTML fragment)",
        500, [("Content-Type", "text/html"), ("Server", "Microsoft-IIS/8.5"), ("X-Powered-By", "ASP.NET"), ("Date", date())], asp)

    add("db_sqlclient_invalid_object_json", C, "database_error,stack_trace",
        "System.Data.SqlClient.SqlException 'Invalid object name' with error number/state in JSON from Azure Function-style handler",
        500, [("Content-Type", "application/json; charset=utf-8"), ("Date", date()), ("Request-Context", "appId=cid-v1:%s" % uuid())],
        {"error": "Microsoft.Data.SqlClient.SqlException (0x80131904): Invalid object name 'dbo.ShipmentEventz'.\n   at Microsoft.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)\n   at Microsoft.Data.SqlClient.SqlDataReader.TryConsumeMetaData()\nClientConnectionId:%s\nError Number:208,State:1,Class:16" % uuid()})

    add("db_sqlite_operational_error", C, "database_error",
        "Python sqlite3.OperationalError text returned in a JSON 'detail' (FastAPI exception handler echoing str(exc))",
        500, apigw_headers(), {"detail": "(sqlite3.OperationalError) no such column: notes.pinned\n[SQL: SELECT notes.id, notes.title, notes.pinned FROM notes WHERE notes.owner_id = ? ORDER BY notes.updated_at DESC]\n[parameters: (42,)]\n(Background on this error at: https://sqlalche.me/e/20/e3q8)"})

    add("db_mongo_e11000_dup_key", C, "database_error",
        "MongoServerError E11000 duplicate key with collection/index/dup key echoed",
        409, furl_headers(), {"ok": False, "error": {"name": "MongoServerError", "message": "E11000 duplicate key error collection: tenants.users index: email_1 dup key: { email: \"oona.moreau@example.net\" }",
                                                     "code": 11000, "keyPattern": {"email": 1}, "keyValue": {"email": "oona.moreau@example.net"}}},
        reason="Conflict")

    add("db_mongo_server_selection", C, "database_error,internal_path",
        "MongoServerSelectionError with topology description (internal hosts/replica set) in 503 JSON",
        503, apigw_headers(), {"message": "Service temporarily unavailable", "cause": {
            "name": "MongoServerSelectionError", "message": "connect ECONNREFUSED 10.0.3.14:27017",
            "reason": {"type": "ReplicaSetNoPrimary", "setName": "rs-prod-eu", "servers": {"10.0.3.14:27017": {"type": "Unknown", "error": "connect ECONNREFUSED 10.0.3.14:27017"}, "10.0.4.22:27017": {"type": "RSSecondary"}}}}})

    php = "".join("<div class=\"card\"><h3>%s</h3><p>%s</p></div>" % (sentence(4), para()) for _ in range(20))
    php += "<br />\n<b>Warning</b>:  mysqli_query(): (42000/1064): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'ORDER BY created DESC' at line 1 in <b>/var/www/vhosts/shop/httpdocs/search.php</b> on line <b>23</b><br />\n"
    php += "".join("<div class=\"card\"><p>%s</p></div>" % para() for _ in range(10))
    add("db_php_mysqli_warning_themed", C, "database_error,internal_path",
        "Themed search page with PHP mysqli_query() warning (MariaDB 1064) printed mid-page",
        200, [("Content-Type", "text/html; charset=UTF-8"), ("X-Powered-By", "PHP/7.4.33"), ("Date", date())], themed_page("Search results", php, brand="Gartenwelt", lang="de"))

    data = {"data": {"orders": [order(i) for i in range(120)], "stats": None},
            "errors": [{"message": "insert or update on table \"order_stats\" violates foreign key constraint \"order_stats_shop_id_fkey\"", "path": ["stats"],
                        "extensions": {"code": "23503", "detail": "Key (shop_id)=(771) is not present in table \"shops\".", "schema": "public", "table": "order_stats", "constraint": "order_stats_shop_id_fkey"}}]}
    add("db_graphql_large_pg_fk_error", C, "database_error",
        "Large (~35KB) GraphQL 200 response; errors[0] carries PostgreSQL 23503 FK violation detail/table/constraint",
        200, apigw_headers(), data)

    add("db_pdo_pgsql_connection_refused", C, "database_error,internal_path",
        "PDOException SQLSTATE[08006] with host/port and file path in JSON",
        500, [("Content-Type", "application/json"), ("Date", date())],
        {"error": "SQLSTATE[08006] [7] connection to server at \"pg-primary.internal\" (10.12.0.5), port 5432 failed: FATAL:  password authentication failed for user \"shop_rw\"",
         "file": "/var/www/app/src/Infrastructure/Db.php", "line": 19})


# =====================================================================
# LEAKING: secrets
# =====================================================================
def akid(prefix="AKIA"):
    return prefix + "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def b64ish(n):
    return "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n))


def alnum(n):
    return "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def leak_secrets():
    C = "secret"
    env = {"AWS_REGION": "eu-central-1", "AWS_LAMBDA_FUNCTION_NAME": "checkout-api-prod", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
           "AWS_ACCESS_KEY_ID": akid("ASIA"), "AWS_SECRET_ACCESS_KEY": b64ish(40),
           "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjE" + b64ish(300), "LAMBDA_TASK_ROOT": "/var/task", "NODE_ENV": "production",
           "_HANDLER": "index.handler", "TZ": ":UTC"}
    add("secret_lambda_env_dump", C, "secret,internal_path",
        "Leftover /debug endpoint returning process.env of a Lambda (temporary AWS credentials incl. session token)",
        200, furl_headers(), {"ok": True, "env": env, "uptime": 813.2})

    cfg = {"features": {"newCheckout": True, "applePay": R.random() > 0.5}, "catalog": big_catalog_json(70),
           "payments": {"provider": "stripe", "publishableKey": "pk_live_" + alnum(99), "secretKey": "sk_live_" + alnum(99)}}
    add("secret_stripe_sk_live_in_large_config", C, "secret",
        "Large (~50KB) bootstrap JSON for a SPA; payments.secretKey holds a live Stripe secret key deep in the body",
        200, apigw_headers(), cfg)

    add("secret_pg_conn_string_in_error", C, "secret,database_error",
        "Connection error message embeds a postgres:// URI with username:password",
        503, furl_headers(), {"error": "DatabaseUnavailable",
                              "message": "getaddrinfo ENOTFOUND orders-db.cluster-ro-cq81ksd02j.eu-west-1.rds.amazonaws.com while connecting to postgres://orders_svc:Hx7!pQ2-vLt94e@orders-db.cluster-ro-cq81ksd02j.eu-west-1.rds.amazonaws.com:5432/orders?sslmode=require"})

    add("secret_github_pat_in_build_info", C, "secret",
        "Build-info endpoint returning CI variables including a GitHub personal access token",
        200, apigw_headers(), {"version": "4.12.0", "commit": hexid(40), "builtAt": "2026-12-01T18:22:09Z",
                               "ci": {"runner": "gha-ubuntu-22.04", "GITHUB_REPOSITORY": "tidewater/storefront", "GH_TOKEN": "ghp_" + alnum(36)}})

    add("secret_slack_bot_token_html", C, "secret",
        "Themed admin HTML with an inline <script> config exposing a Slack bot token",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())],
        themed_page("Alerts", "<h1>Alerts</h1><p>%s</p><script>window.__CFG__ = {\"slack\": {\"channel\": \"#ops-alerts\", \"botToken\": \"xoxb-%d-%d-%s\"}, \"env\": \"prod\"};</script>" % (
            para(), R.randint(10**11, 10**12 - 1), R.randint(10**12, 10**13 - 1), alnum(24)), brand="Tidewater Ops", nprod=30))

    key_body = b64ish(64 * 25)
    pem = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(key_body[i:i + 64] for i in range(0, len(key_body), 64)) + "\n-----END PRIVATE KEY-----\n"
    sa = {"type": "service_account", "project_id": "tidewater-analytics", "private_key_id": hexid(40), "private_key": pem,
          "client_email": "exporter@tidewater-analytics.iam.gserviceaccount.com", "client_id": str(R.randint(10**20, 10**21 - 1)),
          "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token"}
    add("secret_gcp_service_account_json", C, "secret",
        "GCP service-account JSON (private_key PEM) echoed inside an integration-settings response",
        200, apigw_headers(), {"integration": "bigquery", "status": "connected", "credentials": sa})

    add("secret_mongodb_srv_uri_in_stack", C, "secret,stack_trace,database_error",
        "Mongoose connection error whose message and stack include mongodb+srv URI with password",
        500, apigw_headers(), {"name": "MongooseServerSelectionError",
                               "message": "Could not connect to any servers in your MongoDB Atlas cluster. uri=mongodb+srv://app_admin:Wq9zL2v7KpRt@cluster0.x7k2p.mongodb.net/shop?retryWrites=true&w=majority",
                               "stack": "MongooseServerSelectionError: Could not connect to any servers in your MongoDB Atlas cluster.\n    at _handleConnectionErrors (/var/task/node_modules/mongoose/lib/connection.js:897:11)\n    at NativeConnection.openUri (/var/task/node_modules/mongoose/lib/connection.js:848:11)"})

    add("secret_azure_storage_conn_string", C, "secret",
        "Azure Storage connection string with AccountKey in an upload-config response",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date())],
        {"upload": {"container": "invoices", "maxMb": 25,
                    "connectionString": "DefaultEndpointsProtocol=https;AccountName=tidewaterinvoices;AccountKey=%s==;EndpointSuffix=core.windows.net" % b64ish(86)}})

    orders = [order(i) for i in range(150)]
    orders[133]["_internal"] = {"signer": "HS256", "jwtSecret": "3f9c" + hexid(60), "awsKey": akid("AKIA"), "awsSecret": b64ish(40)}
    add("secret_aws_keys_deep_in_large_list", C, "secret",
        "Large (~45KB) order list; one row accidentally serialises an _internal object with AWS access key pair and JWT secret",
        200, apigw_headers(), {"orders": orders})


# =====================================================================
# LEAKING: internal paths and headers
# =====================================================================
def leak_paths_headers():
    C = "path_header"
    add("path_enoent_var_task_config", C, "internal_path",
        "ENOENT error message naming /var/task config file and errno/syscall",
        500, furl_headers(), {"errno": -2, "code": "ENOENT", "syscall": "open", "path": "/var/task/config/tenants/prod-eu.json",
                              "message": "ENOENT: no such file or directory, open '/var/task/config/tenants/prod-eu.json'"})
    add("path_python_efs_filenotfound", C, "internal_path",
        "Python FileNotFoundError text with EFS mount path echoed in JSON detail",
        500, apigw_headers(), {"detail": "[Errno 2] No such file or directory: '/mnt/efs/tenants/118/templates/invoice_v3.docx'"})
    add("path_windows_build_path_dotnet", C, "internal_path",
        ".NET FileNotFoundException with Windows build-agent paths in message",
        500, [("Content-Type", "application/json; charset=utf-8"), ("Date", date())],
        {"title": "Could not load file or assembly", "detail": "Could not find file 'D:\\a\\1\\s\\src\\Contoso.Reports\\bin\\Release\\net8.0\\Templates\\quarterly.rdlc'."})
    add("path_php_open_basedir", C, "internal_path",
        "PHP open_basedir warning naming server home directories in a small HTML response",
        200, [("Content-Type", "text/html; charset=UTF-8"), ("Date", date())],
        "<br />\n<b>Warning</b>:  file_exists(): open_basedir restriction in effect. File(/home/forge/shop.example.com/storage/app/exports/latest.csv) is not within the allowed path(s): (/home/forge/shop.example.com/public:/tmp/) in <b>/home/forge/shop.example.com/public/export.php</b> on line <b>12</b><br />\n<p>No export available.</p>\n")

    add("header_symfony_x_debug_exception", C, "header,internal_path",
        "Symfony debug mode X-Debug-Exception / X-Debug-Exception-File headers; body itself generic",
        500, [("Content-Type", "application/json"), ("Cache-Control", "no-cache, private"), ("Date", date()),
              ("X-Debug-Exception", "An%20exception%20occurred%20in%20driver%3A%20SQLSTATE%5BHY000%5D%20%5B2002%5D%20Connection%20refused"),
              ("X-Debug-Exception-File", "%2Fvar%2Fwww%2Fapp%2Fvendor%2Fdoctrine%2Fdbal%2Fsrc%2FDriver%2FPDO%2FException.php:28"),
              ("X-Debug-Token", hexid(6)), ("X-Debug-Token-Link", "https://api.marketly.example/_profiler/%s" % hexid(6))],
        {"type": "https://tools.ietf.org/html/rfc2616#section-10", "title": "An error occurred", "status": 500, "detail": "Internal Server Error"})

    log_tail = ("START RequestId: %s Version: $LATEST\n[ERROR] ValueError: Unsupported currency 'XAU'\nTraceback (most recent call last):\n"
                "  File \"/var/task/fx.py\", line 22, in handler\n    rate = RATES[event['currency']]\nEND RequestId: %s\n" % (rid := uuid(), rid))
    add("header_x_amz_log_result_forwarded", C, "header,stack_trace,internal_path",
        "Gateway forwards Lambda Invoke headers incl. X-Amz-Log-Result (base64 log tail with traceback); body looks fine",
        200, invoke_headers(None) + [("X-Amz-Log-Result", base64.b64encode(log_tail.encode()).decode())],
        {"currency": "XAU", "rate": None, "cached": False})

    add("header_x_exception_stack", C, "header,stack_trace,internal_path",
        "Custom X-Exception-Detail header carrying exception type and first frame with source path; generic body",
        500, [("Content-Type", "application/json"), ("Date", date()),
              ("X-Exception-Detail", "System.InvalidCastException: Unable to cast object of type 'System.DBNull' to type 'System.String'. at Contoso.Crm.Mapping.ContactMapper.Map(IDataRecord r) in /src/Contoso.Crm/Mapping/ContactMapper.cs:line 44")],
        {"message": "An error has occurred."})


# =====================================================================
# CLEAN: search results, Q&A, forums quoting errors as content
# =====================================================================
def qa_page(site, title, question_html, answers, tags, lang="en"):
    ans = "".join('<div class="answer" itemprop="suggestedAnswer"><div class="votes">%d</div><div class="post-body">%s</div><div class="user">%s</div></div>' % (R.randint(0, 250), a, person()) for a in answers)
    return ("<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s - %s</title><link rel=\"canonical\" href=\"https://%s/questions/%d\"></head><body>"
            "<header><a href=\"/\">%s</a><form action=\"/search\"><input name=\"q\"></form></header><main itemscope itemtype=\"https://schema.org/QAPage\">"
            "<h1 itemprop=\"name\">%s</h1><div class=\"question\" itemprop=\"mainEntity\"><div class=\"post-body\">%s</div><ul class=\"tags\">%s</ul>"
            "<div class=\"asked\">asked %d days ago by %s</div></div><h2>%d Answers</h2>%s</main><aside><h3>Related</h3><ul>%s</ul></aside>"
            "<footer>site design / logo &copy; 2026; user contributions licensed under CC BY-SA</footer></body></html>") % (
        lang, html.escape(title), site, site, R.randint(7 * 10**7, 8 * 10**7), site, html.escape(title), question_html,
        "".join("<li>%s</li>" % t for t in tags), R.randint(1, 900), person(), len(answers), ans,
        "".join("<li><a href=\"/questions/%d\">%s</a></li>" % (R.randint(10**6, 10**8), sentence(8)) for _ in range(12)))


def clean_qa():
    C = "qa_search"
    hdr = lambda: [("Content-Type", "text/html; charset=utf-8"), ("Date", date()), ("Cache-Control", "public, max-age=60"), ("Vary", "Accept-Encoding")]
    q = ("<p>My search endpoint breaks when the term contains an apostrophe. The page shows:</p><pre><code>You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 's shoes' ORDER BY id' at line 1</code></pre>"
         "<p>Code:</p><pre><code>$sql = \"SELECT * FROM products WHERE name LIKE '%\" . $_GET['q'] . \"%'\";</code></pre>")
    add("qa_mysql_syntax_error_question", C, "-",
        "Q&A page: the question quotes 'You have an error in your SQL syntax' as content; answers recommend prepared statements",
        200, hdr(), qa_page("devanswers.example", "MySQL error 1064 when search term has an apostrophe", q,
                            ["<p>Never concatenate input. Use prepared statements:</p><pre><code>$stmt = $pdo-&gt;prepare('SELECT * FROM products WHERE name LIKE ?');</code></pre>",
                             "<p>The apostrophe terminates your string literal, which is why the parser complains near <code>'s shoes'</code>.</p>"], ["php", "mysql", "sql-injection"]))

    q = ("<p>Running my Flask app I get this traceback:</p><pre><code>Traceback (most recent call last):\n  File \"/home/me/proj/app.py\", line 14, in index\n    return render_template('index.html', user=session['user'])\n"
         "  File \"/home/me/proj/venv/lib/python3.12/site-packages/flask/sessions.py\", line 88, in __getitem__\nKeyError: 'user'</code></pre><p>What am I doing wrong?</p>")
    add("qa_python_keyerror_traceback", C, "-",
        "Q&A page whose question contains a full Python traceback (user-authored content)",
        200, hdr(), qa_page("devanswers.example", "KeyError: 'user' when accessing Flask session", q,
                            ["<p>Use <code>session.get('user')</code> and redirect to login when it is missing.</p>"], ["python", "flask"]))

    q = ("<p>Why does this throw?</p><pre><code>Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null\n\tat com.example.Main.count(Main.java:9)\n\tat com.example.Main.main(Main.java:4)</code></pre>")
    add("qa_java_npe_helpful_message", C, "-",
        "Q&A page explaining a Java NullPointerException stack trace quoted in the question",
        200, hdr(), qa_page("devanswers.example", "What is a NullPointerException, and how do I fix it?", q,
                            ["<p>Since JDK 14 helpful NPE messages name the null variable, here <code>s</code>. Check for null before calling <code>length()</code>.</p>",
                             "<p>Read the stack trace top-down: the first frame <code>Main.count(Main.java:9)</code> is where it happened.</p>"], ["java", "nullpointerexception"]))

    q = "<p>Oracle 19c: <code>ORA-00942: table or view does not exist</code> although <code>SELECT * FROM hr.employees</code> works as HR. As user APP it fails.</p>"
    add("qa_oracle_ora00942", C, "-",
        "DBA Q&A page about ORA-00942 (grants/synonyms)",
        200, hdr(), qa_page("dba.answers.example", "ORA-00942 when selecting from another schema", q,
                            ["<p>Grant SELECT to APP and either qualify the name or create a synonym: <code>GRANT SELECT ON hr.employees TO app;</code></p>"], ["oracle", "permissions"]))

    q = ("<p>My program crashes with</p><pre><code>panic: runtime error: index out of range [5] with length 5\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/sandbox3217/prog.go:8 +0x1d\nexit status 2</code></pre>")
    add("qa_go_panic_playground", C, "-",
        "Q&A page with a Go playground panic output in the question",
        200, hdr(), qa_page("devanswers.example", "Go: index out of range with length 5 in for loop", q,
                            ["<p>Use <code>i &lt; len(s)</code>, not <code>&lt;=</code>.</p>"], ["go", "slices"]))

    q = ("<p>Getting this in CI, only with <code>-fsanitize=address</code>:</p><pre><code>==4242==ERROR: AddressSanitizer: stack-use-after-return on address 0x7f1c2a500030\nREAD of size 4 at 0x7f1c2a500030 thread T0\n    #0 0x55d1 in consume /work/demo.c:12\n    #1 0x55d2 in main /work/demo.c:20\nSUMMARY: AddressSanitizer: stack-use-after-return /work/demo.c:12 in consume</code></pre>")
    add("qa_asan_report_question", C, "-",
        "Q&A page whose question pastes an AddressSanitizer report",
        200, hdr(), qa_page("devanswers.example", "stack-use-after-return reported by ASan only in CI", q,
                            ["<p>You return a pointer to a local array. Allocate it on the heap or pass a buffer in.</p>"], ["c", "address-sanitizer"]))

    results = [{"title": t, "url": "https://devanswers.example/questions/%d" % R.randint(10**6, 10**8), "snippet": s, "score": R.randint(1, 900), "answered": True}
               for t, s in [("Error 1064 near '' at line 1", "...You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version..."),
                            ("SQLSTATE[42S22]: Column not found: 1054", "Laravel throws Unknown column 'updated_at' in 'field list' when the table has no timestamps..."),
                            ("PG::UndefinedTable relation does not exist", "Run the migrations: rails db:migrate. The error ERROR: relation \"users\" does not exist means..."),
                            ("ORA-01017: invalid username/password", "Check case sensitivity of passwords in 11g and later..."),
                            ("E11000 duplicate key error collection", "MongoDB raises E11000 duplicate key error when a unique index..."),
                            ("sqlite3.OperationalError: database is locked", "Another connection holds a write lock...")]]
    add("search_api_sql_error_snippets", C, "-",
        "Site search JSON API: the user searched for SQL error messages; snippets quote MySQL/Laravel/PG/Oracle/Mongo/SQLite errors",
        200, apigw_headers(), {"query": "sql error", "took_ms": 23, "total": 4812, "results": results * 4})

    rows = "".join("<li class=\"result\"><a href=\"https://kb.example/%d\">%s</a><p class=\"snippet\">%s</p></li>" % (R.randint(1000, 9999), t, s) for t, s in [
        ("Fix: Traceback (most recent call last) on import", "If you see <mark>Traceback (most recent call last)</mark>: File \"setup.py\", line 3 ... ModuleNotFoundError: No module named 'numpy' ..."),
        ("Understanding java.lang.NullPointerException", "A <mark>NullPointerException</mark> at com.example.Foo.bar(Foo.java:12) means..."),
        ("Reading Go panics", "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f0a2]"),
        ("Rust: thread 'main' panicked", "thread 'main' panicked at src/main.rs:4:5: called `Result::unwrap()` on an `Err` value ..."),
    ] * 6)
    add("search_results_html_traceback_snippets", C, "-",
        "Knowledge-base search results page with highlighted traceback / NPE / panic snippets (user searched for them)",
        200, hdr(), themed_page("Search: traceback", "<h1>Results for “traceback”</h1><ol class=\"results\">%s</ol>" % rows, brand="Helpdesk KB"))

    post = {"post_stream": {"posts": [
        {"id": 9001 + i, "username": "user%d" % R.randint(10, 999), "created_at": "2026-11-2%dT10:00:00Z" % R.randint(0, 9),
         "cooked": c} for i, c in enumerate([
             "<p>After upgrading I get:</p><pre><code>Rails::Application::Finisher: ActionView::Template::Error (undefined method `each' for nil)\napp/views/posts/index.html.erb:12:in `_app_views_posts_index_html_erb'</code></pre>",
             "<p>Same here on 7.1.3.</p>",
             "<p>Fixed by running <code>bin/rails db:migrate</code>, the posts table was empty.</p>"])]},
        "title": "ActionView::Template::Error after upgrade", "category_id": 7, "views": 412}
    add("forum_discourse_topic_json", C, "-",
        "Discourse topic JSON where user posts contain a Rails error and app backtrace lines as discussion content",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date()), ("X-Discourse-Route", "topics/show")], post)

    items = [{"question_id": R.randint(10**7, 8 * 10**7), "title": t, "tags": tg, "is_answered": True, "score": R.randint(0, 300),
              "body_markdown": b} for t, tg, b in [
        ("SqlException: Invalid object name 'dbo.Users'", ["c#", "entity-framework"], "I get `System.Data.SqlClient.SqlException (0x80131904): Invalid object name 'dbo.Users'.` after deploying."),
        ("Error: Cannot find module 'express'", ["node.js"], "```\nError: Cannot find module 'express'\nRequire stack:\n- /home/ana/app/index.js\n```"),
        ("UnhandledPromiseRejection in Lambda", ["aws-lambda", "node.js"], "Logs show `{\"errorType\":\"Runtime.UnhandledPromiseRejection\",\"errorMessage\":\"Error: boom\"}` — how do I catch it?")]]
    add("stackexchange_api_questions", C, "-",
        "Stack Exchange-style API /questions JSON: bodies quote SqlException, Node require stack and a Lambda error object",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date())], {"items": items, "has_more": True, "quota_max": 300, "quota_remaining": 287})

    q = "<p>Dans mon application Django j’obtiens <code>django.db.utils.OperationalError: no such table: main.auth_user__old</code> lors de l’enregistrement dans l’admin.</p>"
    add("qa_french_django_operationalerror", C, "-",
        "French-language Q&A page quoting a Django/SQLite OperationalError",
        200, hdr(), qa_page("questions.dev.example", "OperationalError: no such table: main.auth_user__old", q,
                            ["<p>C’est un bug connu avec SQLite 3.26 et Django 2.1 ; mettez Django à jour.</p>"], ["django", "sqlite"], lang="fr"))

    q = "<p>Rust のビルドで次のエラーになります。</p><pre><code>thread 'main' panicked at src/main.rs:7:37:\ncalled `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace</code></pre>"
    add("qa_japanese_rust_panic", C, "-",
        "Japanese Q&A page quoting a Rust panic message",
        200, hdr(), qa_page("qa.dev.example.jp", "unwrap() で panicked になる", q,
                            ["<p><code>?</code> 演算子でエラーを返すか、<code>match</code> で扱ってください。</p>"], ["rust"], lang="ja"))


# =====================================================================
# CLEAN: documentation, blog posts, tutorials
# =====================================================================
def doc_page(product, title, body_html, toc):
    side = "".join("<li><a href=\"#%s\">%s</a></li>" % (t.lower().replace(" ", "-"), t) for t in toc)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s - %s Documentation</title>"
            "<link rel=\"stylesheet\" href=\"/_static/docs.css\"></head><body class=\"docs\"><nav class=\"sidebar\"><h2>%s</h2><ul>%s</ul></nav>"
            "<article class=\"content\"><h1>%s</h1>%s</article><footer>Was this page helpful? <button>Yes</button> <button>No</button></footer></body></html>") % (
        html.escape(title), product, product, side, html.escape(title), body_html)


def clean_docs():
    C = "docs_blog"
    hdr = lambda: [("Content-Type", "text/html; charset=utf-8"), ("Date", date()), ("Cache-Control", "public, max-age=3600"), ("ETag", "\"%s\"" % hexid(16))]
    add("docs_oracle_ora00942", C, "-",
        "Database error-message reference page for ORA-00942 (Cause/Action)",
        200, hdr(), doc_page("Database Error Messages", "ORA-00942", "<h2 id=\"ora-00942\">ORA-00942: table or view does not exist</h2><p><b>Cause:</b> The table or view entered does not exist, a synonym that is not allowed here was used, or a view was referenced where a table is required.</p>"
                             "<p><b>Action:</b> Check each of the following: the spelling of the table or view name; that a view is not specified where a table is required; that an existing table or view name exists.</p>"
                             + "".join("<h2>ORA-%05d</h2><p>%s</p>" % (943 + i, para()) for i in range(30)), ["ORA-00942", "ORA-00943", "ORA-00944"]))

    rows = "".join("<tr><td><code>%s</code></td><td><code>%s</code></td></tr>" % c for c in [
        ("42P01", "undefined_table"), ("42703", "undefined_column"), ("23505", "unique_violation"), ("23503", "foreign_key_violation"),
        ("28P01", "invalid_password"), ("08006", "connection_failure"), ("40P01", "deadlock_detected"), ("53300", "too_many_connections")] * 8)
    add("docs_postgres_errcodes_appendix", C, "-",
        "PostgreSQL error codes appendix (SQLSTATE table)",
        200, hdr(), doc_page("PostgreSQL", "Appendix A. PostgreSQL Error Codes", "<p>All messages emitted by the PostgreSQL server are assigned five-character error codes that follow the SQL standard's conventions for SQLSTATE codes.</p><table><tr><th>Error Code</th><th>Condition Name</th></tr>%s</table>" % rows,
                             ["Class 08", "Class 23", "Class 42"]))

    ex = json.dumps({"errorMessage": "Cannot read properties of undefined (reading 'x')", "errorType": "TypeError",
                     "trace": ["TypeError: Cannot read properties of undefined (reading 'x')", "    at Runtime.handler (file:///var/task/index.mjs:3:24)"]}, indent=2)
    add("docs_lambda_nodejs_errors", C, "-",
        "Serverless platform docs page explaining the Node.js error object, with an example errorType/trace block",
        200, hdr(), doc_page("AWS Lambda", "AWS Lambda function errors in Node.js",
                             "<p>When your code raises an error, Lambda generates a JSON representation of the error. This error document appears in the invocation log and, for synchronous invocations, in the output.</p>"
                             "<h2 id=\"syntax\">Syntax</h2><p>Example error response:</p><pre class=\"programlisting\"><code>%s</code></pre><p>%s</p>" % (html.escape(ex), para()),
                             ["Syntax", "How it works", "Using the console"]))

    add("docs_django_debug_setting", C, "-",
        "Framework settings reference for DEBUG explaining the technical 500 page (prose only)",
        200, hdr(), doc_page("Django", "Settings: DEBUG", "<p>Default: <code>False</code>. A boolean that turns on/off debug mode.</p><p>Never deploy a site into production with DEBUG turned on.</p>"
                             "<p>One of the main features of debug mode is the display of detailed error pages. If your app raises an exception when DEBUG is True, Django will display a detailed traceback, including a lot of metadata about your environment, such as all the currently defined Django settings.</p>" + para(),
                             ["DEBUG", "DEBUG_PROPAGATE_EXCEPTIONS"]))

    add("docs_aws_example_keys", C, "-",
        "Credentials guide using the documented placeholder keys AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        200, hdr(), doc_page("AWS CLI", "Configuration and credential file settings",
                             "<p>The following example shows a credentials file with a default profile:</p><pre><code>[default]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</code></pre><p>%s</p>" % para(),
                             ["Credentials", "Config", "Profiles"]))

    out = (" 0# bar(int) at /path/to/source/file.cpp:70\n 1# bar(int) at /path/to/source/file.cpp:70\n 2# foo(int) at /path/to/source/file.cpp:79\n 3# main at /path/to/main.cpp:93\n 4# __libc_start_main in /lib/x86_64-linux-gnu/libc.so.6\n 5# _start")
    add("docs_boost_stacktrace_getting_started", C, "-",
        "Library tutorial page showing sample boost::stacktrace output",
        200, hdr(), doc_page("Boost.Stacktrace", "Getting Started", "<p>boost::stacktrace::stacktrace contains methods for working with call-stack/backtraces. Code could generate the following stacktrace:</p><pre>%s</pre>" % html.escape(out),
                             ["How to print current call stack", "Better asserts"]))

    post = ("<p class=\"lead\">Everybody has seen it: the white page with a big <em>Whitelabel Error Page</em> headline. Here is how to replace it.</p>"
            "<p>By default Spring Boot shows:</p><pre>Whitelabel Error Page\nThis application has no explicit mapping for /error, so you are seeing this as a fallback.\nThere was an unexpected error (type=Not Found, status=404).</pre>"
            "<p>Set <code>server.error.whitelabel.enabled=false</code> and add an <code>error.html</code> template.</p>" + "".join("<p>%s</p>" % para() for _ in range(12)))
    add("blog_spring_whitelabel_howto", C, "-",
        "Blog post explaining the Whitelabel Error Page, quoting its text",
        200, hdr(), themed_page("Replacing the Whitelabel Error Page", "<article>%s</article>" % post, brand="The Java Journal"))

    tb = html.escape("Traceback (most recent call last):\n  File \"example.py\", line 6, in <module>\n    main()\n  File \"example.py\", line 3, in main\n    return 1 / 0\nZeroDivisionError: division by zero")
    add("tutorial_reading_python_tracebacks", C, "-",
        "Large tutorial article on reading Python tracebacks (several example tracebacks as content)",
        200, hdr(), themed_page("Understanding the Python Traceback", "<article><h1>Understanding the Python Traceback</h1>" + "".join(
            "<p>%s</p><pre class=\"example\">%s</pre>" % (para(), tb) for _ in range(4)) + "".join("<p>%s</p>" % para() for _ in range(40)) + "</article>", brand="PyLearn"))

    add("blog_sqli_error_based", C, "-",
        "Security blog post about error-based SQL injection quoting 'You have an error in your SQL syntax' and ORA-01756",
        200, hdr(), themed_page("Error-based SQL injection explained", "<article><p>%s</p><blockquote>You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '''' at line 1</blockquote><p>%s</p><blockquote>ORA-01756: quoted string not properly terminated</blockquote><p>%s</p></article>" % (para(), para(), para()),
                                brand="AppSec Notes"))

    add("docs_go_blog_defer_panic_recover", C, "-",
        "Language blog page on defer/panic/recover with a small panic output example",
        200, hdr(), doc_page("The Go Blog", "Defer, Panic, and Recover", "<p>Panic is a built-in function that stops the ordinary flow of control and begins panicking.</p><pre>panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x.go:5 +0x18</pre><p>%s</p>" % para(), ["Defer", "Panic", "Recover"]))

    add("docs_rust_book_unrecoverable", C, "-",
        "Rust book chapter showing a panic and RUST_BACKTRACE example output",
        200, hdr(), doc_page("The Rust Programming Language", "Unrecoverable Errors with panic!", "<pre><code>$ RUST_BACKTRACE=1 cargo run\nthread 'main' panicked at src/main.rs:4:6:\nindex out of bounds: the len is 3 but the index is 99\nstack backtrace:\n   0: rust_begin_unwind\n             at /rustc/07dca489ac2d933c78d3c5158e3f43beefeb02ce/library/std/src/panicking.rs:645:5\n   6: panic::main\n             at ./src/main.rs:4:6\nnote: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.</code></pre><p>%s</p>" % para(),
                             ["Unwinding", "Using a panic! Backtrace"]))

    add("docs_connectionstrings_templates", C, "-",
        "Connection-string reference with placeholder passwords (myPassword)",
        200, hdr(), doc_page("ConnStrings", "SQL Server connection strings", "<h2>Standard security</h2><pre>Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;</pre><h2>Trusted connection</h2><pre>Server=myServerAddress;Database=myDataBase;Trusted_Connection=True;</pre><h2>PostgreSQL</h2><pre>postgresql://username:password@localhost:5432/mydb</pre><p>%s</p>" % para(),
                             ["Standard security", "Trusted connection"]))


# =====================================================================
# CLEAN: changelogs, issue trackers
# =====================================================================
def clean_changelog():
    C = "changelog_issue"
    md = "# Changelog\n\n" + "".join("## [4.%d.0] - 2026-%02d-%02d\n### Fixed\n- %s\n- Fixed `NullPointerException` in `InvoiceExporter` when the customer has no address (#%d).\n- %s\n### Changed\n- %s\n\n" % (
        40 - i, 12 - i % 12, R.randint(1, 28), sentence(), R.randint(1000, 5000), sentence(), sentence()) for i in range(40))
    add("changelog_markdown_npe_fixes", C, "-",
        "Large CHANGELOG.md (text/markdown) listing fixed NullPointerException / ORA bugs",
        200, [("Content-Type", "text/markdown; charset=utf-8"), ("Date", date()), ("ETag", "W/\"%s\"" % hexid(12))], md)

    issue = {"url": "https://api.github.example/repos/acme/widgets/issues/1822", "number": 1822, "state": "open", "title": "Crash on startup: KeyError 'DATABASE_URL'",
             "user": {"login": "rosa-k"}, "labels": [{"name": "bug"}],
             "body": "### Steps\n1. `docker compose up`\n\n### Traceback\n```\nTraceback (most recent call last):\n  File \"/usr/src/app/manage.py\", line 22, in <module>\n    main()\n  File \"/usr/src/app/widgets/settings.py\", line 41, in <module>\n    DATABASES = {\"default\": dj_database_url.parse(os.environ[\"DATABASE_URL\"])}\nKeyError: 'DATABASE_URL'\n```\n",
             "comments": 3, "created_at": "2026-11-28T09:14:00Z"}
    add("issue_api_json_python_traceback", C, "-",
        "Issue-tracker REST API JSON; issue body (user report) contains a traceback",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date()), ("X-RateLimit-Remaining", "4987"), ("ETag", "W/\"%s\"" % hexid(32))], issue)

    comments = [{"id": R.randint(10**8, 10**9), "user": {"login": "dev%d" % i}, "body": b} for i, b in enumerate([
        "Can reproduce on 2.3.1:\n```\npanic: send on closed channel\n\ngoroutine 88 [running]:\ngithub.com/acme/queue.(*Pool).Submit(...)\n\t/go/src/github.com/acme/queue/pool.go:71 +0x8c\n```",
        "Fixed in #1830.", "Thanks! Confirmed on main."])]
    add("issue_comments_go_panic", C, "-",
        "Issue comments API JSON with a Go panic pasted by a user",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date())], comments)

    jira = themed_page("[SHOP-4412] Checkout fails with ORA-00001", "<h1>SHOP-4412: Checkout fails with ORA-00001</h1><dl><dt>Status</dt><dd>In Review</dd><dt>Assignee</dt><dd>%s</dd></dl>"
                       "<div class=\"description\"><p>QA reports intermittent failures:</p><pre>ORA-00001: unique constraint (SHOP.PK_ORDER_LINES) violated\nORA-06512: at \"SHOP.PKG_CART\", line 88</pre></div>%s" % (
                           person(), "".join("<div class=\"comment\"><b>%s</b><p>%s</p></div>" % (person(), para()) for _ in range(15))), brand="Tracker")
    add("issue_tracker_html_ora_error", C, "-",
        "Internal issue-tracker ticket page quoting ORA-00001/ORA-06512 in the description (the user opened the ticket)",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())], jira)

    notes = themed_page("Release notes 11.4", "<h1>Release notes 11.4</h1><h2>Bug fixes</h2><ul>%s</ul>" % "".join("<li>%s</li>" % x for x in [
        "Fixed <code>java.lang.IllegalStateException: Connection pool shut down</code> after idle timeout.",
        "The importer no longer fails with <code>SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry</code> on re-runs.",
        "Resolved <code>System.ObjectDisposedException</code> in the PDF renderer.",
        "Go agent: avoid <code>panic: assignment to entry in nil map</code> when tags are empty."] + [sentence() for _ in range(60)]), brand="Ledgerly")
    add("release_notes_html_exceptions", C, "-",
        "Release notes page naming exceptions and SQLSTATE messages that were fixed",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())], notes)

    adv = {"ghsa_id": "GHSA-%s-%s-%s" % (alnum(4).lower(), alnum(4).lower(), alnum(4).lower()), "summary": "Debug page exposes settings when DEBUG is enabled",
           "description": "When `DEBUG=True`, the technical 500 page lists settings. Versions before 4.2.1 did not mask `AWS_SECRET_ACCESS_KEY`. Upgrade and never enable DEBUG in production.",
           "severity": "medium", "cve_id": "CVE-2026-%d" % R.randint(10000, 49999), "vulnerabilities": [{"package": {"ecosystem": "pip", "name": "example-debug-toolbar"}, "patched_versions": ">=4.2.1"}]}
    add("security_advisory_json", C, "-",
        "Security advisory JSON describing a debug-page leak (prose; no actual secrets)",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date())], adv)

    commits = [{"sha": hexid(40), "commit": {"message": m, "author": {"name": person(), "date": "2026-11-%02dT10:00:00Z" % R.randint(1, 30)}}} for m in [
        "fix: handle ECONNREFUSED from redis without crashing", "Catch PDOException and return 503", "Stop leaking stack traces in production error handler",
        "chore: bump pg to 8.12", "test: add case for ORA-00942 mapping", "fix(ui): escape traceback in admin log viewer"] * 8]
    add("commits_api_json", C, "-",
        "Commit list JSON whose messages mention ECONNREFUSED, PDOException, ORA-00942, stack traces",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date()), ("Link", "<https://api.github.example/repos/acme/shop/commits?page=2>; rel=\"next\"")], commits)

    add("issue_gitlab_markdown_render", C, "-",
        "Rendered issue page (Portuguese) with a Node.js stack trace in a code block posted by a reporter",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())],
        themed_page("Erro ao gerar boleto", "<h1>Erro ao gerar boleto (#318)</h1><p>Ao clicar em “Gerar”, o servidor retorna 500. Log do container:</p><pre><code>TypeError: Cannot read properties of undefined (reading 'valor')\n    at gerarBoleto (/app/src/boleto.js:44:21)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)</code></pre><p>%s</p>" % para(),
                    brand="Forja", lang="pt-BR"))

    rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Status history</title>" + "".join(
        "<item><title>%s</title><description><![CDATA[%s]]></description><pubDate>%s</pubDate></item>" % (t, d, date()) for t, d in [
            ("Elevated error rates on checkout", "Between 09:10 and 09:42 UTC some customers saw errors. Root cause: a database failover. Resolved."),
            ("Degraded search", "Search returned 'Internal server error' for some queries. A fix was deployed."),
            ("Scheduled maintenance", "Database upgrade to PostgreSQL 16.")] * 10) + "</channel></rss>"
    add("status_page_rss_incidents", C, "-",
        "Status-page RSS feed describing past incidents with generic wording",
        200, [("Content-Type", "application/rss+xml; charset=utf-8"), ("Date", date())], rss)

    add("changelog_json_npm_versions", C, "-",
        "Package registry JSON with release descriptions mentioning exceptions and UnhandledPromiseRejection fixes",
        200, [("Content-Type", "application/json"), ("Date", date())],
        {"name": "@acme/lambda-kit", "versions": {"3.%d.0" % i: {"description": "Fixes: %s" % R.choice(["UnhandledPromiseRejection when handler returns undefined", "TypeError in middleware chain", "ECONNRESET retries", "Runtime.ExitError docs"])} for i in range(30)}})


# =====================================================================
# CLEAN: log viewers the user explicitly asked for
# =====================================================================
def clean_logs():
    C = "log_viewer"
    ev = []
    for i in range(120):
        rid = uuid()
        if i % 17 == 5:
            msg = "%s\t%s\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"x is undefined\",\"stack\":[\"TypeError: x is undefined\",\"    at Runtime.handler (file:///var/task/index.mjs:9:3)\"]}\n" % ("2026-12-03T09:%02d:%02d.000Z" % (i % 60, i % 60), rid)
        else:
            msg = "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 512 MB\tMax Memory Used: %d MB\t\n" % (rid, R.uniform(3, 900), R.randint(4, 900), R.randint(70, 200))
        ev.append({"timestamp": 1796300000000 + i * 1000, "message": msg, "ingestionTime": 1796300000500 + i * 1000, "logStreamName": "2026/12/03/[$LATEST]%s" % hexid(32)})
    add("logs_filter_events_api", C, "-",
        "Logs API (FilterLogEvents-shaped) response the developer requested: log lines include Lambda error objects with stacks",
        200, [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", uuid()), ("Date", date())],
        {"events": ev, "searchedLogStreams": [], "nextToken": b64ish(80)})

    rows = "".join("<tr class=\"lvl-%s\"><td>%s</td><td>%s</td><td><pre>%s</pre></td></tr>" % (
        lv, "2026-12-03 09:%02d:%02d" % (i % 60, (i * 7) % 60), lv.upper(),
        html.escape(msg)) for i, (lv, msg) in enumerate([("info", "GET /health 200 2ms"), ("error", "Unhandled exception\nTraceback (most recent call last):\n  File \"/srv/app/jobs/sync.py\", line 40, in run\n    raise TimeoutError('upstream')\nTimeoutError: upstream"), ("info", "job sync finished")] * 30))
    add("admin_log_viewer_html", C, "-",
        "Authenticated admin 'Application logs' page (user navigated to /admin/logs); tracebacks are the requested content",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "private, no-store"), ("Date", date())],
        themed_page("Application logs", "<h1>Application logs</h1><form><select name=\"level\"><option>all</option></select></form><table class=\"logs\">%s</table>" % rows, brand="Ops Console"))

    issue = {"id": str(R.randint(10**9, 10**10)), "title": "ZeroDivisionError: division by zero", "culprit": "reports.views in monthly", "count": "214", "userCount": 31,
             "firstSeen": "2026-11-30T08:12:03Z", "lastSeen": "2026-12-03T09:40:11Z", "level": "error", "status": "unresolved",
             "latestEvent": {"entries": [{"type": "exception", "data": {"values": [{"type": "ZeroDivisionError", "value": "division by zero", "stacktrace": {"frames": [
                 {"filename": "reports/views.py", "function": "monthly", "lineNo": 88, "inApp": True}]}}]}}]}}
    add("error_tracker_issue_api", C, "-",
        "Error-tracking product API (issue detail) fetched by the developer; exception frames are the product's data",
        200, [("Content-Type", "application/json"), ("Date", date()), ("X-Sentry-Rate-Limit-Remaining", "39")], issue)

    job = "".join("\x1b[0Ksection_start:%d:step_%d\r\x1b[0K\x1b[36;1m$ %s\x1b[0;m\n%s\n" % (1796300000 + i, i, c, o) for i, (c, o) in enumerate([
        ("npm ci", "added 812 packages in 14s"), ("npm test", "FAIL src/cart.test.ts\n  ● cart › applies coupon\n\n    TypeError: Cannot read properties of undefined (reading 'amount')\n\n      at applyCoupon (src/cart.ts:41:22)\n      at Object.<anonymous> (src/cart.test.ts:18:5)\n\nTests: 1 failed, 211 passed"),
        ("echo done", "done")]))
    add("ci_job_trace_raw", C, "-",
        "CI job raw trace (text/plain) requested from the CI UI; failing test output includes a stack",
        200, [("Content-Type", "text/plain; charset=utf-8"), ("Date", date()), ("Cache-Control", "no-cache")], job * 6)

    failed = {"data": [{"id": R.randint(1000, 9999), "queue": "emails", "failed_at": "2026-12-0%dT0%d:00:00Z" % (R.randint(1, 3), R.randint(0, 9)),
                        "exception": "Symfony\\Component\\Mailer\\Exception\\TransportException: Connection could not be established with host \"smtp.mailgun.org:587\"\n#0 /var/www/html/vendor/symfony/mailer/Transport/Smtp/SmtpTransport.php(275): Symfony\\Component\\Mailer\\Transport\\Smtp\\Stream\\SocketStream->initialize()\n#1 {main}"} for _ in range(15)],
              "meta": {"total": 15}}
    add("failed_jobs_dashboard_api", C, "-",
        "Queue dashboard API listing failed jobs (operator-facing, authenticated); exception text is the requested record",
        200, [("Content-Type", "application/json"), ("Date", date()), ("Cache-Control", "private")], failed)

    add("lambda_console_test_result", C, "-",
        "Developer console 'Test' result payload (user ran a test invoke and asked for the log tail)",
        200, [("Content-Type", "application/json"), ("Date", date())],
        {"statusCode": 200, "functionError": "Unhandled", "executedVersion": "$LATEST", "requestedLogTail": True,
         "payload": {"errorType": "Error", "errorMessage": "test failure", "trace": ["Error: test failure", "    at Runtime.handler (file:///var/task/index.mjs:2:9)"]},
         "logResult": "START RequestId: %s Version: $LATEST\nEND RequestId: %s\n" % (uuid(), uuid())})

    add("syslog_export_download", C, "-",
        "Log export the user downloaded (Content-Disposition attachment) containing Java stack traces",
        200, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", "attachment; filename=\"app-2026-12-02.log\""), ("Date", date())],
        "".join("2026-12-02T%02d:%02d:%02d.123Z INFO  [main] c.a.Api - request ok path=/v1/items\n" % (i % 24, i % 60, (i * 3) % 60) for i in range(300)) +
        "2026-12-02T23:59:01.004Z ERROR [pool-3] c.a.Sync - sync failed\njava.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n\tat com.acme.sync.Client.pull(Client.java:77)\n")

    add("k8s_pod_logs_api", C, "-",
        "Container-logs API response (kubectl logs equivalent) requested by the operator; contains a Go panic",
        200, [("Content-Type", "text/plain"), ("Date", date()), ("Audit-Id", uuid())],
        "".join("I1203 09:%02d:00.000000       1 server.go:88] served request\n" % i for i in range(60)) +
        "panic: close of closed channel\n\ngoroutine 51 [running]:\nmain.(*worker).stop(...)\n\t/src/worker.go:44 +0x25\n")


# =====================================================================
# CLEAN: healthy JSON with error/exception/stack-ish fields that are empty
# =====================================================================
def clean_healthy():
    C = "healthy_json"
    add("healthy_catalog_error_null_large", C, "-",
        "Large (~60KB) catalog; every item has error:null, exception:null, stack:[]",
        200, apigw_headers(), {"items": [dict(p, error=None, exception=None, stack=[]) for p in products(95)], "error": None})
    add("healthy_batch_item_failures_empty", C, "-",
        "Lambda partial-batch response with empty batchItemFailures",
        200, invoke_headers(None), {"batchItemFailures": []})
    add("healthy_job_status_error_empty", C, "-",
        "Job status JSON with error:'' and stackTrace:null",
        200, apigw_headers(), {"jobId": uuid(), "state": "SUCCEEDED", "progress": 100, "error": "", "errorType": None, "stackTrace": None, "outputs": ["s3://exports-%s/out.csv" % hexid(6)]})
    add("healthy_graphql_no_errors", C, "-",
        "GraphQL response with data and errors: []",
        200, apigw_headers(), {"data": {"viewer": {"id": "gid://shop/User/%d" % R.randint(1, 99999), "orders": [order(i) for i in range(20)]}}, "errors": [], "extensions": {"cost": {"requested": 112, "actual": 87}}})
    add("healthy_tech_stack_profile", C, "-",
        "Developer profile JSON where 'stack' means technology stack and 'exceptions' is a count",
        200, apigw_headers(), {"user": person(), "stack": ["TypeScript", "AWS Lambda", "DynamoDB", "PostgreSQL"], "traceId": "Root=1-%s-%s" % (hexid(8), hexid(24)), "exceptions": 0, "debug": False})
    add("healthy_health_check", C, "-",
        "Health endpoint with checks all ok and lastError null",
        200, furl_headers(), {"status": "ok", "checks": {"db": {"status": "ok", "latencyMs": 4, "lastError": None}, "cache": {"status": "ok", "lastError": None}, "queue": {"status": "ok", "depth": 12}}, "version": "2.8.1"})
    add("healthy_validation_errors_field", C, "-",
        "422 validation response: field-level messages only (no internals)",
        422, apigw_headers(), {"message": "The given data was invalid.", "errors": {"email": ["The email must be a valid email address."], "quantity": ["The quantity must be at least 1."]}})
    add("healthy_sfn_succeeded", C, "-",
        "Step Functions-style execution status SUCCEEDED with error/cause null",
        200, apigw_headers(), {"executionArn": "arn:aws:states:eu-west-1:%d:execution:Orders:%s" % (R.randint(10**11, 10**12 - 1), uuid()), "status": "SUCCEEDED", "error": None, "cause": None, "output": json.dumps({"orderId": "ORD-1", "ok": True})})
    add("healthy_exception_report_settings", C, "-",
        "Settings JSON with keys like exceptionReporting, stackTraceLimit (configuration values, no traces)",
        200, apigw_headers(), {"exceptionReporting": {"enabled": True, "sampleRate": 0.25, "stackTraceLimit": 50, "includeLocals": False}, "logLevel": "warn"})
    add("healthy_orders_with_trace_ids_large", C, "-",
        "Large (~45KB) order list with per-row X-Ray traceId and 'errors': 0",
        200, apigw_headers(), {"orders": [dict(order(i), traceId="1-%s-%s" % (hexid(8), hexid(24)), errors=0) for i in range(150)]})
    add("healthy_problem_json_404", C, "-",
        "problem+json 404 for a missing resource (generic, no exception)",
        404, apigw_headers("application/problem+json"), {"type": "https://api.example-shop.com/problems/not-found", "title": "Not Found", "status": 404, "detail": "Product SKU-99999 does not exist.", "instance": "/v1/products/SKU-99999"})
    add("healthy_html_product_page_large", C, "-",
        "Large themed product listing page, no errors",
        200, cf_headers(), themed_page("Winter collection", "<h1>Winter collection</h1><p>%s</p>" % para(), nprod=120))
    add("healthy_csv_export", C, "-",
        "CSV export with a column named error (all empty)",
        200, [("Content-Type", "text/csv; charset=utf-8"), ("Content-Disposition", "attachment; filename=orders.csv"), ("Date", date())],
        "order_id,customer,total,status,error\n" + "".join("%s,%s,%.2f,%s,\n" % (o["orderId"], o["customer"], o["total"], o["status"]) for o in [order(i) for i in range(400)]))
    add("healthy_lambda_invoke_ok", C, "-",
        "Direct Invoke success (no X-Amz-Function-Error) returning an API Gateway proxy result",
        200, invoke_headers(None), {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"ok": True, "items": 3}), "isBase64Encoded": False})


# =====================================================================
# CLEAN: generic error responses that leak nothing
# =====================================================================
def clean_generic():
    C = "generic_error"
    add("generic_apigw_502_internal", C, "-",
        "API Gateway 502 after a Lambda crash: {\"message\": \"Internal server error\"}",
        502, apigw_headers() + [("x-amzn-ErrorType", "InternalServerErrorException")], {"message": "Internal server error"})
    add("generic_furl_502_text", C, "-",
        "Function URL 502 plain 'Internal Server Error'",
        502, furl_headers("text/plain"), "Internal Server Error")
    add("generic_apigw_504_timeout", C, "-",
        "API Gateway 504 Endpoint request timed out",
        504, apigw_headers() + [("x-amzn-ErrorType", "InternalServerErrorException")], {"message": "Endpoint request timed out"})
    add("generic_powertools_500", C, "-",
        "Powertools resolver default (debug off) 500 JSON",
        500, apigw_headers(), {"statusCode": 500, "message": "Internal server error"})
    add("generic_middy_500_text", C, "-",
        "Middy http-error-handler fallback: 500 'Internal Server Error' text",
        500, apigw_headers("text/plain; charset=utf-8"), "Internal Server Error")
    add("generic_spring_default_json", C, "-",
        "Spring Boot default /error JSON without trace/message",
        500, apigw_headers(), {"timestamp": "2026-12-03T10:41:07.331+00:00", "status": 500, "error": "Internal Server Error", "path": "/api/v1/subscriptions"})
    add("generic_django_prod_500", C, "-",
        "Django DEBUG=False default 500 page",
        500, [("Content-Type", "text/html; charset=utf-8"), ("Date", date()), ("X-Frame-Options", "DENY")],
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n")
    add("generic_rails_public_500", C, "-",
        "Rails production public/500.html",
        500, [("Content-Type", "text/html; charset=UTF-8"), ("Date", date())],
        "<!DOCTYPE html>\n<html>\n<head>\n  <title>We're sorry, but something went wrong (500)</title>\n  <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n</head>\n<body class=\"rails-default-error-page\">\n  <div class=\"dialog\">\n    <div>\n      <h1>We're sorry, but something went wrong.</h1>\n    </div>\n    <p>If you are the application owner check the logs for more information.</p>\n  </div>\n</body>\n</html>\n")
    add("generic_aspnet_customerrors_runtime_error", C, "-",
        "ASP.NET remote-only 'Runtime Error' page (customErrors RemoteOnly) – explains how to enable details, shows none",
        500, [("Content-Type", "text/html; charset=utf-8"), ("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET"), ("Date", date())],
        "<html>\n    <head>\n        <title>Runtime Error</title>\n    </head>\n    <body bgcolor=\"white\">\n            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>\n            <h2> <i>Runtime Error</i> </h2></span>\n"
        "            <b> Description: </b>An application error occurred on the server. The current custom error settings for this application prevent the details of the application error from being viewed remotely (for security reasons). It could, however, be viewed by browsers running on the local server machine.\n            <br><br>\n"
        "            <b>Details:</b> To enable the details of this specific error message to be viewable on remote machines, please create a &lt;customErrors&gt; tag within a &quot;web.config&quot; configuration file located in the root directory of the current web application. This &lt;customErrors&gt; tag should then have its &quot;mode&quot; attribute set to &quot;Off&quot;.<br><br>\n    </body>\n</html>\n")
    add("generic_whitelabel_404_no_trace", C, "-",
        "Spring Whitelabel 404 page without trace/message (framework fingerprint only)",
        404, [("Content-Type", "text/html;charset=UTF-8"), ("Date", date())],
        "<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div id='created'>Thu Dec 03 10:12:44 UTC 2026</div><div>There was an unexpected error (type=Not Found, status=404).</div></body></html>")
    add("generic_express_prod_finalhandler", C, "-",
        "Express finalhandler in production: <pre>Internal Server Error</pre>",
        500, apigw_headers("text/html; charset=utf-8") + [("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff")],
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n")
    add("generic_graphql_masked_error", C, "-",
        "GraphQL error masked in production: message 'Internal server error', code only",
        200, apigw_headers(), {"errors": [{"message": "Internal server error", "locations": [{"line": 2, "column": 3}], "path": ["checkout"], "extensions": {"code": "INTERNAL_SERVER_ERROR"}}], "data": {"checkout": None}})
    add("generic_themed_500_page_large", C, "-",
        "Large branded 500 page with incident reference id only",
        500, cf_headers(), themed_page("Something went wrong", "<h1>Something went wrong on our side</h1><p>Please try again in a few minutes. If the problem persists contact support and quote reference <code>%s</code>.</p>" % uuid(), nprod=40))
    add("generic_cloudfront_502", C, "-",
        "CloudFront 502 ERROR page (origin unreachable) without internals",
        502, cf_headers(),
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">\n<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">\n<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>502 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size=\"1px\">\nCloudFront wasn't able to connect to the origin.\n<BR clear=\"all\">\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.\n<BR clear=\"all\">\n<HR noshade size=\"1px\">\n<PRE>\nGenerated by cloudfront (CloudFront)\nRequest ID: %s\n</PRE>\n<ADDRESS>\n</ADDRESS>\n</BODY></HTML>" % b64ish(56).replace("+", "-").replace("/", "_"))


# =====================================================================
# CLEAN: things that look like secrets / paths but are not leaks
# =====================================================================
def clean_lookalike():
    C = "lookalike"
    add("lookalike_masked_stripe_keys", C, "-",
        "Account settings with masked keys (sk_live_••••) and last4",
        200, apigw_headers(), {"stripe": {"mode": "live", "secretKey": "sk_live_••••••••••••••••WQ4k", "publishableKey": "pk_live_51" + alnum(20) + "…", "webhookSecretSet": True}, "password": "********"})
    add("lookalike_jwks_public_keys", C, "-",
        "JWKS endpoint (public RSA keys only)",
        200, apigw_headers(), {"keys": [{"kty": "RSA", "use": "sig", "kid": hexid(16), "alg": "RS256", "e": "AQAB",
                                         "n": base64.urlsafe_b64encode(bytes(R.randrange(256) for _ in range(256))).decode().rstrip("=")} for _ in range(3)]})
    add("lookalike_pem_certificate_chain", C, "-",
        "PEM certificate chain (public) served for download",
        200, [("Content-Type", "application/x-pem-file"), ("Date", date())],
        "".join("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % "\n".join(b64ish(64) for _ in range(20)) for _ in range(2)))
    add("lookalike_git_tree_paths", C, "-",
        "Git tree API listing repository-relative paths (src/..., config/...)",
        200, [("Content-Type", "application/json; charset=utf-8"), ("Date", date())],
        {"sha": hexid(40), "tree": [{"path": p, "mode": "100644", "type": "blob", "sha": hexid(40), "size": R.randint(100, 9000)} for p in
                                     ["src/index.ts", "src/handlers/orders.ts", "config/default.json", "config/production.json", "infra/template.yaml", "README.md"] * 10], "truncated": False})
    add("lookalike_debian_filelist", C, "-",
        "Package file-list page (public distro paths like /usr/lib/x86_64-linux-gnu/...)",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())],
        "<html><body><h1>File list of package libboost-stacktrace1.83.0 in trixie of architecture amd64</h1><pre>%s</pre></body></html>" % "\n".join(
            "/usr/lib/x86_64-linux-gnu/libboost_stacktrace_%s.so.1.83.0" % x for x in ["addr2line", "backtrace", "basic", "noop", "from_exception"]) + "\n/usr/share/doc/libboost-stacktrace1.83.0/copyright")
    add("lookalike_ssh_public_keys", C, "-",
        "User public SSH keys listing",
        200, [("Content-Type", "text/plain; charset=utf-8"), ("Date", date())],
        "".join("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI%s %s@laptop\n" % (b64ish(43), f.lower()) for f in FIRST[:6]))
    add("lookalike_hashes_etags_uuids", C, "-",
        "Artifact manifest with sha256 digests, ETags and UUIDs (high-entropy but not secrets)",
        200, apigw_headers(), {"artifacts": [{"id": uuid(), "name": "bundle-%d.zip" % i, "sha256": hexid(64), "etag": "\"%s\"" % hexid(32), "s3Key": "builds/%s/bundle-%d.zip" % (hexid(8), i)} for i in range(80)]})
    add("lookalike_env_template_placeholders", C, "-",
        "Onboarding page showing a .env template with placeholder values (<your-key-here>, changeme)",
        200, [("Content-Type", "text/html; charset=utf-8"), ("Date", date())],
        themed_page("Getting started", "<h1>Configure your environment</h1><pre>DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB\nSTRIPE_SECRET_KEY=&lt;your-key-here&gt;\nAWS_ACCESS_KEY_ID=\nAWS_SECRET_ACCESS_KEY=\nJWT_SECRET=changeme</pre><p>%s</p>" % para(), brand="Docs"))
    add("lookalike_image_data_uris", C, "-",
        "JSON with base64 data: URIs for thumbnails (long base64 blobs)",
        200, apigw_headers(), {"thumbs": [{"id": i, "src": "data:image/webp;base64," + base64.b64encode(bytes(R.randrange(256) for _ in range(900))).decode()} for i in range(25)]})
    add("lookalike_oauth_public_config", C, "-",
        "OpenID configuration document (public endpoints, client_id only)",
        200, apigw_headers(), {"issuer": "https://auth.example-shop.com", "authorization_endpoint": "https://auth.example-shop.com/oauth2/authorize",
                               "token_endpoint": "https://auth.example-shop.com/oauth2/token", "jwks_uri": "https://auth.example-shop.com/.well-known/jwks.json",
                               "response_types_supported": ["code"], "client_id": "7k2" + alnum(23).lower(), "scopes_supported": ["openid", "email", "profile"]})
    add("lookalike_cdn_paths_in_html", C, "-",
        "Themed page referencing /static/, /assets/ and /var-named CSS classes (public URL paths)",
        200, cf_headers(), themed_page("Lookbook", "<h1>Lookbook</h1>" + "".join("<figure class=\"var-task-card\"><img src=\"/assets/lookbook/%s.jpg\"><figcaption>%s</figcaption></figure>" % (hexid(8), sentence(5)) for _ in range(60)), brand="Northwind Outfitters"))
    add("lookalike_presigned_url", C, "-",
        "Upload ticket with a presigned URL (X-Amz-Credential/Signature are intended, short-lived, scoped to the caller)",
        200, apigw_headers(), {"uploadUrl": "https://uploads-eu.s3.eu-west-1.amazonaws.com/u/%s/avatar.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s%%2F20261203%%2Feu-west-1%%2Fs3%%2Faws4_request&X-Amz-Date=20261203T101500Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=%s" % (uuid(), akid("ASIA"), hexid(64)),
                               "expiresIn": 300})


# =====================================================================
def main():
    for f in os.listdir(HERE):
        if f.endswith(".http"):
            os.remove(os.path.join(HERE, f))
    leak_lambda(); leak_json_stacks(); leak_pages(); leak_native(); leak_db(); leak_secrets(); leak_paths_headers()
    clean_qa(); clean_docs(); clean_changelog(); clean_logs(); clean_healthy(); clean_generic(); clean_lookalike()

    # split each category in half at random with the fixed seed
    rng = random.Random(SPLIT_SEED)
    cats = {}
    for it in ITEMS:
        cats.setdefault(it[1], []).append(it)
    tune, hold = [], []
    carry = {True: 0, False: 0}   # odd-sized categories alternate their extra item per leaking/clean class
    for cat in sorted(cats):
        lst = sorted(cats[cat])
        rng.shuffle(lst)
        half = len(lst) // 2
        if len(lst) % 2:
            lk = lst[0][4]
            if carry[lk] % 2 == 0:
                half += 1
            carry[lk] += 1
        tune += lst[:half]
        hold += lst[half:]
    header = ("# heldout2 labels (%s half). Written 2026-12-03 by a helper session of walletfuzz (branch leak-writer2) that did NOT read the detector "
              "rules (detectors/, tests/detectors/, other tests/data/leaks/ sets, docs leak sections) and never ran the detector. Formats taken from public "
              "sources via search: AWS Lambda developer guide error pages (Node/Python/Java/.NET/Go/Ruby), aws-lambda-go panic.go (lambdaPanicResponse), "
              "aws-lambda-*-runtime-interface-client issues, Apollo Server / graphql issues, Tomcat/Jetty/Spring Boot/Werkzeug/Django/Rails/ASP.NET/Zope/Plone/"
              "Laravel Ignition/Phoenix issue threads and docs, backward-cpp, Boost.Stacktrace docs, google/sanitizers and project ASan reports, Rust/Go panic "
              "threads, Mangum/Middy/Powertools docs and issues. Split: per category, random.Random(20261204). Columns: file<TAB>families<TAB>note\n")
    for name, rows in (("tune", tune), ("holdout", hold)):
        with open(os.path.join(HERE, "..", "heldout2-%s.tsv" % name), "w") as f:
            f.write(header % name)
            for fn, cat, fam, note, lk in sorted(rows):
                f.write("%s\t%s\t%s [%s]\n" % (fn, fam, note.replace("\t", " "), cat))
    for name, rows in (("tune", tune), ("holdout", hold)):
        print(name, "leaking", sum(1 for r in rows if r[4]), "clean", sum(1 for r in rows if not r[4]))
    for cat in sorted(cats):
        print("%-16s %3d" % (cat, len(cats[cat])))
    print("total", len(ITEMS))


if __name__ == "__main__":
    main()
