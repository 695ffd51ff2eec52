// The scanning engine: one Hyperscan literal database for every rule's triggers, a pool of
// scratch spaces (one per concurrently scanning thread), and the candidate loop that hands
// trigger positions to rules with bounded total work.

#include "walletfuzz/detectors/leak_detector.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <climits>
#include <mutex>
#include <stdexcept>

#include "excerpt.hpp"
#include "framing.hpp"
#include "rule.hpp"
#include "walletfuzz/detectors/allowlist.hpp"
#include "walletfuzz/detectors/raw_response.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors {
namespace {

using detail::Rule;

// Bounds on the work per scan, whatever the input: an attacker filling a body with trigger
// words gets at most this many rule verifications, each over a bounded window.
constexpr std::size_t kMaxCandidates = 1 << 15;
constexpr std::uint16_t kMaxHitsPerTrigger = 512;
constexpr std::size_t kMaxVerifications = 4096;
constexpr std::size_t kMaxVerificationsPerRule = 512;
// Framing checks read up to 64 KB each (a log API's "events" key can open 20 KB before the
// match); past this many in one scan, a match takes the verdict the earlier ones agreed on (all
// quoted: quoted; otherwise the response's own error).
constexpr std::size_t kMaxFramingChecks = 128;

// How one scanned part is framed and whether the scan explains itself.
struct ScanContext {
  /// A 5xx status or a function-error header: the body is the server's own error, so quoting
  /// does not excuse a trace in it.
  bool error_framed = false;
  /// Content-Disposition: attachment: the body is a file the user downloads (a log export),
  /// so what it holds is content.
  bool download = false;
  std::string part = "body";
  ScanExplanation* explain = nullptr;
};

// Families whose matches are judged by their framing (detectors/README.md, "Framing"): text
// that only quotes an error has their shapes too. Secrets are leaks wherever they sit. A debug
// page quoted in a post or a code block is content too, but its own <title> names
// its error, so its title does not make it quoted.
bool framing_applies(std::string_view family) noexcept {
  return family == kFamilyStackTrace || family == kFamilyDatabaseError ||
         family == kFamilyInternalPath || family == kFamilyDebugPage;
}

void add_fingerprints(std::vector<LeakFinding>& findings) {
  for (auto& finding : findings) {
    finding.fingerprint = evidence_fingerprint(finding.rule_id, finding.excerpt);
  }
}

struct Candidate {
  std::uint32_t trigger;
  std::uint32_t end;
};

// Per-scan state reused across scans: the Hyperscan scratch and the candidate buffers.
struct Workspace {
  hs_scratch_t* scratch = nullptr;
  std::vector<Candidate> candidates;
  std::vector<std::uint16_t> hits_per_trigger;
  ~Workspace() { hs_free_scratch(scratch); }
};

struct MatchContext {
  Workspace* workspace;
};

int on_match(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
             void* context) {
  auto* ws = static_cast<MatchContext*>(context)->workspace;
  auto& hits = ws->hits_per_trigger[id];
  if (hits >= kMaxHitsPerTrigger || ws->candidates.size() >= kMaxCandidates) return 0;
  ++hits;
  ws->candidates.push_back({id, static_cast<std::uint32_t>(to)});
  return 0;
}

bool overlaps(const LeakFinding& a, const LeakFinding& b) noexcept {
  return a.part == b.part && a.begin < b.end && b.begin < a.end;
}

bool is_code_content_type(std::string_view type) {
  std::string lower(type);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower.find("javascript") != std::string::npos ||
         lower.find("text/css") != std::string::npos ||
         lower.find("ecmascript") != std::string::npos;
}

}  // namespace

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
  }
  return "unknown";
}

namespace {

struct TriggerInfo {
  std::uint32_t rule;
  std::uint32_t length;
};

// The compiled rule set: every rule, its triggers' Hyperscan database and a pool of scratch
// spaces. None of it depends on DetectorOptions, and building it costs about 0.3 CPU-seconds
// (the rules' RE2 patterns above all), so a process builds it once and every detector shares it.
// `walletfuzz replay` has two detectors, the load generator's and the redactor's; compiling
// twice was a third of its CPU per request over a 10 s, 1M-request run
// (bench/loadgen_vs_wrk.sh). Rules and database are immutable once built; the pool is locked.
struct Engine {
  std::vector<std::unique_ptr<Rule>> rules;
  std::vector<TriggerInfo> triggers;
  hs_database_t* database = nullptr;
  hs_scratch_t* prototype = nullptr;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Workspace>> pool;

  Engine() {
    detail::add_stack_trace_rules(rules);
    detail::add_error_page_rules(rules);
    detail::add_secret_rules(rules);
    compile();
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  ~Engine() {
    pool.clear();
    hs_free_scratch(prototype);
    hs_free_database(database);
  }

  // Built on first use; a failed build throws to that caller and is tried again by the next.
  static Engine& shared() {
    static Engine engine;
    return engine;
  }

  void compile() {
    std::vector<const char*> literals;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> flags, ids;
    for (std::uint32_t r = 0; r < rules.size(); ++r) {
      for (const auto& trigger : rules[r]->triggers()) {
        ids.push_back(static_cast<unsigned>(triggers.size()));
        triggers.push_back({r, static_cast<std::uint32_t>(trigger.literal.size())});
        literals.push_back(trigger.literal.c_str());
        lengths.push_back(trigger.literal.size());
        flags.push_back(trigger.caseless ? HS_FLAG_CASELESS : 0);
      }
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(literals.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr,
                             &database, &error) != HS_SUCCESS) {
      std::string message = error && error->message ? error->message : "unknown error";
      hs_free_compile_error(error);
      throw std::runtime_error("leak detector: cannot compile trigger database: " + message);
    }
    if (hs_alloc_scratch(database, &prototype) != HS_SUCCESS) {
      throw std::runtime_error("leak detector: cannot allocate Hyperscan scratch");
    }
  }

  std::unique_ptr<Workspace> acquire() {
    {
      std::lock_guard lock(pool_mutex);
      if (!pool.empty()) {
        auto ws = std::move(pool.back());
        pool.pop_back();
        return ws;
      }
    }
    auto ws = std::make_unique<Workspace>();
    if (hs_clone_scratch(prototype, &ws->scratch) != HS_SUCCESS) throw std::bad_alloc();
    ws->hits_per_trigger.resize(triggers.size());
    return ws;
  }

  void release(std::unique_ptr<Workspace> ws) {
    std::lock_guard lock(pool_mutex);
    pool.push_back(std::move(ws));
  }
};

}  // namespace

struct LeakDetector::Impl {
  DetectorOptions options;
  Engine& engine;
  // The shared engine's parts under the names the scanning code uses.
  const std::vector<std::unique_ptr<Rule>>& rules;
  const std::vector<TriggerInfo>& triggers;
  const hs_database_t* database;

  explicit Impl(DetectorOptions opts)
      : options(opts),
        engine(Engine::shared()),
        rules(engine.rules),
        triggers(engine.triggers),
        database(engine.database) {}

  std::unique_ptr<Workspace> acquire() { return engine.acquire(); }
  void release(std::unique_ptr<Workspace> ws) { engine.release(std::move(ws)); }

  // Runs the literal prefilter over `text` and hands the candidates, ordered by where their
  // trigger starts, to `use`.
  template <typename Use>
  void with_candidates(std::string_view text, Use use) {
    // The workspace goes back to the pool however this scope ends (a throw included).
    std::unique_ptr<Workspace> ws = acquire();
    struct Lease {
      Impl* owner;
      std::unique_ptr<Workspace>& held;
      ~Lease() { owner->release(std::move(held)); }
    } lease{this, ws};
    ws->candidates.clear();
    std::fill(ws->hits_per_trigger.begin(), ws->hits_per_trigger.end(), 0);
    MatchContext match_context{ws.get()};
    hs_error_t status = hs_scan(database, text.data(), static_cast<unsigned>(text.size()), 0,
                                ws->scratch, on_match, &match_context);
    if (status != HS_SUCCESS && status != HS_SCAN_TERMINATED) {
      throw std::runtime_error("leak detector: Hyperscan scan failed");
    }
    std::stable_sort(ws->candidates.begin(), ws->candidates.end(),
                     [this](const Candidate& a, const Candidate& b) {
                       return a.end - triggers[a.trigger].length <
                              b.end - triggers[b.trigger].length;
                     });
    if (!ws->candidates.empty()) use(ws->candidates);
  }

  std::vector<LeakFinding> scan(std::string_view text, bool code_body, const ScanContext& context) {
    std::vector<LeakFinding> findings;
    text = text.substr(0, std::min<std::size_t>(options.max_body_bytes, UINT_MAX));
    if (text.empty()) return findings;
    with_candidates(text, [&](const std::vector<Candidate>& candidates) {
      verify(text, code_body, context, candidates, findings);
    });
    return findings;
  }

  // The secret rules' matches without the verification caps of scan(): redaction must not stop
  // early (each match is still bounded work, and the prefilter caps the candidates).
  std::vector<SecretMatch> find_secrets(std::string_view text) {
    std::vector<SecretMatch> matches;
    text = text.substr(0, std::min<std::size_t>(text.size(), UINT_MAX));
    if (text.empty()) return matches;
    struct Ranked {
      SecretMatch match;
      bool generic;
    };
    std::vector<Ranked> ranked;
    with_candidates(text, [&](const std::vector<Candidate>& candidates) {
      std::vector<std::size_t> settled(rules.size(), 0);
      for (const auto& candidate : candidates) {
        const auto& info = triggers[candidate.trigger];
        const Rule& rule = *rules[info.rule];
        std::size_t begin = candidate.end - info.length;
        if (rule.family() != kFamilySecret || begin < settled[info.rule]) continue;
        std::size_t& done = settled[info.rule];
        done = std::max<std::size_t>(done, candidate.end + rule.settled_after_miss());
        const bool generic = rule.id() == "secret.generic-assignment";
        for (SecretMatch& match : rule.find_secrets(text, begin, candidate.end)) {
          done = std::max(done, match.end);
          ranked.push_back({std::move(match), generic});
        }
      }
    });
    // Where a specific rule and the generic one match the same bytes, the specific kind names
    // the marker, as tidy() keeps the specific finding.
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      return a.match.begin != b.match.begin ? a.match.begin < b.match.begin : a.generic < b.generic;
    });
    for (Ranked& entry : ranked) matches.push_back(std::move(entry.match));
    return matches;
  }

  void verify(std::string_view text, bool code_body, const ScanContext& context,
              const std::vector<Candidate>& candidates, std::vector<LeakFinding>& findings) {
    std::vector<std::size_t> settled(rules.size(), 0);
    std::vector<std::size_t> verifications(rules.size(), 0);
    std::vector<std::string> secrets;
    // Matches framed as quoted content: dropped unless a debug page shows the response is an
    // error page after all (a framework's page quotes its own trace in <code> blocks).
    std::vector<std::pair<LeakFinding, std::string>> quoted;
    std::vector<std::size_t> near_miss_of(rules.size(), SIZE_MAX);
    std::size_t total = 0, framing_checks = 0, framed_quoted = 0;
    for (const auto& candidate : candidates) {
      const auto& info = triggers[candidate.trigger];
      const Rule& rule = *rules[info.rule];
      std::size_t begin = candidate.end - info.length;
      if (code_body && !options.strict && !rule.applies_to_code()) continue;
      if (begin < settled[info.rule]) continue;
      if (verifications[info.rule]++ >= kMaxVerificationsPerRule) continue;
      if (++total > kMaxVerifications) break;
      detail::Check check;
      auto evidence = context.explain ? rule.verify_explained(text, begin, candidate.end, check)
                                      : rule.verify(text, begin, candidate.end);
      if (!evidence) {
        settled[info.rule] =
            std::max(settled[info.rule], candidate.end + rule.settled_after_miss());
        if (context.explain) {
          note_near_miss(*context.explain, near_miss_of[info.rule], rule, context, check,
                         detail::make_excerpt(text, begin, std::min(text.size(), begin + 120)));
        }
        continue;
      }
      settled[info.rule] =
          std::max({settled[info.rule], evidence->end, candidate.end + rule.settled_after_miss()});
      if (evidence->secret.size() >= 8) secrets.push_back(std::move(evidence->secret));
      LeakFinding finding;
      finding.family = std::string(rule.family());
      finding.rule_id = std::string(rule.id());
      finding.severity = rule.severity();
      finding.begin = evidence->begin;
      finding.end = evidence->end;
      // One line whatever a rule put together (a key's material after its header starts with a
      // line break): `scan` prints one line per finding.
      finding.excerpt = detail::one_line(evidence->excerpt);
      finding.part = context.part;
      if (context.explain) {
        finding.window_begin = check.window_begin;
        finding.window_end = check.window_end;
        finding.why = std::move(check.why);
      }
      if (framing_applies(rule.family())) {
        detail::Framing framing;
        if (context.download && !context.error_framed) {
          framing = {true, "a file download (Content-Disposition: attachment)"};
        } else if (framing_checks < kMaxFramingChecks) {
          framing = detail::find_framing(text, evidence->begin);
          if (framing.label && rule.family() == kFamilyDebugPage) {
            framing = {false, framing.where + ", which for a debug page names its own error"};
          }
          ++framing_checks;
          framed_quoted += framing.quoted ? 1 : 0;
        } else {
          framing.quoted = framed_quoted == framing_checks;
          framing.where = "not examined (framing check budget spent; earlier matches were " +
                          std::string(framing.quoted ? "all quoted)" : "not all quoted)");
        }
        if (framing.quoted && !context.error_framed) {
          quoted.emplace_back(std::move(finding), "framing check: " + framing.where);
          continue;
        }
        if (context.explain) {
          finding.why += "; framing: " + framing.where;
          if (framing.quoted) finding.why += ", counted anyway: the status frames it as an error";
        }
      }
      findings.push_back(std::move(finding));
    }
    bool error_page = std::any_of(findings.begin(), findings.end(), [](const LeakFinding& f) {
      return f.family == kFamilyDebugPage;
    });
    for (auto& [finding, reason] : quoted) {
      if (error_page) {
        if (context.explain) finding.why += "; quoted, but inside a framework's debug page";
        findings.push_back(std::move(finding));
      } else if (context.explain) {
        const Rule& rule = *rules[rule_index(finding.rule_id)];
        detail::Check check{finding.window_begin, finding.window_end, reason};
        note_near_miss(*context.explain, near_miss_of[rule_index(finding.rule_id)], rule, context,
                       check, finding.excerpt);
      }
    }
    tidy(findings);
    // Belt and braces: no excerpt may carry a secret found anywhere in this scan.
    for (auto& finding : findings) {
      for (const auto& secret : secrets) {
        for (auto at = finding.excerpt.find(secret); at != std::string::npos;
             at = finding.excerpt.find(secret)) {
          finding.excerpt.replace(at, secret.size(), redact(secret));
        }
      }
    }
  }

  std::size_t rule_index(std::string_view id) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i]->id() == id) return i;
    }
    return 0;
  }

  // Keeps the first rejected candidate of each rule per part, and counts the others.
  static void note_near_miss(ScanExplanation& explain, std::size_t& slot, const Rule& rule,
                             const ScanContext& context, const detail::Check& check,
                             std::string excerpt) {
    constexpr std::size_t kMaxNearMisses = 64;
    if (slot != SIZE_MAX) {
      ++explain.near_misses[slot].rejected;
      return;
    }
    if (explain.near_misses.size() >= kMaxNearMisses) return;
    slot = explain.near_misses.size();
    explain.near_misses.push_back(NearMiss{std::string(rule.family()), std::string(rule.id()),
                                           context.part, check.window_begin, check.window_end, 1,
                                           check.why, std::move(excerpt)});
  }

  // Orders findings, drops repeats of one rule over one range, and drops a generic secret finding
  // where a specific rule reported the same bytes.
  void tidy(std::vector<LeakFinding>& findings) const {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LeakFinding& a, const LeakFinding& b) { return a.begin < b.begin; });
    // Paths a trace shows are reported too (internal_path, low): the held-out set, written from
    // the formats' documentation, counts them as a leak of their own.
    // Decide first, move after: the checks look at every finding, so none may be moved yet.
    std::vector<bool> drop(findings.size(), false);
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const LeakFinding& finding = findings[i];

      for (std::size_t j = 0; j < i && !drop[i]; ++j) {
        drop[i] =
            !drop[j] && findings[j].rule_id == finding.rule_id && overlaps(findings[j], finding);
      }
      // The Lambda runtime's envelope names the same frames json-frames sees.
      if (!drop[i] && finding.rule_id == "stack-trace.json-frames") {
        drop[i] = std::any_of(findings.begin(), findings.end(), [&](const LeakFinding& other) {
          return other.rule_id == "stack-trace.lambda-error-json" && overlaps(other, finding);
        });
      }
      if (!drop[i] && finding.rule_id == "secret.generic-assignment") {
        drop[i] = std::any_of(findings.begin(), findings.end(), [&](const LeakFinding& other) {
          return other.family == kFamilySecret && other.rule_id != finding.rule_id &&
                 overlaps(other, finding);
        });
      }
    }
    std::vector<LeakFinding> kept;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (!drop[i]) kept.push_back(std::move(findings[i]));
    }
    if (kept.size() > options.max_findings) kept.resize(options.max_findings);
    findings = std::move(kept);
  }
};

LeakDetector::LeakDetector(DetectorOptions options) : impl_(std::make_unique<Impl>(options)) {}
LeakDetector::~LeakDetector() = default;
LeakDetector::LeakDetector(LeakDetector&&) noexcept = default;
LeakDetector& LeakDetector::operator=(LeakDetector&&) noexcept = default;

const DetectorOptions& LeakDetector::options() const noexcept {
  return impl_->options;
}

std::vector<SecretMatch> LeakDetector::find_secrets(std::string_view text) const {
  return impl_->find_secrets(text);
}

std::vector<LeakFinding> LeakDetector::scan_text(std::string_view text,
                                                 ScanExplanation* explain) const {
  ScanContext context;
  context.explain = explain;
  auto findings = impl_->scan(text, false, context);
  add_fingerprints(findings);
  return findings;
}

std::vector<LeakFinding> LeakDetector::scan_response(const walletfuzz::Response& response,
                                                     ScanExplanation* explain) const {
  std::vector<LeakFinding> findings;
  detail::add_header_findings(response.headers, findings);
  ScanContext context;
  context.explain = explain;
  context.error_framed =
      response.status >= 500 || response.headers.get("X-Amz-Function-Error").has_value();
  if (auto disposition = response.headers.get("Content-Disposition")) {
    context.download =
        disposition->substr(0, 10) == "attachment" || disposition->substr(0, 10) == "Attachment";
  }
  for (const auto& field : response.headers) {
    // Cookies and credentials a server sets on purpose are not leaks; other values can carry
    // a trace or a key ("X-Error: Traceback ...").
    if (field.value.size() < 16 || iequals(field.name, "Set-Cookie") ||
        iequals(field.name, "Authorization") || iequals(field.name, "WWW-Authenticate")) {
      continue;
    }
    context.part = "header:" + field.name;
    for (auto& finding : impl_->scan(field.value, false, context)) {
      findings.push_back(std::move(finding));
    }
  }

  std::string_view body = response.body;
  DecodedBody decoded;
  if (auto encoding = response.headers.get("Content-Encoding")) {
    decoded = decode_content(body, *encoding, impl_->options.max_decoded_bytes);
    // Undecodable bytes are scanned as they are: a leak behind a lying header still counts.
    if (decoded.ok || !decoded.bytes.empty()) body = decoded.bytes;
  }
  auto type = response.headers.get("Content-Type");
  bool code_body = type && is_code_content_type(*type);
  context.part = "body";
  for (auto& finding : impl_->scan(body, code_body, context))
    findings.push_back(std::move(finding));
  if (findings.size() > impl_->options.max_findings) findings.resize(impl_->options.max_findings);
  add_fingerprints(findings);
  return findings;
}

}  // namespace walletfuzz::detectors
