#pragma once
// The run files and the one rule for their "schema" strings.
//
// Every run file carries "schema": "walletfuzz.<kind>/<major>[.<minor>]". A reader accepts its
// own kind at its own major version, whatever the minor: a minor version only adds fields, and
// readers ignore fields they do not know. Anything else (another kind, another major, no schema
// at all) is refused with an InputError naming the file and the field "schema", because a file
// of another shape would otherwise be misread field by field.
//
//   auto path = walletfuzz::formats::require_run_file(run_dir, RunFile::findings);
//   // throws "run/findings.json: is missing: it is written by 'walletfuzz fuzz'" (exit 2)

#include <filesystem>
#include <string>
#include <string_view>

namespace walletfuzz::formats {

/// The files a run directory holds, one per stage that writes one.
enum class RunFile { findings, load, cost, summary };

/// The major schema version this build reads and writes (the same for every run file).
inline constexpr int kSchemaMajor = 1;

/// "findings.json", "load.json", "cost.json", "summary.json".
std::string_view file_name(RunFile file) noexcept;
/// The kind inside the schema string: "findings", "load", "cost", "summary".
std::string_view schema_kind(RunFile file) noexcept;
/// The command that writes the file: "walletfuzz fuzz", "walletfuzz replay", ...
std::string_view written_by(RunFile file) noexcept;
/// What writers put in "schema": "walletfuzz.<kind>/1".
std::string schema_string(RunFile file);

/// The schema rule. Throws InputError at `file`, field "schema", unless `schema` is
/// "walletfuzz.<kind>/<kSchemaMajor>" optionally followed by ".<minor>" (digits).
void check_schema(std::string_view schema, RunFile kind, const std::string& file);

/// `run_dir / file_name(file)` when it exists; otherwise an InputError naming that path and the
/// stage that writes it, for commands that need an earlier stage's output.
std::filesystem::path require_run_file(const std::filesystem::path& run_dir, RunFile file);

}  // namespace walletfuzz::formats
