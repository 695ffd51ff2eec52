// The redactor hides everything the leak detector reports as a secret, in every spelling the
// detector knows: the two share the detector's matching (LeakDetector::find_secrets), so a
// secret `walletfuzz scan` flags can no longer reach a report because the redactor only knew
// "Name: value" at the start of a line.
#include <gtest/gtest.h>

#include "planted_secrets.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors {
namespace {

const LeakDetector& detector() {
  static const LeakDetector shared;
  return shared;
}

bool reports_a_secret(std::string_view text) {
  for (const LeakFinding& finding : detector().scan_text(text)) {
    if (finding.family == kFamilySecret) return true;
  }
  return false;
}

TEST(redaction_spellings_test, every_planted_secret_is_hidden_in_every_spelling) {
  for (const test::PlantedSecret& secret : test::planted_secrets()) {
    const std::string redacted = redact_secrets(secret.text);
    EXPECT_EQ(redacted.find(secret.value), std::string::npos)
        << secret.kind << " as " << secret.spelling << ": " << redacted;
    EXPECT_NE(redacted.find("[REDACTED:"), std::string::npos) << secret.kind << secret.spelling;
    EXPECT_EQ(redact_secrets(redacted), redacted) << "not idempotent: " << redacted;
  }
}

TEST(redaction_spellings_test, the_detector_knows_every_planted_spelling) {
  // Keeps the planted set honest: each is a secret the detector reports, so the test above
  // covers what `walletfuzz scan` flags (the url password and test-mode keys are hidden, not
  // reported).
  for (const test::PlantedSecret& secret : test::planted_secrets()) {
    if (!secret.leak) continue;
    EXPECT_TRUE(reports_a_secret(secret.text))
        << secret.kind << " as " << secret.spelling << ": " << secret.text;
  }
}

TEST(redaction_spellings_test, aws_secret_access_key_in_the_spellings_of_the_report) {
  const std::string key = "wJa9rXUtnFqMI/K7MDENG/bPxRfiCYzQ3d9Kx2Lm";
  EXPECT_EQ(redact_secrets("handler raised: secret_access_key: " + key + " rejected"),
            "handler raised: secret_access_key: [REDACTED:aws-secret-access-key] rejected");
  EXPECT_EQ(redact_secrets("<SecretAccessKey>" + key + "</SecretAccessKey>"),
            "<SecretAccessKey>[REDACTED:aws-secret-access-key]</SecretAccessKey>");
  EXPECT_EQ(redact_secrets("export AWS_SECRET_ACCESS_KEY=\"" + key + "\""),
            "export AWS_SECRET_ACCESS_KEY=\"[REDACTED:aws-secret-access-key]\"");
  EXPECT_EQ(redact_secrets("{'SecretAccessKey': '" + key + "'}"),
            "{'SecretAccessKey': '[REDACTED:aws-secret-access-key]'}");
  // A header whose value holds the secret mid-line.
  EXPECT_EQ(redact_secrets("X-Debug: signing with aws_secret_key = " + key),
            "X-Debug: signing with aws_secret_key = [REDACTED:aws-secret-access-key]");
}

TEST(redaction_spellings_test, whatever_the_detector_matches_is_gone_from_the_redacted_text) {
  // The property itself, over texts mixing several secrets and the clutter of real responses.
  std::string text = "HTTP/1.1 500\r\nX-Trace: abc\r\n\r\n";
  for (const test::PlantedSecret& secret : test::planted_secrets()) text += secret.text + "\n";
  const std::string redacted = redact_secrets(text);
  for (const SecretMatch& match : detector().find_secrets(text)) {
    std::string raw = text.substr(match.begin, match.end - match.begin);
    EXPECT_EQ(redacted.find(raw), std::string::npos) << match.kind << ": " << raw;
  }
}

TEST(redaction_spellings_test, environment_dump_credentials_are_hidden) {
  const std::string dump =
      "array(3) {\n  [\"AWS_LAMBDA_FUNCTION_NAME\"]=> string(6) \"orders\"\n"
      "  [\"LAMBDA_TASK_ROOT\"]=> string(9) \"/var/task\"\n"
      "  [\"AWS_SECRET_ACCESS_KEY\"]=> string(40) \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\"\n}";
  ASSERT_TRUE(reports_a_secret(dump));
  EXPECT_EQ(redact_secrets(dump).find("aaaaaaaaaaaaaaaaaaaa"), std::string::npos)
      << redact_secrets(dump);
}

}  // namespace
}  // namespace walletfuzz::detectors
