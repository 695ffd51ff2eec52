// POST /timesheets/export — turns a month of time entries into the CSV the payroll provider
// imports: one row per entry, then one total row per project in the order projects first appear.

#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

bool iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes.
void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_hours(std::string& out, double hours) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", hours);
  out.append(text);
}

Response export_timesheet(const Request& request, InvocationContext& context) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  auto employee = string_field(*body, "employee");
  const boost::json::value* entries = body->if_contains("entries");
  if (!employee || employee->empty() || entries == nullptr || !entries->is_array()) {
    return json_error(400, "employee and entries are required");
  }

  std::string csv = "employee,date,project,hours,note\r\n";
  csv.reserve(csv.size() + entries->as_array().size() * 64);
  std::unordered_map<std::string, std::size_t> project_index;
  std::vector<std::pair<std::string, double>> project_totals;
  for (const boost::json::value& entry : entries->as_array()) {
    if (!entry.is_object()) return json_error(400, "every entry must be an object");
    const boost::json::object& row = entry.as_object();
    auto date = string_field(row, "date");
    auto project = string_field(row, "project");
    auto hours = number_field(row, "hours");
    if (!date || !iso_date(*date)) return json_error(422, "every entry needs a YYYY-MM-DD date");
    if (!project || project->empty()) return json_error(422, "every entry needs a project");
    if (!hours || !std::isfinite(*hours) || *hours <= 0 || *hours > 24) {
      return json_error(422, "hours must be more than 0 and at most 24");
    }
    append_csv_field(csv, *employee);
    csv.push_back(',');
    csv.append(*date);
    csv.push_back(',');
    append_csv_field(csv, *project);
    csv.push_back(',');
    append_hours(csv, *hours);
    csv.push_back(',');
    append_csv_field(csv, string_field(row, "note").value_or(""));
    csv.append("\r\n");

    auto [slot, inserted] = project_index.try_emplace(std::string(*project), project_totals.size());
    if (inserted) project_totals.emplace_back(std::string(*project), 0.0);
    project_totals[slot->second].second += *hours;
  }
  for (const auto& [project, total] : project_totals) {
    append_csv_field(csv, *employee);
    csv.append(",TOTAL,");
    append_csv_field(csv, project);
    csv.push_back(',');
    append_hours(csv, total);
    csv.append(",\r\n");
  }

  context.charge(1);  // one upload to the payroll bucket
  Response response{.status = 200, .body = std::move(csv)};
  response.headers.set("Content-Type", "text/csv; charset=utf-8");
  response.headers.set("Content-Disposition", "attachment; filename=\"timesheet.csv\"");
  return response;
}

}  // namespace

HandlerSpec export_timesheet_handler() {
  return HandlerSpec{
      .name = "export-timesheet",
      .method = "POST",
      .route = "/timesheets/export",
      .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(10)},
      .baseline_requests = {request_text(
          "POST", "/timesheets/export", "application/json",
          R"({"employee":"Lena Fischer","period":"2026-11","entries":[)"
          R"({"date":"2026-11-02","project":"ACME-42","hours":7.5,"note":"Sprint review, \"Q4\""},)"
          R"({"date":"2026-11-03","project":"ACME-42","hours":6},)"
          R"({"date":"2026-11-03","project":"INTERNAL","hours":1.5,"note":"1:1"},)"
          R"({"date":"2026-11-04","project":"GLOBEX-7","hours":8,"note":"On-site"}]})")},
      .invoke = export_timesheet,
      .description = "time entries to the payroll CSV",
  };
}

}  // namespace backoffice
