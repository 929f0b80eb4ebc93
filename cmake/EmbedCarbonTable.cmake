# Turns data/carbon/grid-intensity.csv into a C++ source, so the binary needs no data file.
file(STRINGS ${ECOPT_CARBON_CSV} lines)
list(POP_FRONT lines)  # header
set(ECOPT_CARBON_ENTRIES "")
foreach(line IN LISTS lines)
  string(REGEX MATCH "^([^,]+),([0-9.]+)$" matched "${line}")
  if(NOT matched)
    message(FATAL_ERROR "${ECOPT_CARBON_CSV}: malformed line '${line}'")
  endif()
  string(APPEND ECOPT_CARBON_ENTRIES "    {\"${CMAKE_MATCH_1}\", ${CMAKE_MATCH_2}},\n")
endforeach()
configure_file(${ECOPT_CARBON_TEMPLATE} ${ECOPT_CARBON_OUTPUT} @ONLY)
