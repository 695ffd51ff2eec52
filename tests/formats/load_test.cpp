#include "walletfuzz/formats/load.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "formats_test_util.hpp"

namespace walletfuzz::formats {
namespace {

using ::testing::HasSubstr;
using testing::input_error;

LoadResult sample() {
  LoadResult result;
  result.target = "http://127.0.0.1:8080";
  result.mode = "open";
  result.partial = true;
  result.partial_reason = "interrupted";
  result.started_at = "2026-11-28T12:00:00Z";
  result.duration_s = 30.5;
  result.send_duration_s = 30.25;
  result.target_rate = 1000.5;
  result.shard_index = 1;
  result.shard_count = 3;
  result.connections = 64;
  result.threads = 2;
  for (int i = 0; i < 2; ++i) {
    ClassResult c;
    c.name = i == 0 ? "baseline:list-orders" : "finding:slow-3f2a9c1d";
    c.kind = i == 0 ? "baseline" : "slow";
    c.handler = i == 0 ? "list-orders" : "search";
    c.finding_id = i == 0 ? "" : "slow-3f2a9c1d";
    c.weight = i == 0 ? 10.0 : 0.5;
    ClassStats& s = c.stats;
    for (std::uint64_t v = 1; v <= 90; ++v) {
      s.latency.record(v * 1'000'003 + static_cast<std::uint64_t>(i));
      s.latency_uncorrected.record(v * 999'983);
    }
    s.responses = 90;
    s.errors[static_cast<std::size_t>(ErrorKind::timeout)] = 4;
    s.errors[static_cast<std::size_t>(ErrorKind::connect)] = 1;
    s.sent = 95;
    s.dropped = 5;
    s.scheduled = 100;
    s.late = 7;
    s.status[200] = 80;
    s.status[429] = 10;
    s.throttled = 10;
    s.retry_after_seen = 3;
    s.retry_after_max_s = 30;
    s.leaks = 2;
    s.leaks_allowlisted = 1;
    s.bytes_out = 12345;
    s.bytes_in = 67890;
    result.classes.push_back(std::move(c));
  }
  return result;
}

class load_test : public testing::RunDirTest {};

TEST_F(load_test, write_then_read_gives_the_same_result) {
  write_load_file(dir_ / "load.json", sample());
  EXPECT_EQ(read_load_file(dir_ / "load.json"), sample());
}

TEST(load_format_test, derived_summaries_are_plain_numbers) {
  const boost::json::value doc = boost::json::parse(load_to_json(sample()));
  const auto& c = doc.at("classes").at(0).as_object();
  EXPECT_TRUE(c.at("latency_ms").at("p99").is_double());
  EXPECT_TRUE(c.at("achieved_rate").is_double());
  EXPECT_EQ(c.at("sent").to_number<std::uint64_t>(), 95u);
  EXPECT_EQ(doc.at("totals").at("sent").to_number<std::uint64_t>(), 190u);
  EXPECT_EQ(doc.at("schema").as_string(), "walletfuzz.load/1");
}

// The text of sample() with one member of classes[index] replaced by `value`.
std::string with_class_member(std::size_t index, const std::string& key,
                              const boost::json::value& value) {
  boost::json::value doc = boost::json::parse(load_to_json(sample()));
  doc.at("classes").as_array().at(index).as_object()[key] = value;
  return boost::json::serialize(doc);
}

TEST(load_format_test, wrong_types_name_the_field) {
  boost::json::value doc = boost::json::parse(load_to_json(sample()));
  EXPECT_EQ(input_error([] { parse_load(with_class_member(1, "sent", "95"), "run/load.json"); }),
            "run/load.json: classes[1].sent: expected a whole number that is not negative");
  EXPECT_THAT(input_error([] {
                parse_load(with_class_member(0, "status", {{"200", "x"}}), "l.json");
              }),
              HasSubstr("l.json: classes[0].status.200: expected a whole number"));
  EXPECT_THAT(input_error([] { parse_load(with_class_member(1, "histogram", 3), "l.json"); }),
              HasSubstr("l.json: classes[1].histogram"));
  EXPECT_THAT(input_error([] { parse_load(with_class_member(0, "name", 7), "l.json"); }),
              HasSubstr("l.json: classes[0].name: expected a string"));
}

TEST(load_format_test, counts_that_do_not_add_up_are_refused) {
  EXPECT_THAT(input_error([] { parse_load(with_class_member(0, "scheduled", 99), "l.json"); }),
              HasSubstr("classes[0].scheduled: does not equal sent + dropped"));
  EXPECT_THAT(input_error([] { parse_load(with_class_member(0, "responses", 89), "l.json"); }),
              HasSubstr("classes[0].sent: does not equal responses + errors"));
  EXPECT_THAT(input_error([] { parse_load(with_class_member(1, "dropped", nullptr), "l.json"); }),
              HasSubstr("classes[1].dropped: missing"));
}

TEST(load_format_test, unknown_mode_and_status_codes_are_refused) {
  boost::json::value doc = boost::json::parse(load_to_json(sample()));
  doc.as_object()["mode"] = "sideways";
  EXPECT_THAT(input_error([&] { parse_load(boost::json::serialize(doc), "l.json"); }),
              HasSubstr("l.json: mode: expected \"open\" or \"closed\""));
  EXPECT_THAT(input_error([] {
                parse_load(with_class_member(1, "status", {{"2000", 80}}), "l.json");
              }),
              HasSubstr("l.json: classes[1].status.2000: expected a three-digit status code"));
}

TEST(load_format_test, a_newer_minor_is_read) {
  boost::json::value doc = boost::json::parse(load_to_json(sample()));
  doc.as_object()["schema"] = "walletfuzz.load/1.3";
  doc.as_object()["new_section"] = {{"x", 1}};
  EXPECT_EQ(parse_load(boost::json::serialize(doc), "l.json"), sample());
}

TEST(load_format_test, truncated_file_names_the_file) {
  const std::string text = load_to_json(sample());
  EXPECT_THAT(input_error([&] { parse_load(text.substr(0, text.size() / 2), "run/load.json"); }),
              HasSubstr("run/load.json:1:"));
}

}  // namespace
}  // namespace walletfuzz::formats
