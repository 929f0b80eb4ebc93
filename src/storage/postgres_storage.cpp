// The PostgreSQL store: its connection (postgres_connection.hpp) under the SQL core
// (sql_storage.cpp).
#include "ecopt/storage/postgres_storage.hpp"

#include "postgres_connection.hpp"
#include "sql_storage.hpp"

namespace ecopt::storage {

std::unique_ptr<Storage> open_postgres_storage(const std::string& url,
                                               const PostgresOptions& options) {
  return detail::make_sql_storage(std::make_unique<detail::PgConnection>(url, options));
}

}  // namespace ecopt::storage
