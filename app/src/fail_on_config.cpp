#include "walletfuzz/app/fail_on_config.hpp"

#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/yaml_reading/document.hpp"
#include "walletfuzz/yaml_reading/problem_log.hpp"
#include "walletfuzz/yaml_reading/values.hpp"

namespace walletfuzz::app {

fuzzers::FailOnPolicy parse_fail_on(std::string_view yaml_text, const std::string& file) {
  yaml_reading::ProblemLog log(file);
  fuzzers::FailOnPolicy policy;
  auto root = yaml_reading::read_document(std::string(yaml_text), log, "fail_on file");
  if (root) {
    yaml_reading::MapReader top(log, *root, "", {"fail_on"});
    if (!top.has("fail_on")) {
      top.missing("fail_on", "write e.g. 'fail_on: {amplification: 100, leak: true, oom: true}'");
    }
    yaml_reading::MapReader fail_on(log, top.get("fail_on"), "fail_on",
                                    {"amplification", "leak", "oom", "timeout"});
    // Below 2x a slow input is indistinguishable from a busy machine; the harness's own slow
    // threshold (WALLETFUZZ_SLOW_RATIO) is 10x.
    double amplification = 0;
    if (fail_on.read_in("amplification", 2, 1e9, amplification)) {
      policy.amplification = amplification;
    }
    fail_on.read("leak", policy.leak);
    fail_on.read("oom", policy.oom);
    fail_on.read("timeout", policy.timeout);
  }
  log.throw_if_any();
  return policy;
}

fuzzers::FailOnPolicy read_fail_on_file(const std::filesystem::path& path) {
  // A few lines; the limit only keeps a wrong path (a binary, a log) from being read whole.
  return parse_fail_on(read_file(path, 1 << 20), path.string());
}

}  // namespace walletfuzz::app
