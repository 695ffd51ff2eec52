#pragma once
// The fuzzer's side of findings.json (read and written by formats/findings.hpp): triaged
// findings to and from their rows, the request files the rows point at, and merging by signature.
//
//   auto previous = walletfuzz::fuzzers::read_findings(run_dir / "findings.json");  // {} if none
//   auto merged = walletfuzz::fuzzers::merge_findings(std::move(previous), std::move(fresh));
//   walletfuzz::fuzzers::write_findings(run_dir, merged, "2026-11-28T12:00:00Z");

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/fuzzers/triage.hpp"

namespace walletfuzz::fuzzers {

/// The findings of an earlier run in `path`, with their request bytes read from the files they
/// name (relative to the file's directory); empty when `path` does not exist. Throws InputError
/// naming the file and field when it exists but is not a findings file.
std::vector<Finding> read_findings(const std::filesystem::path& path);

/// The union by signature: a fresh finding replaces an earlier one of its signature when it is
/// worse (is_worse) and always inherits the earlier first_seen; earlier findings not seen again
/// are kept (a bug does not go away because one night's fuzzing missed it).
std::vector<Finding> merge_findings(std::vector<Finding> previous, std::vector<Finding> fresh);

/// Writes findings/<handler>/<id>.http for every finding (setting `file`) and then
/// findings.json, each atomically. Throws RuntimeFailure naming the file that cannot be written.
void write_findings(const std::filesystem::path& run_dir, std::vector<Finding>& findings,
                    std::string_view generated_at);

/// Now, as "2026-11-28T12:00:00Z".
std::string utc_now_iso8601();

}  // namespace walletfuzz::fuzzers
