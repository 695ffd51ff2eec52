// `walletfuzz merge RESULT...`: combines load.json files of shards (`replay --shard I/N`) into
// what one process would have reported; histograms are merged bucket by bucket, never averaged.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/loadgen/load_result.hpp"

namespace walletfuzz::cli {
namespace {

struct MergeFlags {
  std::vector<std::string> inputs;
  std::string out;
  bool json = false;
};

int run_merge(const MergeFlags& flags) {
  std::vector<loadgen::LoadResult> results;
  for (const auto& file : flags.inputs) {
    results.push_back(formats::read_load_file(file));
  }
  const loadgen::LoadResult merged = loadgen::merge_results(results, flags.inputs);
  if (!flags.out.empty()) formats::write_load_file(flags.out, merged);
  if (flags.json) {
    std::cout << formats::load_to_json(merged);
  } else {
    std::cout << loadgen::format_percentile_table(merged);
    if (!flags.out.empty()) std::cout << "\nwrote " << flags.out << '\n';
  }
  if (merged.shard_count > 1) {
    std::cerr << "walletfuzz: merged " << merged.shards_merged << " of " << merged.shard_count
              << " shards\n";
  }
  return 0;
}

}  // namespace

void add_merge_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand(
      "merge", "Merge load.json results of shards exactly (histograms included)");
  auto flags = std::make_shared<MergeFlags>();
  sub->add_option("RESULT", flags->inputs, "load.json files to merge")->required();
  sub->add_option("--out", flags->out, "Write the merged load.json here (atomically)");
  sub->add_flag("--json", flags->json, "Print the merged load.json on stdout instead of the table");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_merge(*flags); }; });
}

}  // namespace walletfuzz::cli
