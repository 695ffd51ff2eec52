// Framework debug pages, database errors and internal paths. Debug pages are recognised by two
// or more of their own fixed strings together (one string alone shows up in docs and blog
// posts); database errors by the driver's exception class or the server's exact message
// shape (signatures from the OWASP ZAP 90022/10023 lists and nuclei's error-based SQLi
// template); paths by the layout of the Lambda filesystem and of Windows source paths.

#include "rule.hpp"

namespace walletfuzz::detectors::detail {
namespace {

Trigger lit(std::string text) {
  return Trigger{std::move(text), false};
}

std::vector<Trigger> lits(const std::vector<std::string>& texts) {
  std::vector<Trigger> out;
  for (const auto& text : texts) out.push_back(lit(text));
  return out;
}

// A debug page: any of its markers triggers; two distinct ones in a page-sized window confirm.
void add_debug_page(std::vector<std::unique_ptr<Rule>>& rules, std::string_view id,
                    std::vector<std::string> markers) {
  rules.push_back(make_signature_rule({
      .id = id,
      .family = kFamilyDebugPage,
      .severity = Severity::high,
      .triggers = lits(markers),
      .patterns = {},
      .markers = std::move(markers),
      .min_markers = 2,
      .look_behind = 128 * 1024,
      .look_ahead = 128 * 1024,
  }));
}

void add_database(std::vector<std::unique_ptr<Rule>>& rules, std::string_view id,
                  std::vector<std::string> triggers, std::vector<std::string> patterns) {
  rules.push_back(make_signature_rule({
      .id = id,
      .family = kFamilyDatabaseError,
      .severity = Severity::medium,
      .triggers = lits(triggers),
      .patterns = std::move(patterns),
      .look_behind = 512,
      .look_ahead = 1024,
  }));
}

}  // namespace

void add_error_page_rules(std::vector<std::unique_ptr<Rule>>& rules) {
  add_debug_page(rules, "debug-page.django",
                 {"Django Version:", "DEBUG = True", "Using the URLconf defined in",
                  "Django tried these URL patterns", "django.core.handlers",
                  "Installed Applications:", "Exception Value:"});
  add_debug_page(rules, "debug-page.werkzeug",
                 {"Werkzeug Debugger", "The debugger caught an exception in your WSGI application",
                  "__debugger__", "werkzeug/debug", "Console Locked",
                  "click the console icon on the right side"});
  add_debug_page(rules, "debug-page.rails",
                 {"Action Controller: Exception caught", "Rails.root:", "Application Trace",
                  "Framework Trace", "Full Trace", "ActionDispatch::", "actionpack ("});
  add_debug_page(rules, "debug-page.laravel",
                 {"Whoops! There was an error", "Illuminate\\", "vendor/laravel/framework",
                  "Ignition", "ignition-", "Symfony\\Component\\", "vendor/symfony/"});
  add_debug_page(rules, "debug-page.aspnet",
                 {"Server Error in '",
                  "Version Information:", "ASP.NET Version:", "Microsoft .NET Framework Version:",
                  "An unhandled exception occurred during the execution of the current web request",
                  "Exception Details:", "Source Error:",
                  "An unhandled exception occurred while processing the request.",
                  "Microsoft.AspNetCore.", "<customErrors"});

  // Debug pages that render frames as HTML elements: Whoops (PHP), Sinatra's ShowExceptions,
  // Starlette's debug middleware. Their templates' own ids and classes, two together.
  add_debug_page(rules, "debug-page.whoops",
                 {"Whoops! There was an error", "id=\"plain-exception\"", "class=\"frame-file\"",
                  "class=\"frames-container\"", "class=\"stack-container\""});
  add_debug_page(rules, "debug-page.sinatra",
                 {"id=\"backtrace\"", "class=\"frame-info\"", "id=\"explanation\"",
                  "Sinatra::ShowExceptions", "sinatra/base.rb"});
  add_debug_page(rules, "debug-page.starlette",
                 {"Starlette Debugger", "class=\"traceback-title\"", "class=\"frame-filename\"",
                  "class=\"traceback-container\""});

  // Phoenix's Plug.Debugger page: its template's own classes.
  add_debug_page(rules, "debug-page.phoenix",
                 {"class=\"exception-info\"", "class=\"stack-trace-item", "class=\"conn-info\"",
                  "class=\"stack-trace-heading\"", "Plug.Debugger"});

  // Spring Boot's fallback page is only a leak when it carries a trace (server.error.include-
  // stacktrace); the bare page ("There was an unexpected error") is not.
  rules.push_back(make_signature_rule({
      .id = "debug-page.spring-whitelabel",
      .family = kFamilyDebugPage,
      .severity = Severity::high,
      .triggers = {lit("Whitelabel Error Page")},
      .patterns =
          {R"(at (?:[\w$<>/-]+\.)+[\w$<>-]+\((?:[\w$ -]+\.(?:java|kt):\d+|Native Method|Unknown Source)\))"},
      .markers = {"Whitelabel Error Page"},
      .min_markers = 1,
      .look_behind = 512,
      .look_ahead = 64 * 1024,
  }));

  // Express's finalhandler in development: <title>Error</title> and the stack in a <pre>,
  // HTML-escaped with <br> and &nbsp;. In production it prints only the status text.
  rules.push_back(make_signature_rule({
      .id = "debug-page.express",
      .family = kFamilyDebugPage,
      .severity = Severity::high,
      .triggers = {lit("<title>Error</title>")},
      .patterns =
          {R"(<pre>[^<]{0,300}(?:Error|Exception)[^<]{0,300}<br>(?:[^<]{0,300}<br>){0,3}? ?(?:&nbsp;| )*at [^<]{1,300}:\d+:\d+)"},
      .markers = {"<title>Error</title>", "<pre>"},
      .min_markers = 2,
      .look_behind = 64,
      .look_ahead = 8192,
  }));

  add_database(
      rules, "db-error.mysql",
      {"SQL syntax", "MySQL", "MariaDB", "Unknown column ", "doesn't exist", "sqlMessage",
       "ER_PARSE_ERROR", "ER_NO_SUCH_TABLE", "ER_BAD_FIELD_ERROR", "ER_DUP_ENTRY",
       "ER_ACCESS_DENIED", "Access denied for user", "mysqli_", "pymysql", "MySQLdb", "Mysql2::"},
      {R"(You have an error in your SQL syntax)",
       R"(check the manual that (?:corresponds to|fits) your (?:MySQL|MariaDB) server version)",
       R"(Unknown column '[^'\n]{1,100}' in '[^'\n]{1,100}')",
       R"(Table '[^'\n]{1,100}' doesn't exist)",
       R"((?:com\.mysql\.(?:cj\.)?jdbc\.exceptions|MySql\.Data\.MySqlClient\.MySqlException|MySqlConnector\.MySqlException|pymysql\.err\.\w+|MySQLdb\.(?:_exceptions\.)?\w+Error|mysqli_sql_exception|Mysql2::Error))",
       R"("sqlMessage"\s*:\s*")",
       R"(\bER_(?:PARSE_ERROR|NO_SUCH_TABLE|BAD_FIELD_ERROR|DUP_ENTRY|ACCESS_DENIED_ERROR)\b)",
       R"(Access denied for user '[^'\n]{0,100}'@')"});
  add_database(
      rules, "db-error.postgresql",
      {"PSQLException", "psycopg", "PG::", "asyncpg", "PostgresException",
       "ERROR:", "FATAL:", "pq: ", "\"routine\""},
      {R"((?:org\.postgresql\.util\.PSQLException|psycopg2?\.(?:errors\.)?[A-Z]\w+|PG::[A-Z]\w+|asyncpg\.exceptions\.\w+|Npgsql\.PostgresException))",
       R"((?:ERROR|FATAL|PANIC):\s+(?:syntax error at or near "|relation "[^"\n]{1,100}" does not exist|column "[^"\n]{1,100}" does not exist|duplicate key value violates unique constraint "|invalid input syntax for (?:type )?\w+|null value in column "|permission denied for (?:table|relation|schema) |password authentication failed for user "|current transaction is aborted))",
       R"(pq: (?:syntax error at or near|relation "|column "|duplicate key value|invalid input syntax|password authentication failed))",
       R"re("severity"\s*:\s*"(?:ERROR|FATAL)"[^}]{0,800}"routine"\s*:\s*"\w+")re"});
  add_database(rules, "db-error.oracle", {"ORA-", "PLS-", "TNS-", "oracle.jdbc"},
               {R"(\b(?:ORA|PLS|TNS)-\d{5}(?::|\s))", R"(oracle\.jdbc\.\w+)"});
  add_database(
      rules, "db-error.mssql",
      {"Unclosed quotation mark", "Incorrect syntax near", "Invalid object name",
       "Invalid column name", "[Microsoft]", "SqlException", "Msg ",
       "Conversion failed when converting", "SQLServerException", "pyodbc", "Cannot insert"},
      {R"(Unclosed quotation mark (?:after|before) the character string)",
       R"(Incorrect syntax near (?:the keyword )?')",
       R"(Invalid (?:object|column) name '[^'\n]{1,128}')",
       R"(\[Microsoft\]\[(?:ODBC|SQL Server Native Client|ODBC Driver \d+ for SQL Server)[^\]\n]{0,60}\])",
       R"((?:System|Microsoft)\.Data\.SqlClient\.SqlException)", R"(Msg \d+, Level \d+, State \d+)",
       R"(Conversion failed when converting (?:the )?[\w ]{1,40} value)",
       R"(com\.microsoft\.sqlserver\.jdbc\.SQLServerException)", R"(pyodbc\.\w+Error)",
       R"(Cannot insert (?:duplicate key row|the value NULL into column '))"});
  add_database(
      rules, "db-error.sqlite",
      {"SQLITE_", "sqlite3.", "SQLiteException", "SQLite3::", "SqliteError", "no such table",
       "no such column", ": syntax error", "constraint failed: "},
      {R"(\bSQLITE_(?:ERROR|CONSTRAINT|BUSY|LOCKED|READONLY|IOERR|CORRUPT|MISMATCH|MISUSE|RANGE|NOTADB|CANTOPEN|AUTH|FULL|SCHEMA|TOOBIG|PERM|ABORT|INTERRUPT)\b)",
       R"(sqlite3\.[A-Z]\w*Error)", R"(SQLiteException|SQLite3::[A-Z]\w*Exception|SqliteError)",
       R"(no such (?:table|column): [\w.]+)", R"(near "[^"\n]{1,60}": syntax error)",
       R"((?:UNIQUE|NOT NULL|FOREIGN KEY|CHECK) constraint failed: [\w.]+)"});
  // H2 (Spring Boot's default database): the message then "SQL statement:" and the query, then
  // the "[code-version]" pair.
  add_database(rules, "db-error.h2", {"SQL statement:"},
               {R"(SQL statement:(?:\s|\\n){0,4}[^\n]{1,600}?\[\d{5}-\d{3}\])"});
  // The AWS SDK's DynamoDB error object: the service's internal exception class (Coral).
  add_database(rules, "db-error.dynamodb", {"com.amazon.coral."},
               {R"(com\.amazon\.coral\.[\w.]+#\w+Exception)"});
  // MongoDB: the server's duplicate-key message and the drivers' exception classes (Node's
  // MongoServerError family, pymongo.errors, the Java and .NET drivers).
  add_database(
      rules, "db-error.mongodb",
      {"E11000", "MongoServer", "MongoNetwork", "MongoError", "MongoBulkWriteError",
       "pymongo.errors", "com.mongodb.", "MongoDB.Driver."},
      {R"(E11000 duplicate key error (?:collection|index|dup key))",
       R"(\bMongo(?:Server|ServerSelection|Network|NetworkTimeout|Parse|BulkWrite|Write|Topology)?Error\b)",
       R"(pymongo\.errors\.\w+|com\.mongodb\.Mongo\w*Exception|MongoDB\.Driver\.Mongo\w*Exception)"});
  add_database(rules, "db-error.pdo", {"SQLSTATE["},
               {R"(SQLSTATE\[[0-9A-Z]{5}\](?: \[\d+\])?:? [^\n]{1,200})"});
  add_database(
      rules, "db-error.orm",
      {"sqlalchemy.exc", "sqlalche.me/e/", "java.sql.SQL", "org.hibernate.exception",
       "org.springframework.jdbc", "BadSqlGrammarException", "SequelizeDatabaseError",
       "PrismaClient"},
      {R"(sqlalchemy\.exc\.\w+|\(Background on this error at: https?://sqlalche\.me/e/)",
       R"(java\.sql\.SQL\w*Exception|org\.hibernate\.exception\.\w+|org\.springframework\.jdbc\.\w+)",
       R"(SequelizeDatabaseError|PrismaClient(?:KnownRequest|UnknownRequest|Initialization|RustPanic)Error)"});

  // Lambda's filesystem: code in /var/task, the runtime in /var/runtime and /var/lang, layers
  // in /opt. The path must stand on its own (not inside a URL).
  rules.push_back(make_signature_rule({
      .id = "internal-path.lambda",
      .family = kFamilyInternalPath,
      .severity = Severity::low,
      .triggers = {lit("/var/task/"), lit("/var/runtime/"), lit("/var/lang/"), lit("/opt/")},
      .patterns =
          {R"((?:^|[^\w./:-])(?:/var/(?:task|runtime|lang)/[\w.@+-]+(?:/[\w.@+-]+)*|/opt/[\w.@+-]+(?:/[\w.@+-]+)*\.(?:py|js|mjs|cjs|ts|rb|java|jar|go|so|php)\b|/opt/(?:python|nodejs|java|ruby|extensions|lib)/[\w.@+-]+(?:/[\w.@+-]+)+))"},
      .look_behind = 16,
      .look_ahead = 300,
  }));
  rules.push_back(make_signature_rule({
      .id = "internal-path.source-file",
      .family = kFamilyInternalPath,
      .severity = Severity::low,
      .triggers = {lit(":\\"), lit("/home/"), lit("/Users/"), lit("/usr/src/"), lit("/var/www/"),
                   lit("/srv/"), lit("/app/"), lit("/opt/"), lit("/mnt/")},
      .patterns =
          {R"(\b[A-Za-z]:\\(?:[^\\\s:*?"<>|]{1,64}\\){1,12}[^\\\s:*?"<>|]{1,100}\.[A-Za-z0-9]{1,8}\b(?::line \d+)?)",
           // A deployment root (a home, /srv, /var/www, a container's /app or /opt/<app>, a
           // Lambda EFS mount under /mnt) down to a source or configuration file.
           R"((?:^|[^\w./:-])(?:/home/|/Users/|/usr/src/|/var/www/|/srv/|/app/|/opt/|/mnt/)[\w.@+-]+(?:/[\w.@+-]+)*\.(?:py|js|mjs|cjs|ts|rb|php|java|go|cs|rs|c|cc|cpp|erl|ex|exs|kt|scala|yml|yaml|properties|toml|ini|conf|env)\b)",
           // A Lambda EFS mount (/mnt/<name>, the only place the service mounts one): any file
           // under it is the function's own storage.
           R"((?:^|[^\w./:-])/mnt/[\w.@+-]+(?:/[\w.@+-]+)+\.[A-Za-z0-9]{1,8}\b)"},
      .look_behind = 16,
      .look_ahead = 400,
  }));
}

}  // namespace walletfuzz::detectors::detail
