#include "walletfuzz/cost_model/report_log.hpp"

#include <boost/json/parse.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "report_event.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::cost_model {
namespace {

using detail::trim;

// A JSON line. Not inlined into the line loop: JSON parsing needs a large stack frame, which
// would otherwise be set up (and probed, page by page) for every text line too; perf showed it.
[[gnu::noinline]] std::optional<ReportRecord> json_line(std::string_view text, std::string& error) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(text, ec);
  if (!ec) return detail::parse_json_event(value, error);
  if (text.find("platform.report") != std::string_view::npos ||
      text.find("REPORT RequestId") != std::string_view::npos) {
    error = "invalid JSON: " + ec.message();
  }
  return std::nullopt;
}

// The events of a JSON document export: `[...]` or `{"events":[...]}`; null when it is not one.
const boost::json::array* events_of(const boost::json::value& whole) {
  if (whole.is_array()) return &whole.get_array();
  if (whole.is_object()) {
    if (const auto* e = whole.get_object().if_contains("events"); e && e->is_array())
      return &e->get_array();
  }
  return nullptr;
}

}  // namespace

struct ReportLogReader::State {
  enum class Mode { undecided, lines, document };
  Sink sink;
  Mode mode = Mode::undecided;
  std::string pending;   // the start of a line whose newline has not arrived yet
  std::string document;  // a JSON document export, held whole
  // A 64-bit hash per distinct request id rather than the id itself: 8 bytes an invocation in an
  // open-addressing set. Two different ids of one log share a hash with probability about
  // n^2 / 2^65 (1e-8 for a million invocations); the cost is one invocation not billed.
  boost::unordered_flat_set<std::uint64_t> seen;
  ReportLogCounts counts;
  std::string error;

  void keep(std::optional<ReportRecord>& record, std::size_t line) {
    if (record) {
      record->line = line;
      // The same invocation exported twice (overlapping exports) must not be billed twice.
      if (!record->request_id.empty() &&
          !seen.insert(std::hash<std::string_view>{}(record->request_id)).second) {
        ++counts.duplicates;
        return;
      }
      ++counts.record_count;
      sink(*record);
    } else if (!error.empty()) {
      ++counts.malformed_count;
      if (counts.malformed.size() < kKeptMalformedLines)
        counts.malformed.push_back({line, std::move(error)});
    }
  }

  // The first line that is not blank decides how the input is read: a JSON document export
  // (`[`, or `{` that is not a whole value on its own line, or `{"events":...}`), else lines.
  Mode decide(std::string_view line) {
    if (line.front() == '[') return Mode::document;
    if (line.front() != '{') return Mode::lines;
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    return ec || events_of(value) ? Mode::document : Mode::lines;
  }

  // One line of a log of lines (`raw` without its newline). Returns false when the input turned
  // out to be a JSON document, which then takes this line and everything after it.
  bool line(std::string_view raw) {
    const std::string_view text = trim(raw);
    if (mode == Mode::undecided && !text.empty()) {
      mode = decide(text);
      if (mode == Mode::document) return false;
    }
    const std::size_t number = ++counts.lines;
    if (text.empty()) return true;
    std::optional<ReportRecord> record;
    error.clear();
    if (text.front() == '{') {
      record = json_line(text, error);
    } else {
      record = parse_report_line(text, error);
    }
    keep(record, number);
    return true;
  }

  // Splits `bytes` into lines; from the point the input is known to be a document, keeps it.
  void lines_of(std::string_view bytes) {
    while (!bytes.empty()) {
      if (mode == Mode::document) {
        document.append(bytes);
        return;
      }
      const void* found = std::memchr(bytes.data(), '\n', bytes.size());
      if (!found) {
        pending.append(bytes);
        return;
      }
      const auto length = static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
      std::string_view whole = bytes.substr(0, length);
      if (!pending.empty()) {
        pending.append(whole);
        whole = pending;
      }
      if (!line(whole)) {
        document.append(whole);
        document.push_back('\n');
      }
      pending.clear();
      bytes.remove_prefix(length + 1);
    }
  }

  void finish_document() {
    boost::system::error_code ec;
    const auto whole = boost::json::parse(document, ec);
    const boost::json::array* events = ec ? nullptr : events_of(whole);
    if (!events) {
      // Not an export after all (JSON lines whose first line spans several lines, or garbage):
      // read it line by line like any other log.
      mode = Mode::lines;
      std::string text = std::move(document);
      document.clear();
      lines_of(text);
      if (!pending.empty()) line(pending);
      pending.clear();
      return;
    }
    // Each event counts as one "line".
    for (std::size_t i = 0; i < events->size(); ++i) {
      ++counts.lines;
      error.clear();
      auto record = detail::parse_json_event((*events)[i], error);
      keep(record, i + 1);
    }
    document.clear();
    document.shrink_to_fit();
  }
};

ReportLogReader::ReportLogReader(Sink sink) : state_(std::make_unique<State>()) {
  state_->sink = std::move(sink);
}
ReportLogReader::~ReportLogReader() = default;

void ReportLogReader::feed(std::string_view bytes) {
  state_->lines_of(bytes);
}

std::size_t ReportLogReader::document_bytes() const noexcept {
  return state_->document.size();
}

const ReportLogCounts& ReportLogReader::finish() {
  State& s = *state_;
  if (s.mode != State::Mode::document && !s.pending.empty()) {
    const std::string last = std::move(s.pending);
    s.pending.clear();
    if (!s.line(last)) s.document = last;
  }
  if (s.mode == State::Mode::document) s.finish_document();
  return s.counts;
}

ReportLogCounts read_report_log(const std::filesystem::path& file,
                                const ReportLogReader::Sink& sink, std::size_t max_document_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw InputError({file.string()}, "is a directory, expected a file");
  std::FILE* in = std::fopen(file.c_str(), "rb");
  if (!in) throw InputError({file.string()}, std::string("cannot open: ") + std::strerror(errno));
  ReportLogReader reader(sink);
  // 1 MiB at a time: large enough that reading costs nothing next to parsing, small enough that
  // it is all the memory a log of lines needs.
  std::string buffer(std::size_t{1} << 20, '\0');
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
    reader.feed(std::string_view(buffer.data(), n));
    if (reader.document_bytes() > max_document_bytes) {
      std::fclose(in);
      throw InputError({file.string()},
                       "a JSON export larger than " + std::to_string(max_document_bytes) +
                           " bytes is read whole, and this one is too large",
                       "export the log as lines (one event per line), which is read as a stream");
    }
  }
  const bool failed = std::ferror(in) != 0;
  std::fclose(in);
  if (failed) throw InputError({file.string()}, "read error");
  return reader.finish();
}

ReportLog parse_report_log(std::string_view text) {
  ReportLog log;
  ReportLogReader reader([&log](const ReportRecord& r) { log.records.push_back(r); });
  reader.feed(text);
  static_cast<ReportLogCounts&>(log) = reader.finish();
  return log;
}

void ReportBilling::add(const BillingModel& model, const ReportRecord& r) {
  const double init = r.init_ms.value_or(0);
  model.add_billed(usage, r.duration_ms + init, r.billed_ms, r.memory_mb);
  if (r.status == "timeout") {
    // add_billed counts a timeout from the billed duration; the platform's word is better.
    if (r.billed_ms < model.timeout_ms()) ++usage.timeouts;
  }
  const double recomputed = model.billed_ms(r.duration_ms, init);
  recomputed_billed_ms += recomputed;
  if (std::abs(recomputed - r.billed_ms) > 1e-9) ++billed_mismatches;
  if (r.init_ms) ++cold_starts;
  if (r.max_memory_used_mb &&
      (!peak_memory_used_mb || *peak_memory_used_mb < *r.max_memory_used_mb))
    peak_memory_used_mb = r.max_memory_used_mb;
}

ReportBilling bill_report_lines(const BillingModel& model, const ReportLog& log) {
  ReportBilling out;
  for (const ReportRecord& r : log.records) out.add(model, r);
  out.bill = model.bill(out.usage);
  return out;
}

BilledReportLog bill_report_log_file(const BillingModel& model, const std::filesystem::path& file) {
  BilledReportLog out;
  out.counts = read_report_log(file, [&](const ReportRecord& r) { out.billing.add(model, r); });
  out.billing.bill = model.bill(out.billing.usage);
  return out;
}

std::vector<std::string> malformed_line_warnings(const std::string& file,
                                                 const ReportLogCounts& counts, std::size_t shown) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < counts.malformed.size() && i < shown; ++i) {
    out.push_back(file + ":" + std::to_string(counts.malformed[i].line) +
                  ": skipped: " + counts.malformed[i].message);
  }
  if (counts.malformed_count > out.size()) {
    out.push_back(file + ": " + std::to_string(counts.malformed_count - out.size()) +
                  " more malformed REPORT lines skipped (" +
                  std::to_string(counts.malformed_count) + " in all)");
  }
  return out;
}

}  // namespace walletfuzz::cost_model
