#include "libpq_api.hpp"

#include <dlfcn.h>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage::detail {
namespace {

template <class Function>
bool load(void* library, const char* symbol, Function& target) {
  target = reinterpret_cast<Function>(dlsym(library, symbol));
  return target != nullptr;
}

bool load_all(void* library, LibpqApi& api) {
  return load(library, "PQconnectdbParams", api.connectdb_params) &&
         load(library, "PQstatus", api.status) &&
         load(library, "PQerrorMessage", api.error_message) &&
         load(library, "PQsetNoticeProcessor", api.set_notice_processor) &&
         load(library, "PQfinish", api.finish) && load(library, "PQexec", api.exec) &&
         load(library, "PQexecParams", api.exec_params) &&
         load(library, "PQresultStatus", api.result_status) &&
         load(library, "PQresultErrorField", api.result_error_field) &&
         load(library, "PQresultErrorMessage", api.result_error_message) &&
         load(library, "PQtransactionStatus", api.transaction_status) &&
         load(library, "PQclear", api.clear) && load(library, "PQntuples", api.ntuples) &&
         load(library, "PQnfields", api.nfields) && load(library, "PQcmdTuples", api.cmd_tuples) &&
         load(library, "PQgetisnull", api.getisnull) && load(library, "PQgetvalue", api.getvalue) &&
         load(library, "PQgetlength", api.getlength);
}

}  // namespace

std::optional<std::string> load_libpq(const std::string& soname, LibpqApi& api) {
  void* library = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = dlerror();
    return "PostgreSQL storage needs libpq, which could not be loaded (" + soname + ": " +
           (reason != nullptr ? reason : "unknown error") +
           "); install the Debian package libpq5 (apt-get install libpq5), or use a "
           "sqlite:// storage URL";
  }
  if (!load_all(library, api)) {
    dlclose(library);
    api = LibpqApi{};
    return soname + " lacks functions ecopt needs (libpq 12 or newer, Debian package libpq5)";
  }
  return std::nullopt;
}

const LibpqApi& libpq() {
  struct Loaded {
    LibpqApi api;
    std::optional<std::string> error;
  };
  static const Loaded loaded = [] {
    Loaded out;
    out.error = load_libpq("libpq.so.5", out.api);
    return out;
  }();
  if (loaded.error) throw StorageError(*loaded.error);
  return loaded.api;
}

}  // namespace ecopt::storage::detail
