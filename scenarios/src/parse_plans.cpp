// The `fuzz` and `load` sections: what each pipeline stage does and within which limits.
#include "parse_context.hpp"

namespace walletfuzz::scenarios::detail {
namespace {

const std::vector<std::pair<std::string, StageKind>> kStageKinds = {
    {"constant", StageKind::constant}, {"ramp", StageKind::ramp}, {"spike", StageKind::spike}};
const std::vector<std::pair<std::string, LoadMode>> kModes = {{"open", LoadMode::open},
                                                              {"closed", LoadMode::closed}};

void parse_slow_threshold(ParseContext& ctx, const YAML::Node& node, SlowThreshold& out) {
  MapReader map(ctx, node, "fuzz.slow_threshold", {"ratio", "ms"});
  // Writing the section replaces the default: only what is written applies.
  out = SlowThreshold{.ratio = std::nullopt, .ms = std::nullopt};
  map.read("ratio", out.ratio);
  map.read("ms", out.ms);
  if (!map.has("ratio") && !map.has("ms")) {
    ctx.report(map.mark(), "fuzz.slow_threshold", "sets neither ratio nor ms",
               "e.g. ratio: 10 (× the baseline median) and/or ms: 500");
  }
}

void parse_stage(ParseContext& ctx, const YAML::Node& node, const std::string& field,
                 double previous_rate, LoadStage& stage) {
  MapReader map(ctx, node, field, {"kind", "rate", "from_rate", "to_rate", "duration_s"});
  std::optional<StageKind> kind;
  if (map.has("kind")) {
    kind = read_enum(ctx, map.get("kind"), map.field("kind"), kStageKinds);
  } else {
    map.missing("kind", "constant, ramp or spike");
  }
  if (kind) {
    stage.kind = *kind;
  } else {
    // Which rates apply depends on the kind; checking them against a guess would only add noise.
    ctx.failed_fields.insert(field);
  }
  if (!map.has("duration_s")) {
    map.missing("duration_s", "how long this " + std::string(kind ? to_string(*kind) : "stage") +
                                  " lasts, in seconds, e.g. duration_s: 20");
  }
  map.read("duration_s", stage.duration_s);
  if (!kind) return;
  if (*kind == StageKind::ramp) {
    if (map.has("rate")) {
      map.not_allowed("rate", "a ramp has from_rate and to_rate, not rate",
                      "e.g. from_rate: 10, to_rate: 100");
    }
    stage.from_rate = previous_rate;  // continues from where the previous stage ended
    map.read("from_rate", stage.from_rate);
    if (!map.has("to_rate")) map.missing("to_rate", "the rate at the end of the ramp, in req/s");
    map.read("to_rate", stage.to_rate);
    return;
  }
  for (std::string_view key : {"from_rate", "to_rate"}) {
    if (map.has(key)) {
      map.not_allowed(key,
                      "only a ramp has " + std::string(key) + "; a " +
                          std::string(to_string(*kind)) + " stage has rate",
                      "use rate, or kind: ramp");
    }
  }
  if (!map.has("rate")) map.missing("rate", "requests per second, e.g. rate: 50");
  double rate = 0;
  if (map.read("rate", rate)) stage.from_rate = stage.to_rate = rate;
}

void parse_mix(ParseContext& ctx, const YAML::Node& node, TrafficMix& mix) {
  MapReader map(ctx, node, "load.mix", {"baseline", "crash", "timeout", "oom", "slow", "leak"});
  map.read("baseline", mix.baseline);
  map.read("crash", mix.crash);
  map.read("timeout", mix.timeout);
  map.read("oom", mix.oom);
  map.read("slow", mix.slow);
  map.read("leak", mix.leak);
}

// load.headers: a map of header names to values, each set on every request replayed.
void parse_headers(ParseContext& ctx, const YAML::Node& node, std::vector<HeaderField>& out) {
  if (!node.IsMap()) {
    ctx.report(node.Mark(), "load.headers",
               "expected a map of header names to values, got " + describe(node),
               "e.g. Authorization: \"Bearer ${ENV:STAGING_TOKEN}\"");
    return;
  }
  ctx.note(node.Mark(), "load.headers");
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    const std::string field = join_field("load.headers", name);
    const bool token =
        !name.empty() && name.find_first_of(" \t:\r\n()<>@,;\\\"/[]?={}") == std::string::npos;
    if (!token) {
      ctx.report(entry.first.Mark(), field, "\"" + name + "\" is not a header name");
      continue;
    }
    const std::optional<std::string> value = read_string(ctx, entry.second, field);
    if (!value) continue;
    if (value->find_first_of("\r\n") != std::string::npos) {
      ctx.report(entry.second.Mark(), field, "a header value must be one line");
      continue;
    }
    ctx.note(entry.first.Mark(), field);
    out.push_back({name, *value});
  }
}

}  // namespace

void parse_fuzz(ParseContext& ctx, const YAML::Node& node) {
  FuzzPlan& fuzz = ctx.scenario.fuzz.emplace();
  MapReader map(ctx, node, "fuzz",
                {"time_budget_s", "jobs", "execs_per_handler", "same_defect_limit",
                 "slow_threshold", "memory_limit_mb", "max_input_bytes", "corpus_dir", "seed",
                 "handlers", "max_rps", "spend_budget_usd"});
  map.read("time_budget_s", fuzz.time_budget_s);
  map.read("jobs", fuzz.jobs);
  map.read("execs_per_handler", fuzz.execs_per_handler);
  map.read("same_defect_limit", fuzz.same_defect_limit);
  if (map.has("slow_threshold"))
    parse_slow_threshold(ctx, map.get("slow_threshold"), fuzz.slow_threshold);
  map.read("memory_limit_mb", fuzz.memory_limit_mb);
  map.read("max_input_bytes", fuzz.max_input_bytes);
  map.read_path("corpus_dir", fuzz.corpus_dir);
  map.read("seed", fuzz.seed);
  map.read("handlers", fuzz.handlers);
  if (map.has("max_rps")) map.read("max_rps", fuzz.max_rps.emplace());
  if (map.has("spend_budget_usd")) map.read("spend_budget_usd", fuzz.spend_budget_usd.emplace());
}

void parse_load(ParseContext& ctx, const YAML::Node& node) {
  LoadPlan& load = ctx.scenario.load.emplace();
  MapReader map(
      ctx, node, "load",
      {"mode", "stages", "mix", "connections", "threads", "max_requests", "max_duration_s",
       "request_timeout_ms", "spend_budget_usd", "price_per_request_usd", "findings_from",
       "headers", "templates", "max_baseline_check_failures"});
  if (map.has("mode")) {
    if (auto mode = read_enum(ctx, map.get("mode"), map.field("mode"), kModes)) load.mode = *mode;
  }
  if (map.has("stages")) {
    const YAML::Node stages = map.get("stages");
    if (!stages.IsSequence()) {
      ctx.report(stages.Mark(), "load.stages", "expected a list of stages, got " + describe(stages),
                 "one '- kind: constant' entry per stage");
    } else {
      ctx.note(stages.Mark(), "load.stages");
      double previous_rate = 0;
      for (std::size_t i = 0; i < stages.size(); ++i) {
        LoadStage stage;
        parse_stage(ctx, stages[i], index_field("load.stages", i), previous_rate, stage);
        previous_rate = stage.to_rate;
        load.stages.push_back(stage);
      }
    }
  }
  if (map.has("mix")) parse_mix(ctx, map.get("mix"), load.mix);
  map.read("connections", load.connections);
  map.read("threads", load.threads);
  map.read("max_requests", load.max_requests);
  map.read("max_duration_s", load.max_duration_s);
  map.read("request_timeout_ms", load.request_timeout_ms);
  map.read("spend_budget_usd", load.spend_budget_usd);
  map.read("price_per_request_usd", load.price_per_request_usd);
  map.read_path("findings_from", load.findings_from);
  if (map.has("headers")) parse_headers(ctx, map.get("headers"), load.headers);
  map.read("templates", load.templates);
  map.read_in("max_baseline_check_failures", 0, 1, load.max_baseline_check_failures);
}

}  // namespace walletfuzz::scenarios::detail
