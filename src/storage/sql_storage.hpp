#pragma once
// The one implementation of storage::Storage over SQL (internal): both backends are a
// connection (sql_connection.hpp) under this core.

#include <memory>

#include "ecopt/storage/storage.hpp"
#include "sql_connection.hpp"

namespace ecopt::storage::detail {

/// A Storage over `connection`; creates or migrates the schema first (sql_schema.hpp).
[[nodiscard]] std::unique_ptr<Storage> make_sql_storage(std::unique_ptr<SqlConnection> connection);

}  // namespace ecopt::storage::detail
