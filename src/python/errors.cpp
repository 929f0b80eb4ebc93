// Python exceptions with ecopt's messages. std::invalid_argument becomes ValueError and
// std::out_of_range IndexError (pybind11's defaults); the rest are ecopt's own classes.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/study_file_error.hpp"

namespace ecopt::python {

void bind_errors(py::module_& m) {
  // A storage that cannot be used (unreadable, locked, unreachable, a bad URL, a missing
  // study): a RuntimeError, since the input may be right and the storage away.
  static py::exception<storage::StorageError> storage_error(m, "StorageError", PyExc_RuntimeError);
  // A study definition that cannot be used: bad input, so a ValueError.
  static py::exception<study::StudyFileError> study_file_error(m, "StudyFileError",
                                                               PyExc_ValueError);
  storage_error.doc() = R"doc(
A storage that cannot be used: unreadable, locked too long, unreachable, an unknown URL
scheme, a missing study, a study name taken. A RuntimeError; the message says what,
where and how to fix it.

>>> try:
...     study = ecopt.load_study("cnn", storage="sqlite:///cnn.db")
... except ecopt.StorageError as e:
...     print(e)        # names the study and the storage
)doc";
  study_file_error.doc() = R"doc(
A study definition that cannot be used (create_study's keys or a study file): a
ValueError naming the key, the problem and the fix.

>>> try:
...     ecopt.create_study(name="s", space={"x": {"type": "float", "low": 2, "high": 1}},
...                        objectives={"loss": "minimize"})
... except ecopt.StudyFileError as e:
...     print(e)        # names the key (parameters.x) and the fix
)doc";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const storage::StorageError& e) {
      storage_error(e.what());
    } catch (const study::StudyFileError& e) {
      study_file_error(e.what());
    }
  });
}

}  // namespace ecopt::python
