#pragma once
// Secrets to plant in tests of the redactor and of every output: each secret the leak detector
// knows (every entry of secret_shapes(), AWS secret access keys and session tokens, JSON Web
// Tokens, private keys, generic password assignments, URL passwords), each written in every
// spelling the detector recognises. A test greps its output for `value`, which must never
// appear: the redactor hides it, whatever the spelling.
//
//   for (const PlantedSecret& secret : planted_secrets())
//     EXPECT_EQ(redact_secrets(secret.text).find(secret.value), std::string::npos);

#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::test {

struct PlantedSecret {
  std::string kind;      ///< what it is ("aws-secret-access-key", "github-token", ...)
  std::string spelling;  ///< how it is written ("xml", "export", ...)
  std::string value;     ///< the raw secret: no output may contain it
  std::string text;      ///< the secret in its spelling, as a handler might print it
  bool leak = true;      ///< the detector reports it (false: hidden, but not a finding)
};

/// A secret's key names in three styles: snake case, upper case, and an XML or JSON member.
struct SecretKeyNames {
  std::string snake, upper, member;
};

/// `value` assigned to a key in each spelling the detector knows, mid-line where it can be.
inline std::vector<std::pair<std::string, std::string>> secret_spellings(const SecretKeyNames& key,
                                                                         const std::string& v) {
  return {
      {"key-colon-mid-line", "boto3 failed: " + key.snake + ": " + v + " was rejected"},
      {"upper-colon-no-space", key.upper + ":" + v},
      {"braces", "{" + key.snake + ": " + v + "}"},
      {"single-quoted-json", "{'" + key.member + "': '" + v + "'}"},
      {"json", "{\"" + key.member + "\": \"" + v + "\"}"},
      {"escaped-json", "{\\\"" + key.snake + "\\\":\\\"" + v + "\\\"}"},
      {"xml", "<Credentials><" + key.member + ">" + v + "</" + key.member + "></Credentials>"},
      {"export", "export " + key.upper + "=\"" + v + "\""},
      {"spaced-assignment", key.snake + " = " + v},
      {"query", "/sign?" + key.snake + "=" + v + "&x=1"},
  };
}

/// Every planted secret: each kind of secret the detector knows in each spelling.
inline std::vector<PlantedSecret> planted_secrets() {
  std::vector<PlantedSecret> out;
  auto plant = [&](const std::string& kind, const SecretKeyNames& key, const std::string& value,
                   bool leak) {
    for (auto& [spelling, text] : secret_spellings(key, value)) {
      out.push_back({kind, spelling, value, text, leak});
    }
  };
  const SecretKeyNames token_key{"api_token", "API_TOKEN", "ApiToken"};
  // Every token shape, with a body of the shape's alphabet and the entropy of a real key.
  for (const detectors::SecretShape& shape : detectors::secret_shapes()) {
    const std::string_view pool = shape.alphabet == detectors::TokenAlphabet::upper_digit
                                      ? "Q7ZF4XKM2WJ3LPRT"
                                      : "uR8s2kQm4Xz7Lp0Vw3Nc6Hd9Jf1Tb5Ya8Ue2G";
    std::string body;
    while (body.size() < shape.min_body) body += pool[body.size() % pool.size()];
    plant(std::string(shape.kind) + ":" + std::string(shape.prefix), token_key,
          std::string(shape.prefix) + body, shape.leak);
  }
  plant("aws-secret-access-key",
        {"aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "SecretAccessKey"},
        "wJa9rXUtnFqMI/K7MDENG/bPxRfiCYzQ3d9Kx2Lm", true);
  plant("aws-session-token", {"aws_session_token", "AWS_SESSION_TOKEN", "SessionToken"},
        "IQoJb3JpZ2luX2VjEHsaCXVzLWVhc3QtMSJHMEUCIQDx7Kp2Lm9Qr4Zt8Wv1Yb6Nc3Hd5Jf0Ta2Ue7Gs9Xk"
        "AiBm4Rq8Lp2Vw6Nc0Hd3Jf7Tb1Ya5Ue9Gs2Xk4Zt8Wv1Yb6Nc3Hd5Jf0Ta2Ue7Gs9XkQm4Rq8Lp2",
        true);
  plant("generic-assignment", {"db_password", "DB_PASSWORD", "DbPassword"}, "Xk9-mQ2_vL7pR4wZ",
        true);
  plant("jwt", token_key,
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwicm9sZSI6ImFkbWluIn0.Qm4Rq8Lp2Vw6Nc0Hd3Jf7Tb1",
        true);
  const std::string material =
      "MIIEowIBAAKCAQEAx7Kp2Lm9Qr4Zt8Wv1Yb6Nc3Hd5Jf0Ta2Ue7Gs9XkQm4Rq8Lp2Vw6Nc0Hd3Jf7Tb1Ya5Ue9Gs2";
  out.push_back({"private-key", "pem", material.substr(0, 40),
                 "key:\n-----BEGIN RSA PRIVATE KEY-----\n" + material.substr(0, 44) + "\n" +
                     material.substr(44) + "\n-----END RSA PRIVATE KEY-----\n",
                 true});
  out.push_back(
      {"private-key", "escaped-pem", material.substr(0, 40),
       "{\"pem\": \"-----BEGIN PRIVATE KEY-----\\n" + material + "\\n-----END PRIVATE KEY-----\"}",
       true});
  out.push_back(
      {"url-password", "url", "Pw9xQ2mK7vL4", "postgres://app:Pw9xQ2mK7vL4@db:5432/x", false});
  return out;
}

}  // namespace walletfuzz::test
