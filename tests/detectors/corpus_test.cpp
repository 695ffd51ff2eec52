// Precision and recall of the detector on labelled sets of responses in tests/data/leaks: the
// generated one (generate.py, labels.tsv), the hand-written one (handwritten.tsv) and the held-out
// set written by someone who had not read the rules (heldout/, with heldout-tune.tsv and
// heldout-holdout.tsv; both halves have been tuned on since 2026-12-03, docs/PERFORMANCE.md). A
// response counts as flagged when it has any finding above info severity; per-family figures
// are printed so a regression in one family is visible even when the totals still pass.
//
// Any other set scores with one command, without tuning on it:
//   WALLETFUZZ_LEAK_SET_DIR=tests/data/leaks/heldout2
//   WALLETFUZZ_LEAK_SET_TSV=tests/data/leaks/heldout2-holdout.tsv
//   build/dev/tests/detectors/detectors_corpus_test --gtest_filter='*named_set*'
// (the two variables set in the environment of the third command).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "walletfuzz/detectors/input_scan.hpp"

namespace wd = walletfuzz::detectors;
namespace fs = std::filesystem;

namespace {

struct Sample {
  std::string file;
  std::set<std::string> families;
  std::vector<std::string> secrets;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

const fs::path kCorpus = fs::path(WALLETFUZZ_SOURCE_DIR) / "tests" / "data" / "leaks";

// Reads a manifest; `dir` is the folder its files live in (relative to the corpus folder, or
// absolute). The third column lists secrets that must never be printed, or (held-out manifests)
// is a note.
std::vector<Sample> load_labels(const fs::path& manifest, const fs::path& dir,
                                bool third_column_is_secrets = true) {
  std::ifstream in(kCorpus / manifest);
  if (!in) ADD_FAILURE() << "cannot read " << (kCorpus / manifest);
  std::vector<Sample> samples;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto columns = split(line, '\t');
    Sample sample;
    sample.file = (dir / columns.at(0)).string();
    if (columns.size() > 1 && columns[1] != "-") {
      for (auto& family : split(columns[1], ',')) sample.families.insert(family);
    }
    if (third_column_is_secrets && columns.size() > 2 && !columns[2].empty()) {
      sample.secrets = split(columns[2], '|');
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
};

struct Score {
  Counts overall;
  std::map<std::string, Counts> per_family;
};

// Scans every sample, checks that no labelled secret is printed, prints the figures per family
// under `title`, and returns them.
Score score(const std::string& title, const std::vector<Sample>& samples) {
  wd::LeakDetector detector;
  Score result;
  std::vector<std::string> mistakes;
  int leaking = 0, clean = 0;
  for (const auto& sample : samples) {
    (sample.families.empty() ? clean : leaking)++;
    auto scanned = wd::scan_bytes(detector, sample.file, read_bytes(kCorpus / sample.file));
    EXPECT_TRUE(scanned.error.empty()) << sample.file << ": " << scanned.error;
    std::set<std::string> found;
    for (const auto& f : scanned.findings) {
      if (wd::is_leak(f)) found.insert(f.family);
    }
    bool truth = !sample.families.empty(), flagged = !found.empty();
    if (truth && flagged) ++result.overall.tp;
    if (!truth && flagged) ++result.overall.fp;
    if (truth && !flagged) ++result.overall.fn;
    std::set<std::string> all = sample.families;
    all.insert(found.begin(), found.end());
    for (const auto& family : all) {
      bool expected = sample.families.count(family) > 0, got = found.count(family) > 0;
      auto& c = result.per_family[family];
      if (expected && got) ++c.tp;
      if (!expected && got) ++c.fp;
      if (expected && !got) ++c.fn;
      if (expected != got) {
        mistakes.push_back(sample.file + (got ? ": unexpected " : ": missed ") + family);
      }
    }
    // A labelled secret must not survive in any output form.
    std::string outputs = wd::format_text(scanned) + boost::json::serialize(wd::to_json(scanned));
    for (const auto& secret : sample.secrets) {
      EXPECT_EQ(outputs.find(secret), std::string::npos) << sample.file << " prints a secret";
    }
  }

  std::cout << title << ": " << leaking << " leaking, " << clean << " clean responses\n";
  std::cout << std::fixed << std::setprecision(3);
  std::cout << "  " << std::left << std::setw(16) << "family"
            << " precision  recall   tp  fp  fn\n";
  auto row = [](const std::string& name, const Counts& c) {
    std::cout << "  " << std::setw(16) << name << " " << std::setw(9) << c.precision() << "  "
              << std::setw(7) << c.recall() << " " << std::setw(4) << c.tp << std::setw(4) << c.fp
              << std::setw(4) << c.fn << "\n";
  };
  for (const auto& [family, c] : result.per_family) row(family, c);
  row("any leak", result.overall);
  for (const auto& mistake : mistakes) std::cout << "  mismatch: " << mistake << "\n";
  return result;
}

}  // namespace

TEST(corpus_test, precision_and_recall_on_labelled_responses) {
  // Generated samples plus hand-written ones.
  auto samples = load_labels("labels.tsv", "samples");
  auto handwritten = load_labels("handwritten.tsv", "handwritten");
  samples.insert(samples.end(), handwritten.begin(), handwritten.end());
  ASSERT_GE(std::count_if(samples.begin(), samples.end(),
                          [](const Sample& s) { return !s.families.empty(); }),
            150);
  ASSERT_GE(std::count_if(samples.begin(), samples.end(),
                          [](const Sample& s) { return s.families.empty(); }),
            150);
  Score result = score("leak corpus", samples);
  EXPECT_GE(result.overall.recall(), 0.97);
  EXPECT_GE(result.overall.precision(), 0.97);
}

// The whole held-out set. It was written to be held out, but both halves have been tuned on since
// 2026-12-03 (docs/PERFORMANCE.md), so these are tuned figures, held to the target.
TEST(corpus_test, heldout_set_tuned_on) {
  auto samples = load_labels("heldout-tune.tsv", "heldout", false);
  auto second = load_labels("heldout-holdout.tsv", "heldout", false);
  samples.insert(samples.end(), second.begin(), second.end());
  ASSERT_GE(samples.size(), 230u);
  Score result = score("held-out set (tuned on)", samples);
  EXPECT_GE(result.overall.recall(), 0.97);
  EXPECT_GE(result.overall.precision(), 0.97);
}

// A set named by the environment (a directory of responses and its manifest), for scoring a set
// that must not be tuned on: run once, read the figures, do not change rules after. Skipped
// when WALLETFUZZ_LEAK_SET_DIR and WALLETFUZZ_LEAK_SET_TSV are not both set.
TEST(corpus_test, named_set_from_environment) {
  const char* dir = std::getenv("WALLETFUZZ_LEAK_SET_DIR");
  const char* manifest = std::getenv("WALLETFUZZ_LEAK_SET_TSV");
  if (dir == nullptr || manifest == nullptr) {
    GTEST_SKIP() << "set WALLETFUZZ_LEAK_SET_DIR and WALLETFUZZ_LEAK_SET_TSV to score a set";
  }
  // Relative paths are taken from the source tree's root, as the command in the header shows.
  const fs::path root = fs::path(WALLETFUZZ_SOURCE_DIR);
  fs::path set_dir = fs::path(dir).is_absolute() ? fs::path(dir) : root / dir;
  fs::path set_manifest = fs::path(manifest).is_absolute() ? fs::path(manifest) : root / manifest;
  auto samples = load_labels(set_manifest, set_dir, false);
  ASSERT_FALSE(samples.empty()) << set_manifest << " lists no responses";
  Score result = score(set_manifest.filename().string(), samples);
  EXPECT_GE(result.overall.recall(), 0.97);
  EXPECT_GE(result.overall.precision(), 0.97);
}

// The tune half of the second held-out set (heldout2/, heldout2-tune.tsv), written by another
// helper who had not read the rules. Its other half (heldout2-holdout.tsv) was scored once, after
// the tuning (heldout2_holdout_half_as_measured below).
TEST(corpus_test, heldout2_tune_half) {
  auto samples = load_labels("heldout2-tune.tsv", "heldout2", false);
  ASSERT_GE(samples.size(), 80u);
  Score result = score("held-out set 2, tune half", samples);
  // As measured after tuning on it (2026-12-03: precision 0.955, recall 1.000; two near misses
  // still flagged, docs/PERFORMANCE.md), so a change that loses ground fails here.
  EXPECT_GE(result.overall.recall(), 0.97);
  EXPECT_GE(result.overall.precision(), 0.95);
}

// The holdout half of the second held-out set, scored once after the tuning ended (2026-12-03,
// docs/PERFORMANCE.md): any leak precision 0.886 (39/44), recall 0.929 (39/42), against 0.804 /
// 0.881 for the detector before the tuning. Not used for tuning; this asserts only the measured
// figures, so that a change that loses ground fails. Tuning on it ends its held-out status.
TEST(corpus_test, heldout2_holdout_half_as_measured) {
  auto samples = load_labels("heldout2-holdout.tsv", "heldout2", false);
  ASSERT_GE(samples.size(), 80u);
  Score result = score("held-out set 2, holdout half", samples);
  EXPECT_GE(result.overall.recall(), 0.92);
  EXPECT_GE(result.overall.precision(), 0.88);
}
