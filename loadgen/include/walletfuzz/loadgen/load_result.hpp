#pragma once
// What a load run measured, per request class: exact merging of shard results and the
// wrk2-style text table. load.json itself is read and written by formats/load.hpp.
//
//   LoadResult result = runner.run();
//   walletfuzz::formats::write_load_file("load.json", result);
//   LoadResult all = merge_results({shard0, shard1});   // histograms merged, never averaged
//   std::cout << format_percentile_table(all);

#include <string>
#include <vector>

#include "walletfuzz/formats/load.hpp"

namespace walletfuzz::loadgen {

// The counters and load.json live in formats (one reader and one writer for the file); the
// load generator records straight into those types.
using formats::achieved_rate;
using formats::ClassResult;
using formats::ClassStats;
using formats::error_kind_count;
using formats::ErrorKind;
using formats::LoadResult;
using formats::to_string;

/// Combines shard results into what one process would have reported: counts added, histograms
/// merged exactly, classes matched by name. Throws InputError when they do not belong together
/// (different target or mode, or the same shard twice). `files` names them in errors.
LoadResult merge_results(const std::vector<LoadResult>& results,
                         const std::vector<std::string>& files);

/// wrk2-style text: per class the corrected and uncorrected percentile spectrum side by side,
/// then counts, statuses and errors.
std::string format_percentile_table(const LoadResult& result);

}  // namespace walletfuzz::loadgen
