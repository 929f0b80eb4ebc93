#pragma once
// libpq, loaded with dlopen the first time a postgresql:// URL is opened (internal).
// Linking it made every ecopt process load libpq and the ~20 libraries it needs (TLS,
// Kerberos, LDAP) at start-up, 3-4 ms that dominated short commands such as `ecopt hv`
// (docs/benchmarks.md). libpq-fe.h gives the types; this table gives the functions.

#include <libpq-fe.h>

#include <optional>
#include <string>

namespace ecopt::storage::detail {

/// The libpq functions the PostgreSQL connection uses.
struct LibpqApi {
  decltype(&PQconnectdbParams) connectdb_params = nullptr;
  decltype(&PQstatus) status = nullptr;
  decltype(&PQerrorMessage) error_message = nullptr;
  decltype(&PQsetNoticeProcessor) set_notice_processor = nullptr;
  decltype(&PQfinish) finish = nullptr;
  decltype(&PQexec) exec = nullptr;
  decltype(&PQexecParams) exec_params = nullptr;
  decltype(&PQresultStatus) result_status = nullptr;
  decltype(&PQresultErrorField) result_error_field = nullptr;
  decltype(&PQresultErrorMessage) result_error_message = nullptr;
  decltype(&PQtransactionStatus) transaction_status = nullptr;
  decltype(&PQclear) clear = nullptr;
  decltype(&PQntuples) ntuples = nullptr;
  decltype(&PQnfields) nfields = nullptr;
  decltype(&PQcmdTuples) cmd_tuples = nullptr;
  decltype(&PQgetisnull) getisnull = nullptr;
  decltype(&PQgetvalue) getvalue = nullptr;
  decltype(&PQgetlength) getlength = nullptr;
};

/// Fills `api` from the shared library `soname`; the reason when it cannot (not
/// installed, or lacking a function), naming the Debian package to install.
[[nodiscard]] std::optional<std::string> load_libpq(const std::string& soname, LibpqApi& api);

/// libpq.so.5, loaded on the first call (thread-safe) and kept for the process's life.
/// Throws StorageError with load_libpq's reason when it cannot be loaded.
[[nodiscard]] const LibpqApi& libpq();

}  // namespace ecopt::storage::detail
