// The back-office API: twelve functions a small SaaS team runs behind one API Gateway, registered
// in one factory so that walletfuzz can build, list and drive them as one application.
#include "api_support.hpp"

namespace backoffice {

walletfuzz::HandlerRegistry make_app() {
  walletfuzz::HandlerRegistry app;
  app.add(export_timesheet_handler());
  app.add(list_invoices_handler());
  app.add(loan_schedule_handler());
  app.add(normalize_tags_handler());
  app.add(open_ticket_handler());
  app.add(preview_note_handler());
  app.add(quote_cart_handler());
  app.add(rate_matrix_handler());
  app.add(reconcile_statement_handler());
  app.add(submit_scores_handler());
  app.add(subscribe_newsletter_handler());
  app.add(upload_avatar_handler());
  return app;
}

}  // namespace backoffice
