// Precision and recall of the detector on the labelled corpora in tests/data/leaks: the generated
// one (generate.py, labels.tsv), the hand-written one (handwritten.tsv) and the held-out set
// written by someone who had not read the rules (heldout/, split into heldout-tune.tsv, which
// tuning may use, and heldout-holdout.tsv, scored once at the end; docs/PERFORMANCE.md). A
// response counts as flagged when it has any finding above info severity; per-family figures
// are printed so a regression in one family is visible even when the totals still pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
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

// Reads a manifest; `dir` is the folder its files live in. The third column lists secrets that
// must never be printed, or (held-out manifests) is a note.
std::vector<Sample> load_labels(const std::string& manifest, const std::string& dir,
                                bool third_column_is_secrets = true) {
  std::ifstream in(kCorpus / manifest);
  std::vector<Sample> samples;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto columns = split(line, '\t');
    Sample sample;
    sample.file = dir + "/" + columns.at(0);
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

// The tuning half of the held-out set (tuning may look at it). Thresholds are the figures
// measured when the rules were last tuned (docs/PERFORMANCE.md), so a change that loses any of
// it fails here.
TEST(corpus_test, heldout_tune_half) {
  auto samples = load_labels("heldout-tune.tsv", "heldout", false);
  ASSERT_GE(samples.size(), 100u);
  Score result = score("held-out, tune half", samples);
  EXPECT_GE(result.overall.recall(), 0.96);
  EXPECT_GE(result.overall.precision(), 0.97);
  EXPECT_GE(result.per_family["stack_trace"].recall(), 0.87);
  EXPECT_GE(result.per_family["stack_trace"].precision(), 0.97);
}

// The holdout half, scored once after tuning ended (2026-12-03, docs/PERFORMANCE.md): any leak
// precision 0.870 (60/69), recall 0.909 (60/66). This asserts only those measured figures, so
// it guards against losing ground; it was not used for tuning.
TEST(corpus_test, heldout_holdout_half_as_measured) {
  auto samples = load_labels("heldout-holdout.tsv", "heldout", false);
  ASSERT_GE(samples.size(), 100u);
  Score result = score("held-out, holdout half", samples);
  EXPECT_GE(result.overall.recall(), 0.90);
  EXPECT_GE(result.overall.precision(), 0.86);
}
