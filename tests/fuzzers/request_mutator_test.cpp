#include "walletfuzz/fuzzers/request_mutator.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <random>
#include <set>
#include <string>

#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::fuzzers {
namespace {

// Stands in for libFuzzer's mutations: appends one 'z' (room permitting).
std::size_t append_z(std::uint8_t* data, std::size_t size, std::size_t max_size) {
  if (size >= max_size) return size;
  data[size] = 'z';
  return size + 1;
}

const std::string kBody = "{\"contacts\":[{\"email\":\"ann@example.com\"}],\"n\":3}";
const std::string kPost =
    "POST /contacts/import?list=7 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
    "Content-Length: " +
    std::to_string(kBody.size()) + "\r\n\r\n" + kBody;

TEST(request_mutator_test, grow_number_makes_a_number_10_to_1000_times_larger) {
  for (std::uint64_t random = 0; random < 50; ++random) {
    std::string text = "limit=50";
    ASSERT_TRUE(AmplifyingEdits::grow_number(text, random));
    long value = std::stol(text.substr(6));
    EXPECT_GE(value, 500) << text;
    EXPECT_LE(value, 50999) << text;
  }
  std::string none = "no digits";
  EXPECT_FALSE(AmplifyingEdits::grow_number(none, 1));
}

TEST(request_mutator_test, repeat_piece_lengthens_a_word_and_keeps_the_rest) {
  for (std::uint64_t random = 0; random < 50; ++random) {
    std::string text = "{\"username\":\"jane\"}";
    ASSERT_TRUE(AmplifyingEdits::repeat_piece(text, random));
    EXPECT_GT(text.size(), std::string("{\"username\":\"jane\"}").size());
    EXPECT_EQ(text.front(), '{');
    EXPECT_EQ(text.substr(text.size() - 2), "\"}");
  }
}

TEST(request_mutator_test, duplicated_array_elements_are_distinct_valid_json) {
  for (std::uint64_t random = 0; random < 50; ++random) {
    std::string text = "{\"contacts\":[{\"email\":\"ann@example.com\"}],\"n\":3}";
    ASSERT_TRUE(AmplifyingEdits::duplicate_array_element(text, random));
    boost::json::value parsed = boost::json::parse(text);
    const auto& contacts = parsed.at("contacts").as_array();
    EXPECT_GE(contacts.size(), 3u);
    std::set<std::string> emails;
    for (const auto& c : contacts) emails.insert(std::string(c.at("email").as_string()));
    EXPECT_EQ(emails.size(), contacts.size()) << text;
    EXPECT_EQ(parsed.at("n").as_int64(), 3);
  }
}

TEST(request_mutator_test, replace_alike_changes_one_character_and_keeps_its_kind) {
  for (std::uint64_t random = 0; random < 200; ++random) {
    const std::string before = "{\"country\":\"DE\",\"zip\":\"10115\"}";
    std::string text = before;
    ASSERT_TRUE(AmplifyingEdits::replace_alike(text, random));
    ASSERT_EQ(text.size(), before.size());
    int changed = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == before[i]) continue;
      ++changed;
      EXPECT_EQ(std::isupper(static_cast<unsigned char>(text[i])) != 0,
                std::isupper(static_cast<unsigned char>(before[i])) != 0);
      EXPECT_EQ(std::isdigit(static_cast<unsigned char>(text[i])) != 0,
                std::isdigit(static_cast<unsigned char>(before[i])) != 0);
      EXPECT_NE(std::isalnum(static_cast<unsigned char>(text[i])), 0);
    }
    EXPECT_EQ(changed, 1) << text;
  }
}

TEST(request_mutator_test, replace_alike_reaches_a_short_value_beside_a_long_one) {
  // The edit picks a value, then a character in it: a two-letter code next to 2,000 letters of
  // another value is still edited about as often as that value (by character it would be 1 in
  // 1,000).
  const std::string before = "{\"note\":\"" + std::string(2000, 'x') + "\",\"country\":\"DE\"}";
  std::mt19937_64 random(7);
  int country_edits = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = before;
    ASSERT_TRUE(AmplifyingEdits::replace_alike(text, random()));
    country_edits += text.substr(text.size() - 4, 2) != "DE" ? 1 : 0;
  }
  EXPECT_GT(country_edits, 120);
}

TEST(request_mutator_test, replace_value_swaps_one_query_value_for_a_switch_or_another_type) {
  std::set<std::string> debug_values;
  std::mt19937_64 random(1);  // as mutate_request() draws its choices
  for (int i = 0; i < 400; ++i) {
    std::string text = "service=search&debug=false";
    ASSERT_TRUE(AmplifyingEdits::replace_value(text, random()));
    // Exactly one of the two values changed, and the keys and separator are intact.
    auto amp = text.find('&');
    ASSERT_NE(amp, std::string::npos) << text;
    std::string service = text.substr(0, amp);
    std::string debug = text.substr(amp + 1);
    ASSERT_EQ(service.rfind("service=", 0), 0u) << text;
    ASSERT_EQ(debug.rfind("debug=", 0), 0u) << text;
    EXPECT_NE(service == "service=search", debug == "debug=false") << text;
    if (service == "service=search") debug_values.insert(debug.substr(6));
  }
  // Every switch value is reached, and the value it had is never "replaced" by itself.
  for (const char* value : {"true", "1", "yes", "0", "-1", "null", ""}) {
    EXPECT_EQ(debug_values.count(value), 1u) << value;
  }
  EXPECT_EQ(debug_values.count("false"), 0u);
}

TEST(request_mutator_test, replace_value_keeps_json_valid_and_confuses_types) {
  bool number_became_string = false;
  std::mt19937_64 random(1);
  for (int i = 0; i < 400; ++i) {
    std::string text = "{\"amount_cents\":1500,\"card\":{\"token\":\"tok_1\"},\"tags\":[\"a\"]}";
    if (!AmplifyingEdits::replace_value(text, random())) continue;
    boost::json::value parsed = boost::json::parse(text);  // throws (fails) on invalid JSON
    ASSERT_TRUE(parsed.is_object()) << text;
    EXPECT_EQ(parsed.as_object().size(), 3u) << text;
    if (parsed.at("amount_cents").is_string()) number_became_string = true;
  }
  EXPECT_TRUE(number_became_string);
  std::string none = "no values here";
  EXPECT_FALSE(AmplifyingEdits::replace_value(none, 7));
}

TEST(request_mutator_test, mutated_requests_keep_their_framing_and_their_route) {
  ASSERT_TRUE(parse_request(kPost).request) << "the test's own request must be well formed";
  int parsed = 0;
  bool grew = false;
  for (unsigned seed = 0; seed < 300; ++seed) {
    std::string out = mutate_request(kPost, 4096, seed, append_z);
    ASSERT_LE(out.size(), 4096u);
    ParseOutcome outcome = parse_request(out);
    if (!outcome.request) continue;  // the share left to plain byte mutation
    ++parsed;
    EXPECT_EQ(outcome.request->path(), "/contacts/import");
    EXPECT_EQ(outcome.request->method, "POST");
    grew = grew || outcome.request->body.size() > 60;
  }
  // Plain byte mutation of the whole file happens about a tenth of the time; with the stand-in
  // (one byte appended after the body) those no longer parse. Everything else must.
  EXPECT_GE(parsed, 240);
  EXPECT_TRUE(grew);
}

TEST(request_mutator_test, what_does_not_parse_gets_plain_byte_mutation) {
  std::string out = mutate_request("not a request", 100, 1, append_z);
  EXPECT_EQ(out, "not a requestz");
}

TEST(request_mutator_test, output_never_exceeds_the_size_limit) {
  for (unsigned seed = 0; seed < 100; ++seed) {
    std::string out = mutate_request(kPost, kPost.size() + 8, seed, append_z);
    EXPECT_LE(out.size(), kPost.size() + 8);
  }
}

}  // namespace
}  // namespace walletfuzz::fuzzers
