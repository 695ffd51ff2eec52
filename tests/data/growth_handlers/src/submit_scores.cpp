// POST /leaderboard/scores — the game server posts the scores of a finished tournament round as
// CSV ("player,score" per line); the round's standings are ranked (highest score first, ties by
// player name) and the podium and each player's rank go back to the server.

#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

struct ScoreEntry {
  std::string player;
  long long score = 0;
};

bool ranks_above(const ScoreEntry& a, const ScoreEntry& b) {
  return a.score != b.score ? a.score > b.score : a.player < b.player;
}

// Standings arrive nearly in order from the game server, which is why they are ranked by
// insertion rather than a full sort.
void rank_standings(std::vector<ScoreEntry>& entries) {
  for (std::size_t i = 1; i < entries.size(); ++i) {
    ScoreEntry entry = std::move(entries[i]);
    std::size_t j = i;
    while (j > 0 && ranks_above(entry, entries[j - 1])) {
      entries[j] = std::move(entries[j - 1]);
      --j;
    }
    entries[j] = std::move(entry);
  }
}

bool valid_player_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Response submit_scores(const Request& request, InvocationContext& context) {
  auto round = request.query_param("round");
  if (!round || round->empty()) return json_error(400, "round is required");

  std::vector<ScoreEntry> entries;
  std::string_view csv = request.body;
  std::size_t line_number = 0;
  while (!csv.empty()) {
    std::size_t end = csv.find('\n');
    std::string_view line = csv.substr(0, end);
    csv = end == std::string_view::npos ? std::string_view{} : csv.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || (line_number == 1 && line == "player,score")) continue;
    std::size_t comma = line.find(',');
    if (comma == std::string_view::npos) {
      return json_error(422, "line " + std::to_string(line_number) + ": expected player,score");
    }
    auto score = parse_whole_number(line.substr(comma + 1));
    std::string_view player = line.substr(0, comma);
    if (!valid_player_name(player) || !score) {
      return json_error(422, "line " + std::to_string(line_number) + ": bad player or score");
    }
    entries.push_back({std::string(player), *score});
  }
  if (entries.empty()) return json_error(422, "no scores in the body");

  rank_standings(entries);

  boost::json::array podium;
  for (std::size_t i = 0; i < entries.size() && i < 3; ++i) {
    podium.push_back(
        boost::json::object{{"player", entries[i].player}, {"score", entries[i].score}});
  }
  boost::json::object ranks;
  for (std::size_t i = 0; i < entries.size(); ++i) ranks[entries[i].player] = i + 1;
  context.charge(1);  // one batch write of the standings
  return json_response(200, boost::json::object{{"round", *round},
                                                {"players", entries.size()},
                                                {"podium", std::move(podium)},
                                                {"ranks", std::move(ranks)}});
}

}  // namespace

HandlerSpec submit_scores_handler() {
  return HandlerSpec{
      .name = "submit-scores",
      .method = "POST",
      .route = "/leaderboard/scores",
      .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(5)},
      .baseline_requests = {request_text("POST", "/leaderboard/scores?round=2026-w48-r3",
                                         "text/csv",
                                         "player,score\n"
                                         "nightowl,18250\n"
                                         "kasia_b,17900\n"
                                         "rex.92,17900\n"
                                         "m0rgan,15120\n"
                                         "tomcat,16010\n"
                                         "lin-lin,9020\n"
                                         "quietstorm,12775\n"
                                         "arnav,14400\n")},
      .invoke = submit_scores,
      .description = "rank a tournament round's scores",
  };
}

}  // namespace backoffice
